PorticoSearch.shard("c2b7",{"·":"3t,2,2,2"});
