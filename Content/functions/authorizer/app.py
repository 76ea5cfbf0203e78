"""A TOKEN authorizer for the ledger API: an unchanged Lambda handler, run by Portico's Python
bootstrap. It reads who the bearer token names and answers with the IAM policy API Gateway
evaluates against the method ARN."""

# token -> (principal, role). A real authorizer would verify a signed token instead.
USERS = {
    "alice-token": ("alice", "admin"),
    "bob-token": ("bob", "reader"),
    "carol-token": ("carol", "auditor"),
}


def handler(event, context):
    token = event["authorizationToken"].removeprefix("Bearer ")
    method_arn = event["methodArn"]  # arn:aws:execute-api:{region}:{account}:{api}/{stage}/{VERB}/{path}
    api_arn, stage = method_arn.split("/")[0], method_arn.split("/")[1]
    user = USERS.get(token)
    if user is None:
        raise Exception("Unauthorized")  # API Gateway answers 401 Unauthorized
    name, role = user
    print(f"{name} ({role}) asks for {method_arn}")
    if role == "admin":
        # Every method of the stage, so a cached policy covers whatever the token calls next.
        statements = [allow(f"{api_arn}/{stage}/*")]
    elif role == "reader":
        statements = [allow(f"{api_arn}/{stage}/GET/accounts/*"), deny(f"{api_arn}/{stage}/DELETE/*")]
    else:
        # The trap: a policy for exactly the method asked about, cached for every method.
        statements = [allow(method_arn)]
    return {
        "principalId": name,
        "policyDocument": {"Version": "2012-10-17", "Statement": statements},
        "context": {"role": role, "clearance": 2 if role == "admin" else 1},
    }


def allow(resource):
    return {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": resource}


def deny(resource):
    return {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": resource}
