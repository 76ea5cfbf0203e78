PorticoSearch.shard("e28692",{"→":"3u,2"});
