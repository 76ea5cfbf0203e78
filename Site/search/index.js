PorticoSearch.manifest({"docs":59,"chunk":100,"shards":[""]});
