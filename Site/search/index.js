PorticoSearch.manifest({"docs":44,"chunk":100,"shards":[""]});
