PorticoSearch.manifest({"docs":52,"chunk":100,"shards":[""]});
