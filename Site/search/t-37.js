PorticoSearch.shard("37",{"70":"o","77":"w","7a4d00":"6","7o4ojqvbnp":"i"});
