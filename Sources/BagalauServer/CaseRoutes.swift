import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// Confidential reads of one case (004 §16, §21; design.md §12): admitted by ``CaseAccess`` from the
/// ledger at the moment of the read; an auditor's or appeals reviewer's read needs a `reason` and is
/// recorded (`access.case-read`) before anything is answered.
struct CaseRoutes {
    let store: SQLiteEventStore
    let acts: ActService

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("cases/file") { request, context -> Response in
            let me = try context.signedIn()
            guard let stream = request.uri.queryParameters.get("case") else {
                throw LedgerError.invalid("case", "is required: the case stream, e.g. case/quarterly/m/2024/s5")
            }
            try await admit(me, to: stream, what: "case-file", reason: request.uri.queryParameters.get("reason"))
            let file = CaseFile(try await CaseRecord.load(stream, from: store))
            return jsonResponse(.ok, file.json)
        }
    }

    /// Admits the person to the case, recording the read when a mandate is what admits them.
    func admit(_ me: SignedIn, to stream: String, what: String, reason: String?) async throws {
        let now = SystemClock().now()
        let grant = try await CaseAccess.admit(me.personId, account: try await acts.account(of: me.personId), to: stream, store: store, at: now)
        guard grant.mustBeRecorded else { return }
        guard let reason, !reason.isEmpty else {
            throw LedgerError.invalid("reason", "is required: an \(grant.role)'s read is recorded with the audit or appeal it serves")
        }
        try await acts.recordReads(of: [stream], what: what, reason: reason, by: Actor(person: me.personId, role: grant.role), at: now)
    }
}
