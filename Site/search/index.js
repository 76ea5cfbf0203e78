PorticoSearch.manifest({"docs":46,"chunk":100,"shards":[""]});
