/// An act declared once (design.md §14): its name, who performs it, and its fields. The line of
/// `bagalau acts`, the body of `POST /acts/{act}`, the act's JSON Schema (`schemas/acts/`), the
/// OpenAPI request body and the row of docs/acts.md are all derived from it.
public struct ActDeclaration: Sendable {
    public let name: String
    /// The roles that perform it, as docs/acts.md says them.
    public let roles: String
    public let fields: [ActField]
    /// A remark for docs/acts.md after the fields (the clause that bounds the act, a default).
    public let note: String

    /// The members every act line has besides its own fields.
    public static let envelope: Set<String> = ["act", "id", "occurredAt", "actor"]

    public init(_ name: String, roles: String, _ fields: [ActField], note: String = "") {
        self.name = name
        self.roles = roles
        self.fields = fields
        self.note = note
    }

    /// Refuses `line` unless each field is present (when required), of its type, and known.
    public func check(_ line: JSONValue) throws {
        try ActField.check(line, against: fields, besides: Self.envelope)
    }

    /// The fields as docs/acts.md lists them: `name?` for an optional one, the options or the
    /// description in brackets.
    public var fieldSummary: String {
        let listed = fields.map { field in
            let name = field.name + (field.required ? "" : "?")
            let detail: String = switch field.type {
            case .oneOf(let options): ([options.joined(separator: ", ")] + (field.description.isEmpty ? [] : [field.description])).joined(separator: "; ")
            case .list(.record(let members)) where field.description.isEmpty: members.map(\.name).joined(separator: ", ")
            default: field.description
            }
            return detail.isEmpty ? name : "\(name) (\(detail))"
        }.joined(separator: ", ")
        return note.isEmpty ? listed : "\(listed); \(note)"
    }

    /// The JSON Schema (2020-12) of one line of `bagalau acts` asking for this act.
    public var jsonSchema: JSONValue {
        .object([
            ("$schema", .string(EventSchemaDocument.dialect)),
            ("$id", .string("https://bagalau.kz/schemas/acts/\(name).schema.json")),
        ] + schema(required: ["act", "occurredAt", "actor"], envelope: [
            ("act", .object([("const", .string(name))])),
            ("id", .object([("description", "the act's idempotency key: an act whose id is stored already is recorded, not decided again"), ("type", "string"), ("minLength", 1), ("maxLength", 100)])),
            ("occurredAt", .object([("description", "when the act happened, RFC 3339 with an offset"), ("type", "string"), ("format", "date-time")])),
            ("actor", .object([
                ("type", "object"), ("required", ["person", "role"]), ("additionalProperties", false),
                ("properties", .object([("person", .object([("type", "string")])), ("role", .object([("type", "string")]))])),
            ])),
        ]))
    }

    /// The schema of the act's own fields alone (the body of `POST /acts/{act}`, where the act is in the
    /// path and the actor's person is the signed-in one).
    public func requestBodySchema() -> JSONValue {
        .object(schema(required: ["actor"], envelope: [
            ("occurredAt", .object([("description", "when the act happened, RFC 3339 with an offset (default: now)"), ("type", "string"), ("format", "date-time")])),
            ("actor", .object([
                ("type", "object"), ("required", ["role"]), ("additionalProperties", false),
                ("properties", .object([
                    ("person", .object([("description", "the signed-in person (naming anyone else is refused)"), ("type", "string")])),
                    ("role", .object([("type", "string")])),
                ])),
            ])),
        ]))
    }

    /// An object schema of the envelope members given and the act's fields, nothing else admitted.
    private func schema(required: [String], envelope: [(String, JSONValue)]) -> [(String, JSONValue)] {
        [
            ("title", .string(name)),
            ("description", .string("performed by: \(roles)" + (note.isEmpty ? "" : "; \(note)"))),
            ("type", "object"),
            ("required", .array((required + fields.filter(\.required).map(\.name)).map { .string($0) })),
            ("additionalProperties", false),
            ("properties", .object(envelope + fields.map { ($0.name, $0.jsonSchema) })),
        ]
    }
}

extension ActField {
    var jsonSchema: JSONValue {
        let schema = type.jsonSchema
        guard !description.isEmpty, case .object(let members) = schema else { return schema }
        return .object([("description", .string(description))] + members)
    }
}

extension ActFieldType {
    /// The JSON Schema of a value of this type.
    public var jsonSchema: JSONValue {
        switch self {
        case .string: return .object([("type", "string")])
        case .date: return .object([("type", "string"), ("format", "date"), ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")])
        case .integer(let range?): return .object([("type", "integer"), ("minimum", .integer(Int64(range.lowerBound))), ("maximum", .integer(Int64(range.upperBound)))])
        case .integer(nil): return .object([("type", "integer")])
        case .boolean: return .object([("type", "boolean")])
        case .oneOf(let options): return .object([("type", "string"), ("enum", .array(options.map { .string($0) }))])
        case .list(let item): return .object([("type", "array"), ("items", item.jsonSchema)])
        case .record(let fields):
            return .object([
                ("type", "object"), ("required", .array(fields.filter(\.required).map { .string($0.name) })), ("additionalProperties", false),
                ("properties", .object(fields.map { ($0.name, $0.jsonSchema) })),
            ])
        case .object: return .object([("type", "object")])
        }
    }
}
