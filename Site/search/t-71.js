PorticoSearch.shard("71",{"quantity":"10,a,14","query":"e,c,2,e,1y","quiet":"1c","quota":"c,o,2,3y,2","quotas":"18","quote":"e,18","quotes":"1m"});
