import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a small example ledger in a local SQLite file and print what it holds.")

    @Option(help: "Where to build it; an earlier demo ledger there is replaced, any other file is refused.")
    var db = "bagalau-demo.sqlite"

    func run() async throws {
        try await reportingFailures {
            try replaceEarlierDemo()
            let store = try SQLiteEventStore(path: db)
            try store.setMeta("created-by", "bagalau demo")
            let ledger = Ledger(store: store, catalog: BagalauCatalog.all)
            let script = DemoScript(ledger: ledger)
            print("Bagalau demo ledger: \(db)\n")
            try await script.run()

            let directory = ProjectionRunner(readModels: try ReadModelStore(beside: store), projection: StaffDirectoryProjection())
            let folded = try directory.catchUp()
            print("\nStaff directory read model (\(folded) events folded):")
            for row in try directory.rows(of: StaffDirectoryProjection.servants) {
                let probation = row[6].text.map { ", probation until \($0)" } ?? ""
                print("  \(row[1])  \(row[3]) (\(row[4])), appointed \(row[5])\(probation)")
            }

            let calendar = WorkingDayCalendar.kazakhstan
            let start = LocalDate("2018-01-01")!
            let planDue = try calendar.deadline(workingDays: 10, after: start)
            print("\nWorking-day calendar: 2018 work plans are due 10 working days after \(start) (001 §9): by \(planDue)")

            try await showExampleYears()
            let report = try await store.verify()
            print("\n== verify: \(report.isIntact ? "chain intact" : "BROKEN"), \(report.eventsChecked) events, head hash \(report.headHash)")
            print("\nNext: bagalau log --db \(db); bagalau stats --db \(db); README: an auditor's session")
        }
    }

    /// The product on the example years and round (docs/examples): every act decided by its rulebook, then
    /// what HR, the commission, an appeals reviewer and an auditor read — through the same commands.
    private func showExampleYears() async throws {
        let examples = ["docs/examples", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/examples").standardized.path]
            .first { FileManager.default.fileExists(atPath: $0 + "/annual-2018.jsonl") }
        guard let examples else {
            print("\n(the example years are in docs/examples of the source tree; run the demo from it to see them)")
            return
        }
        func run<C: AsyncParsableCommand>(_ command: C.Type, _ title: String, _ arguments: [String]) async throws {
            print("\n== \(title)\n$ bagalau \(C.configuration.commandName ?? "") \(arguments.joined(separator: " "))")
            var parsed = try C.parse(arguments + ["--db", db])
            try await parsed.run()
        }
        // Confidential reads name their operator and reason, recorded in each case read (README).
        let auditor = ["--operator", "demo", "--reader", "aud-1", "--role", "auditor", "--reason", "demo: an audit of 2024"]
        let operatorRead = ["--operator", "demo", "--reason", "demo: reading the example years"]
        try await run(ActsCommand.self, "a 2018 annual year of six servants, each act decided by the 2018 rulebook", ["\(examples)/annual-2018.jsonl"])
        try await run(ActsCommand.self, "a 2024 quarterly year of a head of apparatus and seven servants", ["\(examples)/quarterly-2024.jsonl"])
        try await run(ActsCommand.self, "a 2025 attestation round of three in a library (seed 000)", ["\(examples)/attestation-2025.jsonl"])
        try await run(GradesCommand.self, "the 2018 grades of body b (001 §18)", ["--body", "b", "--year", "2018"] + operatorRead)
        try await run(ProtocolCommand.self, "the commission's protocol: attendance, motions, open votes (001 §30–§38)", ["--commission", "c-2018"] + operatorRead)
        try await run(AttestationCommand.self, "the attestation commission's protocol: a tie decided by the chair (000 §III.2)", ["protocol", "--commission", "c-att"] + operatorRead)
        try await run(CaseFileCommand.self, "an appeals reviewer's case file: every act, who, when, the clause, the deadlines",
                      ["--case", "case/annual/b/2018/p1", "--operator", "demo", "--reader", "rev-9", "--role", "appeals-reviewer", "--reason", "demo: appeal 14"])
        try await run(ReplayCommand.self, "body m as it stood on 20 July 2024 (what was true then)", ["--as-of", "2024-07-20", "--axis", "occurred", "--case", "case/quarterly/m/2024/s5"] + auditor)
    }

    private func replaceEarlierDemo() throws {
        guard FileManager.default.fileExists(atPath: db) else { return }
        let earlier = SQLiteEventStore.ledgerExists(at: db) ? try SQLiteEventStore(path: db).meta("created-by") : nil
        guard earlier == "bagalau demo" else {
            throw CLIFailure.ledgerExists(db + " (not a demo ledger; choose another --db)")
        }
        for file in [db, ReadModelStore.defaultPath(forLedger: db)] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
    }
}

