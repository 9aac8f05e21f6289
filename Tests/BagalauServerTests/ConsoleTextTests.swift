import Foundation
import LedgerCore
import Testing
import Evaluation
@testable import BagalauServer

/// The console's words live in its catalogues (Kazakh, Russian, English), never in a template; each
/// language writes dates and decimals by its own conventions.
struct ConsoleTextTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/BagalauServer/Console/Templates")

    static func templateTexts() throws -> [(String, String)] {
        try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }.sorted().map {
            ($0, try String(contentsOf: templates.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test("the three catalogues name the same keys, none empty, and Kazakh and Russian are not English left untranslated")
    func cataloguesAgree() throws {
        let text = try ConsoleText.load()
        let kk = text.strings(.kk), ru = text.strings(.ru), en = text.strings(.en)
        #expect(kk.count > 100)
        #expect(Set(kk.keys) == Set(ru.keys) && Set(ru.keys) == Set(en.keys))
        #expect(kk.values.allSatisfy { !$0.isEmpty } && ru.values.allSatisfy { !$0.isEmpty } && en.values.allSatisfy { !$0.isEmpty })
        let untranslated = kk.keys.filter { kk[$0] == en[$0] || ru[$0] == en[$0] }.sorted()
        #expect(untranslated == ["appName"], "\(untranslated)")
    }

    @Test("no template holds a word of its own: outside tags and Mustache tags only punctuation remains, and every {{t.key}} is in the catalogues")
    func templatesHoldNoWords() throws {
        let keys = Set(try ConsoleText.load().strings(.kk).keys)
        for (name, template) in try Self.templateTexts() {
            let referenced = template.matches(of: /\{\{\s*t\.([A-Za-z0-9]+)\s*\}\}/).map { String($0.output.1) }
            for key in referenced { #expect(keys.contains(key), "\(name): {{t.\(key)}} is not in the catalogues") }
            let bare = template.replacing(/\{\{[^}]*\}\}/, with: " ").replacing(/<[^>]*>/, with: " ")
            let words = bare.matches(of: /\p{L}+/).map { String($0.output) }.filter { $0 != "doctype" }
            #expect(words.isEmpty, "\(name) holds words outside the catalogues: \(words)")
        }
    }

    @Test("every field of every act has its label in the three catalogues, so each act's console form is labelled in the reader's language")
    func everyFieldLabelled() throws {
        let text = try ConsoleText.load()
        var missing: Set<String> = []
        func walk(_ fields: [ActField], _ form: ConsoleActForm) {
            for field in fields {
                for language in ConsoleText.Language.allCases where ConsoleActForm(declaration: form.declaration, text: text, language: language).label(field) == field.name {
                    missing.insert("\(language.rawValue): \(field.name)")
                }
                if case .record(let inner) = field.type { walk(inner, form) }
                if case .list(.record(let inner)) = field.type { walk(inner, form) }
            }
        }
        for act in ActCatalog.all { walk(act.declaration.fields, ConsoleActForm(declaration: act.declaration, text: text, language: .kk)) }
        #expect(missing.isEmpty, "\(missing.sorted())")
        let unnamed = ConsoleActForm.knownRoles.filter { role in ConsoleText.Language.allCases.contains { text.role(role, $0) == role && $0 != .en } }
        #expect(unnamed.isEmpty, "roles without a name in Kazakh or Russian: \(unnamed)")
    }

    @Test("every act has its title in the three catalogues, and no title names an act that does not exist")
    func everyActTitled() throws {
        let text = try ConsoleText.load()
        let titled = ActCatalog.all.map(\.declaration.name)
        #expect(titled.count >= 90)
        for language in ConsoleText.Language.allCases {
            let catalogue = text.catalogues[language] ?? [:]
            #expect(titled.filter { catalogue["act." + $0] == nil }.isEmpty, "\(language.rawValue): acts without a title")
            let known = Set(ActCatalog.all.map(\.declaration.name))
            #expect(catalogue.keys.filter { $0.hasPrefix("act.") && !known.contains(String($0.dropFirst(4))) }.isEmpty, "\(language.rawValue): titles of no act")
        }
    }

    @Test("every event type the ledger knows has its title in the three catalogues, and no title names an event type that does not exist")
    func everyEventTypeTitled() throws {
        let text = try ConsoleText.load()
        let types = Set(BagalauCatalog.all.all.map(\.type))
        #expect(types.count >= 80)
        for language in ConsoleText.Language.allCases {
            let catalogue = text.catalogues[language] ?? [:]
            #expect(types.filter { catalogue["event." + $0] == nil }.sorted().isEmpty, "\(language.rawValue): event types without a title: \(types.filter { catalogue["event." + $0] == nil }.sorted())")
            #expect(catalogue.keys.filter { $0.hasPrefix("event.") && !types.contains(String($0.dropFirst(6))) }.isEmpty, "\(language.rawValue): titles of no event type")
            #expect(text.event("annual.plan-drafted", language) != "annual.plan-drafted")
        }
    }

    @Test("a refused field in the reader's words: 004 §28 refuses `payload.scores[2].score` — the third row's score of the KPI sheet — named as the table, its row and its column in each language; a field no input is has no words")
    func refusedFieldInWords() throws {
        let text = try ConsoleText.load()
        let act = try #require(ActCatalog.byName["quarterly.score-kpis"])
        func form(_ language: ConsoleText.Language) -> ConsoleActForm { ConsoleActForm(declaration: act.declaration, text: text, language: language) }
        #expect(form(.kk).describe(field: "payload.scores[2].score") == "Балдар, 3-жол: Балл")
        #expect(form(.ru).describe(field: "payload.scores[2].score")?.contains("строка 3") == true)
        #expect(form(.en).describe(field: "payload.scores[0].score")?.contains("row 1") == true)
        #expect(form(.kk).describe(field: "payload.scores") == "Балдар")
        #expect(form(.kk).describe(field: "actor") == nil && form(.kk).describe(field: "payload.nothing[1].here") == nil)
    }

    @Test("an act's form is derived from its declaration and read back into the act's fields: numbers as numbers, a table's filled rows, a wrong number passed on for the act's check to name")
    func actFormRoundTrip() throws {
        let text = try ConsoleText.load()
        let convene = ConsoleActForm(declaration: try #require(ActCatalog.byName["quarterly.convene-calibration"]).declaration, text: text, language: .ru)
        #expect(convene.roles == ["maslikhat-chair"])
        let inputs = convene.inputs(["bodyId": "m", "quarter": "3"])
        #expect(inputs.first { $0["name"] as? String == "bodyId" }?["value"] as? String == "m")
        #expect(inputs.first { $0["name"] as? String == "quarter" }?["label"] as? String == "Квартал")
        let posted = ConsoleForm(urlEncoded: "bodyId=m&year=2024&personId=s6&quarter=3&sessionId=cal-1&participants=head%0D%0Achair%0D%0As4&sessionDate=2024-04-15")
        let fields = convene.fields(from: posted)
        #expect(fields["quarter"] == .integer(3) && fields["participants"] == .array(["head", "chair", "s4"]) && fields["sessionDate"] == "2024-04-15")
        let compute = ConsoleActForm(declaration: try #require(ActCatalog.byName["quarterly.compute-actual-values"]).declaration, text: text, language: .kk)
        let values = compute.fields(from: ConsoleForm(urlEncoded: "bodyId=m&year=2024&personId=s1&quarter=one&values%5B0%5D.number=1&values%5B0%5D.actualValue=12&values%5B0%5D.completion=100&values%5B2%5D.number=2"))
        #expect(values["quarter"] == "one", "a wrong number is passed on as written: the act's check says it must be a whole number")
        #expect(values["values"]?.arrayValue?.count == 2 && values["values"]?.arrayValue?.first?["number"] == .integer(1), "\(values)")
        let argue = ConsoleActForm(declaration: try #require(ActCatalog.byName["quarterly.argue"]).declaration, text: text, language: .kk)
        #expect(argue.roles == ["evaluator", "calibration-participant"])
    }

    @Test("dates and decimals by each language's conventions: 15.04.2024 and 3,75 in Kazakh and Russian, 15 Apr 2024 and 3.75 in English")
    func conventions() throws {
        let day = try #require(LocalDate("2024-04-15"))
        #expect(ConsoleText.date(day, .kk) == "15.04.2024" && ConsoleText.date(day, .ru) == "15.04.2024" && ConsoleText.date(day, .en) == "15 Apr 2024")
        #expect(ConsoleText.decimal("3.75", .kk) == "3,75" && ConsoleText.decimal("3.75", .ru) == "3,75" && ConsoleText.decimal("3.75", .en) == "3.75")
        #expect(ConsoleText.decimal(nil, .kk) == "—")
        let winter = try #require(Timestamp(rfc3339: "2024-01-15T04:00:00Z")), spring = try #require(Timestamp(rfc3339: "2024-04-15T04:00:00Z"))
        #expect(ConsoleText.moment(winter, .ru) == "15.01.2024 10:00" && ConsoleText.moment(spring, .kk) == "15.04.2024 09:00",
                "Almaty kept UTC+6 until 1 March 2024 and UTC+5 after (one time zone for the country)")
        let text = try ConsoleText.load()
        #expect(text.status("final", .kk) == "қорытынды" && text.status("incomplete: Q3 neither scored nor exempt", .ru) == "не завершено: Q3 neither scored nor exempt")
        #expect(text.status("not drafted", .kk) == "not drafted", "a status the catalogue does not name is shown as written")
        #expect(text.role("hr-officer", .kk) == "персонал қызметінің қызметкері" && text.role("records-officer", .en) == "records officer")
    }
}
