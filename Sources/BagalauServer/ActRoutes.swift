import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// `POST /acts/{act}`: every act of docs/acts.md, performed by the signed-in person. The body holds
/// the act's fields and `actor.role` (the person is the signed-in one; naming anyone else is refused),
/// `occurredAt` when the act happened on paper earlier (default: now). `Idempotency-Key` is the act's id:
/// a retried POST records nothing new. `If-Match` is the stream version the sender read: a stale one is
/// 409 (without it, an act that lost a race for its stream is decided again on the new state). A refused
/// act is 422, an act outside the person's powers 403.
struct ActRoutes {
    let signIn: SignInService
    let metrics: ServerMetrics
    var acts: ActService { signIn.acts }
    var credentials: any CredentialStore { signIn.credentials }

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.post("acts/:act") { request, context -> Response in
            let name = try context.parameters.require("act")
            do {
                return try await perform(name, request: request, by: try context.signedIn())
            } catch let error as LedgerError {
                metrics.act(ActCatalog.byName[name] != nil ? name : "unknown", outcome: error.code.description)
                if error.code == .refused { metrics.refusal(clause: Problem(error).clause ?? "none") }
                throw error
            }
        }
    }

    func perform(_ name: String, request: Request, by me: SignedIn) async throws -> Response {
        guard ActCatalog.byName[name] != nil else { throw LedgerError(.unknownEventType, field: "act", "no act is called \(name) (GET /openapi.json lists them)") }
        let (outcome, issued) = try await perform(name, body: try await request.jsonObject(upTo: .act), id: request.headers[.idempotencyKey], ifMatch: request.headers[.ifMatch], by: me)
        var response: [(String, JSONValue)] = [
            ("act", .string(name)), ("alreadyRecorded", .bool(outcome.alreadyRecorded)),
            ("events", .array(outcome.events.map { ["seq": .integer($0.seq), "id": .string($0.id), "stream": .string($0.stream), "version": .integer($0.version), "type": .string($0.type), "hash": .string($0.hash)] })),
            ("findings", .array(outcome.findings.map(\.json))),
        ]
        if let issued { response.append(("credentials", issued)) }
        var headers: HTTPFields = [:]
        if let last = outcome.events.last { headers[.eTag] = "\"\(last.version)\"" }
        return jsonResponse(outcome.alreadyRecorded ? .ok : .created, .object(response), headers: headers)
    }

    /// Performs act `name` from its fields (`body`) as the signed-in person, in the role `actor.role`
    /// names, at `occurredAt` (default: now): the API's and the console's one path. `id` makes a retry
    /// safe; `ifMatch` pins the stream version read. Returns the outcome and, for an access act, the
    /// one-time credentials to hand over.
    func perform(_ name: String, body: JSONValue, id: String?, ifMatch: String?, by me: SignedIn) async throws -> (ActService.Outcome, JSONValue?) {
        let now = SystemClock().now()
        var members = (body.objectMembers ?? []).filter { !["act", "id", "actor", "occurredAt"].contains($0.0) }
        if let sent = body["act"]?.stringValue, sent != name { throw LedgerError.invalid("act", "names \(sent) but the request is for \(name)") }
        let actor = body["actor"] ?? .object([])
        guard actor.objectMembers != nil else { throw LedgerError.invalid("actor", "must be an object {\"role\": …}; got \(actor.kindName)") }
        let person = actor["person"] ?? .string(me.personId)
        let id = id ?? body["id"]?.stringValue
        members.insert(contentsOf: [
            ("act", .string(name)), ("occurredAt", body["occurredAt"] ?? .string(now.description)),
            ("actor", .object([("person", person), ("role", actor["role"] ?? .null)])),
        ], at: 0)
        if let id { members.insert(("id", .string(id)), at: 1) }
        var act = try ActRequest(.object(members))
        if let ifMatch {
            guard let version = Int64(ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
                throw LedgerError.invalid("If-Match", "is the stream version read, e.g. \"7\"; got \(ifMatch)")
            }
            act.expectedVersion = version
        }
        try await acts.requirePowers(of: me.personId, for: act, at: now)
        let outcome = try await performDecidingAgain(act)
        metrics.act(name, outcome: outcome.alreadyRecorded ? "already-recorded" : "recorded")
        guard name.hasPrefix("access."), !outcome.alreadyRecorded else { return (outcome, nil) }
        return (outcome, try await applyToCredentials(act))
    }

    /// Performs the act; when another act moved its stream between the reading and the append, and the
    /// sender did not pin a version (`If-Match`), it is decided again on the new state — each decision
    /// still on an exact stream version (design.md §8) — up to 8 times before the 409 is returned.
    func performDecidingAgain(_ act: ActRequest) async throws -> ActService.Outcome {
        var attempt = 1
        while true {
            do {
                return try await acts.perform(act)
            } catch let error as LedgerError where error.code == .wrongExpectedVersion && act.expectedVersion == nil && attempt < 8 {
                attempt += 1
            }
        }
    }

    /// What an access act does to the secrets beside the ledger: an opened account or a reset password
    /// gets a one-time password (and a second-factor key for an office), returned once; a suspension
    /// ends the person's sessions; a closure erases their secrets.
    func applyToCredentials(_ act: ActRequest) async throws -> JSONValue? {
        let personId = try act.string("personId")
        switch act.name {
        case "access.open-account", "access.reset-password":
            let account = try await acts.account(of: personId)
            return try await credentials.issueOneTimePassword(to: personId, newSecondFactorKey: act.name == "access.open-account" && account.needsSecondFactor)
        case "access.suspend-account":
            try await credentials.endSessions(of: personId)
        case "access.close-account":
            try await credentials.erase(personId)
        default:
            break
        }
        return nil
    }
}
