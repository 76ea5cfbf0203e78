# The in-process tests answer for this function (FixtureFunctions); the file gives the
# project's `functions` entry its code folder.
def handler(event, context):
    return {"isAuthorized": "x-deny" not in event["headers"], "context": {"door": "front"}}
