import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// `GET /commissions/protocol?commission=…[&reason=…]`: a commission's protocol (хаттама, 002 App. 5) —
/// its meetings with attendance and quorum (001 §30), motions with the outcome and a corrected grade
/// (001 §37–§38), and each member's open vote (001 §32–§33) — to whom ``CommissionAccess`` admits now; a
/// mandate holder's read needs a reason and is recorded in the commission's access stream.
struct CommissionRoutes {
    let store: any EventStore
    let readModels: ReadModelStore
    let acts: ActService

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("commissions/protocol") { request, context -> Response in
            let parameters = request.uri.queryParameters
            guard let commission = parameters.get("commission") else { throw LedgerError.invalid("commission", "is required: the commission whose protocol to show") }
            try await CaseReads(store: store, acts: acts).admit(try context.signedIn(), toProtocolOf: commission, reason: parameters.get("reason"))
            return jsonResponse(.ok, .object([("commission", .string(commission))] + (try Self.protocol(of: commission, in: readModels).map { table, rows in
                (table.name, .array(rows.map { table.json($0) }))
            })))
        }
    }

    /// The protocol's tables — meetings, motions, votes — kept to the rows of one commission (read
    /// models caught up first).
    static func `protocol`(of commission: String, in readModels: ReadModelStore) throws -> [(table: ReadModelTable, rows: [ReadModelRow])] {
        let runner = ProjectionRunner(readModels: readModels, projection: CommissionProtocolProjection())
        try runner.catchUp()
        return try [CommissionProtocolProjection.meetings, CommissionProtocolProjection.motions, CommissionProtocolProjection.votes].map { table in
            (table, try runner.rows(of: table, in: .text(commission)))
        }
    }

    /// The commissions whose chair, secretary or member `person` is in their composition in force.
    static func commissions(of person: String, in readModels: ReadModelStore) throws -> [String] {
        let runner = ProjectionRunner(readModels: readModels, projection: CommissionProtocolProjection())
        try runner.catchUp()
        return try runner.rows(of: CommissionProtocolProjection.compositions).filter { row in
            row[1].text == person || row[2].text == person || (row[3].text ?? "").split(separator: ",").contains { $0 == person }
        }.compactMap { $0[0].text }.sorted()
    }
}
