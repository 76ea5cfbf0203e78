PorticoSearch.shard("e28692",{"→":"54,2"});
