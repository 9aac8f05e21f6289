import Evaluation
import Foundation
import LedgerCore
import Testing

/// Issue #4's scripted year: a district maslikhat's apparatus in 2024 under the 2023 methodology — the
/// head of apparatus by KPIs, seven servants by differentiation — every act through `bagalau acts`, the
/// exact grades, calibrations, 360 and deadlines read back through `bagalau quarterly`, confidentially.
struct QuarterlyYearCLITests: ActScript {
    var nextID = 5000
    var lines: [String] = []

    static let servants = ["s1", "s2", "s3", "s4", "s5", "s6"]
    static func of(_ person: String) -> String { #""bodyId":"m","year":2024,"personId":"\#(person)""# }

    /// The 2023 version with an App. 3 table: ≥100% → 5, ≥90% → 4, ≥70% → 3, below → 2 (004 §28).
    static func parametersWithTable() throws -> String {
        var members = try MethodologyEvents.quarterlyEvaluation2023().objectMembers!
        members.append(("scoreTable", [
            ["minimumCompletion": "100", "maximumScore": 5], ["minimumCompletion": "90", "maximumScore": 4],
            ["minimumCompletion": "70", "maximumScore": 3], ["minimumCompletion": "0", "maximumScore": 2],
        ]))
        return CanonicalJSON.string(.object(members))
    }

    mutating func setUp() throws {
        let body = #""bodyId":"m""#
        add("organisation.register-body", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"nameKk":"Аудандық мәслихат аппараты","region":"Солтүстік Қазақстан облысы""#)
        for (person, category) in [("chair", "A-1"), ("head", "E-2"), ("hr", "E-4")] + Self.servants.map({ ($0, "E-4") }) {
            add("organisation.appoint", on: "2023-12-01", by: "hr", as: "hr-officer",
                #"\#(body),"personId":"\#(person)","fullName":"N","positionId":"pos-\#(person)","positionTitle":"Post","category":"\#(category)","appointedOn":"2020-01-06""#)
        }
        for (person, role) in [("hr", "hr-officer"), ("chair", "maslikhat-chair"), ("chair", "first-head"), ("head", "head-of-apparatus")] {
            add("organisation.assign-role", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"personId":"\#(person)","role":"\#(role)","effectiveFrom":"2020-01-06""#)
        }
        for (person, supervisor) in [("head", "chair"), ("hr", "head")] + Self.servants.map({ ($0, "head") }) {
            add("organisation.assign-supervisor", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"personId":"\#(person)","supervisorId":"\#(supervisor)","effectiveFrom":"2020-01-06""#)
        }
        add("methodology.adopt-quarterly-evaluation", on: "2023-12-20", by: "hr", as: "hr-officer",
            #"\#(body),"versionId":"q-2023","basis":"№ 8/7, 28.11.2023","effectiveFrom":"2024-01-01","parameters":\#(try Self.parametersWithTable())"#)
        for person in ["head"] + Self.servants { add("quarterly.open-case", on: "2024-01-03", by: "hr", as: "hr-officer", Self.of(person)) }
        // 004 §11: HR draws up the year's schedule in the system; the maslikhat chair approves it.
        add("quarterly.draw-up-schedule", on: "2024-01-04", by: "hr", as: "hr-officer",
            #"\#(body),"year":2024,"entries":[{"quarter":1,"evaluateBy":"2024-04-10"},{"quarter":2,"evaluateBy":"2024-07-10"},{"quarter":3,"evaluateBy":"2024-10-10"},{"quarter":4,"evaluateBy":"2025-01-10"}]"#)
        add("quarterly.approve-schedule", on: "2024-01-05", by: "chair", as: "maslikhat-chair", #"\#(body),"year":2024"#)
        add("quarterly.set-plan", on: "2024-01-15", by: "chair", as: "evaluator",
            #"\#(Self.of("head")),"agreedBy":"hr","kpis":[\#((1...3).map { #"{"number":\#($0),"name":"KPI \#($0)","unit":"%","plannedValue":"100"}"# }.joined(separator: ","))]"#)
        add("quarterly.place-plan", on: "2024-01-17", by: "hr", as: "hr-officer", Self.of("head"))
        actualValues(quarter: 1, on: "2024-04-03", ["100", "95", "82"])
    }

    mutating func actualValues(quarter: Int, on day: String, _ completion: [String]) {
        add("quarterly.notify", on: day, by: "hr", as: "hr-officer", #"\#(Self.of("head")),"quarter":\#(quarter)"#)
        let values = completion.enumerated().map { #"{"number":\#($0.offset + 1),"actualValue":"\#($0.element)","completion":"\#($0.element)"}"# }.joined(separator: ",")
        add("quarterly.compute-actual-values", on: day, by: "hr", as: "hr-officer", #"\#(Self.of("head")),"quarter":\#(quarter),"values":[\#(values)]"#)
    }

    mutating func kpiScores(quarter: Int, on day: String, _ scores: [Int]) {
        let lines = scores.enumerated().map { #"{"number":\#($0.offset + 1),"score":\#($0.element)}"# }.joined(separator: ",")
        add("quarterly.score-kpis", on: day, by: "chair", as: "evaluator", #"\#(Self.of("head")),"quarter":\#(quarter),"scores":[\#(lines)]"#)
    }

    /// The head of apparatus's differentiation scores of a quarter, each followed by HR's familiarisation the next day.
    mutating func differentiation(quarter: Int, on day: String, familiarisedOn: String, _ scores: [(String, Int)]) {
        for (person, score) in scores {
            add("quarterly.score-differentiation", on: day, by: "head", as: "evaluator",
                #"\#(Self.of(person)),"quarter":\#(quarter),"score":\#(score),"quality":"drafts sound","timeliness":"tasks on time","initiative":"proposals made","discipline":"no breaches","workload":"average""#)
            add("quarterly.familiarise", on: familiarisedOn, by: "hr", as: "hr-officer", #"\#(Self.of(person)),"quarter":\#(quarter),"channel":"system""#)
        }
    }

    /// A calibration session of `person`'s quarter: application, the chair's decision, the evaluator's
    /// argument, one participant's counter-argument, the votes, the protocol signed and posted.
    mutating func calibration(
        _ person: String, quarter: Int, applied: String, convened: String, held: String, participants: [String],
        counter: (String, String, String), votes: [(String, String)]
    ) {
        let q = #"\#(Self.of(person)),"quarter":\#(quarter)"#
        add("quarterly.apply-for-calibration", on: applied, by: person, as: "servant", #"\#(q),"reason":"I disagree with the grade""#)
        add("quarterly.convene-calibration", on: convened, by: "chair", as: "maslikhat-chair",
            #"\#(q),"sessionId":"cal-\#(person)-\#(quarter)","participants":[\#(participants.map { "\"\($0)\"" }.joined(separator: ","))],"sessionDate":"\#(held)""#)
        add("quarterly.argue", on: held, by: "head", as: "evaluator", #"\#(q),"position":"support","argument":"the grade reflects the quarter's work""#)
        add("quarterly.argue", on: held, by: counter.0, as: "calibration-participant", #"\#(q),"position":"\#(counter.1)","proposedScore":"\#(counter.2)","argument":"the evidence says otherwise""#)
        for (participant, score) in votes { add("quarterly.vote", on: held, by: participant, as: "calibration-participant", #"\#(q),"score":"\#(score)""#) }
        add("quarterly.sign-protocol", on: held, by: "chair", as: "maslikhat-chair", q)
        add("quarterly.post-protocol", on: held, by: "hr", as: "hr-officer", q)
        add("quarterly.hold-feedback-meeting", on: held, by: "head", as: "evaluator", #"\#(q),"achievements":"Тоқсанның жоспарлы жұмыстары мерзімінде орындалды","development":"Өзгерістерді басқару құзыретін дамыту: біліктілікті арттыру семинары","careerGoals":"Бөлім басшысы лауазымына кадр резервіне ұсыну""#)
    }

    static func answers(_ rows: [[Int]]) -> String {
        let ids = ["effective-communication", "ethics", "change-management", "result-orientation", "independence-decisions", "cooperation", "promptness", "self-development"]
        return "[" + rows.map { row in "[" + zip(ids, row).map { #"{"competency":"\#($0.0)","score":\#($0.1)}"# }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// The year after Q1's actual values: every score, calibration, exemption, complaint and the 360.
    mutating func restOfYear() {
        kpiScores(quarter: 1, on: "2024-04-08", [5, 4, 3])
        differentiation(quarter: 1, on: "2024-04-08", familiarisedOn: "2024-04-09", [("s1", 3), ("s2", 4), ("s3", 3), ("s4", 4), ("s5", 3), ("s6", 4)])
        calibration("s1", quarter: 1, applied: "2024-04-11", convened: "2024-04-12", held: "2024-04-18", participants: ["head", "chair", "s4"],
                    counter: ("s4", "raise", "4"), votes: [("head", "3"), ("chair", "4"), ("s4", "4")])
        add("organisation.appoint", on: "2024-05-20", by: "hr", as: "hr-officer",
            #""bodyId":"m","personId":"s7","fullName":"N","positionId":"pos-s7","positionTitle":"Post","category":"E-4","appointedOn":"2024-05-20""#)
        add("organisation.assign-supervisor", on: "2024-05-20", by: "hr", as: "hr-officer", #""bodyId":"m","personId":"s7","supervisorId":"head","effectiveFrom":"2024-05-20""#)
        add("quarterly.open-case", on: "2024-05-20", by: "hr", as: "hr-officer", Self.of("s7"))
        add("organisation.record-leave", on: "2024-06-25", by: "hr", as: "hr-officer", #""bodyId":"m","personId":"s2","kind":"annual","from":"2024-07-01","until":"2024-07-19""#)
        // 004 §26: the apparatus gains a department by the chair's order; the head's KPIs change on that ground.
        add("organisation.record-structure-change", on: "2024-06-03", by: "hr", as: "hr-officer",
            #""bodyId":"m","changeId":"order-17","orderNumber":"№ 17, 03.06.2024","effectiveFrom":"2024-06-03","description":"a department of public petitions is created""#)
        add("quarterly.change-plan", on: "2024-06-05", by: "chair", as: "evaluator",
            #"\#(Self.of("head")),"agreedBy":"hr","changeId":"order-17","kpis":[\#((1...3).map { #"{"number":\#($0),"name":"KPI \#($0) (revised)","unit":"%","plannedValue":"100"}"# }.joined(separator: ","))]"#)
        actualValues(quarter: 2, on: "2024-07-03", ["100", "100", "90"])
        kpiScores(quarter: 2, on: "2024-07-08", [5, 5, 4])
        differentiation(quarter: 2, on: "2024-07-08", familiarisedOn: "2024-07-09", [("s1", 4), ("s2", 4), ("s3", 3), ("s4", 4), ("s5", 5), ("s6", 3), ("s7", 4)])
        calibration("s5", quarter: 2, applied: "2024-07-10", convened: "2024-07-11", held: "2024-07-17", participants: ["head", "chair", "s4"],
                    counter: ("chair", "lower", "4"), votes: [("head", "5"), ("chair", "4"), ("s4", "4")])
        // 004 §17: s2 disagrees with how the Q2 notice reached them while on leave; HR resolves it with s2 and the head.
        add("quarterly.record-disagreement", on: "2024-07-22", by: "hr", as: "hr-officer", #"\#(Self.of("s2")),"disagreementId":"d-1","raisedBy":"s2","subject":"the Q2 notice was sent during the leave""#)
        add("quarterly.resolve-disagreement", on: "2024-07-24", by: "hr", as: "hr-officer",
            #"\#(Self.of("s2")),"disagreementId":"d-1","parties":["s2","head"],"resolution":"the notice is re-sent through the intranet; no change to the score""#)
        add("organisation.dismiss", on: "2024-08-15", by: "hr", as: "hr-officer", #""bodyId":"m","personId":"s3","dismissedOn":"2024-08-15""#)
        add("organisation.record-leave", on: "2024-09-25", by: "hr", as: "hr-officer", #""bodyId":"m","personId":"head","kind":"business-trip","from":"2024-10-07","until":"2024-10-11""#)
        actualValues(quarter: 3, on: "2024-10-02", ["100", "80", "75"])
        differentiation(quarter: 3, on: "2024-10-04", familiarisedOn: "2024-10-07", [("s1", 4), ("s2", 3), ("s3", 2), ("s4", 5), ("s5", 4), ("s6", 3), ("s7", 4)])
        kpiScores(quarter: 3, on: "2024-10-16", [5, 3, 3])  // the head was away 7–11 Oct, over the 10 Oct deadline: back Mon 14 Oct, due 5 WD later (21 Oct)
        // s6 applies on 16 Oct, 2 working days after the 14 Oct deadline: recorded and flagged; the tie keeps the 3.
        calibration("s6", quarter: 3, applied: "2024-10-16", convened: "2024-10-17", held: "2024-10-21", participants: ["head", "chair", "s4", "s5"],
                    counter: ("s5", "raise", "4"), votes: [("head", "3"), ("chair", "4"), ("s4", "3"), ("s5", "4")])
        add("quarterly.file-complaint", on: "2024-11-01", by: "s6", as: "servant", #"\#(Self.of("s6")),"quarter":3,"authority":"regional maslikhat","learnedOn":"2024-10-22""#)
        add("quarterly.decide-complaint", on: "2024-11-20", by: "reg-1", as: "agency-officer", #"\#(Self.of("s6")),"quarter":3,"outcome":"rejected","reasoning":"the session followed 004 §42""#)
        add("quarterly.open-360", on: "2024-12-16", by: "hr", as: "hr-officer",
            #"\#(Self.of("s1")),"respondents":[{"personId":"chair","relation":"maslikhat-chair"},{"personId":"s2","relation":"evaluator-subordinate"},{"personId":"s4","relation":"evaluator-subordinate"}]"#)
        add("quarterly.self-assess", on: "2024-12-18", by: "s1", as: "servant", #"\#(Self.of("s1")),"scores":\#(Self.answers([[5, 5, 5, 5, 5, 5, 5, 5]]).dropFirst().dropLast())"#)
        actualValues(quarter: 4, on: "2024-12-31", ["100", "100", "100"])
        kpiScores(quarter: 4, on: "2025-01-08", [5, 5, 5])
        differentiation(quarter: 4, on: "2025-01-08", familiarisedOn: "2025-01-09", [("s1", 4), ("s2", 4), ("s4", 5), ("s5", 4), ("s6", 4), ("s7", 5)])
        add("quarterly.exempt-quarter", on: "2025-01-08", by: "hr", as: "hr-officer", #"\#(Self.of("s3")),"quarter":4"#)
        add("quarterly.record-360-answers", on: "2025-01-08", by: "hr", as: "hr-officer",
            #"\#(Self.of("s1")),"answers":\#(Self.answers([[4, 2, 4, 5, 4, 4, 4, 4], [5, 3, 4, 4, 4, 4, 4, 4], [3, 2, 4, 4, 4, 4, 4, 5]]))"#)
        add("quarterly.record-court-decision", on: "2025-01-16", by: "hr", as: "hr-officer",
            #"\#(Self.of("s6")),"quarter":3,"court":"Timiryazev district court","filedOn":"2024-12-10","outcome":"rejected","decisionDate":"2025-01-15""#)
    }

    func rows(_ workspace: CLIWorkspace, _ view: String, reader: String, person: String? = nil, on day: String = "2025-01-20", late: Bool = false) throws -> [JSONValue] {
        var arguments = ["quarterly", view, "--db", "l.sqlite", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", reader, "--on", day, "--json"]
        if let person { arguments += ["--person", person] }
        if late { arguments.append("--late") }
        let (process, out, _) = try workspace.start(arguments)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    @Test("the 2024 year of a head of apparatus and seven servants through the CLI: exact quarterly and annual grades, table refusal, mid-year appointment, leave, dismissal, 360, calibrations up, down and tied, a late application, confidentiality")
    mutating func year() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        func run(_ name: String, _ lines: [String]) throws -> CLIWorkspace.Result {
            try workspace.write(name, lines.joined(separator: "\n"))
            return try workspace.run("acts", "--db", "l.sqlite", name)
        }

        // Part A: the body, the version with its App. 3 table, the cases, the head's plan, Q1's actual values.
        try setUp()
        var result = try run("a.jsonl", lines)
        try #require(result.status == 0, "\(result.stderr) \(result.stdout)")
        // What is due and late per body: on 20 April nothing of Q1 is scored, all seven cases are past 10 April.
        let overdue = try rows(workspace, "due", reader: "hr", on: "2024-04-20", late: true)
        #expect(overdue.count == 7 && overdue.allSatisfy { $0["quarter"] == 1 && $0["due_by"] == "2024-04-10" })
        #expect(try rows(workspace, "due", reader: "hr", on: "2024-04-05", late: true).isEmpty)

        // 004 §28: KPI 3 completed at 82% allows at most 3 — a 5 is refused and nothing is written.
        lines = []
        kpiScores(quarter: 1, on: "2024-04-08", [5, 4, 5])
        result = try run("refused.jsonl", lines)
        #expect(result.status == 65)
        #expect(result.stderr.contains("004 §28: a KPI completed at 82.00% allows a score of at most 3 (App. 3 table); got 5"))

        // Part B: the rest of the year.
        lines = []
        restOfYear()
        result = try run("b.jsonl", lines)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("late: 004 §13: application within 5 working days of familiarisation by 2024-10-14; done 2024-10-16, 2 working days late"))

        // 004 §36: a 360 with two respondents is too few.
        lines = []
        add("quarterly.open-360", on: "2024-12-16", by: "hr", as: "hr-officer",
            #"\#(Self.of("s4")),"respondents":[{"personId":"chair","relation":"maslikhat-chair"},{"personId":"s2","relation":"evaluator-subordinate"}]"#)
        result = try run("few.jsonl", lines)
        #expect(result.status == 65)
        #expect(result.stderr.contains("004 §36: 3 to 7 respondents per evaluated person; got 2"))

        // Exact annual grades: the mean of the quarters' final scores, exempt quarters left out (004 §5, §8).
        let annual = try rows(workspace, "annual", reader: "hr")
        func annualRow(_ person: String) throws -> JSONValue { try #require(annual.first { $0["person_id"] == .string(person) }, "no annual row for \(person)") }
        let expected: [(String, String, String, String, Int64, String)] = [
            ("head", "13/3", "4.33", "effective", 4, "Q1: 4; Q2: 14/3; Q3: 11/3; Q4: 5"),
            ("s1", "4", "4.00", "effective", 4, "Q1: 4; Q2: 4; Q3: 4; Q4: 4"),  // Q1 raised from 3 by the session
            ("s2", "15/4", "3.75", "proper", 4, "Q1: 4; Q2: 4; Q3: 3; Q4: 4"),  // Q2 scored while on leave
            ("s3", "8/3", "2.67", "satisfactory", 3, "Q1: 3; Q2: 3; Q3: 2"),  // dismissed 15 Aug: Q3 without them, Q4 exempt
            ("s4", "9/2", "4.50", "effective", 4, "Q1: 4; Q2: 4; Q3: 5; Q4: 5"),
            ("s5", "15/4", "3.75", "proper", 4, "Q1: 3; Q2: 4; Q3: 4; Q4: 4"),  // Q2 lowered from 5
            ("s6", "7/2", "3.50", "proper", 4, "Q1: 4; Q2: 3; Q3: 3; Q4: 4"),  // the tie kept Q3 at 3
            ("s7", "13/3", "4.33", "effective", 3, "Q2: 4; Q3: 4; Q4: 5"),  // appointed 20 May
        ]
        #expect(annual.count == expected.count)
        for (person, mean, rounded, band, counted, quarters) in expected {
            let row = try annualRow(person)
            #expect(row["mean"] == .string(mean), "\(person)")
            #expect(row["rounded"] == .string(rounded), "\(person)")
            #expect(row["result"] == .string(band), "\(person)")
            #expect(row["quarters_counted"] == .integer(counted), "\(person)")
            #expect(row["quarter_scores"] == .string(quarters), "\(person)")
            #expect(row["status"] == "final", "\(person)")
        }
        #expect(try annualRow("head")["result_kk"] == "Функционалдық міндеттерін тиімді атқарады")

        let grades = try rows(workspace, "grades", reader: "hr")
        func quarter(_ person: String, _ number: Int64) -> JSONValue? { grades.first { $0["person_id"] == .string(person) && $0["quarter"] == .integer(number) } }
        #expect(quarter("s1", 1)?["evaluator_score"] == "3" && quarter("s1", 1)?["final_score"] == "4" && quarter("s1", 1)?["status"] == "calibrated")
        #expect(quarter("head", 2)?["final_score"] == "14/3" && quarter("head", 2)?["final_rounded"] == "4.67")
        #expect(quarter("head", 1)?["components"] == "KPI 1: 5 (completion 100%); KPI 2: 4 (completion 95%); KPI 3: 3 (completion 82%)")
        #expect(quarter("s3", 4)?["status"] == "exempt: not in the position during quarter 4 (2024-10-01–2024-12-31)")
        #expect(quarter("s7", 1) == nil)
        #expect(quarter("s2", 2)?["components"]?.stringValue?.contains("quality: drafts sound") == true)

        let calibrations = try rows(workspace, "calibrations", reader: "hr")
        func session(_ person: String) -> JSONValue? { calibrations.first { $0["case_id"] == .string("quarterly-2024-\(person)") } }
        #expect(session("s1")?["before"] == "3" && session("s1")?["after"] == "4" && session("s1")?["correction"] == "up")
        #expect(session("s1")?["votes"] == "head: 3; chair: 4; s4: 4")
        #expect(session("s1")?["arguments"] == "head (evaluator): support — the grade reflects the quarter's work | s4 (calibration-participant): raise to 4 — the evidence says otherwise")
        #expect(session("s5")?["correction"] == "down" && session("s5")?["after"] == "4")
        #expect(session("s6")?["correction"] == "none" && session("s6")?["after"] == "3")
        #expect(session("s6")?["rule"]?.stringValue?.hasPrefix("no majority: the evaluator's score stands") == true)
        #expect(session("s6")?["complaint"] == "filed 2024-11-01 to regional maslikhat; rejected 2024-11-20")
        #expect(session("s6")?["court"] == "Timiryazev district court: rejected 2025-01-15")

        let late = try rows(workspace, "deadlines", reader: "hr").filter { ($0["working_days_late"]?.integerValue ?? 0) > 0 }
        #expect(late.contains { $0["case_id"] == "quarterly-2024-s6" && $0["clause"] == "004 §13" && $0["working_days_late"] == 2 })
        // 004 §11: every scoring was judged against the approved schedule too; all on time.
        let scheduled = try rows(workspace, "deadlines", reader: "hr").filter { $0["clause"] == "004 §11" }
        #expect(!scheduled.isEmpty && scheduled.allSatisfy { $0["working_days_late"] == 0 })
        let headQ3 = try rows(workspace, "deadlines", reader: "hr").first { $0["case_id"] == "quarterly-2024-head" && $0["act"] == "quarterly.kpis-scored" && $0["clause"] == "004 §6" }
        #expect(headQ3?["due_by"] == "2024-10-21" && headQ3?["working_days_late"] == 0)

        let survey = try rows(workspace, "360", reader: "s1", person: "s1")
        #expect(survey.count == 8)
        let ethics = survey.first { $0["competency"] == "ethics" }
        #expect(ethics?["mean"] == "7/3" && ethics?["least_developed"] == 1 && ethics?["self_score"] == 5 && ethics?["answers"] == 3)
        #expect(survey.filter { $0["least_developed"] == 1 }.count == 1)

        // 004 §16, §21: colleague s5 may not read s1's results; participant s4 may; s2 sees only their own case.
        let refused = try workspace.run("quarterly", "grades", "--db", "l.sqlite", "--body", "m", "--year", "2024", "--person", "s1", "--operator", "op", "--reason", "checking the view", "--reader", "s5", "--on", "2025-01-20")
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("004 §16, §21: the results of quarterly-2024-s1 are known only to the evaluated servant, the evaluator, the HR officer and the case's calibration participants; s5 is none of them"))
        #expect(try rows(workspace, "grades", reader: "s4", person: "s1").count == 4)
        #expect(Set(try rows(workspace, "annual", reader: "s2").compactMap { $0["person_id"]?.stringValue }) == ["s2"])
        let listing = try workspace.run("quarterly", "annual", "--db", "l.sqlite", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", "s2", "--on", "2025-01-20")
        #expect(listing.stdout.contains("(7 case(s) withheld: 004 §16, §21)"))

        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}
