/// The shape of an event payload, written once in Swift: the ledger validates drafts with it and
/// `bagalau schemas` writes the JSON Schema files under `schemas/` from it (design.md §11), so code and
/// contract cannot drift apart.
public indirect enum PayloadShape: Sendable {
    case object([PayloadField])
    case string(minLength: Int = 1, maxLength: Int = 500)
    case enumeration([String])
    case integer(minimum: Int64? = nil, maximum: Int64? = nil)
    case boolean
    /// `YYYY-MM-DD`.
    case date
    /// An RFC 3339 date-time.
    case dateTime
    /// An exact decimal written as a string (`"3.75"`), design.md §9.
    case decimal
    /// 64 lower-case hex characters.
    case sha256
    case array(PayloadShape, minItems: Int = 0, maxItems: Int? = nil)
    case nullable(PayloadShape)

    public static let identifier = PayloadShape.string(minLength: 1, maxLength: 100)
    public static let text = PayloadShape.string(minLength: 1, maxLength: 2000)
}

public struct PayloadField: Sendable {
    public let name: String
    public let shape: PayloadShape
    public let required: Bool
    public let summary: String

    public static func required(_ name: String, _ shape: PayloadShape, _ summary: String) -> PayloadField {
        PayloadField(name: name, shape: shape, required: true, summary: summary)
    }

    public static func optional(_ name: String, _ shape: PayloadShape, _ summary: String) -> PayloadField {
        PayloadField(name: name, shape: shape, required: false, summary: summary)
    }
}

extension PayloadShape {
    /// Throws a ``LedgerError`` naming the first field that breaks the shape, with its path.
    public func validate(_ value: JSONValue, at path: String) throws {
        func fail(_ rule: String) -> LedgerError { .invalid(path, rule) }
        switch self {
        case .object(let fields):
            guard let members = value.objectMembers else { throw fail("must be an object; got \(value.kindName)") }
            for field in fields {
                let child = path + "." + field.name
                if let member = members.first(where: { $0.0 == field.name })?.1 {
                    try field.shape.validate(member, at: child)
                } else if field.required {
                    throw LedgerError.invalid(child, "is required (\(field.summary))")
                }
            }
            for (name, _) in members where !fields.contains(where: { $0.name == name }) {
                throw LedgerError.invalid(path + "." + name, "is not a field of this event")
            }
        case .string(let minLength, let maxLength):
            guard let text = value.stringValue else { throw fail("must be a string; got \(value.kindName)") }
            // Unicode scalars, as JSON Schema's minLength/maxLength count them. A scalar is 1 to 4
            // UTF-8 bytes, so the byte count alone decides the common case.
            let bytes = text.utf8.count
            if bytes <= maxLength && bytes >= minLength * 4 { return }
            let length = text.unicodeScalars.count
            guard length >= minLength, length <= maxLength else {
                throw fail("must be \(minLength) to \(maxLength) characters; got \(length)")
            }
        case .enumeration(let allowed):
            guard let text = value.stringValue, allowed.contains(text) else {
                throw fail("must be one of \(allowed.joined(separator: ", "))")
            }
        case .integer(let minimum, let maximum):
            guard let number = value.integerValue else { throw fail("must be a whole number; got \(value.kindName)") }
            if let minimum, number < minimum { throw fail("must be at least \(minimum); got \(number)") }
            if let maximum, number > maximum { throw fail("must be at most \(maximum); got \(number)") }
        case .boolean:
            guard case .bool = value else { throw fail("must be true or false; got \(value.kindName)") }
        case .date:
            guard let text = value.stringValue, LocalDate(text) != nil else { throw fail("must be a date YYYY-MM-DD") }
        case .dateTime:
            guard let text = value.stringValue, Timestamp(rfc3339: text) != nil else {
                throw fail("must be an RFC 3339 date-time with an offset, e.g. 2023-07-07T09:00:00+06:00")
            }
        case .decimal:
            guard let text = value.stringValue, PayloadShape.isDecimal(text) else {
                throw fail("must be an exact decimal written as a string, e.g. \"3.75\"")
            }
        case .sha256:
            guard let text = value.stringValue, Hex.isLowerHex(text, count: 64) else {
                throw fail("must be a SHA-256 digest: 64 lower-case hex characters")
            }
        case .array(let element, let minItems, let maxItems):
            guard case .array(let elements) = value else { throw fail("must be an array; got \(value.kindName)") }
            if elements.count < minItems || maxItems.map({ elements.count > $0 }) == true {
                let bound = maxItems.map { $0 == minItems ? "exactly \($0)" : "\(minItems) to \($0)" } ?? "at least \(minItems)"
                throw fail("must hold \(bound) items; got \(elements.count)")
            }
            for (index, item) in elements.enumerated() { try element.validate(item, at: "\(path)[\(index)]") }
        case .nullable(let inner):
            if case .null = value { return }
            try inner.validate(value, at: path)
        }
    }

    static let decimalPattern = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$"

    static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let integer = bytes.prefix { (0x30...0x39).contains($0) }
        guard !integer.isEmpty, integer.count == 1 || integer.first != 0x30 else { return false }
        bytes = bytes.dropFirst(integer.count)
        if bytes.isEmpty { return true }
        guard bytes.first == UInt8(ascii: ".") else { return false }
        let fraction = bytes.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy { (0x30...0x39).contains($0) }
    }
}
