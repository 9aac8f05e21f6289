import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// The records office's and auditors' view of the ledger's integrity: `GET /verify` walks the whole hash
/// chain (payload digests, envelope hashes, versions, recorded times) as `bagalau verify` does and says
/// whether it is intact — to a records officer, an auditor or an administrator (offices of the account,
/// held now). It shows no case's content, so it is not recorded as a read.
struct RecordsRoutes {
    let store: SQLiteEventStore
    let acts: ActService

    static let verifiers = [Roles.recordsOfficer, Roles.auditor, Roles.administrator]

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("verify") { _, context -> Response in
            let me = try context.signedIn()
            let account = try await acts.account(of: me.personId)
            let now = SystemClock().now()
            guard Self.verifiers.contains(where: { account.holds(office: $0, at: now) }) else {
                throw Powers.forbidden("Authorization", "the chain's status is for a records officer, an auditor or an administrator; \(me.personId) holds none of these offices")
            }
            let report = try await store.verify()
            return jsonResponse(.ok, .object([
                ("intact", .bool(report.isIntact)), ("eventsChecked", .integer(report.eventsChecked)),
                ("purgedPayloads", .integer(report.purgedPayloads)), ("headHash", .string(report.headHash)),
                ("firstFinding", report.firstFinding.map { .string($0.description) } ?? .null),
            ]))
        }
    }
}
