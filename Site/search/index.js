PorticoSearch.manifest({"docs":13,"chunk":1000,"keyLength":0,"shards":["all"]});
