PorticoSearch.manifest({"docs":32,"chunk":100,"shards":[""]});
