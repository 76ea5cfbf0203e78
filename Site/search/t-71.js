PorticoSearch.shard("71",{"quantity":"u,8,10","query":"e,8,2,24","quota":"c,i,2,2s,2","quotas":"10","quote":"e,y","quotes":"1c"});
