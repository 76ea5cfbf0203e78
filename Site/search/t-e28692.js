PorticoSearch.shard("e28692",{"→":"3q,2"});
