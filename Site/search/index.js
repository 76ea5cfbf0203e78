PorticoSearch.manifest({"docs":48,"chunk":100,"shards":[""]});
