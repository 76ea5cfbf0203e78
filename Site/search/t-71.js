PorticoSearch.shard("71",{"quantity":"y,a,14","query":"e,c,2,c,1y","quiet":"1a","quota":"c,m,2,3y,2","quotas":"16","quote":"e,16","quotes":"1k"});
