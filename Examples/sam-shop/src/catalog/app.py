import json

PRODUCTS = [{"id": "p1", "name": "Teapot", "price": 25}, {"id": "p2", "name": "Cup", "price": 8}]


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(PRODUCTS)}
