PorticoSearch.manifest({"docs":38,"chunk":100,"shards":[""]});
