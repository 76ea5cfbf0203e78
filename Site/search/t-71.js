PorticoSearch.shard("71",{"quantity":"y,8,12","query":"e,c,2,26","quota":"c,m,2,3a,2","quotas":"14","quote":"e,12","quotes":"1g"});
