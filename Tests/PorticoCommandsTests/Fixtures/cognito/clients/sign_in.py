"""Signs in to `portico serve` with boto3's cognito-idp client, as a real client would, then
calls the API with the ID token it got. Prints one JSON object of what happened.

usage: sign_in.py BASE_URL CLIENT_ID USERNAME PASSWORD API_URL
"""
import json
import sys
import urllib.error
import urllib.request

import boto3

base, client_id, username, password, api_url = sys.argv[1:6]
# InitiateAuth is unsigned (API reference: InitiateAuth); the keys only keep botocore from
# looking for credentials on this machine.
cognito = boto3.client("cognito-idp", endpoint_url=base, region_name="us-east-1",
                       aws_access_key_id="unused", aws_secret_access_key="unused")

result = cognito.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client_id,
                               AuthParameters={"USERNAME": username, "PASSWORD": password})
tokens = result["AuthenticationResult"]


def call(token):
    request = urllib.request.Request(api_url, headers={"Authorization": token} if token else {})
    try:
        with urllib.request.urlopen(request) as response:
            return {"status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}


refreshed = cognito.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=client_id,
                                  AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})["AuthenticationResult"]
try:
    cognito.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client_id,
                          AuthParameters={"USERNAME": username, "PASSWORD": password + "-wrong"})
    wrong = None
except cognito.exceptions.NotAuthorizedException as error:
    wrong = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
             "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
try:
    cognito.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId="no-such-client",
                          AuthParameters={"USERNAME": username, "PASSWORD": password})
    unknown = None
except cognito.exceptions.ResourceNotFoundException as error:
    unknown = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}

print(json.dumps({
    "expiresIn": tokens["ExpiresIn"], "tokenType": tokens["TokenType"],
    "keys": sorted(tokens), "refreshedKeys": sorted(refreshed),
    "withIdToken": call(tokens["IdToken"]), "withBearer": call("Bearer " + tokens["IdToken"]),
    "withRefreshedIdToken": call(refreshed["IdToken"]), "withAccessToken": call(tokens["AccessToken"]),
    "withoutToken": call(None), "wrongPassword": wrong, "unknownClient": unknown,
    "idToken": tokens["IdToken"],
}))
