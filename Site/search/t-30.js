PorticoSearch.shard("30",{"00":"i,8","000":"10,2","0000":"c","01":"i","01ab01ab":"w","03":"w","048":"e","0a1b2c3d4e5f67890":"w","0acc0c0a":"w","0b5cad":"6","0fab0fab0fab0fab0":"w"});
