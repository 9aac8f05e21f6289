import Foundation
import Testing

@testable import LedgerCore

struct EventImportTests {
    static let catalog = EventCatalog([
        EventTypeDescriptor(type: "test.noted", schemaVersion: 1, summary: "a note",
                            payload: .object([.required("text", .text, "the note")])),
    ])

    static func line(_ extra: String = "", payload: String = #"{"text":"hi"}"#) -> String {
        #"{"stream":"s/1","type":"test.noted","schemaVersion":1,"occurredAt":"2018-01-03T09:00:00+06:00","actor":{"person":"p","role":"hr-officer"},"payload":\#(payload)\#(extra)}"#
    }

    @Test("each line becomes one append; blank lines are skipped; expectedVersion 0 means a new stream")
    func parses() throws {
        let text = Self.line() + "\n\n" + Self.line(#","expectedVersion":0"#).replacingOccurrences(of: "s/1", with: "s/2") + "\n"
        let appends = try EventImport.parse(text, catalog: Self.catalog) { "00000000-0000-4000-8000-000000000001" }
        #expect(appends.count == 2)
        #expect(appends[0].expectedVersion == .any)
        #expect(appends[1].expectedVersion == .noStream)
        #expect(appends[1].stream == "s/2")
    }

    @Test("a malformed line is reported with its number, the field and the rule", arguments: [
        ("{not json", 3, "line", "invalid JSON at byte 2: expected a member name"),
        (line(payload: #"{"text":""}"#), 3, "payload.text", "must be 1 to 2000 characters; got 0"),
        (line().replacingOccurrences(of: "+06:00", with: ""), 3, "occurredAt",
         "must be an RFC 3339 date-time with an offset, e.g. 2018-01-15T10:00:00+06:00; got \"2018-01-03T09:00:00\""),
        (line().replacingOccurrences(of: "test.noted", with: "test.unknown"), 3, "type", "test.unknown v1 has no schema (no such event type)"),
        (line(#","expectedVersion":-1"#), 3, "expectedVersion", "must be a whole number from 0 (0: the stream must not exist yet)"),
        (line().replacingOccurrences(of: #""role":"hr-officer""#, with: #""role":"HR""#), 3, "actor.role",
         "a role is lower-case words such as hr-officer; got \"HR\""),
    ])
    func lineErrors(bad: String, lineNumber: Int, field: String, message: String) {
        let text = Self.line() + "\n" + Self.line() + "\n" + bad + "\n" + Self.line()
        do {
            _ = try EventImport.parse(text, catalog: Self.catalog) { "00000000-0000-4000-8000-000000000001" }
            Issue.record("accepted")
        } catch let error as EventImport.LineError {
            #expect(error.line == lineNumber)
            #expect(error.error.field == field)
            #expect(error.error.message == message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
