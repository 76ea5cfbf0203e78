PorticoSearch.manifest({"docs":13,"chunk":250,"keyLength":0,"shards":["all"]});
