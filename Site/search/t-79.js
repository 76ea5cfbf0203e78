PorticoSearch.shard("79",{"yaml":"0,e,2,2,2,2,2,6,2,6,8","yes":"4","yet":"a,k,i","yml":"0,2,4,6,6,4,2,2,6,4,2","you":"k,4,6","your":"6,g,a,4,4,4"});
