"""A receipt for an order: an unchanged Lambda handler, run by Portico's Python bootstrap."""
import json


def handler(event, context):
    order = event["pathParameters"]["id"]
    print(f"building the receipt of order {order}")
    if not order.isdigit():
        return {"statusCode": 400, "body": json.dumps({"message": "order ids are numbers"})}
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Receipt-Function": context.function_name},
        "body": json.dumps({"order": int(order), "total": 19.0, "currency": "EUR", "path": event.get("path") or event.get("rawPath")}),
    }
