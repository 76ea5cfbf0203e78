PorticoSearch.shard("78",{"xc":"4","xi":"12","xml":"2"});
