import Foundation
import LedgerCore
import Testing

/// Issue #5's scripted attestation: a district library (a state culture organisation, seed 000) attests
/// six of its staff in 2025 — every outcome, a tie decided by the chair, a late notice and a moved date,
/// an appeal, and a re-attestation after retraining that ends in "fits the position".
struct AttestationCLITests: ActScript {
    var nextID = 7000
    var lines: [String] = []

    static let people = ["a1", "a2", "a3", "a4", "a5", "a6"]
    static func of(_ person: String, round: String = "r2025") -> String { #""bodyId":"k","roundId":"\#(round)","personId":"\#(person)""# }

    mutating func setUp() {
        add("organisation.register-body", on: "2025-01-06", by: "hrk", as: "hr-officer", #""bodyId":"k","nameKk":"Аудандық орталықтандырылған кітапхана жүйесі","region":"Қарағанды облысы""#)
        for person in ["dir", "hrk", "dep", "c2", "c3", "a7"] + Self.people {
            add("organisation.appoint", on: "2025-01-06", by: "hrk", as: "hr-officer",
                #""bodyId":"k","personId":"\#(person)","fullName":"N","positionId":"pos-\#(person)","positionTitle":"Librarian","category":"B-3","appointedOn":"2019-09-02""#)
        }
        for (person, role) in [("hrk", "hr-officer"), ("dir", "authorised-person"), ("dir", "first-head")] {
            add("organisation.assign-role", on: "2025-01-06", by: "hrk", as: "hr-officer", #""bodyId":"k","personId":"\#(person)","role":"\#(role)","effectiveFrom":"2019-09-02""#)
        }
        for person in Self.people {
            add("organisation.assign-supervisor", on: "2025-01-06", by: "hrk", as: "hr-officer", #""bodyId":"k","personId":"\#(person)","supervisorId":"dir","effectiveFrom":"2019-09-02""#)
        }
        add("methodology.adopt-attestation-regulation", on: "2025-01-10", by: "hrk", as: "hr-officer",
            #""bodyId":"k","versionId":"att-2016","basis":"Order of the Minister of Culture and Sport № 189, 29.06.2016","effectiveFrom":"2025-01-01","regulation":"culture-2016""#)
        add("commission.form", on: "2025-02-03", by: "dir", as: "authorised-person",
            #""bodyId":"k","commissionId":"c-att","purpose":"attestation","orderNumber":"7-ж","orderDate":"2025-02-03","chairId":"dep","secretaryId":"hrk","memberIds":["dep","c2","c3"]"#)
        add("attestation.order", on: "2025-02-10", by: "dir", as: "authorised-person",
            #""bodyId":"k","roundId":"r2025","orderNumber":"12-ж","orderDate":"2025-02-10","commissionId":"c-att","subject":["a1","a2","a3","a4","a5","a6"],"notSubject":[{"personId":"a7","reason":"on leave to care for a child"}],"methods":"interview; analysis of the documents""#)
        add("attestation.schedule", on: "2025-02-11", by: "hrk", as: "hr-officer",
            #""bodyId":"k","roundId":"r2025","entries":[\#(Self.people.map { #"{"personId":"\#($0)","date":"\#($0 == "a6" ? "2025-04-16" : "2025-04-15")"}"# }.joined(separator: ","))]"#)
        for person in Self.people { add("attestation.open-case", on: "2025-02-12", by: "hrk", as: "hr-officer", Self.of(person)) }
        for person in Self.people {
            // a6 signs on 25 March for 16 April: under a month before (due by 16 March) — recorded and flagged.
            add("attestation.sign-notice", on: "2025-03-10", by: "hrk", as: "hr-officer", #"\#(Self.of(person)),"signedOn":"\#(person == "a6" ? "2025-03-25" : "2025-03-10")""#)
        }
    }

    /// The package of seed 000 §II: characterisation, self-assessment, attestation sheet, evaluation sheet.
    mutating func package(_ person: String, round: String = "r2025", on day: String) {
        add("attestation.file-document", on: day, by: "dir", as: "direct-supervisor", #"\#(Self.of(person, round: round)),"kind":"characterisation","content":"Reliable; knows the collection well""#)
        add("attestation.file-document", on: day, by: person, as: "servant", #"\#(Self.of(person, round: round)),"kind":"self-assessment","content":"I organised 12 reading events""#)
        for kind in ["attestation-sheet", "evaluation-sheet"] {
            add("attestation.file-document", on: day, by: "hrk", as: "hr-officer", #"\#(Self.of(person, round: round)),"kind":"\#(kind)","content":"Filled in per the regulation's appendix""#)
        }
    }

    /// Interview, the votes of the members present, the chair's declaration.
    mutating func attest(_ person: String, round: String = "r2025", on day: String, votes: [(String, String)], category: String? = nil) {
        let present = votes.map(\.0)
        add("attestation.hold-interview", on: day, by: "hrk", as: "hr-officer",
            #"\#(Self.of(person, round: round)),"present":[\#(present.map { "\"\($0)\"" }.joined(separator: ","))],"report":"My work in the period","supervisorHeard":"Agrees with the characterisation","previousComparison":"2020: fits the position""#)
        for (member, outcome) in votes {
            add("attestation.vote", on: day, by: member, as: member == "dep" ? "commission-chair" : "commission-member", #"\#(Self.of(person, round: round)),"outcome":"\#(outcome)""#)
        }
        add("attestation.decide", on: day, by: "dep", as: "commission-chair", #"\#(Self.of(person, round: round))\#(category.map { #","category":"\#($0)""# } ?? "")"#)
    }

    mutating func followUp(_ person: String, round: String = "r2025", on day: String) {
        add("attestation.order-result", on: day, by: "dir", as: "authorised-person", #"\#(Self.of(person, round: round)),"orderNumber":"31-ж","orderDate":"\#(day)""#)
        add("attestation.file-to-personal-file", on: day, by: "hrk", as: "hr-officer", Self.of(person, round: round))
    }

    @Test("a culture organisation's attestation of six: the four outcomes, a chair's casting vote, a late notice, an appeal, a re-attestation ending in 'fits the position'")
    mutating func attestation() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        func run(_ name: String) throws -> CLIWorkspace.Result {
            try workspace.write(name, lines.joined(separator: "\n"))
            lines = []
            return try workspace.run("acts", "--db", "l.sqlite", name)
        }
        setUp()
        for person in Self.people { package(person, on: "2025-04-01") }
        var result = try run("prepare.jsonl")
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("late: 000 §I.4: written notice signed at least 1 month before the attestation on 2025-04-16 by 2025-03-16; done 2025-03-25, 9 calendar days late"))  // a month, counted in days of the calendar

        // 000 §I.4: a7 is on the list of staff not subject to attestation — no date for them.
        add("attestation.schedule", on: "2025-02-11", by: "hrk", as: "hr-officer", #""bodyId":"k","roundId":"r2025","entries":[{"personId":"a7","date":"2025-04-15"}]"#)
        result = try run("a7.jsonl")
        #expect(result.status == 65 && result.stderr.contains("000 §I.4: a7 is not on the order's list of staff subject to attestation (not subject: on leave to care for a child)"))
        // The notice rule as decided: on the notified date, a6's notice is under a month old — refused.
        attest("a6", on: "2025-04-16", votes: [("dep", "fits"), ("c2", "fits"), ("c3", "fits")])
        result = try run("a6-short.jsonl")
        #expect(result.status == 65 && result.stderr.contains("000 §I.4: the notice signed on 2025-03-25 for 2025-04-16 allows an attestation from 2025-04-25 on the notified date"))

        attest("a1", on: "2025-04-15", votes: [("dep", "fits"), ("c2", "fits"), ("c3", "fits")])
        attest("a2", on: "2025-04-15", votes: [("dep", "fits-reserve"), ("c2", "fits-reserve"), ("c3", "fits")])
        attest("a3", on: "2025-04-15", votes: [("dep", "needs-training"), ("c2", "needs-training"), ("c3", "needs-training")])
        attest("a4", on: "2025-04-15", votes: [("dep", "does-not-fit"), ("c2", "does-not-fit"), ("c3", "needs-training")])
        attest("a5", on: "2025-04-15", votes: [("dep", "fits"), ("c2", "needs-training")])  // c3 absent: a tie, the chair's vote decides
        add("attestation.reschedule", on: "2025-04-14", by: "hrk", as: "hr-officer", #"\#(Self.of("a6")),"date":"2025-04-30","reason":"the notice came late (000 §I.4)""#)
        add("attestation.sign-notice", on: "2025-03-28", by: "hrk", as: "hr-officer", #"\#(Self.of("a6")),"signedOn":"2025-03-28""#)
        attest("a6", on: "2025-04-30", votes: [("dep", "fits"), ("c2", "fits"), ("c3", "fits")], category: "first")
        for person in Self.people { followUp(person, on: "2025-05-05") }
        add("attestation.view-materials", on: "2025-05-06", by: "a4", as: "servant", Self.of("a4"))
        add("attestation.file-appeal", on: "2025-05-07", by: "a4", as: "servant", #"\#(Self.of("a4")),"authority":"agency-department""#)
        add("attestation.decide-appeal", on: "2025-06-02", by: "ag-1", as: "agency-officer", #"\#(Self.of("a4")),"outcome":"upheld","reasoning":"The commission weighed the package and the interview""#)
        // 000 §III.2, outcome 3: re-attestation after a qualification course.
        add("attestation.open-reattestation", on: "2025-08-01", by: "hrk", as: "hr-officer",
            #"\#(Self.of("a3", round: "r2025-re")),"firstRoundId":"r2025","date":"2025-09-15","measures":"Qualification course, 72 hours, June 2025""#)
        add("attestation.sign-notice", on: "2025-08-01", by: "hrk", as: "hr-officer", #"\#(Self.of("a3", round: "r2025-re")),"signedOn":"2025-08-01""#)
        package("a3", round: "r2025-re", on: "2025-09-01")
        attest("a3", round: "r2025-re", on: "2025-09-15", votes: [("dep", "fits"), ("c2", "fits"), ("c3", "fits")])
        followUp("a3", round: "r2025-re", on: "2025-09-16")
        result = try run("attest.jsonl")
        try #require(result.status == 0, "\(result.stderr)")
        // Decided (docs/attestation.md): a3's re-attestation ended "fits"; a second one from the first decision is refused.
        add("attestation.open-reattestation", on: "2025-10-01", by: "hrk", as: "hr-officer",
            #"\#(Self.of("a3", round: "r2025-re2")),"firstRoundId":"r2025","date":"2025-11-17","measures":"Another course""#)
        result = try run("again.jsonl")
        #expect(result.status == 65)
        #expect(result.stderr.contains("000 §III.2: attestation-r2025-a3 is re-attested already in attestation-r2025-re-a3"), "\(result.stderr)")

        func rows(_ arguments: String...) throws -> [JSONValue] {
            try workspace.run(["attestation"] + arguments + ["--db", "l.sqlite", "--operator", "op", "--reason", "checking the view", "--json"]).stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        }
        let cases = try rows("cases", "--body", "k")
        func outcome(_ person: String, round: String = "r2025") -> JSONValue? { cases.first { $0["case_id"] == .string("attestation-\(round)-\(person)") } }
        #expect(cases.count == 7)
        #expect(outcome("a1")?["outcome"] == "fits" && outcome("a1")?["outcome_ru"] == "Соответствует занимаемой должности")
        #expect(outcome("a2")?["outcome"] == "fits-reserve")
        #expect(outcome("a3")?["outcome"] == "needs-training" && outcome("a3")?["status"] == "filed")
        #expect(outcome("a4")?["outcome"] == "does-not-fit" && outcome("a4")?["appeal"] == "to agency-department: upheld")
        #expect(outcome("a5")?["outcome"] == "fits")
        #expect(outcome("a6")?["outcome"] == "fits" && outcome("a6")?["category"] == "first" && outcome("a6")?["date"] == "2025-04-30")
        #expect(outcome("a3", round: "r2025-re")?["outcome"] == "fits" && outcome("a3", round: "r2025-re")?["reattestation_of"] == "attestation-r2025-a3")

        let history = try rows("history", "--person", "a3")
        #expect(history.map { $0["outcome"] } == ["needs-training", "fits"])
        let minutes = try rows("protocol", "--commission", "c-att")
        let a5 = minutes.first { $0["case_id"] == "attestation-r2025-a5" }
        #expect(a5?["votes"] == "dep: fits; c2: needs-training" && a5?["tie_broken_by_chair"] == 1 && a5?["present"] == "dep, c2")
        let summary = try rows("summary", "--body", "k")
        let counts = Dictionary(uniqueKeysWithValues: summary.map { ($0["outcome"]?.stringValue ?? "", $0["cases"]?.integerValue ?? 0) })
        #expect(counts == ["fits": 4, "fits-reserve": 1, "needs-training": 1, "does-not-fit": 1])

        // The person sees every material of their case (003): the case file, as the servant.
        let file = try workspace.run("case-file", "--db", "l.sqlite", "--case", "case/attestation/k/r2025/a4", "--operator", "op", "--reason", "checking the view", "--reader", "a4", "--role", "servant")
        #expect(file.status == 0 && file.stdout.contains("attestation.appeal-decided") && file.stdout.contains("attestation.materials-viewed"))
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}
