"""Answers with the event API Gateway sent it: an unchanged Lambda handler that returns a
dict without statusCode, which an HTTP API (payload format 2.0) turns into a 200 JSON body.
On /hello it returns a bare string instead."""


def handler(event, context):
    if event.get("rawPath") == "/hello":
        return "Hello from Lambda!"
    return event
