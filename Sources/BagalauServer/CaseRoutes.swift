import Hummingbird
import LedgerCore
import Evaluation
import NIOCore
import SQLiteStore

/// Confidential reads of one case (004 §16, §21; design.md §12): admitted by ``CaseAccess`` from the
/// ledger at the moment of the read; an auditor's or appeals reviewer's read needs a `reason` and is
/// recorded (`access.case-read`) before anything is answered.
struct CaseRoutes {
    let store: any EventStore
    let acts: ActService

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("cases/file") { request, context -> Response in
            let me = try context.signedIn()
            let query = try CaseQuery(request), stream = query.stream
            try await admit(me, to: stream, what: "case-file", reason: query.reason)
            let file = CaseFile(try await CaseRecord.load(stream, from: store))
            return jsonResponse(.ok, file.json)
        }
        // The case as a self-verifying bundle to download (`bagalau verify-bundle` checks it offline):
        // its events with the chain evidence up to the last signed checkpoint.
        group.get("cases/export") { request, context -> Response in
            let query = try CaseQuery(request)
            try await admit(try context.signedIn(), to: query.stream, what: "export", reason: query.reason)
            let bytes = try await BundleEvidence(store: store, selection: .stream(query.stream)).bytes()
            let name = "bundle-" + query.stream.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" } + ".json"
            return Response(status: .ok, headers: [.contentType: "application/json", .contentDisposition: "attachment; filename=\"\(name)\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        // The case as it stood at a moment: what the ledger knew then (axis recorded) or what was true
        // then (axis occurred), design.md §9.
        group.get("cases/replay") { request, context -> Response in
            let query = try CaseQuery(request)
            let at = try ScopedReplay.moment(try query.required("asOf"), field: "asOf")
            try await admit(try context.signedIn(), to: query.stream, what: "replay", reason: query.reason)
            let tables = try await ScopedReplay.replay(store, case: query.stream, body: nil, asOf: at, axis: query.axis).tables
            return jsonResponse(.ok, .object([
                ("case", .string(query.stream)), ("asOf", .string(at.description)), ("axis", .string(query.axis.rawValue)),
                ("tables", .object(tables.map { table, rows in (table.name, .array(rows.map { table.json($0) })) })),
            ]))
        }
        // Who could read the case at a moment (parties, mandate holders) and who had read it by then.
        group.get("cases/access") { request, context -> Response in
            let query = try CaseQuery(request)
            let at = try ConsoleForm(query: request)["at"].map { try ScopedReplay.moment($0, field: "at") } ?? SystemClock().now()
            try await admit(try context.signedIn(), to: query.stream, what: "access history", reason: query.reason)
            return jsonResponse(.ok, try await CaseAccessHistory(of: query.stream, store: store, at: at).json)
        }
        // What changed in the case between two moments, and the acts that changed it.
        group.get("cases/diff") { request, context -> Response in
            let query = try CaseQuery(request)
            let from = try ScopedReplay.moment(try query.required("from"), field: "from"), to = try ScopedReplay.moment(try query.required("to"), field: "to")
            try await admit(try context.signedIn(), to: query.stream, what: "replay", reason: query.reason)
            let diff = try await ScopedReplay.diff(store, case: query.stream, body: nil, from: from, to: to, axis: query.axis)
            let changes = diff.changes.map { table, change -> JSONValue in
                .object([
                    ("table", .string(change.table)), ("key", .array(change.key.map(\.json))), ("columns", .array(change.columns.map(JSONValue.string))),
                    ("before", change.before.map { table.json($0) } ?? .null), ("after", change.after.map { table.json($0) } ?? .null),
                ])
            }
            let acts = diff.acts.map { act -> JSONValue in
                .object([
                    ("seq", .integer(act.seq)), ("type", .string(act.type)), ("clause", .string(BagalauCatalog.all.descriptor(type: act.type, schemaVersion: act.schemaVersion)?.clause ?? "")),
                    ("person", .string(act.actor.person)), ("role", .string(act.actor.role)), ("occurredAt", .string(act.occurredAt.description)),
                    ("recordedAt", .string(act.recordedAt.description)), ("hash", .string(act.hash)),
                ])
            }
            return jsonResponse(.ok, .object([
                ("case", .string(query.stream)), ("from", .string(from.description)), ("to", .string(to.description)), ("axis", .string(query.axis.rawValue)),
                ("changes", .array(changes)), ("acts", .array(acts)),
            ]))
        }
    }

    /// Admits the person to the case (``CaseReads``), recording the read when a mandate is what admits them.
    func admit(_ me: SignedIn, to stream: String, what: String, reason: String?) async throws {
        try await CaseReads(store: store, acts: acts).admit(me, to: stream, what: what, reason: reason)
    }
}

/// The query of a case read: `case` (the stream), `reason`, `axis` (recorded or occurred).
struct CaseQuery {
    let parameters: ConsoleForm
    let stream: String
    let reason: String?
    let axis: TimeAxis

    init(_ request: Request) throws {
        parameters = ConsoleForm(query: request)
        guard let stream = parameters["case"] else { throw LedgerError.invalid("case", "is required: the case stream, e.g. case/quarterly/m/2024/s5") }
        self.stream = stream
        reason = parameters["reason"]
        axis = try Self.axis(parameters)
    }

    /// The `axis` asked (recorded when none is).
    static func axis(_ parameters: ConsoleForm) throws -> TimeAxis {
        let axis = parameters["axis"] ?? "recorded"
        guard let chosen = TimeAxis(rawValue: axis) else { throw LedgerError.invalid("axis", "must be recorded (what the ledger knew) or occurred (what was true); got \(axis)") }
        return chosen
    }

    func required(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw LedgerError.invalid(name, "is required: an RFC 3339 date-time or a date YYYY-MM-DD") }
        return value
    }
}
