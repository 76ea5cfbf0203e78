PorticoSearch.manifest({"docs":51,"chunk":100,"shards":[""]});
