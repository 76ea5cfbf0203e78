import Foundation
import PorticoGateway

/// `GET /_portico/keys` and `GET /_portico/usage`: what try-it and `portico usage` read from a
/// running gateway. Keys are listed by name only (a page never holds a key's value: try-it
/// sends a key's name and the invoke endpoint sends its value); usage is AWS's GetUsage shape
/// (API reference: GetUsage) for one plan, counted by this server's gateway since it started or
/// since the plan last changed.
public struct UsageEndpoint: Sendable {
    public let live: LiveGateway

    public init(gateway: LiveGateway) {
        live = gateway
    }

    /// `{"keys":[{"name","enabled","usagePlans"}]}`, in the project's order.
    public func keys() -> InvokeEndpoint.Reply {
        let directory = live.gateway.environment.deployments.usagePlans
        let entries = directory.keys.map { key in
            "{\"name\":\(jsonQuoted(key.name)),\"enabled\":\(key.enabled),\"usagePlans\":["
                + key.plans.map { jsonQuoted(directory.plans[$0].name) }.joined(separator: ",") + "]}"
        }
        return InvokeEndpoint.Reply(status: 200, body: Data("{\"keys\":[\(entries.joined(separator: ","))]}".utf8))
    }

    /// `{"identities":[{"name","kind"}]}`: who try-it can call as, by name and kind only (no
    /// secret, no token), IAM users first, in the project's order.
    public func identities() -> InvokeEndpoint.Reply {
        let entries = ProjectCaller.all(in: live.gateway.project.identities).map { caller in
            let kind = switch caller {
            case .iamUser: "IAM user"
            case .poolUser(let pool, _): "user pool \(pool.name)"
            }
            return "{\"name\":\(jsonQuoted(caller.name)),\"kind\":\(jsonQuoted(kind))}"
        }
        return InvokeEndpoint.Reply(status: 200, body: Data("{\"identities\":[\(entries.joined(separator: ","))]}".utf8))
    }

    /// `?plan=NAME[&startDate=yyyy-MM-dd][&endDate=yyyy-MM-dd]`; the dates default to today (UTC)
    /// on the gateway's clock.
    public func usage(plan: String?, startDate: String?, endDate: String?) -> InvokeEndpoint.Reply {
        let gateway = live.gateway
        guard let plan, !plan.isEmpty else {
            let known = gateway.environment.deployments.usagePlans.plans.map(\.name)
            return problem(400, "name the usage plan: ?plan=NAME" + (known.isEmpty ? "; the project declares none" : "; known: \(known.joined(separator: ", "))"))
        }
        let today = gateway.environment.clock.now()
        var dates: [Date] = []
        for (name, text) in [("startDate", startDate), ("endDate", endDate)] {
            guard let text else { dates.append(today); continue }
            guard let date = UsageReport.day(text) else { return problem(400, "\(name) must be a date as yyyy-MM-dd, not '\(text)'") }
            dates.append(date)
        }
        do {
            let report = try gateway.usage(plan: plan, from: dates[0], to: dates[1])
            return InvokeEndpoint.Reply(status: 200, body: report.jsonData())
        } catch {
            if case .unknownPlan = error { return problem(404, error.description) }
            return problem(400, error.description)
        }
    }

    private func problem(_ status: Int, _ message: String) -> InvokeEndpoint.Reply {
        InvokeEndpoint.Reply(status: status, body: Data("{\"error\":\(jsonQuoted(message))}".utf8))
    }
}

/// `POST /_portico/cache/flush?api=A&stage=S`: empties a stage's cache in this server's
/// gateway (what `portico cache flush` calls; FlushStageCache has no meaning without the
/// gateway that holds the entries). Answers `{"api","stage","flushedEntries"}`, or
/// `{"error"}` with 400 (a parameter missing, a stage without a cache) or 404 (no such API
/// or stage). Served on the docs server's address like the other `/_portico/` routes
/// (127.0.0.1 unless `serve --host` says otherwise).
public struct CacheFlushEndpoint: Sendable {
    public let live: LiveGateway

    public init(gateway: LiveGateway) {
        live = gateway
    }

    public func flush(api: String?, stage: String?) -> InvokeEndpoint.Reply {
        guard let api, !api.isEmpty, let stage, !stage.isEmpty else {
            return problem(400, "name the API and the stage: ?api=NAME&stage=NAME")
        }
        do {
            let flushed = try live.gateway.flushCache(api: api, stage: stage)
            return InvokeEndpoint.Reply(status: 200, body: Data(
                "{\"api\":\(jsonQuoted(flushed.api)),\"stage\":\(jsonQuoted(flushed.stage)),\"flushedEntries\":\(flushed.flushedEntries)}".utf8))
        } catch {
            if case .unknown = error { return problem(404, error.description) }
            return problem(400, error.description)
        }
    }

    private func problem(_ status: Int, _ message: String) -> InvokeEndpoint.Reply {
        InvokeEndpoint.Reply(status: status, body: Data("{\"error\":\(jsonQuoted(message))}".utf8))
    }
}
