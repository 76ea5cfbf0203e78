PorticoSearch.manifest({"docs":64,"chunk":100,"shards":[""]});
