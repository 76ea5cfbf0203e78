PorticoSearch.shard("39",{"99":"8"});
