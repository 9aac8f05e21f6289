import Foundation
import LedgerCore
import Testing

@testable import Evaluation

/// Decoding an act's fields: a missing field "is required", a field of the wrong type "must be …".
struct ActRequestTests {
    static func request(_ fields: [(String, JSONValue)]) throws -> ActRequest {
        try ActRequest(.object([
            ("act", "quarterly.vote"), ("occurredAt", "2024-04-18T10:00:00+05:00"), ("actor", ["person": "s4", "role": "calibration-participant"]),
        ] + fields))
    }

    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as LedgerError { return "\(error.field ?? ""): \(error.message)" } catch { return "\(error)" }
        return nil
    }

    @Test("a wrong type is named as one: \"4\" for a whole number, an array for a string, a number for true/false — not \"is required\"")
    func wrongTypes() throws {
        let request = try Self.request([("quarter", "4"), ("score", ["3.5"]), ("majority", 1), ("participants", "head"), ("ids", [1])])
        #expect(Self.message { _ = try request.integer("quarter") } == "quarter: must be a whole number; got string")
        #expect(Self.message { _ = try request.string("score") } == "score: must be a string; got array")
        #expect(Self.message { _ = try request.bool("majority") } == "majority: must be true or false; got number")
        #expect(Self.message { _ = try request.strings("participants") } == "participants: must be an array of strings; got string")
        #expect(Self.message { _ = try request.strings("ids") } == "ids[0]: must be a string; got number")
        #expect(Self.message { _ = try request.integer("year") } == "year: is required: a whole number")
    }
}

struct ActNamesTests {
    @Test("an unknown act is reported as unknown before its fields are checked (here: no occurredAt, no actor)")
    func unknownFirst() throws {
        #expect(ActRequestTests.message { _ = try ActRequest(["act": "annual.sign-everything"]) } == "act: no act is called annual.sign-everything (docs/acts.md lists them)")
        #expect(ActRequestTests.message { _ = try ActRequest(["act": "annual.approve-result"]) } == "occurredAt: is required: a string")
    }

    @Test("the known acts are exactly the acts docs/acts.md lists")
    func namesMatchTheDocs() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/acts.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let listed = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        })
        #expect(listed == ActNames.all)
    }
}
