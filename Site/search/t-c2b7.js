PorticoSearch.shard("c2b7",{"·":"4f,2,2,2"});
