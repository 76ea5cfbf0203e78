PorticoSearch.shard("6a",{"jan":"i","january":"q","java":"i","jfdxukocxor5hdsutvtrs5":"i","joined":"i,o","json":"!Y462gw==","judge":"6","just":"10,6","jwks":"i","jwt":"0,i,o,3y"});
