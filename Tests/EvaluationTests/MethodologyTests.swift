import Foundation
import LedgerCore
import Testing

@testable import Evaluation

struct MethodologyTests {
    typealias F = OrganisationFixture
    let hr = Actor(person: "hr-1", role: Roles.hrOfficer)

    func adopt(_ id: String, from: String, parameters: JSONValue? = nil, versions: MethodologyVersions) throws -> EventDraft {
        try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: id, basis: "№ 6С-19-24, 16.03.2018", effectiveFrom: F.day(from),
                                   parameters: try parameters ?? MethodologyEvents.annualEvaluation2018()),
            bodyId: "b", by: hr, at: Timestamp(rfc3339: "2018-03-16T09:00:00+06:00")!, versions: versions)
    }

    func fold(_ drafts: [EventDraft]) throws -> MethodologyVersions {
        var versions = MethodologyVersions()
        for (index, draft) in drafts.enumerated() {
            try BagalauCatalog.all.validate(draft)
            try versions.apply(.stored(draft, seq: Int64(index + 1), stream: "methodology/b"))
        }
        return versions
    }

    @Test("001 §18: the shipped 2018 version grades 5 of 5 KPIs excellent, 4 effective, 3 satisfactory, fewer unsatisfactory")
    func grades2018() throws {
        let parameters = try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018())
        #expect([5, 4, 3, 2, 0].map { parameters.grade(achieved: $0).grade } == ["excellent", "effective", "satisfactory", "unsatisfactory", "unsatisfactory"])
        #expect(parameters.grade(achieved: 4).nameKk == "тиімді")
        #expect(parameters.kpiCount == 5)
        #expect(parameters.planDueWorkingDays == 10)
        #expect(parameters.commissionMinimumMembers == 5)
    }

    @Test("a case is judged by the version in force for its date: 2018 rules until the 2022 repeal, none after, a later version from its effective date")
    func versionInForce() throws {
        var drafts = [try adopt("annual-2018", from: "2018-04-04", versions: MethodologyVersions())]
        drafts.append(try MethodologyRulebook().decide(
            .repeal(versionId: "annual-2018", basis: "№ 7С-15-15, 15.03.2022", repealedOn: F.day("2022-03-25")),
            bodyId: "b", by: hr, at: Timestamp(rfc3339: "2022-03-15T09:00:00+06:00")!, versions: try fold(drafts)))
        var changed = try MethodologyEvents.annualEvaluation2018().objectMembers!
        changed.removeAll { $0.0 == "kpiCount" }
        changed.append(("kpiCount", 4))
        drafts.append(try adopt("annual-2019", from: "2019-01-01", parameters: .object(changed), versions: try fold(drafts)))
        let versions = try fold(drafts)
        #expect(versions.inForce(on: F.day("2018-03-01")) == nil)
        #expect(versions.inForce(on: F.day("2018-06-01"))?.versionId == "annual-2018")
        #expect(versions.inForce(on: F.day("2019-06-01"))?.parameters.kpiCount == 4)
        #expect(versions.inForce(on: F.day("2022-03-24"))?.versionId == "annual-2019")
    }

    @Test("parameters are checked when adopted: a KPI count of 0, or grades that leave low results without a grade, are refused naming the field")
    func badParameters() throws {
        var zero = try MethodologyEvents.annualEvaluation2018().objectMembers!
        zero.removeAll { $0.0 == "kpiCount" }
        zero.append(("kpiCount", 0))
        #expect(throws: LedgerError.invalid("parameters.kpiCount", "")) {
            _ = try adopt("v", from: "2018-01-01", parameters: .object(zero), versions: MethodologyVersions())
        }
        var gradeless = try MethodologyEvents.annualEvaluation2018().objectMembers!
        gradeless.removeAll { $0.0 == "grades" }
        gradeless.append(("grades", [["minimumAchieved": 5, "grade": "excellent", "nameKk": "өте жақсы"]]))
        #expect(throws: LedgerError.invalid("parameters.grades", "")) {
            _ = try adopt("v", from: "2018-01-01", parameters: .object(gradeless), versions: MethodologyVersions())
        }
    }

    @Test("an adopted version is never changed in place: adopting the same id again is refused")
    func versionsAreImmutable() throws {
        let versions = try fold([try adopt("annual-2018", from: "2018-04-04", versions: MethodologyVersions())])
        #expect(throws: LedgerError(.refused, field: "payload.versionId", "")) {
            _ = try adopt("annual-2018", from: "2019-01-01", versions: versions)
        }
    }
}

/// Clauses as data (the methodology version names the clause each rule cites).
struct ClauseTableTests {
    @Test("every rule of the 2018 methodology has its clause in both shipped versions; a v1 adoption (no table) reads as seed 001's")
    func shippedTables() throws {
        let akmola = try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018())
        let kazygurt = try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018Kazygurt())
        #expect(akmola.cite(.commissionQuorum) == "001 §30" && kazygurt.cite(.commissionQuorum) == "002 §29")
        #expect(akmola.cite(.annualPlanFirstHead) == "001 §11" && kazygurt.cite(.annualPlanFirstHead).hasPrefix("002 §10"))
        for rule in Rule.annualEvaluation { #expect(akmola.clauses.clauses[rule.key] != nil && kazygurt.clauses.clauses[rule.key] != nil, "\(rule.key)") }
        var v1 = try MethodologyEvents.annualEvaluation2018().objectMembers!
        v1.removeAll { $0.0 == "clauses" }
        #expect(try AnnualEvaluationParameters(.object(v1), schemaVersion: 1).clauses == akmola.clauses)
    }

    @Test("every rule names the test that decides it, and that test exists in the suite it names (docs/rules.md)")
    func everyRuleHasItsTest() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let files = try FileManager.default.subpathsOfDirectory(atPath: tests.path).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: tests.appendingPathComponent($0), encoding: .utf8) }
        for rule in RuleIndex.allRules {
            let parts = rule.test.split(separator: "/").map(String.init)
            try #require(parts.count == 2, "\(rule.key): test \(rule.test) is not Suite/function")
            #expect(files.contains { $0.contains("struct \(parts[0])") && $0.contains("func \(parts[1])(") }, "\(rule.key): no test \(rule.test)")
        }
    }

    @Test("a version's clause table must name every rule, once, and no unknown one")
    func incompleteTable() throws {
        var members = try MethodologyEvents.annualEvaluation2018().objectMembers!
        members.removeAll { $0.0 == "clauses" }
        let withOne: JSONValue = .object(members + [("clauses", [["rule": "commission.quorum", "clause": "002 §29"]])])
        #expect(throws: LedgerError.self) { _ = try AnnualEvaluationParameters(withOne) }
        do { _ = try AnnualEvaluationParameters(withOne) } catch let error as LedgerError {
            #expect(error.field == "parameters.clauses" && error.message.hasPrefix("names no clause for the rule annual."))
        }
        let unknown: JSONValue = .object(members + [("clauses", [["rule": "commission.lunch", "clause": "§1"]])])
        do { _ = try AnnualEvaluationParameters(unknown) } catch let error as LedgerError {
            #expect(error.field == "parameters.clauses[0].rule" && error.message == "commission.lunch is not a rule of this methodology")
        }
    }
}
