PorticoSearch.shard("36",{"60":"s,k","66":"w","6fieldguide0webshop000001":"i","6s":"e"});
