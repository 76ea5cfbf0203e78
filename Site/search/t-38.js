PorticoSearch.shard("38",{"8080":"e,4,e","8443":"m"});
