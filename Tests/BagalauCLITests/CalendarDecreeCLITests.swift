import Evaluation
import Foundation
import LedgerCore
import Testing

/// A calendar that grows by decree (design.md §10): a decree recorded as an act changes the deadlines
/// judged after it, names itself in them, and leaves the deadlines recorded before it as they were.
struct CalendarDecreeCLITests: ActScript {
    var nextID = 9000
    var lines: [String] = []

    @Test("a decree making Tue 9 Apr 2024 a day off: s2's familiarisation, judged after it, is due 11 Apr and names the decree; s1's, recorded before, stays due 10 Apr")
    mutating func decreeChangesLaterDeadlines() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let body = #""bodyId":"m""#
        func of(_ person: String) -> String { #""bodyId":"m","year":2024,"personId":"\#(person)""# }
        add("organisation.register-body", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"nameKk":"Аудандық мәслихат аппараты","region":"Солтүстік Қазақстан облысы""#)
        for (person, category) in [("chair", "A-1"), ("head", "E-2"), ("hr", "E-4"), ("s1", "E-4"), ("s2", "E-4")] {
            add("organisation.appoint", on: "2023-12-01", by: "hr", as: "hr-officer",
                #"\#(body),"personId":"\#(person)","fullName":"N","positionId":"pos-\#(person)","positionTitle":"Post","category":"\#(category)","appointedOn":"2020-01-06""#)
        }
        for (person, role) in [("hr", "hr-officer"), ("chair", "maslikhat-chair"), ("head", "head-of-apparatus")] {
            add("organisation.assign-role", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"personId":"\#(person)","role":"\#(role)","effectiveFrom":"2020-01-06""#)
        }
        for person in ["head", "s1", "s2"] {
            add("organisation.assign-supervisor", on: "2023-12-01", by: "hr", as: "hr-officer", #"\#(body),"personId":"\#(person)","supervisorId":"\#(person == "head" ? "chair" : "head")","effectiveFrom":"2020-01-06""#)
        }
        add("methodology.adopt-quarterly-evaluation", on: "2023-12-20", by: "hr", as: "hr-officer", #"\#(body),"versionId":"q-2023","basis":"№ 8/7, 28.11.2023","effectiveFrom":"2024-01-01""#)
        for person in ["s1", "s2"] {
            add("quarterly.open-case", on: "2024-01-03", by: "hr", as: "hr-officer", of(person))
            add("quarterly.score-differentiation", on: "2024-04-08", by: "head", as: "evaluator",
                #"\#(of(person)),"quarter":1,"score":4,"quality":"q","timeliness":"t","initiative":"i","discipline":"d","workload":"w""#)
        }
        add("quarterly.familiarise", on: "2024-04-10", by: "hr", as: "hr-officer", #"\#(of("s1")),"quarter":1"#)
        // 004 §12: 2 working days after Mon 8 Apr — Tue 9, Wed 10.
        add("calendar.record-decree", on: "2024-04-10", by: "rec-1", as: "records-officer",
            #""decreeId":"kz-2024-04","basis":"Order of the Minister of Labour № 1 (hypothetical, for the test)","days":[{"date":"2024-04-09","becomes":"day-off","note":"transferred from Saturday 13 April"},{"date":"2024-04-13","becomes":"working-day","note":"worked instead of Tuesday 9 April"}]"#)
        add("quarterly.familiarise", on: "2024-04-11", by: "hr", as: "hr-officer", #"\#(of("s2")),"quarter":1"#)
        try workspace.write("acts.jsonl", lines.joined(separator: "\n"))
        let result = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        try #require(result.status == 0, "\(result.stderr)")

        let (process, out, _) = try workspace.start(["quarterly", "deadlines", "--db", "l.sqlite", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--on", "2024-04-20", "--json"])
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let rows = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        func familiarisation(_ person: String) -> JSONValue? { rows.first { $0["case_id"] == .string("quarterly-2024-\(person)") && $0["clause"] == "004 §12" } }
        #expect(familiarisation("s1")?["due_by"] == "2024-04-10" && familiarisation("s1")?["rule"]?.stringValue?.contains("decree") == false)
        #expect(familiarisation("s2")?["due_by"] == "2024-04-11" && familiarisation("s2")?["working_days_late"] == 0)
        #expect(familiarisation("s2")?["rule"]?.stringValue?.hasSuffix("[kz-calendar 2016–2027 + decree kz-2024-04]") == true, "\(String(describing: familiarisation("s2")))")

        // s1's case file keeps the deadline as judged, and says a later decree touches its span.
        let file = try workspace.run("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--role", "hr-officer")
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stdout.contains("deadline: 004 §12: results shown within 2 working days of the evaluation by 2024-04-10; done 2024-04-10, on time"))
        #expect(file.stdout.contains("a later decree may have changed it: kz-2024-04 (recorded later, #"), "\(file.stdout)")
        let s2File = try workspace.run("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s2", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--role", "hr-officer")
        #expect(s2File.stdout.contains("[kz-calendar 2016–2027 + decree kz-2024-04]"))

        // The same decree again is refused; so is one that "changes" a day to what it is already.
        lines = []
        add("calendar.record-decree", on: "2024-04-12", by: "rec-1", as: "records-officer",
            #""decreeId":"kz-2024-05","basis":"b","days":[{"date":"2024-04-09","becomes":"day-off","note":"n"}]"#)
        try workspace.write("again.jsonl", lines.joined(separator: "\n"))
        let again = try workspace.run("acts", "--db", "l.sqlite", "again.jsonl")
        #expect(again.status == 65 && again.stderr.contains("payload.days[0]: 2024-04-09 is a day off already"), "\(again.stderr)")
        lines = []
        add("calendar.record-decree", on: "2024-04-12", by: "hr", as: "hr-officer", #""decreeId":"kz-2024-06","basis":"b","days":[{"date":"2024-04-16","becomes":"day-off","note":"n"}]"#)
        try workspace.write("hr.jsonl", lines.joined(separator: "\n"))
        #expect(try workspace.run("acts", "--db", "l.sqlite", "hr.jsonl").stderr.contains("recording a calendar decree is done by records-officer"))
    }
}
