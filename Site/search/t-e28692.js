PorticoSearch.shard("e28692",{"→":"4q,2"});
