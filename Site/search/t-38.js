PorticoSearch.shard("38",{"8080":"g,a","8443":"k"});
