PorticoSearch.shard("e28692",{"→":"4s,2"});
