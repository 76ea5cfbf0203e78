PorticoSearch.shard("78",{"xc":"4","xi":"14","xml":"2","xraytraceid":"u"});
