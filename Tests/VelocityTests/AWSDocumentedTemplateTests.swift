import Testing
import Velocity

/// Mapping templates AWS documents with their inputs (and mostly their outputs), each test citing
/// its page. Expected outputs are byte for byte what Apache Velocity 1.7 renders with API
/// Gateway's `$input`, `$util` and `$context` (checked by running the 1.7 engine on each);
/// where a page prints something else, the comment says what and the test also compares the
/// page's text with whitespace removed.
@Suite("AWS documented mapping templates")
struct AWSDocumentedTemplateTests {
    /// The "Original Data" of doc_source/example-photos.md (the earlier edition of example-photos.html).
    static let photosOriginalData = """
    {
      "photos": {
        "page": 1,
        "pages": "1234",
        "perpage": 100,
        "total": "123398",
        "photo": [
          {
            "id": "12345678901",
            "owner": "23456789@A12",
            "secret": "abc123d456",
            "server": "1234",
            "farm": 1,
            "title": "Sample photo 1",
            "ispublic": 1,
            "isfriend": 0,
            "isfamily": 0
          },
          {
            "id": "23456789012",
            "owner": "34567890@B23",
            "secret": "bcd234e567",
            "server": "2345",
            "farm": 2,
            "title": "Sample photo 2",
            "ispublic": 1,
            "isfriend": 0,
            "isfamily": 0
          }
        ]
      }
    }
    """

    /// The PetStore endpoint's response, as api-gateway-create-api-step-by-step.html and
    /// set-up-data-transformations-in-api-gateway.html show it.
    static let petStoreResponse = """
    [
      {
        "id": 1,
        "type": "dog",
        "price": 249.99
      },
      {
        "id": 2,
        "type": "cat",
        "price": 124.99
      },
      {
        "id": 3,
        "type": "fish",
        "price": 0.99
      }
    ]
    """

    @Test("photo album: the page's input data and template give its output data")
    func photoAlbum() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/example-photos.html ("Example data
        // transformation"; also rest-api-develop-models-mapping-examples.html). The page prints the template
        // without its line breaks; here it is laid out one directive per line, as its code block shows it,
        // and the output is what Velocity 1.7 renders for that layout.
        let body = """
        {
          "photos": {
            "page": 1,
            "pages": "1234",
            "perpage": 100,
            "total": "123398",
            "photo": [
              {
                "id": "12345678901",
                "owner": "23456789@A12",
                "photographer_first_name" : "Saanvi",
                "photographer_last_name" : "Sarkar",
                "secret": "abc123d456",
                "server": "1234",
                "farm": 1,
                "title": "Sample photo 1",
                "ispublic": true,
                "isfriend": false,
                "isfamily": false
              },
              {
                "id": "23456789012",
                "owner": "34567890@B23",
                "photographer_first_name" : "Richard",
                "photographer_last_name" : "Roe",
                "secret": "bcd234e567",
                "server": "2345",
                "farm": 2,
                "title": "Sample photo 2",
                "ispublic": true,
                "isfriend": false,
                "isfamily": false
              }
            ]
          }
        }
        """
        let template = """
        #set($inputRoot = $input.path('$'))
        {
          "photos": [
        #foreach($elem in $inputRoot.photos.photo)
            {
              "id": "$elem.id",
              "photographedBy": "$elem.photographer_first_name $elem.photographer_last_name",
              "title": "$elem.title",
              "ispublic": $elem.ispublic,
              "isfriend": $elem.isfriend,
              "isfamily": $elem.isfamily
            }#if($foreach.hasNext),#end

        #end
          ]
        }
        """
        let expected = """
        {
          "photos": [
            {
              "id": "12345678901",
              "photographedBy": "Saanvi Sarkar",
              "title": "Sample photo 1",
              "ispublic": true,
              "isfriend": false,
              "isfamily": false
            },
            {
              "id": "23456789012",
              "photographedBy": "Richard Roe",
              "title": "Sample photo 2",
              "ispublic": true,
              "isfriend": false,
              "isfamily": false
            }
          ]
        }
        """
        #expect(try map(template, request(body: body)) == expected)
        // The page's "Output data", whitespace aside.
        let documented = """
        {
          "photos": [
            {
              "id": "12345678901",
              "photographedBy": "Saanvi Sarkar",
              "title": "Sample photo 1",
              "ispublic": true,
              "isfriend": false,
              "isfamily": false
            },
            {
              "id": "23456789012",
              "photographedBy": "Richard Roe",
              "title": "Sample photo 2",
              "ispublic": true,
              "isfriend": false,
              "isfamily": false
            }
          ]
        }
        """
        #expect(expected.withoutWhitespace == documented.withoutWhitespace)
    }

