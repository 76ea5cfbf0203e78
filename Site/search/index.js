PorticoSearch.manifest({"docs":54,"chunk":100,"shards":[""]});
