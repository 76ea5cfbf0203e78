PorticoSearch.docs(0,[["API Gateway Field Guide","index.html",""],
["API reference","reference/index.html","API reference"],
["Orders API","reference/orders/index.html","API reference › Orders API"],
["GET /items/{id}","reference/orders/get-items-id.html","API reference › Orders API"],
["GET /health","reference/orders/get-health.html","API reference › Orders API"]]);
