PorticoSearch.shard("c2b7",{"·":"3h,2,2,2"});
