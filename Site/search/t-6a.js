PorticoSearch.shard("6a",{"jan":"i","january":"q","java":"i","jfdxukocxor5hdsutvtrs5":"i","joined":"i,o","json":"0,2,8,2,6,2,2,8,4,2,4,2,4,2,c","judge":"6","just":"10","jwks":"i","jwt":"0,i,o,3i"});
