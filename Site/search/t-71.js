PorticoSearch.shard("71",{"quantity":"u,8,12","query":"e,8,2,26","quota":"c,i,2,34,2","quotas":"10","quote":"e,y","quotes":"1c"});
