import Foundation

/// S3's path-style REST API over the gateway's ``BucketStore``: what S3 answers API Gateway,
/// status, headers and body, before the integration response selects by the status.
///
/// - GET / HEAD / PUT / DELETE `{bucket}/{key}`: GetObject, HeadObject, PutObject, DeleteObject;
///   GET `{bucket}`: ListObjects (version 1; `integration.request.querystring.prefix` filters).
/// - A missing key is 404 with S3's XML error (`NoSuchKey`); through API Gateway the client
///   then gets the status of the integration response that 404 selects: with only a default
///   response, 200 with that XML, as recorded against AWS in LocalStack's
///   test_apigateway_s3.py::test_apigateway_s3_method_mapping (get-deleted-object).
/// - The object's Content-Type is the one it was put with, else the bucket store's guess from
///   its extension; a body is binary data when that type is one of the API's binary media types.
struct S3Integration {
    let store: any BucketStore

    func invoke(_ exchange: Exchange, method: String, bucket: String, key: String,
                query: [(name: String, value: String)], headers mapped: [HTTPHeader]) async -> StageOutcome {
        let ids = ServiceRequestIDs(exchange)
        let now = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
        var sent: [HTTPHeader] = []
        if method == "PUT", let type = mapped.value(for: "Content-Type") ?? exchange.request.headers.value(for: "Content-Type") {
            // AWS integrations pass the client's Content-Type on unless a mapping sets one.
            sent.append(HTTPHeader("Content-Type", type))
        }
        for header in mapped { sent.set(header.name, header.value) }
        exchange.integrationRequest?.headers = sent

        let answer: S3Answer
        let operation: String
        if key.isEmpty {
            switch method {
            case "GET":
                operation = "ListObjects"
                answer = await list(bucket: bucket, prefix: query.last { $0.name == "prefix" }?.value ?? "", ids: ids)
            case "HEAD":
                operation = "HeadBucket"
                answer = await headBucket(bucket, ids: ids)
            default:
                return .fail(.internalServerError, "Portico simulates GET (ListObjects) and HEAD on a bucket, not \(method) \(bucket)")
            }
        } else {
            switch method {
            case "GET", "HEAD":
                operation = method == "GET" ? "GetObject" : "HeadObject"
                answer = await get(bucket: bucket, key: key, ids: ids, includeBody: method == "GET")
            case "PUT":
                operation = "PutObject"
                let bytes = exchange.integrationRequest?.bodyBytes ?? []
                answer = await put(bucket: bucket, key: key, bytes: bytes, contentType: sent.value(for: "Content-Type"), at: now, ids: ids)
            case "DELETE":
                operation = "DeleteObject"
                answer = await delete(bucket: bucket, key: key, ids: ids)
            default:
                operation = method
                answer = S3Answer.error(405, code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.",
                                        fields: [("Method", method), ("ResourceType", "OBJECT")], ids: ids)
            }
        }

        var headers = [HTTPHeader("x-amz-id-2", ids.extendedId), HTTPHeader("x-amz-request-id", ids.s3RequestId),
                       HTTPHeader("Date", HTTPDate.format(now))]
        headers += answer.headers
        headers.append(HTTPHeader("Server", "AmazonS3"))
        let body = method == "HEAD" ? [] : answer.body
        headers.append(HTTPHeader("Content-Length", String(answer.contentLength ?? body.count)))
        let payload = Payload.fromBackend(body, contentType: headers.value(for: "Content-Type"), binaryTypes: exchange.deployed.binaryMediaTypes)
        exchange.integrationResult = IntegrationResult(status: answer.status, headers: headers, body: payload.body,
                                                       isBase64Encoded: payload.isBase64Encoded)
        let target = key.isEmpty ? bucket : "\(bucket)/\(key)"
        return .proceed("S3 \(operation) \(target) answered \(answer.status)\(answer.summary.isEmpty ? "" : " (\(answer.summary))")")
    }

    private func get(bucket: String, key: String, ids: ServiceRequestIDs, includeBody: Bool) async -> S3Answer {
        let found: StoredObject?
        do {
            found = try await store.object(bucket: bucket, key: key)
        } catch {
            switch error {
            case .noSuchBucket: return .noSuchBucket(bucket, ids: ids)
            case .unstorableKey: found = nil
            case .failed(let reason): return .internalError(reason, ids: ids)
            }
        }
        guard let object = found else {
            return .error(404, code: "NoSuchKey", message: "The specified key does not exist.", fields: [("Key", key)], ids: ids)
        }
        return S3Answer(status: 200, headers: Self.objectHeaders(object) + [HTTPHeader("Content-Type", object.contentType)],
                        body: includeBody ? object.bytes : [], summary: "\(BodySummary.grouped(object.size)) bytes, \(object.contentType)",
                        contentLength: object.size)
    }

    private func put(bucket: String, key: String, bytes: [UInt8], contentType: String?, at date: Date, ids: ServiceRequestIDs) async -> S3Answer {
        do {
            let object = try await store.put(bucket: bucket, key: key, bytes: bytes, contentType: contentType, at: date)
            return S3Answer(status: 200, headers: [HTTPHeader("x-amz-server-side-encryption", "AES256"), HTTPHeader("ETag", "\"\(object.eTag)\"")],
                            body: [], summary: "stored \(BodySummary.grouped(object.size)) bytes, \(object.contentType)")
        } catch {
            switch error {
            case .noSuchBucket: return .noSuchBucket(bucket, ids: ids)
            case .unstorableKey(let reason):
                return .error(400, code: "InvalidArgument", message: "Portico keeps objects as files of the bucket's folder and cannot store this key: \(reason)",
                              fields: [("ArgumentName", "key"), ("ArgumentValue", key)], ids: ids)
            case .failed(let reason): return .internalError(reason, ids: ids)
            }
        }
    }

