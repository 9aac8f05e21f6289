import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// `GET /commissions/protocol?commission=…[&reason=…]`: a commission's protocol (хаттама, 002 App. 5) —
/// its meetings with attendance and quorum (001 §30), motions with the outcome and a corrected grade
/// (001 §37–§38), and each member's open vote (001 §32–§33) — to whom ``CommissionAccess`` admits now; a
/// mandate holder's read needs a reason and is recorded in the commission's access stream.
struct CommissionRoutes {
    let store: SQLiteEventStore
    let acts: ActService

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("commissions/protocol") { request, context -> Response in
            let parameters = request.uri.queryParameters
            guard let commission = parameters.get("commission") else { throw LedgerError.invalid("commission", "is required: the commission whose protocol to show") }
            try await CaseReads(store: store, acts: acts).admit(try context.signedIn(), toProtocolOf: commission, reason: parameters.get("reason"))
            let runner = ProjectionRunner(store: store, projection: CommissionProtocolProjection())
            try runner.catchUp()
            let tables = [CommissionProtocolProjection.meetings, CommissionProtocolProjection.motions, CommissionProtocolProjection.votes]
            return jsonResponse(.ok, .object([("commission", .string(commission))] + (try tables.map { table in
                (table.name, .array(try runner.rows(of: table).filter { $0[0] == .text(commission) }.map { table.json($0) }))
            })))
        }
    }
}
