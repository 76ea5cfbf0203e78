PorticoSearch.shard("78",{"xc":"4","xi":"y","xml":"2"});
