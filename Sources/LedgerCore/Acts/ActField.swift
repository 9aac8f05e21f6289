/// One field of an act (design.md §14): its name, its type, whether it must be given, and what it
/// means. The CLI's and the server's decoding, the act's JSON Schema, the OpenAPI request body and
/// docs/acts.md are all read from these.
public struct ActField: Sendable {
    public let name: String
    public let type: ActFieldType
    public let required: Bool
    /// What the field holds, for docs/acts.md and the schemas (empty when the name says it all).
    public let description: String

    public init(_ name: String, _ type: ActFieldType, required: Bool = true, _ description: String = "") {
        self.name = name
        self.type = type
        self.required = required
        self.description = description
    }

    /// A field that may be left out.
    public static func optional(_ name: String, _ type: ActFieldType, _ description: String = "") -> ActField {
        ActField(name, type, required: false, description)
    }
}

/// The type of an act's field: what a value must be, said in the words an error uses.
public indirect enum ActFieldType: Sendable {
    case string
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A whole number, within `range` when one is given.
    case integer(ClosedRange<Int>? = nil)
    case boolean
    /// One of these strings.
    case oneOf([String])
    /// An array whose every item is of the type.
    case list(ActFieldType)
    /// An object with exactly these members.
    case record([ActField])
    /// Any JSON object (a methodology's parameters, an attached document).
    case object

    public static let whole = ActFieldType.integer(nil)

    /// What a value must be, as an error says it: "a whole number", "one of for, against".
    public var expected: String {
        switch self {
        case .string: "a string"
        case .date: "a date YYYY-MM-DD"
        case .integer(let range?): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .integer(nil): "a whole number"
        case .boolean: "true or false"
        case .oneOf(let options): "one of " + options.joined(separator: ", ")
        case .list(.string): "an array of strings"
        case .list(let item): "an array, each item \(item.expected)"
        case .record(let fields): "an object {" + fields.map { $0.name + ($0.required ? "" : "?") }.joined(separator: ", ") + "}"
        case .object: "a JSON object"
        }
    }

    /// Refuses `value` at `path` unless it is of this type, naming the innermost field that is not.
    public func check(_ value: JSONValue, at path: String) throws {
        func wrong() -> LedgerError { LedgerError.invalid(path, "must be \(expected); got \(value.kindName == "string" ? "\"\(value.stringValue ?? "")\"" : value.kindName)") }
        switch self {
        case .string:
            guard value.stringValue != nil else { throw wrong() }
        case .date:
            guard let text = value.stringValue, LocalDate(text) != nil else { throw wrong() }
        case .integer(let range):
            guard let number = value.integerValue else { throw wrong() }
            if let range, !range.contains(Int(number)) { throw wrong() }
        case .boolean:
            guard case .bool = value else { throw wrong() }
        case .oneOf(let options):
            guard let text = value.stringValue, options.contains(text) else { throw wrong() }
        case .list(let item):
            guard case .array(let items) = value else { throw wrong() }
            for (index, element) in items.enumerated() { try item.check(element, at: "\(path)[\(index)]") }
        case .record(let fields):
            guard value.objectMembers != nil else { throw wrong() }
            try ActField.check(value, against: fields, at: path + ".")
        case .object:
            guard value.objectMembers != nil else { throw wrong() }
        }
    }
}

extension ActField {
    /// Refuses `object` unless each field is given (when required) and of its type, and no member is
    /// unknown: a misspelt optional field is an error, not silently ignored.
    public static func check(_ object: JSONValue, against fields: [ActField], at prefix: String = "", besides known: Set<String> = []) throws {
        for field in fields {
            guard let value = object[field.name], value != .null else {
                if field.required { throw LedgerError.invalid(prefix + field.name, "is required: \(field.type.expected)") }
                continue
            }
            try field.type.check(value, at: prefix + field.name)
        }
        let names = Set(fields.map(\.name)).union(known)
        if let unknown = object.objectMembers?.first(where: { !names.contains($0.0) }) {
            throw LedgerError.invalid(prefix + unknown.0, "is not a field here; the fields are " + fields.map(\.name).joined(separator: ", "))
        }
    }
}
