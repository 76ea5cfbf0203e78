PorticoSearch.shard("e28692",{"→":"56,2"});
