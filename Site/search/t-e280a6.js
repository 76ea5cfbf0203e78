PorticoSearch.shard("e280a6",{"…":"k,6,4"});
