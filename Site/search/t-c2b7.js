PorticoSearch.shard("c2b7",{"·":"3f,2,2,2"});
