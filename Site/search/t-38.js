PorticoSearch.shard("38",{"8080":"e,4,c","8443":"m"});
