PorticoSearch.shard("39",{"99":"8","9min":"1c"});
