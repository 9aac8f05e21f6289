import Foundation
import LedgerCore
import Testing

@testable import Evaluation

/// Decoding an act's fields: a missing field "is required", a field of the wrong type "must be …".
struct ActRequestTests {
    static func request(_ fields: [(String, JSONValue)], act: String = "quarterly.vote", role: String = "calibration-participant") throws -> ActRequest {
        try ActRequest(.object([
            ("act", .string(act)), ("occurredAt", "2024-04-18T10:00:00+05:00"), ("actor", ["person": "s4", "role": .string(role)]),
        ] + fields))
    }

    static let vote: [(String, JSONValue)] = [("bodyId", "m"), ("year", 2024), ("personId", "s5"), ("quarter", 1), ("score", "3.75")]

    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as LedgerError { return "\(error.field ?? ""): \(error.message)" } catch { return "\(error)" }
        return nil
    }

    static func replacing(_ name: String, with value: JSONValue?) -> [(String, JSONValue)] {
        vote.compactMap { $0.0 == name ? value.map { (name, $0) } : $0 }
    }

    @Test("a line is checked against its act's declaration: \"4\" for a quarter is a wrong type (not \"is required\"), a missing year is required, a misspelt field is refused, an option outside the list is named")
    func declaredFields() throws {
        _ = try Self.request(Self.vote)
        #expect(Self.message { _ = try Self.request(Self.replacing("quarter", with: "4")) } == "quarter: must be a whole number from 1 to 4; got \"4\"")
        #expect(Self.message { _ = try Self.request(Self.replacing("quarter", with: 5)) } == "quarter: must be a whole number from 1 to 4; got number")
        #expect(Self.message { _ = try Self.request(Self.replacing("score", with: ["3.5"])) } == "score: must be a string; got array")
        #expect(Self.message { _ = try Self.request(Self.replacing("year", with: nil)) } == "year: is required: a whole number from 1991 to 2200")
        #expect(Self.message { _ = try Self.request(Self.vote + [("scroe", "4")]) } == "scroe: is not a field here; the fields are bodyId, year, personId, quarter, score")
        let motion: [(String, JSONValue)] = [("commissionId", "c"), ("meetingId", "m1"), ("motionId", "x"), ("vote", "maybe")]
        #expect(Self.message { _ = try Self.request(motion, act: "commission.vote", role: "commission-member") } == "vote: must be one of for, against; got \"maybe\"")
        let sheet: [(String, JSONValue)] = [("bodyId", "b"), ("year", 2018), ("personId", "p"), ("results", [["number": "1", "actualValue": "100", "achieved": true]])]
        #expect(Self.message { _ = try Self.request(sheet, act: "annual.sign-kpi-sheet", role: "direct-supervisor") } == "results[0].number: must be a whole number; got \"1\"")
    }

    @Test("the typed readers name a wrong type as one: an array for a string, a number for true/false, a string for a list")
    func wrongTypes() throws {
        let item = ActItem(object: ["score": ["3.5"], "majority": 1, "participants": "head", "ids": [1]], path: "lines[0].")
        #expect(Self.message { _ = try item.string("score") } == "lines[0].score: must be a string; got array")
        #expect(Self.message { _ = try item.bool("majority") } == "lines[0].majority: must be true or false; got number")
        #expect(Self.message { _ = try item.strings("participants") } == "lines[0].participants: must be an array of strings; got string")
        #expect(Self.message { _ = try item.strings("ids") } == "lines[0].ids[0]: must be a string; got number")
        #expect(Self.message { _ = try item.integer("year") } == "lines[0].year: is required: a whole number")
    }
}

struct ActNamesTests {
    @Test("an unknown act is reported as unknown before its fields are checked (here: no occurredAt, no actor)")
    func unknownFirst() throws {
        #expect(ActRequestTests.message { _ = try ActRequest(["act": "annual.sign-everything"]) } == "act: no act is called annual.sign-everything (docs/acts.md lists them)")
        #expect(ActRequestTests.message { _ = try ActRequest(["act": "annual.approve-result"]) } == "occurredAt: is required: a string")
    }

    @Test("the known acts are exactly the acts docs/acts.md lists, and the page is the one the declarations generate")
    func namesMatchTheDocs() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/acts.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let listed = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        })
        #expect(listed == ActCatalog.names)
        #expect(text == ActReference.markdown(), "docs/acts.md is generated: bagalau act-reference > docs/acts.md")
    }
}
