PorticoSearch.shard("6a",{"jan":"i","january":"q","java":"i","jfdxukocxor5hdsutvtrs5":"i","joined":"i,m","json":"0,2,8,2,6,2,2,a,2,4,2,4,2,2,c","judge":"6","just":"y,6","jwks":"i","jwt":"0,i,m,3y"});
