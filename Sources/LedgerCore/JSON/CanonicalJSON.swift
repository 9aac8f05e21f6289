/// RFC 8785 JSON Canonicalization Scheme (JCS): the byte form the ledger hashes.
///
/// Object members are sorted by their names' UTF-16 code units, strings use the minimal escapes of
/// RFC 8785 §3.2.2.2, numbers use the ECMAScript `Number.prototype.toString` form (§3.2.2.3), and no
/// whitespace is emitted.
public enum CanonicalJSON {
    /// 2^53: the largest magnitude an IEEE double holds exactly (I-JSON, RFC 7493 §2.2).
    public static let maximumExactInteger: UInt64 = 9_007_199_254_740_992

    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var writer = CanonicalJSONWriter()
        writer.write(value)
        return writer.bytes
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Parses any JSON text and returns its canonical form.
    public static func canonicalize(_ text: String) throws -> String {
        string(try JSONParser.parse(text))
    }
}

/// Appends canonical JSON to a reusable byte buffer; the hash chain writes envelopes with it directly.
public struct CanonicalJSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let number): writeInteger(number)
        case .double(let number): bytes.append(contentsOf: ECMAScriptNumber.format(number).utf8)
        case .string(let text): writeString(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.count < 2 ? members : Self.sortedMembers(members)
            for (offset, member) in sorted.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.0)
                bytes.append(UInt8(ascii: ":"))
                write(member.1)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    static func sortedMembers(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        // For ASCII names UTF-8 order is UTF-16 order; only other names need the UTF-16 view.
        if members.allSatisfy({ $0.0.utf8.allSatisfy { $0 < 0x80 } }) {
            return members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        }
        return members.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
    }

    /// RFC 8785 §3.2.3: member names sort by their UTF-16 code units.
    static func utf16Less(_ a: String, _ b: String) -> Bool {
        if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    @inline(__always)
    public mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    public mutating func writeInteger(_ number: Int64) {
        if number == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[position]) }
        }
    }

    public mutating func writeString(_ text: String) {
        var copy = text
        copy.withUTF8 { writeString(utf8: $0) }
    }

    /// Writes a JSON string from UTF-8 bytes: runs that need no escape are copied in one go.
    public mutating func writeString(utf8 source: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<source.count {
            let byte = source[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index])) }
            runStart = index + 1
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x08: append("\\b")
            case 0x09: append("\\t")
            case 0x0A: append("\\n")
            case 0x0C: append("\\f")
            case 0x0D: append("\\r")
            default:
                append("\\u00")
                bytes.append(Hex.nibble(Int(byte >> 4)))
                bytes.append(Hex.nibble(Int(byte & 0x0F)))
            }
        }
        if runStart < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<source.count])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
