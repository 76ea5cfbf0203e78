import json
import os


def lambda_handler(event, context):
    name = event["pathParameters"]["name"]
    return {"statusCode": 200, "body": json.dumps({"message": "%s, %s" % (os.environ["GREETING"], name)})}
