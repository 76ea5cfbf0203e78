PorticoSearch.shard("36",{"60":"s,i","66":"u","6fieldguide0webshop000001":"i","6s":"e"});
