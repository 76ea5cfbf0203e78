def handler(event, context):
    return {"statusCode": 200, "headers": {"access-control-allow-origin": "*", "x-request-total": "3"}, "body": "ok"}
