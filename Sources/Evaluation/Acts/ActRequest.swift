import LedgerCore

/// One act asked for in a JSON Lines file for `bagalau acts`: `{"act": "annual.draft-plan", "id": …,
/// "occurredAt": …, "actor": {"person", "role"}, …the act's own fields}`. Field errors name the field.
public struct ActRequest: Sendable {
    public let name: String
    /// The idempotency key of the act's first event: re-sending the same line records nothing new.
    public let id: String?
    public let occurredAt: Timestamp
    public let actor: Actor
    public let fields: JSONValue
    /// The version of the act's stream the sender read before deciding to act (HTTP `If-Match`): when the
    /// stream has moved on since, the act is not decided (design.md §8: a stale expected version).
    public var expectedVersion: Int64?

    public init(_ line: JSONValue) throws {
        guard case .object = line else { throw LedgerError.invalid("line", "each line is one JSON object") }
        fields = line
        name = try Self.string(line, "act")
        // An unknown act is said to be unknown before any of its fields is judged.
        guard ActNames.all.contains(name) else {
            throw LedgerError(.unknownEventType, field: "act", "no act is called \(name) (docs/acts.md lists them)")
        }
        id = line["id"]?.stringValue
        let occurred = try Self.string(line, "occurredAt")
        guard let occurredAt = Timestamp(rfc3339: occurred) else {
            throw LedgerError.invalid("occurredAt", "must be an RFC 3339 date-time with an offset, e.g. 2018-01-15T10:00:00+06:00")
        }
        self.occurredAt = occurredAt
        guard let actor = line["actor"] else { throw LedgerError.invalid("actor", "is required: {\"person\": …, \"role\": …}") }
        self.actor = Actor(person: try Self.string(actor, "person", path: "actor.person"), role: try Self.string(actor, "role", path: "actor.role"))
    }

    public func string(_ name: String) throws -> String { try Self.string(fields, name) }

    public func optionalString(_ name: String) -> String? { fields[name]?.stringValue }

    public func date(_ name: String) throws -> LocalDate {
        guard let date = LocalDate(try string(name)) else { throw LedgerError.invalid(name, "must be a date YYYY-MM-DD") }
        return date
    }

    public func integer(_ name: String) throws -> Int {
        Int(try Self.field(fields, name, "a whole number") { $0.integerValue })
    }

    public func bool(_ name: String) throws -> Bool {
        try Self.field(fields, name, "true or false") { if case .bool(let value) = $0 { value } else { nil } }
    }

    public func strings(_ name: String) throws -> [String] {
        try array(name, of: "an array of strings").enumerated().map { index, value in
            guard let text = value.stringValue else { throw LedgerError.invalid("\(name)[\(index)]", "must be a string; got \(value.kindName)") }
            return text
        }
    }

    public func array(_ name: String) throws -> [JSONValue] { try array(name, of: "an array") }

    private func array(_ name: String, of expected: String) throws -> [JSONValue] {
        try Self.field(fields, name, expected) { if case .array(let values) = $0 { values } else { nil } }
    }

    /// The string member `name` of `object`: "is required" when absent, "must be a string; got …" when
    /// of another type (the server reads its request bodies by the same rule).
    public static func string(_ object: JSONValue, _ name: String, path: String? = nil) throws -> String {
        try field(object, name, path: path, "a string") { $0.stringValue }
    }

    /// The field `name` read by `read`: absent is "is required", present with another type is "must be"
    /// (a `"4"` where a whole number belongs is a wrong type, not a missing field).
    private static func field<T>(_ object: JSONValue, _ name: String, path: String? = nil, _ expected: String, _ read: (JSONValue) -> T?) throws -> T {
        guard let value = object[name], value != .null else { throw LedgerError.invalid(path ?? name, "is required: \(expected)") }
        guard let typed = read(value) else { throw LedgerError.invalid(path ?? name, "must be \(expected); got \(value.kindName)") }
        return typed
    }
}
