/// A project with one WebSocket API, `chat` (stage `prod`), for the tests of several targets:
/// `$connect` refuses `?name=mallory` with 403 (a MOCK integration), the two-way route `echo`
/// answers `{"route": "echo", "connection": "{connectionId}"}`, and the IAM user `pusher` may
/// call its `@connections` API.
public enum WebSocketEchoProject {
    public static let api = """
        routeSelectionExpression: $request.body.action
        routes:
          - {routeKey: $connect, target: integrations/door}
          - routeKey: echo
            target: integrations/echo
            routeResponseSelectionExpression: $default
            routeResponses: [{routeResponseKey: $default}]
        integrations:
          - name: door
            integrationType: MOCK
            templateSelectionExpression: \\$default
            requestTemplates: {$default: '{"statusCode": #if($input.params().querystring.name == "mallory")403#{else}200#end}'}
          - name: echo
            integrationType: MOCK
            requestTemplates: {$default: '{"statusCode": 200}'}
            integrationResponses:
              - integrationResponseKey: $default
                responseTemplates: {$default: '{"route": "$context.routeKey", "connection": "$context.connectionId"}'}

        """

    public static let portico = """
        apis:
          - {name: chat, definition: apis/chat.yaml, stages: [{stageName: prod}]}
        identities:
          iamUsers:
            # The IAM User Guide's example keys (reference_aws-signing, "Examples").
            - userName: pusher
              accessKeyId: AKIAIOSFODNN7EXAMPLE
              secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
              policies:
                - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:ManageConnections", Resource: "*"}]}

        """
}
