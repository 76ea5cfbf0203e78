PorticoSearch.shard("79",{"yaml":"0,e,2,2,2,6,6,6","yes":"4","yet":"a","yml":"0,2,4,6,4,4,2,4,4,2","you":"i","your":"6,e,6,4,4,2"});
