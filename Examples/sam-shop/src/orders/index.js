exports.handler = async (event) => {
  const order = JSON.parse(event.body || "{}");
  const customer = event.requestContext.authorizer.principalId;
  return {
    statusCode: 201,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ orderId: "o-1", customer, items: order.items || [] }),
  };
};
