/// Checks every store applies to a draft before it is hashed, whatever the event type.
public enum EnvelopeRules {
    /// Streams are named `kind/identifier…`, printable ASCII without spaces, at most 200 bytes.
    public static func checkStream(_ stream: String) throws {
        guard !stream.isEmpty, stream.utf8.count <= 200,
            stream.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw LedgerError.invalid("stream", "a stream name is 1 to 200 printable ASCII characters without spaces; got \"\(stream.prefix(40))\"")
        }
    }

    public static func check(_ draft: EventDraft) throws {
        guard isLowerUUID(draft.id) else {
            throw LedgerError.invalid("id", "an event id is a lower-case UUID such as 3f2c…-…; got \"\(draft.id.prefix(40))\"")
        }
        guard isTypeName(draft.type) else {
            throw LedgerError.invalid("type", "an event type is dotted lower-case words such as kpi.plan-submitted; got \"\(draft.type.prefix(60))\"")
        }
        guard draft.schemaVersion >= 1 else {
            throw LedgerError.invalid("schemaVersion", "a schema version is a whole number from 1; got \(draft.schemaVersion)")
        }
        guard !draft.actor.person.isEmpty, draft.actor.person.utf8.count <= 100 else {
            throw LedgerError.invalid("actor.person", "the acting person's id is 1 to 100 characters")
        }
        guard isTypeName(draft.actor.role) else {
            throw LedgerError.invalid("actor.role", "a role is lower-case words such as hr-officer; got \"\(draft.actor.role.prefix(40))\"")
        }
        guard case .object = draft.payload else {
            throw LedgerError.invalid("payload", "a payload is a JSON object; got \(draft.payload.kindName)")
        }
    }

    static func isLowerUUID(_ text: String) -> Bool {
        guard text.utf8.count == 36 else { return false }
        for (index, byte) in text.utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                if byte != UInt8(ascii: "-") { return false }
            } else if !((0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)) {
                return false
            }
        }
        return true
    }

    static func isTypeName(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x61...0x7A).contains(first), text.utf8.count <= 100 else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D }
    }
}
