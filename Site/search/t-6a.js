PorticoSearch.shard("6a",{"jan":"i","january":"m","java":"i","jfdxukocxor5hdsutvtrs5":"i","joined":"i","json":"0,2,8,2,6,a,2,4,4,2,c","just":"u","jwks":"i","jwt":"0,i,3a"});
