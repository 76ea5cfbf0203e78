PorticoSearch.shard("71",{"quantity":"y,a,12","query":"e,c,2,c,1w","quota":"c,m,2,3m,2","quotas":"16","quote":"e,14","quotes":"1i"});
