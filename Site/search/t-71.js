PorticoSearch.shard("71",{"quantity":"u,8,10","query":"e,8","quota":"c,i,2,2q,2","quotas":"10","quote":"e,y","quotes":"1c"});
