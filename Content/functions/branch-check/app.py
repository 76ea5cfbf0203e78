"""A REQUEST authorizer for the accounts API's statements: an unchanged Lambda handler, run by
Portico's Python bootstrap. It decides from two parts of the request, the X-Branch header and
the teller query string parameter (its identity sources), and answers with an IAM policy for
the method ARN it was asked about."""

# (branch, teller) -> the teller's name. A real authorizer would look them up in a directory.
TELLERS = {
    ("north", "t-17"): "dana",
    ("south", "t-42"): "erik",
}


def handler(event, context):
    branch = event["headers"].get("X-Branch")
    teller = event["queryStringParameters"].get("teller")
    name = TELLERS.get((branch, teller))
    print(f"teller {teller} of branch {branch}: {name or 'unknown'}")
    return {
        "principalId": name or "unknown",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow" if name else "Deny", "Action": "execute-api:Invoke", "Resource": event["methodArn"]}],
        },
        "context": {"branch": branch},
    }
