PorticoSearch.shard("e28692",{"→":"4o,2"});
