PorticoSearch.shard("79",{"yaml":"0,e,2,2,2,6,6,6","yes":"4","yet":"a","yml":"0,2,4,6,6,2,2,4,4,2","you":"k","your":"6,k,4,4"});
