"""Answers with the length of the body it was sent: a warm Lambda proxy round trip."""
import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"length": len(event.get("body") or "")})}
