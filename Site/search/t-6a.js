PorticoSearch.shard("6a",{"jan":"g","january":"m","java":"g","jfdxukocxor5hdsutvtrs5":"g","joined":"g","json":"0,2,8,2,4,2,2,8,2,4,4,2,c","judge":"6","just":"u","jwks":"g","jwt":"0,g,3o"});
