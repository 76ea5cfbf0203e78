exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "text/plain" },
  body: `${process.env.GREETING} from Node.js: ${event.requestContext.http.method} ${event.rawPath}`,
});
