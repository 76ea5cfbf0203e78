import json


def handler(event, context):
    print("looking up", event["pathParameters"]["id"])
    return {
        "statusCode": 200,
        "headers": {"X-Handled-By": context.function_name},
        "body": json.dumps({"id": event["pathParameters"]["id"], "path": event["requestContext"]["path"]}),
    }


def legacy(event, context):
    if event.get("fail"):
        raise Exception("Raising four hundred from the legacy handler")
    return {"ok": True, "echo": event}


def sleepy(event, context):
    import time
    time.sleep(5)
    return {"statusCode": 200, "body": "too late"}
