import Testing

@testable import LedgerCore

struct PayloadShapeTests {
    static let shape = PayloadShape.object([
        .required("bodyId", .identifier, "the body"),
        .required("kpis", .array(.object([.required("name", .text, "KPI name")]), minItems: 5, maxItems: 5), "exactly 5 KPIs"),
        .optional("score", .decimal, "a score"),
        .optional("on", .date, "a date"),
        .optional("category", .enumeration(["E-2", "E-3"]), "category"),
        .optional("note", .nullable(.text), "note"),
    ])

    static func kpis(_ count: Int) -> JSONValue { .array((0..<count).map { _ in ["name": "KPI"] }) }

    @Test("a bad payload is refused naming the field path and the rule it breaks", arguments: [
        (JSONValue.object([("kpis", kpis(5))]), "payload.bodyId", "is required (the body)"),
        (JSONValue.object([("bodyId", "b"), ("kpis", kpis(4))]), "payload.kpis", "must hold exactly 5 items; got 4"),
        (JSONValue.object([("bodyId", "b"), ("kpis", .array([["name": "a"], ["name": 3], ["name": "c"], ["name": "d"], ["name": "e"]]))]),
         "payload.kpis[1].name", "must be a string; got number"),
        (JSONValue.object([("bodyId", "b"), ("kpis", kpis(5)), ("score", .double(3.5))]), "payload.score",
         "must be an exact decimal written as a string, e.g. \"3.75\""),
        (JSONValue.object([("bodyId", "b"), ("kpis", kpis(5)), ("on", "2023-02-30")]), "payload.on", "must be a date YYYY-MM-DD"),
        (JSONValue.object([("bodyId", "b"), ("kpis", kpis(5)), ("category", "E-9")]), "payload.category", "must be one of E-2, E-3"),
        (JSONValue.object([("bodyId", "b"), ("kpis", kpis(5)), ("extra", 1)]), "payload.extra", "is not a field of this event"),
    ])
    func refusals(payload: JSONValue, field: String, message: String) {
        do {
            try Self.shape.validate(payload, at: "payload")
            Issue.record("accepted \(payload)")
        } catch let error as LedgerError {
            #expect(error.field == field)
            #expect(error.message == message)
            #expect(error.code == .invalidEvent)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a complete payload passes; null is allowed where the shape is nullable")
    func accepts() throws {
        try Self.shape.validate(
            ["bodyId": "b", "kpis": Self.kpis(5), "score": "3.75", "on": "2024-05-08", "category": "E-2", "note": nil],
            at: "payload")
    }

    @Test("decimal strings: exact forms only", arguments: [("3.75", true), ("-0.5", true), ("10", true), ("03", false), ("3.", false), (".5", false), ("1e3", false)])
    func decimals(text: String, valid: Bool) {
        #expect(PayloadShape.isDecimal(text) == valid)
    }

    @Test("the generated JSON Schema states the same rules")
    func jsonSchema() {
        let schema = Self.shape.jsonSchema
        #expect(schema["required"] == ["bodyId", "kpis"])
        #expect(schema["additionalProperties"] == false)
        #expect(schema["properties"]?["kpis"]?["minItems"] == 5)
        #expect(schema["properties"]?["kpis"]?["maxItems"] == 5)
        #expect(schema["properties"]?["score"]?["pattern"] == .string(PayloadShape.decimalPattern))
    }
}
