import json


def handler(event, context):
    """Answers with what the Cognito authorizer handed on: requestContext.authorizer."""
    return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}
