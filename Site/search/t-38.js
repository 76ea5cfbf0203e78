PorticoSearch.shard("38",{"8080":"e,4,8"});
