import Evaluation
import LedgerCore
import SQLiteStore

/// The cases of the console's pages as the read models hold them, each with its case stream: the 2023
/// quarterly years (the annual result and each quarter), the 2018 annual evaluations and the attestations.
/// Values are written in the reader's language (band names as the methodology version gives them,
/// 004 §8; decimals and dates by the language's conventions).
struct ConsoleCases {
    let store: any EventStore
    let readModels: ReadModelStore
    let acts: ActService
    let text: ConsoleText
    let language: ConsoleText.Language
    /// The runners of the read models a page has caught up already: a home asks each projection for a
    /// person's bodies, their cases and the late acts, and catches it up once.
    private let caughtUp = CaughtUp()

    private final class CaughtUp {
        var runners: [String: ProjectionRunner] = [:]
    }

    struct Case {
        let stream: String
        let bodyId: String
        let personId: String
        let year: Int
        let method: String
        let grade: String
        let status: String
        var values: [String: Any]
    }

    /// The bodies `person` has cases in (their own body first), by the read models' person indexes.
    func bodies(of person: String, besides own: String?) throws -> [String] {
        var bodies = own.map { [$0] } ?? []
        for (projection, table) in [(QuarterlyGradesProjection() as any Projection, QuarterlyGradesProjection.annual), (AnnualGradesProjection(), AnnualGradesProjection.grades),
                                    (AttestationProjection(), AttestationProjection.cases)] {
            for body in try runner(projection).partitions(of: table, where: "person_id", equals: .text(person)).compactMap(\.text) where !bodies.contains(body) {
                bodies.append(body)
            }
        }
        return bodies
    }

    /// The cases of `bodies` in the read models that `include` keeps (by body and person): each body's
    /// rows read by its partition, so a page costs what its bodies hold, not the country (issue 12 §2).
    func cases(in bodies: [String], where include: (_ bodyId: String, _ personId: String) -> Bool) async throws -> [Case] {
        var found: [Case] = []
        // A status is worded once per code: a 1,000-case board asks the same few thousands of times.
        var worded: [String: String] = [:]
        func status(_ code: String?) -> String {
            let code = code ?? ""
            if let known = worded[code] { return known }
            let word = text.status(code, language)
            worded[code] = word
            return word
        }
        let quarterly = try runner(QuarterlyGradesProjection())
        func rows(_ runner: ProjectionRunner, _ table: ReadModelTable) throws -> [ReadModelRow] {
            try bodies.flatMap { try runner.rows(of: table, in: .text($0)) }
        }
        // The quarters are kept by case: those of the cases kept, in one read.
        let annualRows = try rows(quarterly, QuarterlyGradesProjection.annual).filter { row in
            let get = Self.reader(QuarterlyGradesProjection.annual, row)
            return include(get("body_id") ?? "", get("person_id") ?? "")
        }
        let quarterRows = Dictionary(grouping: try quarterly.rows(of: QuarterlyGradesProjection.quarters, inEach: annualRows.map { $0[0] })) { $0.first?.text ?? "" }
        var versions: [String: MethodologyVersions] = [:]
        for row in annualRows {
            let get = Self.reader(QuarterlyGradesProjection.annual, row)
            let body = get("body_id") ?? "", person = get("person_id") ?? ""
            if versions[body] == nil { versions[body] = try await acts.methodologies(bodyId: body) }
            let version = versions[body]?.quarterlyVersions[get("methodology_version_id") ?? ""]?.parameters
            let grade = (language == .kk ? get("result_kk") : language == .ru ? get("result_ru") : get("result")) ?? "—"
            let quarters = (quarterRows[get("case_id") ?? ""] ?? []).map { quarter -> [String: Any] in
                let q = Self.reader(QuarterlyGradesProjection.quarters, quarter)
                let band = version?.bands.first { $0.result == q("result") }
                let name = ConsoleText.band(band, result: q("result"), language)
                return ["quarter": q("quarter") ?? "", "score": ConsoleText.decimal(q("final_rounded"), language), "grade": name, "status": status(q("status"))]
            }
            let year = Int(get("year") ?? "") ?? 0
            found.append(Case(
                stream: QuarterlyEvents.stream(bodyId: body, year: year, personId: person), bodyId: body, personId: person, year: year,
                method: text("methodQuarterly", language), grade: grade, status: status(get("status")),
                values: ["facts": [fact("score", ConsoleText.decimal(get("rounded"), language)), fact("grade", grade), fact("status", status(get("status")))],
                         "quarters": quarters, "hasQuarters": !quarters.isEmpty]))
        }
        for row in try rows(try runner(AnnualGradesProjection()), AnnualGradesProjection.grades) {
            let get = Self.reader(AnnualGradesProjection.grades, row)
            let body = get("body_id") ?? "", person = get("person_id") ?? ""
            guard include(body, person) else { continue }
            let year = Int(get("year") ?? "") ?? 0
            let competencies = get("competencies_met").map { "\($0) / \(get("competencies_assessed") ?? "—")" } ?? "—"
            found.append(Case(
                stream: AnnualEvents.stream(bodyId: body, year: year, personId: person), bodyId: body, personId: person, year: year,
                method: text("methodAnnual", language), grade: get("final_grade").map { text.grade($0, language) } ?? "—", status: status(get("familiarisation")),
                values: ["facts": [fact("kpiGrade", get("kpi_grade").map { text.grade($0, language) } ?? "—"), fact("competencies", competencies),
                                   fact("finalGrade", get("final_grade").map { text.grade($0, language) } ?? "—"),
                                   fact("status", status(get("familiarisation")))], "hasQuarters": false]))
        }
        for row in try rows(try runner(AttestationProjection()), AttestationProjection.cases) {
            let get = Self.reader(AttestationProjection.cases, row)
            let body = get("body_id") ?? "", person = get("person_id") ?? ""
            guard include(body, person) else { continue }
            if versions[body] == nil { versions[body] = try await acts.methodologies(bodyId: body) }
            let regulation = versions[body]?.attestationVersions[get("version_id") ?? ""]?.parameters
            let outcome = get("outcome").map { ConsoleText.outcome($0, in: regulation, language) } ?? "—"
            found.append(Case(
                stream: AttestationEvents.caseStream(bodyId: body, roundId: get("round_id") ?? "", personId: person), bodyId: body, personId: person,
                year: Int(get("date")?.prefix(4) ?? "") ?? 0, method: text("methodAttestation", language), grade: outcome, status: status(get("status")),
                values: ["facts": [fact("outcome", outcome), fact("status", status(get("status")))], "hasQuarters": false]))
        }
        return found.sorted { $0.year != $1.year ? $0.year > $1.year : ($0.personId, $0.stream) < ($1.personId, $1.stream) }
    }

