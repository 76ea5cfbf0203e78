PorticoSearch.shard("30",{"00":"i,4","000":"u,2","0000":"c","01":"i","01ab01ab":"q","03":"q","048":"e","0a1b2c3d4e5f67890":"q","0acc0c0a":"q","0b5cad":"6","0fab0fab0fab0fab0":"q"});
