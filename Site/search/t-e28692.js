PorticoSearch.shard("e28692",{"→":"50,2"});
