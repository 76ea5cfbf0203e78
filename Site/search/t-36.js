PorticoSearch.shard("36",{"60":"o","66":"q","6fieldguide0webshop000001":"i","6s":"e"});