/// The demo's acts: one body, its staff, and the ledger's refusals shown on real input.
private struct DemoScript {
    let ledger: Ledger
    let hr = Actor(person: "hr-aigerim", role: "hr-officer")
    let body = "kazygurt-maslikhat"

    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    func run() async throws {
        let stream = OrganisationEvents.stream(bodyId: body)
        let registered = try await ledger.record(to: stream, expecting: .noStream, [
            EventDraft(type: OrganisationEvents.bodyRegistered.type, schemaVersion: 1, occurredAt: at("2018-01-03T09:00:00+06:00"), actor: hr,
                       payload: ["bodyId": .string(body), "nameKk": "Қазығұрт аудандық мәслихатының аппараты",
                                 "nameRu": "Аппарат Казыгуртского районного маслихата", "region": "Түркістан облысы", "timeZone": "Asia/Almaty"]),
        ])
        print("recorded \(registered[0].type) as seq \(registered[0].seq)")

        let staff: [(String, String, String, String, String, String?)] = [
            ("p-001", "Асқар Сейітов", "Head of apparatus", "E-2", "2015-06-01", nil),
            ("p-002", "Дана Омарова", "Chief specialist", "E-3", "2016-02-15", nil),
            ("p-003", "Ерлан Бекұлы", "Chief specialist", "E-3", "2017-03-01", nil),
            ("p-004", "Гүлнар Исаева", "Leading specialist", "E-4", "2016-09-12", nil),
            ("p-005", "Нұрлан Әбенов", "Leading specialist", "E-4", "2017-11-20", "2018-05-20"),
            ("p-006", "Сәуле Жақыпова", "Chief specialist", "E-3", "2014-04-07", nil),
        ]
        var drafts: [EventDraft] = []
        for (person, name, title, category, appointed, probation) in staff {
            drafts.append(EventDraft(
                type: OrganisationEvents.servantAppointed.type, schemaVersion: 1, occurredAt: at("2018-01-03T10:00:00+06:00"), actor: hr,
                payload: ["bodyId": .string(body), "personId": .string(person), "fullName": .string(name),
                          "positionId": .string("pos-" + person), "positionTitle": .string(title), "category": .string(category),
                          "appointedOn": .string(appointed), "probationEndsOn": probation.map { .string($0) } ?? .null]))
        }
        let appointed = try await ledger.record(to: stream, expecting: .exactly(1), drafts)
        print("recorded \(appointed.count) appointments as seq \(appointed.first!.seq)–\(appointed.last!.seq)")

        let again = try await ledger.record(to: stream, expecting: .exactly(1), [drafts[0]])
        print("re-sent appointment \(drafts[0].id.prefix(8))…: idempotent, returned the stored seq \(again[0].seq), wrote nothing")

        let late = EventDraft(type: OrganisationEvents.servantAppointed.type, schemaVersion: 1, occurredAt: at("2018-01-04T10:00:00+06:00"), actor: hr,
                              payload: drafts[1].payload)
        do {
            try await ledger.record(to: stream, expecting: .exactly(1), [late])
        } catch let error as LedgerError {
            print("refused (\(error.code)): \(error)")
        }
        let incomplete = EventDraft(type: OrganisationEvents.servantAppointed.type, schemaVersion: 1, occurredAt: at("2018-01-04T10:00:00+06:00"), actor: hr,
                                    payload: ["bodyId": .string(body), "personId": "p-007", "fullName": "Test", "positionId": "pos-7",
                                              "positionTitle": "Specialist", "category": "E-4"])
        do {
            try await ledger.record(to: stream, expecting: .exactly(7), [incomplete])
        } catch let error as LedgerError {
            print("refused (\(error.code)): \(error)")
        }
    }
}
