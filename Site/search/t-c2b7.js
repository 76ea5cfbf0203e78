PorticoSearch.shard("c2b7",{"·":"4j,2,2,2,4,2,2,2"});
