import LedgerCore

/// One act asked for in a JSON Lines file for `bagalau acts` (or the body of `POST /acts/{act}`):
/// `{"act": "annual.draft-plan", "id": …, "occurredAt": …, "actor": {"person", "role"}, …the act's own
/// fields}`. The line is checked against the act's declaration (``ActCatalog``) before anything is
/// decided: an unknown act first, then each field's presence and type, naming the field.
public struct ActRequest: Sendable, FieldReading {
    public let name: String
    /// The idempotency key of the act's first event: re-sending the same line records nothing new.
    public let id: String?
    public let occurredAt: Timestamp
    public let actor: Actor
    public let fields: JSONValue
    /// The version of the act's stream the sender read before deciding to act (HTTP `If-Match`): when the
    /// stream has moved on since, the act is not decided (design.md §8: a stale expected version).
    public var expectedVersion: Int64?

    public var object: JSONValue { fields }
    public var path: String { "" }

    public init(_ line: JSONValue) throws {
        guard case .object = line else { throw LedgerError.invalid("line", "each line is one JSON object; got \(line.kindName)") }
        fields = line
        name = try Self.string(line, "act")
        // An unknown act is said to be unknown before any of its fields is judged.
        guard let declaration = ActCatalog.declaration(name) else {
            throw LedgerError(.unknownEventType, field: "act", "no act is called \(name) (docs/acts.md lists them)")
        }
        if let id = line["id"], id != .null {
            guard let text = id.stringValue, !text.isEmpty, text.utf8.count <= 100 else { throw LedgerError.invalid("id", "must be a string of 1 to 100 characters (a UUID); got \(id.kindName)") }
            self.id = text
        } else {
            id = nil
        }
        let occurred = try Self.string(line, "occurredAt")
        guard let occurredAt = Timestamp(rfc3339: occurred) else {
            throw LedgerError.invalid("occurredAt", "must be an RFC 3339 date-time with an offset, e.g. 2018-01-15T10:00:00+06:00")
        }
        self.occurredAt = occurredAt
        actor = try Actor(json: line["actor"])
        try declaration.check(line)
    }

    /// The string member `name` of `object`: "is required" when absent, "must be a string; got …" when
    /// of another type (the server reads its request bodies by the same rule).
    public static func string(_ object: JSONValue, _ name: String) throws -> String {
        try ActItem(object: object, path: "").string(name)
    }
}

/// One object inside an act's field (a KPI line, a respondent), read by the same rules as the act.
public struct ActItem: Sendable, FieldReading {
    public let object: JSONValue
    /// Where the object sits in the line, e.g. `results[2].`.
    public let path: String
}

/// Reading an act's fields by their declared types: absent is "is required", present with another type
/// is "must be" (a `"4"` where a whole number belongs is a wrong type, not a missing field).
public protocol FieldReading {
    var object: JSONValue { get }
    var path: String { get }
}

extension FieldReading {
    public func string(_ name: String) throws -> String { try field(name, "a string") { $0.stringValue } }

    public func optionalString(_ name: String) -> String? { object[name]?.stringValue }

    public func date(_ name: String) throws -> LocalDate {
        guard let date = LocalDate(try string(name)) else { throw LedgerError.invalid(path + name, "must be a date YYYY-MM-DD") }
        return date
    }

    public func integer(_ name: String) throws -> Int {
        Int(try field(name, "a whole number") { $0.integerValue })
    }

    public func bool(_ name: String) throws -> Bool {
        try field(name, "true or false") { if case .bool(let value) = $0 { value } else { nil } }
    }

    public func strings(_ name: String) throws -> [String] {
        try array(name, of: "an array of strings").enumerated().map { index, value in
            guard let text = value.stringValue else { throw LedgerError.invalid("\(path)\(name)[\(index)]", "must be a string; got \(value.kindName)") }
            return text
        }
    }

    /// The strings of an optional list field; none when it is absent.
    public func optionalStrings(_ name: String) throws -> [String] {
        object[name] == nil || object[name] == .null ? [] : try strings(name)
    }

    public func array(_ name: String) throws -> [JSONValue] { try array(name, of: "an array") }

    /// The objects of a list field, each read by the same rules.
    public func items(_ name: String) throws -> [ActItem] {
        try array(name).enumerated().map { ActItem(object: $1, path: "\(path)\(name)[\($0)].") }
    }

    /// The field as one of an enumeration's values.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(name)
        guard let value = T(rawValue: text) else {
            throw LedgerError.invalid(path + name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got \(text)")
        }
        return value
    }

    private func array(_ name: String, of expected: String) throws -> [JSONValue] {
        try field(name, expected) { $0.arrayValue }
    }

    private func field<T>(_ name: String, _ expected: String, _ read: (JSONValue) -> T?) throws -> T {
        guard let value = object[name], value != .null else { throw LedgerError.invalid(path + name, "is required: \(expected)") }
        guard let typed = read(value) else { throw LedgerError.invalid(path + name, "must be \(expected); got \(value.kindName)") }
        return typed
    }
}
