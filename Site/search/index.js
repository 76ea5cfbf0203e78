<<<<<<< HEAD
PorticoSearch.manifest({"docs":59,"chunk":100,"shards":[""]});
=======
PorticoSearch.manifest({"docs":49,"chunk":100,"shards":[""]});
>>>>>>> cognito