    @Test("photos example: the output mapping template turns the original data into the transformed data")
    func photosOutputMapping() throws {
        // The earlier edition of example-photos.html (awsdocs/amazon-api-gateway-developer-guide,
        // doc_source/example-photos.md: "Original Data", "Output Mapping Template", "Transformed Data").
        // The template's line after `#if(...)#end` holds two tabs, which Velocity 1.7 prints after each `}`;
        // the page's transformed data leaves them out.
        let body = Self.photosOriginalData
        let template = """
        #set($inputRoot = $input.path('$'))
        {
          "photos": [
        #foreach($elem in $inputRoot.photos.photo)
            {
              "id": "$elem.id",
              "owner": "$elem.owner",
              "title": "$elem.title",
              "ispublic": $elem.ispublic,
              "isfriend": $elem.isfriend,
              "isfamily": $elem.isfamily
            }#if($foreach.hasNext),#end
        \t\t
        #end
          ]
        }
        """
        let expected = """
        {
          "photos": [
            {
              "id": "12345678901",
              "owner": "23456789@A12",
              "title": "Sample photo 1",
              "ispublic": 1,
              "isfriend": 0,
              "isfamily": 0
            },\t\t
            {
              "id": "23456789012",
              "owner": "34567890@B23",
              "title": "Sample photo 2",
              "ispublic": 1,
              "isfriend": 0,
              "isfamily": 0
            }\t\t
          ]
        }
        """
        #expect(try map(template, request(body: body)) == expected)
        // The page's "Transformed Data", whitespace aside.
        let documented = """
        {
          "photos": [
            {
              "id": "12345678901",
              "owner": "23456789@A12",
              "title": "Sample photo 1",
              "ispublic": 1,
              "isfriend": 0,
              "isfamily": 0
            },
            {
              "id": "23456789012",
              "owner": "34567890@B23",
              "title": "Sample photo 2",
              "ispublic": 1,
              "isfriend": 0,
              "isfamily": 0
            }
          ]
        }
        """
        #expect(expected.withoutWhitespace == documented.withoutWhitespace)
    }

