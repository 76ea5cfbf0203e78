PorticoSearch.shard("c2b7",{"·":"4d,2,2,2"});
