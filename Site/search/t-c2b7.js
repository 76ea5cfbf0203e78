PorticoSearch.shard("c2b7",{"·":"3p,2,2,2"});
