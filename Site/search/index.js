PorticoSearch.manifest({"docs":65,"chunk":100,"shards":[""]});