    /// The acts of a body's quarterly cases done after their deadline (004 §5, §23, §31, §39, §42).
    func lateActs(of bodyId: String) throws -> [[String: Any]] {
        let quarterly = try runner(QuarterlyGradesProjection())
        var persons: [String: String] = [:]
        for row in try quarterly.rows(of: QuarterlyGradesProjection.annual, in: .text(bodyId)) {
            let get = Self.reader(QuarterlyGradesProjection.annual, row)
            persons[get("case_id") ?? ""] = get("person_id")
        }
        return try quarterly.rows(of: QuarterlyGradesProjection.deadlines, in: .text(bodyId)).compactMap { row in
            let get = Self.reader(QuarterlyGradesProjection.deadlines, row)
            guard let days = Int(get("working_days_late") ?? ""), days > 0 else { return nil }
            return ["person": persons[get("case_id") ?? ""] ?? "", "act": get("act") ?? "", "title": text.event(get("act") ?? "", language), "clause": get("clause") ?? "",
                    "dueBy": ConsoleText.date(text: get("due_by"), language), "actedOn": ConsoleText.date(text: get("acted_on"), language), "days": days]
        }
    }

    func fact(_ key: String, _ value: String) -> [String: Any] { ["label": text(key, language), "value": value] }

    /// The projection's runner, caught up with the log the first time this page asks for it.
    func runner(_ projection: any Projection) throws -> ProjectionRunner {
        if let known = caughtUp.runners[projection.name] { return known }
        let runner = ProjectionRunner(readModels: readModels, projection: projection)
        try runner.catchUp()
        caughtUp.runners[projection.name] = runner
        return runner
    }

    /// A row's columns by name, as text (integers written out).
    static func reader(_ table: ReadModelTable, _ row: ReadModelRow) -> (String) -> String? {
        { name in
            guard let index = table.columns.firstIndex(where: { $0.name == name }), index < row.count else { return nil }
            return row[index].text ?? row[index].integer.map(String.init)
        }
    }
}
