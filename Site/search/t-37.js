PorticoSearch.shard("37",{"70":"k","77":"q","7a4d00":"6","7o4ojqvbnp":"i"});
