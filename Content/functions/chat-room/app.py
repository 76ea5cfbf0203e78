"""A chat room in one Lambda function (Python), an unchanged handler for API Gateway's
WebSocket events: $connect admits a member by the ?name= of the upgrade, sendmessage adds a
message and answers the sender, through the route response, with every message the sender
has not seen yet; $disconnect lets the member go.

The room lives in the warm process's memory, as a Lambda execution environment keeps module
state between invocations: enough for one environment. The seed's chat keeps the connection
ids in a DynamoDB table and pushes each message to every member with the @connections API.
"""
import json

members = {}    # connectionId -> {"name": …, "seen": number of messages seen}
messages = []   # {"from": name, "text": …}


def handler(event, context):
    ctx = event["requestContext"]
    route, connection = ctx["routeKey"], ctx["connectionId"]
    if route == "$connect":
        name = (event.get("queryStringParameters") or {}).get("name", "").strip()
        if not name:
            print("refused a connection without ?name=")
            return {"statusCode": 400, "body": "connect with ?name=…"}
        members[connection] = {"name": name, "seen": len(messages)}
        print(f"{name} joined as {connection}; {len(members)} in the room")
        return {"statusCode": 200}
    if route == "$disconnect":
        member = members.pop(connection, None)
        print(f"{member['name'] if member else connection} left ({ctx.get('disconnectStatusCode')})")
        if not members:
            messages.clear()   # an empty room starts afresh
        return {"statusCode": 200}
    member = members[connection]
    text = json.loads(event["body"]).get("text", "")
    messages.append({"from": member["name"], "text": text})
    unseen = messages[member["seen"]:]
    member["seen"] = len(messages)
    print(f"{member['name']} says {text!r}; {len(unseen)} message(s) back")
    return {"statusCode": 200, "body": json.dumps({"messages": unseen})}
