import Testing

@testable import LedgerCore

struct JSONParserTests {
    @Test("parses every JSON kind and keeps member order")
    func kinds() throws {
        let value = try JSONParser.parse(#"{"b":[true,false,null],"a":-1.5e2,"c":"x\u00e9\n","d":{}}"#)
        #expect(value.objectMembers?.map(\.0) == ["b", "a", "c", "d"])
        #expect(value["b"] == [true, false, nil])
        #expect(value["a"] == .double(-150))
        #expect(value["c"] == "xé\n")
        #expect(value["d"] == .object([]))
    }

    @Test("I-JSON: a duplicate member name is refused (RFC 7493 §2.3), with its position")
    func duplicates() {
        #expect(throws: JSONParser.SyntaxError(offset: 8, reason: #"duplicate member name "a""#)) {
            try JSONParser.parse(#"{"a":1, "a":2}"#)
        }
    }

    @Test("malformed input is refused with the byte position", arguments: [
        ("{\"a\":1,}", "expected a member name"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "leading zeros are not allowed"),
        ("\"\\ud800\"", "lone high surrogate"),
        ("{\"a\":1} x", "unexpected data after the JSON value"),
        ("\"a\tb\"", "control character in a string must be escaped"),
        ("", "unexpected end of input"),
        ("1e999", "number out of range"),
    ])
    func malformed(text: String, reason: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch let error as JSONParser.SyntaxError {
            #expect(error.reason == reason)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("nesting deeper than the limit is refused instead of exhausting the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test("integers beyond 2^53 become doubles, as RFC 8785 reads every number")
    func bigIntegers() throws {
        #expect(try JSONParser.parse("9007199254740993") == .double(9_007_199_254_740_992))
        #expect(try JSONParser.parse("-9007199254740992") == .integer(-9_007_199_254_740_992))
    }
}
