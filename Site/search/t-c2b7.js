PorticoSearch.shard("c2b7",{"·":"43,2,2,2"});