    @Test("photos example: the input mapping template keeps every field of the original data")
    func photosInputMapping() throws {
        // doc_source/example-photos.md ("Input Mapping Template"), applied to its "Original Data": the
        // page shows no output for it; this is what Velocity 1.7 renders (three tabs after each `}`).
        let body = Self.photosOriginalData
        let template = """
        #set($inputRoot = $input.path('$'))
        {
          "photos": {
            "page": $inputRoot.photos.page,
            "pages": "$inputRoot.photos.pages",
            "perpage": $inputRoot.photos.perpage,
            "total": "$inputRoot.photos.total",
            "photo": [
        #foreach($elem in $inputRoot.photos.photo)
              {
                "id": "$elem.id",
                "owner": "$elem.owner",
                "secret": "$elem.secret",
                "server": "$elem.server",
                "farm": $elem.farm,
                "title": "$elem.title",
                "ispublic": $elem.ispublic,
                "isfriend": $elem.isfriend,
                "isfamily": $elem.isfamily
              }#if($foreach.hasNext),#end
        \t\t\t
        #end
            ]
          }
        }
        """
        let expected = """
        {
          "photos": {
            "page": 1,
            "pages": "1234",
            "perpage": 100,
            "total": "123398",
            "photo": [
              {
                "id": "12345678901",
                "owner": "23456789@A12",
                "secret": "abc123d456",
                "server": "1234",
                "farm": 1,
                "title": "Sample photo 1",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0
              },\t\t\t
              {
                "id": "23456789012",
                "owner": "34567890@B23",
                "secret": "bcd234e567",
                "server": "2345",
                "farm": 2,
                "title": "Sample photo 2",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0
              }\t\t\t
            ]
          }
        }
        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("grocery example: bins become choices with a suggested price")
    func groceryChoices() throws {
        // awsdocs/amazon-api-gateway-developer-guide doc_source/rest-api-data-transformations.md
        // ("Models" gives the payload, "Mapping Templates" the template and the wanted output;
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-data-transformations.html).
        // The template's line after `#if(...)#end` is twelve spaces, which follow each `}` in the output;
        // the page's output has none.
        let body = """
        {
          "department": "produce",
          "categories": [
            "fruit",
            "vegetables"
          ],
          "bins": [
            {
              "category": "fruit",
              "type": "apples",
              "price": 1.99,
              "unit": "pound",
              "quantity": 232
            },
            {
              "category": "fruit",
              "type": "bananas",
              "price": 0.19,
              "unit": "each",
              "quantity": 112
            },
            {
              "category": "vegetables",
              "type": "carrots",
              "price": 1.29,
              "unit": "bag",
              "quantity": 57
            }
          ]
        }
        """
        let template = """
        #set($inputRoot = $input.path('$'))
        {
          "choices": [
        #foreach($elem in $inputRoot.bins)
            {
              "kind": "$elem.type",
              "suggestedPrice": "$elem.price per $elem.unit",
              "available": $elem.quantity
            }#if($foreach.hasNext),#end
                   \u{20}
        #end
          ]
        }
        """
        let expected = """
        {
          "choices": [
            {
              "kind": "apples",
              "suggestedPrice": "1.99 per pound",
              "available": 232
            },           \u{20}
            {
              "kind": "bananas",
              "suggestedPrice": "0.19 per each",
              "available": 112
            },           \u{20}
            {
              "kind": "carrots",
              "suggestedPrice": "1.29 per bag",
              "available": 57
            }           \u{20}
          ]
        }
        """
        #expect(try map(template, request(body: body)) == expected)
        // The page's wanted output, whitespace aside.
        let documented = """
        {
          "choices": [
            {
              "kind": "apples",
              "suggestedPrice": "1.99 per pound",
              "available": 232
            },
            {
              "kind": "bananas",
              "suggestedPrice": "0.19 per each",
              "available": 112
            },
            {
              "kind": "carrots",
              "suggestedPrice": "1.29 per bag",
              "available": 57
            }
          ]
        }
        """
        #expect(expected.withoutWhitespace == documented.withoutWhitespace)
    }

    @Test("PetStore walkthrough: FlattenAll lists each pet as a sentence, exactly as the page shows")
    func petStoreFlattenAll() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-api-step-by-step.html
        // ("Map response payload", step 5, first GET method; doc_source/api-gateway-create-api-step-by-step.md).
        // The body is the PetStore endpoint's response shown on the same page. The page's response body
        // matches byte for byte, down to the eight spaces after each listing that the template's blank
        // line leaves.
        let body = Self.petStoreResponse
        let template = """
        #set($inputRoot = $input.path('$'))
        {
          "listings" : [
        #foreach($elem in $inputRoot)
            "Item number $elem.id is a $elem.type. The asking price is $elem.price."#if($foreach.hasNext),#end
               \u{20}
        #end
          ]
        }
        """
        let expected = """
        {
          "listings" : [
            "Item number 1 is a dog. The asking price is 249.99.",       \u{20}
            "Item number 2 is a cat. The asking price is 124.99.",       \u{20}
            "Item number 3 is a fish. The asking price is 0.99."       \u{20}
          ]
        }
        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("PetStore walkthrough: FlattenSome combines id and type into a description")
    func petStoreFlattenSome() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-api-step-by-step.html (step 5, second and
        // third GET methods). The page prints four spaces after each `},` that its template's empty line
        // cannot produce; Velocity 1.7 prints none. The same template appears in
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-data-transformations-in-api-gateway.html
        // (console tutorial, "To test the GET integration response"), which prints `expected` byte for byte.
        let body = Self.petStoreResponse
        let template = """
        #set($inputRoot = $input.path('$'))
        [
        #foreach($elem in $inputRoot)
          {
            "description" : "Item $elem.id is a $elem.type.",
            "askingPrice" : $elem.price
          }#if($foreach.hasNext),#end

        #end
        ]
        """
        let expected = """
        [
          {
            "description" : "Item 1 is a dog.",
            "askingPrice" : 249.99
          },
          {
            "description" : "Item 2 is a cat.",
            "askingPrice" : 124.99
          },
          {
            "description" : "Item 3 is a fish.",
            "askingPrice" : 0.99
          }
        ]
        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("PetStore walkthrough: NoFlatten renames the fields")
    func petStoreNoFlatten() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-api-step-by-step.html (step 5, fourth GET
        // method). The template ends `$elem.price ` with a space, which the output keeps; the page
        // drops it and adds four spaces after each `},` instead.
        let body = Self.petStoreResponse
        let template = """
        #set($inputRoot = $input.path('$'))
        [
        #foreach($elem in $inputRoot)
          {
            "number": $elem.id,
            "class": "$elem.type",
            "salesPrice": $elem.price\u{20}
          }#if($foreach.hasNext),#end

        #end
        ]
        """
        let expected = """
        [
          {
            "number": 1,
            "class": "dog",
            "salesPrice": 249.99\u{20}
          },
          {
            "number": 2,
            "class": "cat",
            "salesPrice": 124.99\u{20}
          },
          {
            "number": 3,
            "class": "fish",
            "salesPrice": 0.99\u{20}
          }
        ]
        """
        #expect(try map(template, request(body: body)) == expected)
        // The page's response body, whitespace aside.
        let documented = """
        [
          {
            "number": 1,
            "class": "dog",
            "salesPrice": 249.99
          },
          {
            "number": 2,
            "class": "cat",
            "salesPrice": 124.99
          },
          {
            "number": 3,
            "class": "fish",
            "salesPrice": 0.99
          }
        ]
        """
        #expect(expected.withoutWhitespace == documented.withoutWhitespace)
    }

    @Test("data transformation tutorial: the CLI's response template renders what it says, not what the page prints")
    func tutorialCLITemplate() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-data-transformations-in-api-gateway.html
        // ("Set up data transformation using the AWS CLI", put-integration-response --response-templates,
        // the same template in the CloudFormation stack). The page says the output is the console's
        // (`"Item 1 is a dog."`, unquoted prices), but this template has no `.` after the type, quotes
        // the price and indents by one space: Velocity 1.7 renders this.
        let body = Self.petStoreResponse
        let template = """
        #set($inputRoot = $input.path("$"))
        [
        #foreach($elem in $inputRoot)
         {
          "description": "Item $elem.id is a $elem.type",
          "askingPrice": "$elem.price"
         }#if($foreach.hasNext),#end

        #end
        ]
        """
        let expected = """
        [
         {
          "description": "Item 1 is a dog",
          "askingPrice": "249.99"
         },
         {
          "description": "Item 2 is a cat",
          "askingPrice": "124.99"
         },
         {
          "description": "Item 3 is a fish",
          "askingPrice": "0.99"
         }
        ]
        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("data transformation tutorial: the POST template builds a DynamoDB PutItem from the body")
    func tutorialPutItem() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-data-transformations-in-api-gateway.html
        // ("To transform input data from the POST method" and "Test the POST method"). The page gives
        // the request body but not the integration request; `$input.json("$.id")` takes a double-quoted
        // path, in which `$.` is not a reference, so it stays `$.id`.
        let body = """
        {
                  "id": "4",
                  "type" : "dog",
                  "price": "321"
        }
        """
        let template = """
        {
            "TableName":"data-transformation-tutorial-console-ddb",
            "Item": {
                "id": {
                    "N": $input.json("$.id")
                },
                "type": {
                    "S": $input.json("$.type")
                },
                "price": {
                    "N": $input.json("$.price")
                }
            }
        }
        """
        let expected = """
        {
            "TableName":"data-transformation-tutorial-console-ddb",
            "Item": {
                "id": {
                    "N": "4"
                },
                "type": {
                    "S": "dog"
                },
                "price": {
                    "N": "321"
                }
            }
        }
        """
        #expect(try map(template, request(body: body)) == expected)
        let cli = """
        {"TableName":"data-transformation-tutorial-cli-ddb","Item":{"id":{"N":$input.json("$.id")},"type":{"S":$input.json("$.type")},"price":{"N":$input.json("$.price")} }}
        """
        #expect(try map(cli, request(body: body)) == #"{"TableName":"data-transformation-tutorial-cli-ddb","Item":{"id":{"N":"4"},"type":{"S":"dog"},"price":{"N":"321"} }}"#)
        // The POST integration response of the same tutorial, with a CLF request time.
        let recorded = #"{ "message" : "Your response was recorded at $context.requestTime" }"#
        let context = VelocityValue.map(OrderedMap([("requestTime", .string("12/Mar/2024:10:00:00 +0000"))]))
        #expect(try map(recorded, request(context: context)) == #"{ "message" : "Your response was recorded at 12/Mar/2024:10:00:00 +0000" }"#)
    }

    @Test("requestTemplates example: one body mapped to JSON and to XML")
    func requestTemplatesJSONAndXML() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration-requestTemplates.html
        // (also responseTemplates); the page gives the two templates, not a body: this body has the
        // `name` and `key` they read.
        let body = """
        {"name": "beta", "key": "k-1"}
        """
        let template = """
        #set ($root=$input.path('$')) { "stage": "$root.name", "user-id": "$root.key" }
        """
        let expected = """
         { "stage": "beta", "user-id": "k-1" }
        """
        #expect(try map(template, request(body: body)) == expected)
        let xml = """
        #set ($root=$input.path('$')) <stage>$root.name</stage>\u{20}
        """
        // A JSON body becomes XML; the space before `<stage>` and the one after it stay, as in Velocity 1.7.
        #expect(try map(xml, request(body: body)) == " <stage>beta</stage> ")
    }

