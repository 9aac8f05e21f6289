/// Writes the JSON Schema file of one event type: the whole stored event (envelope of design.md §6 with
/// `type` and `schemaVersion` fixed) and its payload. A purged payload is `null` (issue: retention).
public enum EventSchemaDocument {
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    public static func document(for descriptor: EventTypeDescriptor) -> JSONValue {
        let hex64: JSONValue = .object([("type", "string"), ("pattern", "^[0-9a-f]{64}$")])
        let timestamp: JSONValue = .object([
            ("type", "string"), ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$"),
        ])
        let positive: JSONValue = .object([("type", "integer"), ("minimum", 1)])
        let description = descriptor.clause.isEmpty ? descriptor.summary : "\(descriptor.summary) (\(descriptor.clause))"
        return .object([
            ("$schema", .string(dialect)),
            ("$id", .string("https://bagalau.kz/schemas/\(descriptor.schemaFileName)")),
            ("title", .string("\(descriptor.type) v\(descriptor.schemaVersion)")),
            ("description", .string(description)),
            ("type", "object"),
            ("required", ["seq", "stream", "version", "id", "type", "schemaVersion", "occurredAt", "recordedAt",
                          "actor", "payload", "payloadSalt", "payloadDigest", "prevHash", "hash"]),
            ("additionalProperties", false),
            ("properties", .object([
                ("seq", positive),
                ("stream", .object([("type", "string"), ("minLength", 1), ("maxLength", 200), ("pattern", "^[!-~]+$")])),
                ("version", positive),
                ("id", .object([("type", "string"), ("pattern", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")])),
                ("type", .object([("const", .string(descriptor.type))])),
                ("schemaVersion", .object([("const", .integer(Int64(descriptor.schemaVersion)))])),
                ("occurredAt", timestamp),
                ("recordedAt", timestamp),
                ("actor", .object([
                    ("type", "object"), ("required", ["person", "role"]), ("additionalProperties", false),
                    ("properties", .object([
                        ("person", .object([("type", "string"), ("minLength", 1), ("maxLength", 100)])),
                        ("role", .object([("type", "string"), ("pattern", "^[a-z][a-z0-9.-]*$")])),
                    ])),
                ])),
                ("payload", .object([("anyOf", .array([descriptor.payload.jsonSchema, .object([("type", "null")])]))])),
                ("payloadSalt", .object([
                    ("description", "32 random bytes (hex) inside the payload's digest, erased with the payload by a purge (design.md §7)"),
                    ("anyOf", .array([hex64, .object([("type", "null")])])),
                ])),
                ("payloadDigest", hex64),
                ("prevHash", hex64),
                ("hash", hex64),
            ])),
        ])
    }

    /// Pretty, stable text for the file (members in the order written here, two-space indent).
    public static func text(for descriptor: EventTypeDescriptor) -> String {
        PrettyJSON.string(document(for: descriptor)) + "\n"
    }
}

/// Human-readable JSON with a stable member order; for files people read and diff.
public enum PrettyJSON {
    public static func string(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            if elements.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                return "[" + elements.map { CanonicalJSON.string($0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + elements.map { inner + string($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members) where !members.isEmpty:
            let lines = members.map { inner + CanonicalJSON.string(.string($0.0)) + ": " + string($0.1, indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return CanonicalJSON.string(value)
        }
    }
}
