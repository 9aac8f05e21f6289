import Foundation
import LedgerCore
import Testing

/// Issue #3's scripted year: one body, six servants, every act through `bagalau acts`, and the exact
/// grades and protocol read back.
struct AnnualCycleCLITests: ActScript {
    var nextID = 1000
    var lines: [String] = []

    static func annual(_ person: String) -> String { #""bodyId":"b","year":2018,"personId":"\#(person)""# }

    static func results(achieved: Int) -> String {
        "[" + (1...5).map { #"{"number":\#($0),"actualValue":"\#($0 <= achieved ? "100" : "40")","achieved":\#($0 <= achieved)}"# }.joined(separator: ",") + "]"
    }

    /// Organisation, methodology and commission: the first 34 lines of the shorter cycle, minus p1's case.
    mutating func setUp() {
        lines = ActsCLITests.cycle().filter { !$0.contains(#""act":"annual."#) && !$0.contains(#""act":"commission."#) || $0.contains("commission.form") }
        for person in ["p2", "p3", "p4", "p5", "p6"] {
            add("organisation.appoint", on: "2017-12-01", by: "hr-1", as: "hr-officer",
                #""bodyId":"b","personId":"\#(person)","fullName":"N","positionId":"pos-\#(person)","positionTitle":"Specialist","category":"E-4","appointedOn":"\#(person == "p5" ? "2018-06-01" : "2015-01-05")"\#(person == "p5" ? #","probationEndsOn":"2019-03-01""# : "")"#)
            add("organisation.assign-supervisor", on: "2017-12-01", by: "hr-1", as: "hr-officer",
                #""bodyId":"b","personId":"\#(person)","supervisorId":"chief","effectiveFrom":"\#(person == "p5" ? "2018-06-01" : "2015-01-05")""#)
        }
        add("organisation.record-leave", on: "2018-12-19", by: "hr-1", as: "hr-officer",
            #""bodyId":"b","personId":"p6","kind":"sick","from":"2018-12-20","until":"2019-01-09""#)
    }

    /// Plan through approval; `returnedOnce` has the superior return it first. `from` shifts the first
    /// acts for a servant appointed during the year.
    mutating func plan(_ person: String, returnedOnce: Bool = false, from start: String = "2018-01-10") {
        let annual = Self.annual(person)
        add("annual.open-case", on: "2018-01-03", by: "hr-1", as: "hr-officer", annual)
        add("annual.draft-plan", on: start, by: "chief", as: "direct-supervisor", #"\#(annual),"kpis":[\#(ActsCLITests.kpis())]"#)
        add("annual.submit-plan", on: start, by: "chief", as: "direct-supervisor", annual)
        if returnedOnce {
            add("annual.return-plan", on: "2018-01-11", by: "head", as: "superior-supervisor", #"\#(annual),"reason":"KPI 2 is not measurable (001 §13)""#)
            add("annual.draft-plan", on: "2018-01-12", by: "chief", as: "direct-supervisor", #"\#(annual),"kpis":[\#(ActsCLITests.kpis())]"#)
            add("annual.submit-plan", on: "2018-01-12", by: "chief", as: "direct-supervisor", annual)
        }
        add("annual.approve-plan", on: start > "2018-01-15" ? start : "2018-01-15", by: "head", as: "superior-supervisor", annual)
    }

    /// KPI sheet (optionally returned once), competency sheet, hand-over.
    mutating func sheets(_ person: String, achieved: Int, signedOn: String = "2018-12-26", returnedOnceFrom: Int? = nil) {
        let annual = Self.annual(person)
        if let first = returnedOnceFrom {
            add("annual.sign-kpi-sheet", on: signedOn, by: "chief", as: "direct-supervisor", #"\#(annual),"results":\#(Self.results(achieved: first))"#)
            add("annual.return-kpi-sheet", on: "2018-12-27", by: "head", as: "superior-supervisor", #"\#(annual),"reason":"No act proves KPI 5""#)
            add("annual.sign-kpi-sheet", on: "2018-12-28", by: "chief", as: "direct-supervisor", #"\#(annual),"results":\#(Self.results(achieved: achieved))"#)
        } else {
            add("annual.sign-kpi-sheet", on: signedOn, by: "chief", as: "direct-supervisor", #"\#(annual),"results":\#(Self.results(achieved: achieved))"#)
        }
        let agreedOn = signedOn > "2018-12-28" ? signedOn : "2018-12-28"
        add("annual.agree-kpi-sheet", on: agreedOn, by: "head", as: "superior-supervisor", annual)
        add("annual.sign-competency-sheet", on: agreedOn, by: "chief", as: "direct-supervisor",
            #"\#(annual),"competencies":[{"competency":"Cooperation","observed":["a","b","c"],"notObserved":["d"]},{"competency":"Initiative","observed":["a"],"notObserved":["b","c"]}]"#)
        add("annual.hand-to-commission", on: agreedOn, by: "hr-1", as: "hr-officer", #"\#(annual),"commissionId":"c-2018""#)
    }

    /// A motion on `person`'s case with the votes of m1 (chair), m2, m3, m4, then the decision.
    mutating func motion(_ id: String, meeting: String, on day: String, person: String, revise: String? = nil, votes: [String]) {
        let revision = revise.map { #","proposal":"revise","revisedGrade":"\#($0)","reason":"The commission weighed the evidence again""# } ?? #","proposal":"approve""#
        add("commission.put-motion", on: day, by: "m1", as: "commission-chair",
            #""commissionId":"c-2018","meetingId":"\#(meeting)","motionId":"\#(id)","caseId":"annual-2018-\#(person)"\#(revision)"#)
        for (member, vote) in zip(["m1", "m2", "m3", "m4"], votes) where !vote.isEmpty {
            add("commission.vote", on: day, by: member, as: member == "m1" ? "commission-chair" : "commission-member",
                #""commissionId":"c-2018","meetingId":"\#(meeting)","motionId":"\#(id)","vote":"\#(vote)""#)
        }
        add("commission.decide", on: day, by: "m1", as: "commission-chair", #""commissionId":"c-2018","meetingId":"\#(meeting)","motionId":"\#(id)""#)
    }

    @Test("the 2018 year of six servants through the CLI: exact grades, corrections, votes and appeals; probation refused")
    mutating func year() throws {
        setUp()
        plan("p1", returnedOnce: true)
        for person in ["p2", "p3", "p4", "p6"] { plan(person) }
        sheets("p1", achieved: 5)
        sheets("p2", achieved: 4, returnedOnceFrom: 5)
        sheets("p3", achieved: 3)
        sheets("p4", achieved: 2)
        sheets("p6", achieved: 4, signedOn: "2019-01-14")  // back from sick leave on 10 Jan: due by 16 Jan
        add("commission.schedule", on: "2018-12-28", by: "hr-1", as: "hr-officer",
            #""commissionId":"c-2018","meetingId":"mt-1","date":"2019-01-15","caseIds":["annual-2018-p1","annual-2018-p2","annual-2018-p3","annual-2018-p4","annual-2018-p6"],"consentedBy":"m1""#)
        for person in ["p1", "p2", "p3", "p4", "p6"] {
            add("commission.notify", on: "2019-01-03", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-1","personId":"\#(person)""#)
        }
        add("commission.hold", on: "2019-01-15", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-1","present":["m1","m2","m3","m4"]"#)
        motion("mo-p1", meeting: "mt-1", on: "2019-01-15", person: "p1", votes: ["for", "for", "for", "against"])
        motion("mo-p2", meeting: "mt-1", on: "2019-01-15", person: "p2", votes: ["for", "for", "against", "against"])  // tie: the chair decides
        motion("mo-p3", meeting: "mt-1", on: "2019-01-15", person: "p3", revise: "effective", votes: ["for", "for", "for", "against"])
        motion("mo-p4", meeting: "mt-1", on: "2019-01-15", person: "p4", votes: ["for", "for", "for", ""])
        motion("mo-p6", meeting: "mt-1", on: "2019-01-15", person: "p6", votes: ["for", "for", "for", "for"])
        for person in ["p1", "p2", "p3", "p4", "p6"] {
            add("annual.approve-result", on: "2019-01-16", by: "head", as: "authorised-person", Self.annual(person))
        }
        for person in ["p1", "p3", "p4", "p6"] {
            add("annual.record-familiarisation", on: "2019-01-17", by: "hr-1", as: "hr-officer", Self.annual(person))
        }
        add("annual.record-refusal", on: "2019-01-17", by: "hr-1", as: "hr-officer", #"\#(Self.annual("p2")),"signatories":["hr-1","m4","m5"]"#)
        add("annual.send-result", on: "2019-01-17", by: "hr-1", as: "hr-officer", #"\#(Self.annual("p2")),"reference":"intranet № 14-02/117""#)  // 001 §42
        add("annual.file-appeal", on: "2019-01-22", by: "p3", as: "servant", #"\#(Self.annual("p3")),"authority":"Agency department, Akmola region""#)
        add("annual.decide-appeal", on: "2019-02-15", by: "agency-7", as: "agency-officer", #"\#(Self.annual("p3")),"outcome":"unchanged","reasoning":"The commission's revision is reasoned""#)
        add("annual.file-appeal", on: "2019-01-22", by: "p4", as: "servant", #"\#(Self.annual("p4")),"authority":"Agency department, Akmola region""#)
        add("annual.decide-appeal", on: "2019-02-15", by: "agency-7", as: "agency-officer", #"\#(Self.annual("p4")),"outcome":"recommend-reconsideration","reasoning":"KPI 3 evidence was not weighed""#)
        add("commission.schedule", on: "2019-02-18", by: "hr-1", as: "hr-officer",
            #""commissionId":"c-2018","meetingId":"mt-2","date":"2019-03-01","caseIds":["annual-2018-p4"],"consentedBy":"m1""#)
        add("commission.notify", on: "2019-02-19", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-2","personId":"p4""#)
        add("commission.hold", on: "2019-03-01", by: "hr-1", as: "hr-officer", #""commissionId":"c-2018","meetingId":"mt-2","present":["m1","m2","m3","m4","m5"]"#)
        motion("mo-p4-2", meeting: "mt-2", on: "2019-03-01", person: "p4", revise: "satisfactory", votes: ["for", "for", "for", "for"])
        add("annual.approve-result", on: "2019-03-04", by: "head", as: "authorised-person", Self.annual("p4"))
        plan("p5", from: "2018-06-11")

        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("year.jsonl", lines.joined(separator: "\n"))
        let run = try workspace.run("acts", "--db", "l.sqlite", "year.jsonl")
        #expect(run.status == 0, "\(run.stderr)")
        // p1's plan was resubmitted on time; p6's sheet, signed 14 Jan, is within 5 working days of the return.
        #expect(!run.stdout.contains("late: 001 §12"))
        #expect(!run.stdout.contains("late: 001 §4"))

        let grades = try workspace.run("grades", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--body", "b", "--year", "2018", "--json").stdout
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        func row(_ person: String) -> JSONValue? { grades.first { $0["person_id"] == .string(person) } }
        #expect(grades.count == 6)
        // person: KPI achieved, KPI grade, final grade, corrected by the commission, familiarisation, appeal
        let expected: [(String, Int64, String, String, Int64, String, String)] = [
            ("p1", 5, "excellent", "excellent", 0, "familiarised", "none"),
            ("p2", 4, "effective", "effective", 0, "refused (act)", "none"),
            ("p3", 3, "satisfactory", "effective", 1, "familiarised", "unchanged"),
            ("p4", 2, "unsatisfactory", "satisfactory", 1, "pending", "recommend-reconsideration"),
            ("p6", 4, "effective", "effective", 0, "familiarised", "none"),
        ]
        for (person, achieved, kpiGrade, finalGrade, corrected, familiarisation, appeal) in expected {
            let found = try #require(row(person), "no grades row for \(person)")
            #expect(found["kpi_achieved"] == .integer(achieved), "\(person)")
            #expect(found["kpi_grade"] == .string(kpiGrade), "\(person)")
            #expect(found["final_grade"] == .string(finalGrade), "\(person)")
            #expect(found["corrected_by_commission"] == .integer(corrected), "\(person)")
            #expect(found["familiarisation"] == .string(familiarisation), "\(person)")
            #expect(found["appeal"] == .string(appeal), "\(person)")
            #expect(found["competencies_met"] == 1 && found["competencies_assessed"] == 2, "\(person)")
        }
        #expect(row("p5")?["plan"] == "approved")
        #expect(row("p5")?["kpi_grade"] == .null)

        let motions = try workspace.run("protocol", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--commission", "c-2018", "--json").stdout
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }.filter { $0["motion_id"] != nil && $0["proposal"] != nil }
        func motionRow(_ id: String) -> JSONValue? { motions.first { $0["motion_id"] == .string(id) } }
        #expect(motionRow("mo-p2")?["votes_for"] == 2 && motionRow("mo-p2")?["votes_against"] == 2)
        #expect(motionRow("mo-p2")?["tie_broken_by_chair"] == 1 && motionRow("mo-p2")?["carried"] == 1)
        #expect(motionRow("mo-p3")?["corrected_grade"] == "effective" && motionRow("mo-p3")?["votes_for"] == 3)
        #expect(motionRow("mo-p4")?["votes_for"] == 3 && motionRow("mo-p4")?["votes_against"] == 0)
        #expect(motionRow("mo-p4-2")?["meeting_id"] == "mt-2" && motionRow("mo-p4-2")?["corrected_grade"] == "satisfactory")

        // 001 §4: p5, on probation until 2019-03-01, is not evaluated.
        var probation = AnnualCycleCLITests()
        probation.nextID = 9000
        probation.add("annual.sign-kpi-sheet", on: "2018-12-26", by: "chief", as: "direct-supervisor", #"\#(Self.annual("p5")),"results":\#(Self.results(achieved: 5))"#)
        try workspace.write("p5.jsonl", probation.lines.joined(separator: "\n"))
        let refused = try workspace.run("acts", "--db", "l.sqlite", "p5.jsonl")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("001 §4: p5 is not evaluated: on probation until 2019-03-01"))
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}
