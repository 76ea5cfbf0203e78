def handler(event, context):
    raise Exception("not run in these tests")
