def handler(event, context):
    raise Exception("Unauthorized")
