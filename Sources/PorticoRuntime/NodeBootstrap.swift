/// The bootstrap Portico supplies for Node.js functions: the Lambda Runtime API loop with
/// Node's standard library only, so an unchanged handler runs — `exports.handler` in a
/// CommonJS `.js`/`.cjs` file or `export const handler` in an ES module (`.mjs`, or `.js`
/// under `"type": "module"`), async or with a callback. It follows AWS's Node.js runtime
/// interface client (aws-lambda-nodejs-runtime-interface-client) where the wire shows it: the
/// error JSON (`errorType`, `errorMessage`, `trace`), the `Runtime.*` init error types, and
/// the context object's fields (`memoryLimitInMB` is a string, `getRemainingTimeInMillis()`).
///
/// One difference is chosen: Lambda prefixes each `console.log` line with a timestamp, the
/// request id and the level; lines are left as written here, so transcripts in a site build
/// are the same on every run (Python functions print the same way).
enum NodeBootstrap {
    static let fileName = "portico_lambda_bootstrap.mjs"

    static let source = #"""
// Portico's Lambda bootstrap for Node.js: the Runtime API loop, standard library only.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();
const HANDLER = process.env._HANDLER || "";
const BASE = "/2018-06-01/runtime";
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const request = http.request({ host: HOST, port: Number(PORT), method, path: BASE + route, agent,
      headers: Object.assign({ "Content-Length": payload.length }, headers || {}) }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
    request.end(payload);
  });
}

class Fault extends Error {
  constructor(errorType, message) {
    super(message);
    this.errorType = errorType;
  }
}

function describe(error) {
  if (error instanceof Fault) {
    return { errorType: error.errorType, errorMessage: error.message, trace: [] };
  }
  if (error instanceof Error) {
    // File names as Lambda shows them: the code folder is /var/task.
    const root = TASK_ROOT.replace(/\/+$/, "");
    const trace = (error.stack || "").split("\n")
      .filter((line) => !line.includes("portico_lambda_bootstrap.mjs") && !line.includes("at new Promise (<anonymous>)"))
      .map((line) => line.split(pathToFileURL(root).href).join("file:///var/task").split(root + "/").join("/var/task/"));
    return { errorType: error.name || "Error", errorMessage: error.message, trace };
  }
  return { errorType: typeof error === "string" ? "string" : typeof error, errorMessage: String(error), trace: [] };
}

// "index.handler": module index (.js, .mjs or .cjs) in the task root, export handler.
async function loadHandler(handler) {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || dot === handler.length - 1) {
    throw new Fault("Runtime.MalformedHandlerName", "Bad handler " + handler);
  }
  const moduleName = handler.slice(0, dot);
  const exportPath = handler.slice(dot + 1);
  const base = path.resolve(TASK_ROOT, moduleName);
  const file = ["", ".js", ".mjs", ".cjs"].map((extension) => base + extension)
    .find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  if (!file) {
    throw new Fault("Runtime.ImportModuleError", "Error: Cannot find module '" + moduleName + "'");
  }
  let module;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new Fault("Runtime.UserCodeSyntaxError", error.name + ": " + error.message);
    }
    throw new Fault("Runtime.ImportModuleError", (error && error.name ? error.name + ": " : "") + (error && error.message));
  }
  let value = module;
  for (const part of exportPath.split(".")) {
    value = value == null ? undefined : (value[part] !== undefined ? value[part] : (value.default ? value.default[part] : undefined));
  }
  if (typeof value !== "function") {
    throw new Fault("Runtime.HandlerNotFound", handler + " is undefined or not exported");
  }
  return value;
}

function makeContext(headers) {
  const deadline = Number(headers["lambda-runtime-deadline-ms"] || 0);
  return {
    awsRequestId: headers["lambda-runtime-aws-request-id"] || "",
    invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION || "$LATEST",
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}

// An async handler's promise, or a callback handler's callback(error, result): the first wins.
function run(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error); else resolve(result);
    };
    context.done = settle;
    context.succeed = (result) => settle(null, result);
    context.fail = (error) => settle(error === undefined ? new Error("handled") : error);
    try {
      const returned = handler(event, context, settle);
      if (returned && typeof returned.then === "function") {
        returned.then((result) => settle(null, result), (error) => settle(error === undefined ? new Error("undefined") : error));
      } else if (handler.length < 3) {
        settle(null, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}

function logError(error) {
  console.error("Invoke Error \t" + JSON.stringify(error));
}

async function main() {
  let handler;
  try {
    handler = await loadHandler(HANDLER);
  } catch (error) {
    const described = describe(error);
    logError(described);
    await call("POST", "/init/error", JSON.stringify(described), { "Content-Type": "application/json",
      "Lambda-Runtime-Function-Error-Type": described.errorType });
    process.exit(1);
  }
  for (;;) {
    const next = await call("GET", "/invocation/next");
    const context = makeContext(next.headers);
    const id = context.awsRequestId;
    if (next.headers["lambda-runtime-trace-id"]) process.env._X_AMZN_TRACE_ID = next.headers["lambda-runtime-trace-id"];
    let payload;
    let failure;
    try {
      const event = next.body.length ? JSON.parse(next.body.toString("utf8")) : null;
      const result = await run(handler, event, context);
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      failure = describe(error);
    }
    if (failure === undefined) {
      await call("POST", "/invocation/" + id + "/response", payload, { "Content-Type": "application/json" });
    } else {
      logError(failure);
      await call("POST", "/invocation/" + id + "/error", JSON.stringify(failure), { "Content-Type": "application/json",
        "Lambda-Runtime-Function-Error-Type": failure.errorType });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
"""#
}