    private func delete(bucket: String, key: String, ids: ServiceRequestIDs) async -> S3Answer {
        do {
            try await store.delete(bucket: bucket, key: key)
        } catch {
            switch error {
            case .noSuchBucket: return .noSuchBucket(bucket, ids: ids)
            case .unstorableKey: break   // Such a key names no object; deleting nothing succeeds in S3.
            case .failed(let reason): return .internalError(reason, ids: ids)
            }
        }
        return S3Answer(status: 204, headers: [], body: [], summary: "")
    }

    private func headBucket(_ bucket: String, ids: ServiceRequestIDs) async -> S3Answer {
        do {
            _ = try await store.list(bucket: bucket, prefix: "")
            return S3Answer(status: 200, headers: [HTTPHeader("x-amz-bucket-region", Gateway.region)], body: [], summary: "")
        } catch .noSuchBucket {
            return .noSuchBucket(bucket, ids: ids)
        } catch {
            return .internalError("\(error)", ids: ids)
        }
    }

    /// ListObjects (version 1): at most 1,000 keys, in key order (S3 API: ListObjects).
    private func list(bucket: String, prefix: String, ids: ServiceRequestIDs) async -> S3Answer {
        let objects: [StoredObject]
        do {
            objects = try await store.list(bucket: bucket, prefix: prefix)
        } catch .noSuchBucket {
            return .noSuchBucket(bucket, ids: ids)
        } catch {
            return .internalError("\(error)", ids: ids)
        }
        let shown = objects.prefix(1000)
        var xml = S3Answer.declaration + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        xml += "<Name>\(bucket.xmlEscaped)</Name><Prefix>\(prefix.xmlEscaped)</Prefix><Marker></Marker><MaxKeys>1000</MaxKeys>"
        xml += "<IsTruncated>\(objects.count > shown.count)</IsTruncated>"
        for object in shown {
            // Owner is left out: Portico has no canonical user ids to show.
            xml += "<Contents><Key>\(object.key.xmlEscaped)</Key><LastModified>\(Self.iso8601(object.lastModified))</LastModified>"
            xml += "<ETag>&quot;\(object.eTag)&quot;</ETag><Size>\(object.size)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        xml += "</ListBucketResult>"
        return S3Answer(status: 200, headers: [HTTPHeader("x-amz-bucket-region", Gateway.region), HTTPHeader("Content-Type", "application/xml")],
                        body: Array(xml.utf8), summary: "\(shown.count) key\(shown.count == 1 ? "" : "s")")
    }

    static func objectHeaders(_ object: StoredObject) -> [HTTPHeader] {
        [HTTPHeader("Last-Modified", HTTPDate.format(object.lastModified)), HTTPHeader("ETag", "\"\(object.eTag)\""),
         HTTPHeader("x-amz-server-side-encryption", "AES256"), HTTPHeader("Accept-Ranges", "bytes")]
    }

    /// `2026-01-01T12:00:00.000Z`, as S3 listings write times.
    static func iso8601(_ date: Date) -> String {
        let c = HTTPDate.civil(date)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second)).000Z"
    }
}

/// What S3 answers before the common headers are added.
struct S3Answer {
    var status: Int
    var headers: [HTTPHeader]
    var body: [UInt8]
    /// What the trace says about it.
    var summary: String
    /// Content-Length when it is not the body's (HEAD: the object's size).
    var contentLength: Int?

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// S3's XML error: Code, Message, the fields of that error, RequestId and HostId (S3 API:
    /// ErrorResponses; NoSuchKey's Key field as recorded in LocalStack's test_apigateway_s3.snapshot.json).
    static func error(_ status: Int, code: String, message: String, fields: [(String, String)], ids: ServiceRequestIDs) -> S3Answer {
        var xml = declaration + "<Error><Code>\(code)</Code><Message>\(message.xmlEscaped)</Message>"
        for (name, value) in fields { xml += "<\(name)>\(value.xmlEscaped)</\(name)>" }
        xml += "<RequestId>\(ids.s3RequestId)</RequestId><HostId>\(ids.extendedId)</HostId></Error>"
        return S3Answer(status: status, headers: [HTTPHeader("Content-Type", "application/xml")], body: Array(xml.utf8), summary: code)
    }

    static func noSuchBucket(_ bucket: String, ids: ServiceRequestIDs) -> S3Answer {
        error(404, code: "NoSuchBucket", message: "The specified bucket does not exist", fields: [("BucketName", bucket)], ids: ids)
    }

    static func internalError(_ reason: String, ids: ServiceRequestIDs) -> S3Answer {
        var answer = error(500, code: "InternalError", message: "We encountered an internal error. Please try again.", fields: [], ids: ids)
        answer.summary = "InternalError: \(reason)"
        return answer
    }
}

extension String {
    /// Text for an XML element: the five predefined entities.
    var xmlEscaped: String {
        guard contains(where: { "&<>\"'".contains($0) }) else { return self }
        var out = ""
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