    @Test("JSON to XML: a Lambda response becomes an XML document")
    func jsonToXML() throws {
        // AWS's serverless pattern apigw-lambda-json-xml-vtl-transformation (https://serverlessland.com/patterns/
        // apigw-lambda-json-xml-vtl-transformation; aws-samples/serverless-patterns template.yaml, the integration
        // response template, and src/app.js, whose return value is the integration response body). The pattern
        // prints no output: this is Velocity 1.7's, where `##` ends each line without its newline, a `#set` line
        // vanishes with its indentation and other directives keep theirs. The first tag has no `value`:
        // `$util.escapeJavaScript` of null renders as nothing (API Gateway prints null references empty).
        let body = """
        {"statusCode":200,"body":"{\\"petDetails\\":{\\"action\\":\\"RETRIEVE\\",\\"status\\":\\"available\\"},\\"category\\":{\\"id\\":0,\\"name\\":\\"string\\"},\\"tags\\":[{\\"name\\":\\"doggie\\"},{\\"name\\":\\"photoUrls\\",\\"value\\":\\"string\\"},{\\"name\\":\\"location\\",\\"value\\":\\"string\\"}]}"}
        """
        let template = """
        ##  See http://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
        ##  This template will pass through the response received and frame corresponding xml structure.
        #set($inputRoot = $input.path('$'))
        #set($inputBody= $util.parseJson($inputRoot.body))
          <?xml version="1.0" encoding="UTF-8" standalone="yes"?>##
          <getPetDetails>##
          #set($details= $inputBody.petDetails)
          <response #foreach($key in $details.keySet()) $key="$util.escapeJavaScript($details.get($key))"#end/>##
          <category name="$inputBody.category.name"/>##
          #set($inputTags=$inputBody.tags)
          #if($inputTags.size()>0)
          <tags>##
          #foreach($elem in $inputTags)
          <tag name = "$elem.name">$util.escapeJavaScript($elem.value)</tag>##
          #end
          </tags>##
          #else
          <tags/>##
          #end
          </getPetDetails>

        """
        let expected = """
          <?xml version="1.0" encoding="UTF-8" standalone="yes"?>  <getPetDetails>  <response  action="RETRIEVE" status="available"/>  <category name="string"/>    <tags>    <tag name = "doggie"></tag>    <tag name = "photoUrls">string</tag>    <tag name = "location">string</tag>    </tags>    </getPetDetails>

        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("$input example: all request parameters passed through as a JSON payload")
    func allParametersTemplate() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ("Parameter Mapping
        // Template Example"; doc_source/api-gateway-mapping-template-reference.md). The page outlines
        // the output schematically (`...`, header before querystring); the template's indented directives
        // and newlines give this text for one path, two query and one header parameter, as Velocity 1.7
        // renders it, in $input.params()'s order (path, querystring, header, as the same page says).
        let template = """
        #set($allParams = $input.params())
        {
          "params" : {
            #foreach($type in $allParams.keySet())
            #set($params = $allParams.get($type))
            "$type" : {
              #foreach($paramName in $params.keySet())
              "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
              #if($foreach.hasNext),#end
              #end
            }
            #if($foreach.hasNext),#end
            #end
          }
        }
        """
        let expected = """
        {
          "params" : {
                "path" : {
                    "id" : "abc"
                        }
            ,        "querystring" : {
                    "page" : "2"
              ,            "type" : "dog"
                        }
            ,        "header" : {
                    "Accept" : "application\\/json"
                        }
                  }
        }
        """
        #expect(try map(template, request(path: [("id", "abc")], query: [("page", "2"), ("type", "dog")], headers: [("Accept", "application/json")])) == expected)
    }

    @Test("$input example: a query parameter and the body, whole or a part of it")
    func nameAndBody() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ("Example JSON Mapping
        // Template Using $input" and "Example Mapping Template Using $input"): templates without
        // outputs; $input.json prints compact JSON, and the spaces after it in the templates stay.
        let body = """
        {"mykey": {"a": "b"}, "other": 1}
        """
        let template = """
        {
            "name" : "$input.params('name')",
            "body" : $input.json('$')\u{20}
        }
        """
        let expected = """
        {
            "name" : "Ann",
            "body" : {"mykey":{"a":"b"},"other":1}\u{20}
        }
        """
        #expect(try map(template, request(body: body, query: [("name", "Ann")])) == expected)
        let subsection = """
        {
            "name" : "$input.params('name')",
            "body" : $input.json('$.mykey') \u{20}
        }
        """
        let subsectionExpected = """
        {
            "name" : "Ann",
            "body" : {"a":"b"} \u{20}
        }
        """
        #expect(try map(subsection, request(body: body, query: [("name", "Ann")])) == subsectionExpected)
    }

    @Test("$input example: POST /things/abc, laid out on several lines")
    func thingsMultiLine() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ("Example Request and
        // Response Using $input"; the one-line form is tested in APIGatewayTests.guideExample). The page's
        // response is pretty-printed JSON with `"things"` unescaped; the template's own layout is kept and
        // escapeJavaScript escapes the quotes (see APIGatewayTests.guideExample).
        let body = """
        {
            "things" : {
                "1" : {},
                "2" : {},
                "3" : {}
            }
        }
        """
        let template = """
        {
            "id" : "$input.params('id')",
            "count" : "$input.path('$.things').size()",
            "things" : $util.escapeJavaScript($input.json('$.things'))
        }
        """
        let expected = """
        {
            "id" : "abc",
            "count" : "3",
            "things" : {\\"1\\":{},\\"2\\":{},\\"3\\":{}}
        }
        """
        #expect(try map(template, request(body: body, path: [("id", "abc")])) == expected)
    }

    @Test("$util.parseJson example: the whole template and its output")
    func parseJsonTemplate() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ($util.parseJson: payload,
        // template and output as the page prints them, byte for byte; APIGatewayTests.parseJson covers the expression).
        let body = """
        {"errorMessage":"{\\"key1\\":\\"var1\\",\\"key2\\":{\\"arr\\":[1,2,3]}}"}
        """
        let template = """
        #set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
        {
           "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
        }

        """
        let expected = """
        {
           "errorMessageObjKey2ArrVal" : 1
        }

        """
        #expect(try map(template, request(body: body)) == expected)
    }

    @Test("$context example: context variables passed under other names")
    func contextVariables() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-variable-examples.html
        // (Example 1), with the values of the page's output.
        let context = VelocityValue.map(OrderedMap([
            ("stage", .string("prod")), ("requestId", .string("abcdefg-000-000-0000-abcdefg")), ("apiId", .string("abcd1234")),
            ("resourcePath", .string("/")), ("resourceId", .string("efg567")), ("httpMethod", .string("GET")),
            ("identity", .map(OrderedMap([
                ("sourceIp", .string("192.0.2.1")), ("userAgent", .string("curl/7.84.0")), ("accountId", .string("111122223333")),
                ("apiKey", .string("MyTestKey")), ("caller", .string("ABCD-0000-12345")), ("user", .string("ABCD-0000-12345")),
                ("userArn", .string("arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar")),
            ]))),
        ]))
        let template = """
        {
            "stage" : "$context.stage",
            "request_id" : "$context.requestId",
            "api_id" : "$context.apiId",
            "resource_path" : "$context.resourcePath",
            "resource_id" : "$context.resourceId",
            "http_method" : "$context.httpMethod",
            "source_ip" : "$context.identity.sourceIp",
            "user-agent" : "$context.identity.userAgent",
            "account_id" : "$context.identity.accountId",
            "api_key" : "$context.identity.apiKey",
            "caller" : "$context.identity.caller",
            "user" : "$context.identity.user",
            "user_arn" : "$context.identity.userArn"
        }
        """
        let expected = """
        {
            "stage" : "prod",
            "request_id" : "abcdefg-000-000-0000-abcdefg",
            "api_id" : "abcd1234",
            "resource_path" : "/",
            "resource_id" : "efg567",
            "http_method" : "GET",
            "source_ip" : "192.0.2.1",
            "user-agent" : "curl/7.84.0",
            "account_id" : "111122223333",
            "api_key" : "MyTestKey",
            "caller" : "ABCD-0000-12345",
            "user" : "ABCD-0000-12345",
            "user_arn" : "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar"
        }
        """
        #expect(try map(template, request(context: context)) == expected)
        // The page prints the output with unquoted keys and single-quoted values, which this template
        // cannot produce; the values are the same.
        let documentedValues = ["prod", "abcdefg-000-000-0000-abcdefg", "abcd1234", "/", "efg567", "GET", "192.0.2.1",
                                "curl/7.84.0", "111122223333", "MyTestKey", "ABCD-0000-12345", "ABCD-0000-12345",
                                "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar"]
        #expect(documentedValues.allSatisfy { expected.contains("\"\($0)\"") })
    }
}

extension String {
    /// The text without spaces, tabs and newlines, to compare with a page's pretty-printed output.
    var withoutWhitespace: String { String(unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\n" }) }
}
