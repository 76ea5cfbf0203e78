import json
import boto3

# No endpoint, region or keys here: boto3 reads what Portico puts in the environment.
notes = boto3.resource("dynamodb").Table("notes")


def handler(event, context):
    note_id = event["pathParameters"]["id"]
    notes.put_item(Item={"id": note_id, "text": event["body"]})
    stored = notes.get_item(Key={"id": note_id})["Item"]
    return {"statusCode": 201, "headers": {"Content-Type": "application/json"}, "body": json.dumps(stored, sort_keys=True)}
