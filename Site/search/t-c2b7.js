PorticoSearch.shard("c2b7",{"·":"4b,2,2,2"});
