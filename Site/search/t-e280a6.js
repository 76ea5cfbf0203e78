PorticoSearch.shard("e280a6",{"…":"m,2,6,2,4,6,6"});
