import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// `GET /views/{view}?body=…&year=…[&person=…][&reason=…][&limit=…&after=…]`: a body's results as the
/// read models hold them (the 2018 grades, the 2023 quarterly views, the attestation cases), each row
/// shown only to a person who may read its case now (004 §16, §21; docs/access.md's matrix): the case's
/// parties, and auditors and appeals reviewers under a mandate covering it — whose reads need a `reason`
/// and are recorded (`access.case-read`) before anything is answered. Rows of other cases are withheld and
/// counted; naming one `person` whose case the reader may not see is 403. With `limit`, one page of the
/// body's cases in the order of their streams, after the case stream `after`; `next` names the page's
/// last case when more follow (a 2023 view kept by case then reads only the page's cases).
struct ViewRoutes {
    let store: any EventStore
    let readModels: ReadModelStore
    let acts: ActService

    /// A view: its read model's table, and the case stream of each row of a body and year.
    struct View: Sendable {
        let projection: any Projection
        let table: ReadModelTable
        /// The case stream of a row, if the row is of the body (and year) asked for.
        let stream: @Sendable (ReadModelRow, Scope) -> String?
    }

    struct Scope: Sendable {
        let body: String
        let year: Int?
        /// The quarterly cases of the body and year by case id (the quarterly tables name cases by id).
        let quarterly: [String: String]
    }

    static let views: [String: View] = {
        let annual: @Sendable (ReadModelRow, Scope) -> String? = { row, scope in
            guard row[1].text == scope.body, scope.year.map({ row[2].integer == Int64($0) }) ?? true else { return nil }
            return AnnualEvents.stream(bodyId: scope.body, year: Int(row[2].integer ?? 0), personId: row[3].text ?? "")
        }
        let quarterly: @Sendable (ReadModelRow, Scope) -> String? = { row, scope in scope.quarterly[row[0].text ?? ""] }
        let projection = QuarterlyGradesProjection()
        return [
            "annual-grades": View(projection: AnnualGradesProjection(), table: AnnualGradesProjection.grades, stream: annual),
            "quarterly-grades": View(projection: projection, table: QuarterlyGradesProjection.quarters, stream: quarterly),
            "quarterly-annual": View(projection: projection, table: QuarterlyGradesProjection.annual, stream: quarterly),
            "quarterly-calibrations": View(projection: projection, table: QuarterlyGradesProjection.calibrations, stream: quarterly),
            "quarterly-360": View(projection: projection, table: QuarterlyGradesProjection.survey, stream: quarterly),
            "quarterly-deadlines": View(projection: projection, table: QuarterlyGradesProjection.deadlines, stream: quarterly),
            "attestation-cases": View(projection: AttestationProjection(), table: AttestationProjection.cases, stream: { row, scope in
                row[1].text == scope.body ? AttestationEvents.caseStream(bodyId: scope.body, roundId: row[2].text ?? "", personId: row[3].text ?? "") : nil
            }),
        ]
    }()

    func add(to group: RouterGroup<BagalauRequestContext>) {
        group.get("views/:view") { request, context -> Response in
            let me = try context.signedIn()
            let name = try context.parameters.require("view")
            guard let view = Self.views[name] else {
                throw LedgerError(.notFound, field: "view", "no view is called \(name); the views are \(Self.views.keys.sorted().joined(separator: ", "))")
            }
            let parameters = request.uri.queryParameters
            guard let body = parameters.get("body") else { throw LedgerError.invalid("body", "is required: the body whose results to show") }
            let year = try parameters.get("year").map { text -> Int in
                guard let year = Int(text) else { throw LedgerError.invalid("year", "must be a whole number; got \(text)") }
                return year
            }
            let person = parameters.get("person"), reason = parameters.get("reason")
            let page = try ViewPage(limit: parameters.get("limit"), after: parameters.get("after"))
            let runner = ProjectionRunner(readModels: readModels, projection: view.projection)
            try runner.catchUp()
            var quarterly: [String: String] = [:]
            var pagedByIndex: String??  // the page's `next`, when the page was chosen on the stream index
            if view.projection is QuarterlyGradesProjection {
                let cases: [QuarterlyCaseList.Case]
                if let limit = page.limit, person == nil, view.table.partitionColumnName != "body_id" {
                    let found = try await QuarterlyCaseList.page(body: body, year: year, after: page.after, limit: limit, store: store)
                    (cases, pagedByIndex) = (found.cases, .some(found.next))
                } else {
                    cases = try await QuarterlyCaseList.cases(body: body, year: year, person: person, table: view.table, runner: runner, store: store)
                }
                for (id, caseYear, servant) in cases { quarterly[id] = QuarterlyEvents.stream(bodyId: body, year: caseYear, personId: servant) }
            }
            let scope = Scope(body: body, year: year, quarterly: quarterly)
            // The body's rows by its partition; a table of a case's rows (calibrations, 360) by each of the body's cases.
            let partitions = view.table.partitionColumnName == "body_id" ? [body] : quarterly.keys.sorted()
            let all = try runner.rows(of: view.table, inEach: partitions.map { .text($0) }).compactMap { row in view.stream(row, scope).map { (row, $0) } }
                .filter { person == nil || $0.1.hasSuffix("/\(person!)") }
            let (rows, next) = pagedByIndex.map { next in (all, next) } ?? page.cut(all)
            let streams = Set(rows.map { $0.1 })
            let (shown, refusal) = try await CaseReads(store: store, acts: acts).admit(me, to: streams, what: "view", reason: reason)
            // Naming one servant whose case the reader may not see is refused, not an empty answer.
            if person != nil, shown.isEmpty, let refusal { throw refusal }
            return jsonResponse(.ok, .object([
                ("view", .string(name)), ("body", .string(body)), ("year", year.map { .integer(Int64($0)) } ?? .null),
                ("rows", .array(rows.filter { shown.contains($0.1) }.map { view.table.json($0.0) })),
                ("withheldCases", .integer(Int64(streams.count - shown.count))),
                ("next", next.map { .string($0) } ?? .null),
            ]))
        }
    }
}
