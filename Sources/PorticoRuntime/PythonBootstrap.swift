/// The bootstrap Portico supplies for Python functions: the Lambda Runtime API loop written
/// with the standard library only, so an unchanged `def handler(event, context)` runs. It
/// follows AWS's runtime interface client (`awslambdaric`, `bootstrap.py`) where the wire
/// shows it: the error JSON (`errorMessage`, `errorType`, `requestId`, `stackTrace`), the
/// `Runtime.*` init error types and messages, the `[ERROR] Type: message` + traceback log
/// lines, and the context object's attributes (`memory_limit_in_mb` is a string, as there).
///
/// It speaks HTTP/1.1 over one kept-alive socket with a small reader of its own: opening a
/// connection per request, as `urlopen` does, and `http.client`'s header parsing each cost
/// more than the loopback round trip they carry. File names in stack traces are shown as Lambda shows them: the code
/// folder as `/var/task`, Python's own library under `/var/lang`, so transcripts do not depend
/// on where the project lies.
enum PythonBootstrap {
    static let fileName = "portico_lambda_bootstrap.py"

    static let source = #"""
# Portico's Lambda bootstrap for Python: the Runtime API loop, standard library only.
import decimal
import importlib
import json
import os
import socket
import sys
import time
import traceback

RUNTIME_API = os.environ["AWS_LAMBDA_RUNTIME_API"]
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
HANDLER = os.environ.get("_HANDLER", "")
BASE = "/2018-06-01/runtime"


class RuntimeClient:
    """HTTP/1.1 to the Runtime API over one kept-alive socket. http.client parses every
    response's headers with the email package, which costs more than the loopback round trip
    itself; the Runtime API's answers are small and regular, so they are read here directly."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.address = (host, int(port))
        self.sock = None
        self.pending = b""

    def connect(self):
        self.sock = socket.create_connection(self.address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def call(self, method, path, body=b"", headers=None):
        head = "%s %s%s HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: %d\r\n" % (
            method, BASE, path, self.address[0], self.address[1], len(body))
        for name, value in (headers or {}).items():
            head += "%s: %s\r\n" % (name, value)
        message = (head + "\r\n").encode("latin-1") + body
        for attempt in (0, 1):
            reused = self.sock is not None
            if self.sock is None:
                self.connect()
            try:
                self.sock.sendall(message)
                return self.read_response()
            except OSError:
                self.close()
                if attempt or not reused:
                    raise

    def receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the Runtime API closed the connection")
        self.pending += chunk

    def read_line(self):
        while b"\r\n" not in self.pending:
            self.receive()
        line, _, self.pending = self.pending.partition(b"\r\n")
        return line

    def read_exactly(self, count):
        while len(self.pending) < count:
            self.receive()
        data, self.pending = self.pending[:count], self.pending[count:]
        return data

    def read_response(self):
        while b"\r\n\r\n" not in self.pending:
            self.receive()
        head, _, self.pending = self.pending.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.read_line().split(b";", 1)[0], 16)
                if size == 0:
                    while self.read_line():
                        pass
                    break
                body += self.read_exactly(size)
                self.read_exactly(2)
        else:
            body = self.read_exactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def next(self):
        status, headers, body = self.call("GET", "/invocation/next")
        if status != 200:
            raise RuntimeError("invocation/next answered %d" % status)
        return headers, body

    def post(self, path, payload, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        self.call("POST", path, body=payload, headers=headers)


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn, trace_id):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self.trace_id = trace_id
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def __repr__(self):
        return "LambdaContext([aws_request_id=%s,function_name=%s,memory_limit_in_mb=%s])" % (
            self.aws_request_id, self.function_name, self.memory_limit_in_mb)


class Fault(Exception):
    def __init__(self, error_type, message, trace=None):
        Exception.__init__(self, message)
        self.error_type, self.message, self.trace = error_type, message, trace or []


def lambda_path(filename):
    if filename.startswith(TASK_ROOT.rstrip("/") + "/"):
        return "/var/task/" + filename[len(TASK_ROOT.rstrip("/")) + 1:]
    prefix = sys.base_prefix.rstrip("/") + "/"
    if filename.startswith(prefix):
        return "/var/lang/" + filename[len(prefix):]
    return filename


def stack_trace(tb):
    frames = traceback.extract_tb(tb)
    frames = [f for f in frames if not f.filename.endswith("portico_lambda_bootstrap.py")]
    for frame in frames:
        frame.filename = lambda_path(frame.filename)
    return traceback.format_list(frames)


def make_error(message, error_type, trace, request_id):
    return {"errorMessage": message or "", "errorType": error_type or "",
            "requestId": request_id or "", "stackTrace": trace or []}


def fault_result(exc_info, request_id):
    error_type, value, tb = exc_info
    return make_error(str(value), error_type.__name__, stack_trace(tb), request_id)


def log_error(error):
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error.get("stackTrace") or []:
        lines.extend(element.splitlines() if element else [""])
    sys.stdout.flush()
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, error))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise Fault("Runtime.BuiltInModuleConflict",
                        "Cannot use built-in module %s as a handler module" % module_name)
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise Fault("Runtime.ImportModuleError",
                    "Unable to import module '%s': %s" % (module_name, error))
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (lambda_path(error.filename or ""), error.lineno, error.text)]
        raise Fault("Runtime.UserCodeSyntaxError",
                    "Syntax error in module '%s': %s" % (module_name, error), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        fault = Fault("Runtime.HandlerNotFound",
                      "Handler '%s' missing on module '%s'" % (function_name, module_name))

        def missing(event, context):
            raise fault
        return missing


def to_json(value):
    def default(item):
        if isinstance(item, decimal.Decimal):
            return int(item) if item == item.to_integral_value() else float(item)
        raise TypeError("Object of type %s is not JSON serializable" % type(item).__name__)
    return json.dumps(value, default=default)


def main():
    sys.path.insert(0, TASK_ROOT)
    client = RuntimeClient(RUNTIME_API)
    try:
        handler = load_handler(HANDLER)
    except Fault as fault:
        error = make_error(fault.message, fault.error_type, fault.trace, "")
    except Exception:
        error = fault_result(sys.exc_info(), "")
    else:
        error = None
    if error is not None:
        log_error(error)
        client.post("/init/error", json.dumps(error).encode(), error["errorType"])
        sys.exit(1)

    while True:
        headers, body = client.next()
        # Header names arrive lower-cased (HTTP field names are case-insensitive).
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        context = LambdaContext(request_id, int(headers.get("lambda-runtime-deadline-ms", "0")),
                                headers.get("lambda-runtime-invoked-function-arn"),
                                headers.get("lambda-runtime-trace-id"))
        if context.trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = context.trace_id
        error = None
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            try:
                payload = to_json(result).encode()
            except Exception as marshal:
                error = make_error("Unable to marshal response: %s" % marshal, "Runtime.MarshalError", [], request_id)
        except Fault as fault:
            error = make_error(fault.message, fault.error_type, fault.trace, request_id)
        except Exception:
            error = fault_result(sys.exc_info(), request_id)
        sys.stdout.flush()
        sys.stderr.flush()
        if error is None:
            client.post("/invocation/%s/response" % request_id, payload)
        else:
            log_error(error)
            client.post("/invocation/%s/error" % request_id, json.dumps(error).encode(), error["errorType"])


if __name__ == "__main__":
    main()
"""#
}
