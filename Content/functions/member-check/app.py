"""A Lambda authorizer for an HTTP API, payload format 2.0 with simple responses: it gets the
request as API Gateway's 2.0 authorizer event and answers {"isAuthorized": ..., "context": ...}.
Members of the field guide's club send `Authorization: member-<name>`; anyone else is refused.
The context reaches the route's function as requestContext.authorizer.lambda."""


def handler(event, context):
    token = event["identitySource"][0]
    if token.startswith("member-"):
        return {"isAuthorized": True, "context": {"member": token[len("member-"):], "plan": "club"}}
    return {"isAuthorized": False}
