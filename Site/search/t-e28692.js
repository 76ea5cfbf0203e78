PorticoSearch.shard("e28692",{"→":"4g,2"});
