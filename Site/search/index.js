PorticoSearch.manifest({"docs":5,"chunk":1000,"keyLength":0,"shards":["all"]});
