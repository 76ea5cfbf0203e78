PorticoSearch.manifest({"docs":21,"chunk":250,"keyLength":0,"shards":["all"]});
