PorticoSearch.manifest({"docs":37,"chunk":100,"shards":[""]});
