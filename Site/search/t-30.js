PorticoSearch.shard("30",{"00":"i,8","000":"y,2","0000":"c","01":"i","01ab01ab":"u","03":"u","048":"e","0a1b2c3d4e5f67890":"u","0acc0c0a":"u","0b5cad":"6","0fab0fab0fab0fab0":"u"});
