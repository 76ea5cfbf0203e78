PorticoSearch.manifest({"docs":62,"chunk":100,"shards":[""]});
