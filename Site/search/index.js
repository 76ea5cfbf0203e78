PorticoSearch.manifest({"docs":66,"chunk":100,"shards":[""]});
