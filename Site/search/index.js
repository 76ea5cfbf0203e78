PorticoSearch.manifest({"docs":16,"chunk":250,"keyLength":0,"shards":["all"]});
