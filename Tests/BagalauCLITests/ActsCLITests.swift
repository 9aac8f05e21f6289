import Foundation
import LedgerCore
import Testing

/// `bagalau acts`: acts decided by their rulebooks, from a file, as HR would enter paper acts.
struct ActsCLITests {
    static func line(_ act: String, id: Int, on day: String, by person: String, as role: String, _ fields: String = "") -> String {
        let uuid = String(format: "00000000-0000-4000-a000-%012d", id)
        return #"{"act":"\#(act)","id":"\#(uuid)","occurredAt":"\#(day)T10:00:00+06:00","actor":{"person":"\#(person)","role":"\#(role)"}\#(fields.isEmpty ? "" : ",")\#(fields)}"#
    }

    static func kpis(_ count: Int = 5) -> String {
        (1...count).map { #"{"number":\#($0),"name":"KPI \#($0)","sourceDocument":"Development plan","unit":"%","plannedValue":"100","deadline":"2018-12-20","expectedResult":"Result"}"# }.joined(separator: ",")
    }

    /// A body, its staff and commission, and p1's 2018 case through to the approved result.
    static func cycle() -> [String] {
        let body = #""bodyId":"b""#, staff = #""bodyId":"b","personId":"#
        var lines = [
            line("organisation.register-body", id: 1, on: "2017-12-01", by: "hr-1", as: "hr-officer", #""bodyId":"b","nameKk":"Ақмола облыстық мәслихатының аппараты","region":"Ақмола облысы""#),
        ]
        for (index, person) in ["head", "chief", "p1", "hr-1", "m1", "m2", "m3", "m4", "m5"].enumerated() {
            lines.append(line("organisation.appoint", id: 10 + index, on: "2017-12-01", by: "hr-1", as: "hr-officer",
                              #"\#(staff)"\#(person)","fullName":"N","positionId":"pos-\#(person)","positionTitle":"Specialist","category":"E-3","appointedOn":"2015-01-05""#))
        }
        lines += [
            line("organisation.assign-role", id: 30, on: "2017-12-01", by: "hr-1", as: "hr-officer", #"\#(staff)"hr-1","role":"hr-officer","effectiveFrom":"2015-01-05""#),
            line("organisation.assign-role", id: 31, on: "2017-12-01", by: "hr-1", as: "hr-officer", #"\#(staff)"head","role":"authorised-person","effectiveFrom":"2015-01-05""#),
            line("organisation.assign-supervisor", id: 32, on: "2017-12-01", by: "hr-1", as: "hr-officer", #"\#(staff)"chief","supervisorId":"head","effectiveFrom":"2015-01-05""#),
            line("organisation.assign-supervisor", id: 33, on: "2017-12-01", by: "hr-1", as: "hr-officer", #"\#(staff)"p1","supervisorId":"chief","effectiveFrom":"2015-01-05""#),
            line("methodology.adopt-annual-evaluation", id: 34, on: "2017-12-20", by: "hr-1", as: "hr-officer", #"\#(body),"versionId":"annual-2018","basis":"№ 6С-19-24","effectiveFrom":"2018-01-01""#),
            line("commission.form", id: 35, on: "2018-01-10", by: "head", as: "authorised-person",
                 #"\#(body),"commissionId":"c-2018","purpose":"annual-evaluation","orderNumber":"12-ө","orderDate":"2018-01-10","chairId":"m1","secretaryId":"hr-1","memberIds":["m1","m2","m3","m4","m5"]"#),
        ]
        let annual = #""bodyId":"b","year":2018,"personId":"p1""#
        lines += [
            line("annual.open-case", id: 40, on: "2018-01-03", by: "hr-1", as: "hr-officer", annual),
            line("annual.draft-plan", id: 41, on: "2018-01-10", by: "chief", as: "direct-supervisor", #"\#(annual),"kpis":[\#(kpis())]"#),
            line("annual.submit-plan", id: 42, on: "2018-01-10", by: "chief", as: "direct-supervisor", annual),
            line("annual.approve-plan", id: 43, on: "2018-01-11", by: "head", as: "superior-supervisor", annual),
            line("annual.sign-kpi-sheet", id: 44, on: "2018-12-26", by: "chief", as: "direct-supervisor",
                 #"\#(annual),"results":[{"number":1,"actualValue":"100","achieved":true},{"number":2,"actualValue":"100","achieved":true},{"number":3,"actualValue":"80","achieved":false},{"number":4,"actualValue":"100","achieved":true},{"number":5,"actualValue":"100","achieved":true}]"#),
            line("annual.agree-kpi-sheet", id: 45, on: "2018-12-27", by: "head", as: "superior-supervisor", annual),
            line("annual.sign-competency-sheet", id: 46, on: "2018-12-27", by: "chief", as: "direct-supervisor",
                 #"\#(annual),"competencies":[{"competency":"Cooperation","observed":["a","b","c"],"notObserved":["d"]}]"#),
            line("annual.hand-to-commission", id: 47, on: "2018-12-28", by: "hr-1", as: "hr-officer", #"\#(annual),"commissionId":"c-2018""#),
            line("commission.schedule", id: 50, on: "2018-12-28", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-1","date":"2019-01-15","caseIds":["annual-2018-p1"],"consentedBy":"m1""#),
            line("commission.notify", id: 51, on: "2019-01-04", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-1","personId":"p1""#),
            line("commission.hold", id: 52, on: "2019-01-15", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-1","present":["m1","m2","m3","m4"]"#),
            line("commission.put-motion", id: 53, on: "2019-01-15", by: "m1", as: "commission-chair", #""commissionId":"c-2018","meetingId":"mt-1","motionId":"mo-1","caseId":"annual-2018-p1","proposal":"approve""#),
            line("commission.vote", id: 54, on: "2019-01-15", by: "m1", as: "commission-chair", #""commissionId":"c-2018","meetingId":"mt-1","motionId":"mo-1","vote":"for""#),
            line("commission.vote", id: 55, on: "2019-01-15", by: "m2", as: "commission-member", #""commissionId":"c-2018","meetingId":"mt-1","motionId":"mo-1","vote":"for""#),
            line("commission.vote", id: 56, on: "2019-01-15", by: "m3", as: "commission-member", #""commissionId":"c-2018","meetingId":"mt-1","motionId":"mo-1","vote":"against""#),
            line("commission.decide", id: 57, on: "2019-01-15", by: "m1", as: "commission-chair", #""commissionId":"c-2018","meetingId":"mt-1","motionId":"mo-1""#),
            line("annual.approve-result", id: 58, on: "2019-01-16", by: "head", as: "authorised-person", annual),
            line("annual.record-familiarisation", id: 59, on: "2019-01-17", by: "hr-1", as: "hr-officer", annual),
        ]
        return lines
    }

    @Test("an acts file records a whole 2018 cycle; grades, protocol and the case's audit trail read it back")
    func cycleThroughTheCLI() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", Self.cycle().joined(separator: "\n"))
        let result = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("recorded 34 acts; 0 were recorded already\n"))
        #expect(result.stdout.contains("  late: 001 §29: persons concerned notified no later than 7 working days before the evaluation by 2019-01-03; done 2019-01-04, 1 working day late"))

        let grades = try workspace.run("grades", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--body", "b", "--year", "2018", "--json")
        let row = try JSONParser.parse(grades.stdout.trimmingCharacters(in: .newlines))
        #expect(row["kpi_achieved"] == 4)
        #expect(row["kpi_grade"] == "effective")
        #expect(row["final_grade"] == "effective")
        #expect(row["corrected_by_commission"] == 0)
        #expect(row["familiarisation"] == "familiarised")

        // What a person reads: headings in words, aligned; yes/no, "—" for none; times in the body's zone.
        let minutes = try workspace.run("protocol", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--commission", "c-2018")
        func words(_ line: Substring) -> [String] { line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) } }
        let lines = minutes.stdout.split(separator: "\n")
        #expect(lines.contains { words($0) == ["Commission ID", "Meeting ID", "Date", "Chair ID", "Secretary ID", "Members", "Present", "Quorate"] })
        #expect(lines.contains { words($0) == ["c-2018", "mt-1", "2019-01-15", "m1", "hr-1", "m1,m2,m3,m4,m5", "m1,m2,m3,m4", "yes"] })
        #expect(lines.contains { words($0) == ["c-2018", "mo-1", "mt-1", "annual-2018-p1", "approve", "—", "2", "1", "yes", "no"] })
        #expect(!minutes.stdout.contains("\t") && !minutes.stdout.contains("NULL"))

        let trail = try workspace.run("case", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--body", "b", "--year", "2018", "--person", "p1")
        let approved = trail.stdout.split(separator: "\n").first { $0.contains("annual.result-approved") }.map(words)
        #expect(approved?.dropFirst(3).prefix(6) == ["annual.result-approved", "The authorised person approves the result as the commission decided it", "001 §38–§39", "head",
                                                      "authorised-person", "2019-01-16 10:00 +06"])
    }

    @Test("clauses as data: a body that adopts Kazygurt's document (document: kazygurt-2018) has its case file headed with 002's clauses, and is refused under 002 §13, not 001 §14")
    func kazygurtDocument() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        var lines = Self.cycle()
        let adopt = lines.firstIndex { $0.contains("methodology.adopt-annual-evaluation") }!
        lines[adopt] = lines[adopt].replacingOccurrences(of: #""act":"methodology.adopt-annual-evaluation","#, with: #""act":"methodology.adopt-annual-evaluation","document":"kazygurt-2018","#)
        // The whole cycle under 002: the case file heads each act with Kazygurt's clauses.
        try workspace.write("acts.jsonl", lines.joined(separator: "\n"))
        let cycle = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        try #require(cycle.status == 0, "\(cycle.stderr)")
        let file = try workspace.run("case-file", "--db", "l.sqlite", "--case", "case/annual/b/2018/p1", "--operator", "op", "--reader", "rev-1", "--role", "appeals-reviewer", "--reason", "appeal 3")
        #expect(file.stdout.contains("annual.plan-drafted — The direct supervisor sets the KPIs of the individual work plan [002 §9, 002 §12, 002 §13]"), "\(file.stdout)")
        #expect(file.stdout.contains("commission.motion-decided") && file.stdout.contains("[002 §32]") && !file.stdout.contains("[001 §"))
        // And a refusal under it: 002 §13, not 001 §14.
        try workspace.run("init", "--db", "k.sqlite")
        let draft = lines.firstIndex { $0.contains("annual.draft-plan") }!
        lines[draft] = lines[draft].replacingOccurrences(of: Self.kpis(), with: Self.kpis(4))
        try workspace.write("four.jsonl", lines.joined(separator: "\n"))
        let refused = try workspace.run("acts", "--db", "k.sqlite", "four.jsonl")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("payload.kpis: 002 §13: an individual work plan holds exactly 5 KPIs; got 4"), "\(refused.stderr)")
    }

    @Test("a refused act stops the file with its line, clause and facts (exit 65); earlier acts stay; the fixed file runs again, skipping them")
    func refusedMidFile() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        var lines = Self.cycle()
        let draft = lines.firstIndex { $0.contains("annual.draft-plan") }!
        let good = lines[draft]
        lines[draft] = good.replacingOccurrences(of: Self.kpis(), with: Self.kpis(4))
        try workspace.write("acts.jsonl", lines.joined(separator: "\n"))
        let refused = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        #expect(refused.status == 65)
        #expect(refused.stderr == "bagalau: error: acts.jsonl line \(draft + 1): payload.kpis: 001 §14: an individual work plan holds exactly 5 KPIs; got 4; the \(draft) acts before it are recorded\n")

        lines[draft] = good
        try workspace.write("acts.jsonl", lines.joined(separator: "\n"))
        let again = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasSuffix("recorded \(34 - draft) acts; \(draft) were recorded already\n"))
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}

/// A scripted run of acts: lines for `bagalau acts`, each with the next id so that re-runs are idempotent.
protocol ActScript {
    var nextID: Int { get set }
    var lines: [String] { get set }
}

extension ActScript {
    mutating func add(_ act: String, on day: String, by person: String, as role: String, _ fields: String) {
        nextID += 1
        lines.append(ActsCLITests.line(act, id: nextID, on: day, by: person, as: role, fields))
    }
}
