def handler(event, context):
    return {"principalId": "user"}
