import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// The records office's work and the ledger's integrity over HTTP.
///
/// `GET /verify[?publicKey=…]`: the chain walked from the first event, every absent payload named by a
/// purge certificate, every signed checkpoint valid (``ChainStatus``) — to a records officer, an auditor or
/// an administrator (offices held now). It shows no case's content, so it is not recorded as a read.
///
/// `GET /retention[?on=…&all=true]`, `GET /retention/holds`, `POST /retention/purge`: the cases due for
/// purge three years after they end (001 §8, 004 §15), the legal holds, and the certified purge — to a
/// records officer, who is the purge's actor. Holds are placed and lifted as acts (`retention.place-hold`).
struct RecordsRoutes {
    let store: any EventStore
    let readModels: ReadModelStore
    let acts: ActService
    let signer: TreeHeadSigner?

    static let verifiers = [Roles.recordsOfficer, Roles.auditor, Roles.administrator]

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("verify") { request, context -> Response in
            try await requireOffice(of: try context.signedIn(), among: Self.verifiers, for: "the chain's status")
            return jsonResponse(.ok, try await ChainStatus(store: store, trustedKey: request.uri.queryParameters.get("publicKey")).json)
        }
        group.get("retention") { request, context -> Response in
            try await requireOffice(of: try context.signedIn(), among: [Roles.recordsOfficer], for: "retention")
            let date = try day(request.uri.queryParameters.get("on"))
            let all = request.uri.queryParameters.get("all") == "true"
            let cases = try await RecordsOffice.retention(store, readModels: readModels).statuses(mayBeDueOn: all ? nil : date)
                .filter { all || $0.state(on: date) == "due" }.map { status -> JSONValue in
                .object([
                    ("case", .string(status.caseStream)), ("endedOn", status.endedOn.map { .string($0.description) } ?? .null),
                    ("dueOn", status.dueOn.map { .string($0.description) } ?? .null), ("state", .string(status.state(on: date))),
                ])
            }
            return jsonResponse(.ok, .object([("on", .string(date.description)), ("cases", .array(cases))]))
        }
        group.get("retention/holds") { _, context -> Response in
            try await requireOffice(of: try context.signedIn(), among: [Roles.recordsOfficer], for: "retention")
            let schedule = try await RetentionService(store: store).schedule()
            return jsonResponse(.ok, .object([("holds", .array(schedule.holds.sorted { $0.key < $1.key }.map { id, hold in
                .object([
                    ("holdId", .string(id)), ("case", .string(hold.caseStream)), ("placedOn", .string(hold.placedOn.description)),
                    ("liftedOn", hold.liftedOn.map { .string($0.description) } ?? .null),
                ])
            }))]))
        }
        group.post("retention/purge") { request, context -> Response in
            let me = try context.signedIn()
            try await requireOffice(of: me, among: [Roles.recordsOfficer], for: "a purge")
            let body = try await request.jsonObject(upTo: .purge)
            for (name, _) in body.objectMembers ?? [] where !["on", "certificateId", "dryRun"].contains(name) {
                throw LedgerError.invalid(name, "is not a field of a purge (on, certificateId, dryRun)")
            }
            let date = try day(try text(body, "on"))
            var dryRun = false
            if let value = body["dryRun"] {
                guard case .bool(let flag) = value else { throw LedgerError.invalid("dryRun", "must be true or false") }
                dryRun = flag
            }
            let certificateId = try text(body, "certificateId") ?? "purge-\(date)"
            let purge = try await RecordsOffice.purge(store, readModels: readModels, on: date, by: me.personId, certificateId: certificateId, dryRun: dryRun, signer: signer)
            let outcome = purge.outcome
            return jsonResponse(.ok, .object([
                ("on", .string(date.description)), ("dryRun", .bool(dryRun)),
                ("cases", .array(outcome.cases.map { due in
                    .object([("case", .string(due.caseStream)), ("endedOn", .string(due.endedOn.description)), ("dueOn", .string(due.dueOn.description)),
                             ("events", .integer(Int64(due.events.count)))])
                })),
                ("certificate", outcome.certificate.map { .object([("id", .string(certificateId)), ("seq", .integer($0.seq)), ("hash", .string($0.hash))]) } ?? .null),
                ("payloadsRemoved", .integer(Int64(outcome.payloadsRemoved))), ("completedEarlier", .integer(Int64(outcome.completedEarlier))),
                ("treeHead", purge.treeHead.map { head in
                    .object([("seq", .integer(head.event.seq)), ("headSeq", .integer(head.signed.headSeq)), ("rootHash", .string(head.signed.rootHash)),
                             ("publicKey", .string(head.signed.publicKey))])
                } ?? .null),
            ]))
        }
    }

    /// Refuses a person who holds none of `offices` now.
    func requireOffice(of me: SignedIn, among offices: [String], for what: String) async throws {
        let account = try await acts.account(of: me.personId)
        let now = SystemClock().now()
        guard offices.contains(where: { account.holds(office: $0, at: now) }) else {
            throw Powers.forbidden("Authorization", "\(what) is for the offices \(offices.joined(separator: ", ")); \(me.personId) holds none of them")
        }
    }

    func day(_ text: String?) throws -> LocalDate { try RetentionService.day(text, field: "on") }

    func text(_ body: JSONValue, _ name: String) throws -> String? {
        guard let value = body[name] else { return nil }
        guard let text = value.stringValue else { throw LedgerError.invalid(name, "must be a string") }
        return text
    }
}
