PorticoSearch.manifest({"docs":49,"chunk":100,"shards":[""]});
