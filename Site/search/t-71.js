PorticoSearch.shard("71",{"quantity":"10,a,12","query":"e,c,2,e,1w","quota":"c,o,2,3i,2","quotas":"18","quote":"e,16","quotes":"1k"});
