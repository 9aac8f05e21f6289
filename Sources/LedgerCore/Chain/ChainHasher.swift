import Crypto

/// The tamper-evidence rule of design.md §7:
///
///     payloadDigest = SHA-256(salt ‖ JCS(payload))
///     hash          = SHA-256(prevHash ‖ JCS(envelope without payload, salt and hash))
///
/// `salt` is 32 random bytes kept beside the payload and erased with it by a purge, so that the digest
/// of a short payload (a vote, a grade) that outlives it cannot be guessed back.
///
/// `prevHash` enters the concatenation as its 64 lower-case hex characters; the first event's
/// `prevHash` is 64 zeros (``genesis``). The envelope's canonical form is written straight into a
/// reused buffer with its members already in RFC 8785 order, which the tests check against the generic
/// canonicaliser.
public struct ChainHasher: Sendable {
    public static let genesis = String(repeating: "0", count: 64)

    private var writer = CanonicalJSONWriter(capacity: 512)

    public init() {}

    public static func digest(_ bytes: UnsafeRawBufferPointer) -> String {
        var sha = SHA256()
        sha.update(bufferPointer: bytes)
        return sha.finalize().withUnsafeBytes { Hex.encode($0) }
    }

    public static func digest(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { digest($0) }
    }

    public static func digest(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    /// The length of a payload's salt, in bytes.
    public static let saltLength = 32

    /// A new salt: 32 bytes from the system's secure generator.
    public static func newSalt() -> [UInt8] {
        // Four draws of 64 bits: one call to the system's generator per 8 bytes, not per byte.
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next() as UInt64, generator.next() as UInt64, generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeBytes(of: &words) { Array($0) }
    }

    /// `SHA-256(salt ‖ canonicalPayload)`, lower-case hex.
    public static func payloadDigest(salt: [UInt8], canonicalPayload: [UInt8]) -> String {
        Hex.encode(rawPayloadDigest(salt: salt, canonicalPayload: canonicalPayload))
    }

    public static func payloadDigest(salt: String, canonicalPayload: [UInt8]) -> String? {
        guard let salt = Hex.decode(salt), salt.count == saltLength else { return nil }
        return payloadDigest(salt: salt, canonicalPayload: canonicalPayload)
    }

    public static func rawPayloadDigest(salt: [UInt8], canonicalPayload: [UInt8]) -> [UInt8] {
        canonicalPayload.withUnsafeBufferPointer { rawPayloadDigest(salt: salt, canonicalPayload: $0) }
    }

    /// The verify path: the payload hashed where SQLite holds it, never copied.
    public static func rawPayloadDigest(salt: [UInt8], canonicalPayload: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var sha = SHA256()
        salt.withUnsafeBytes { sha.update(bufferPointer: $0) }
        sha.update(bufferPointer: UnsafeRawBufferPointer(canonicalPayload))
        return sha.finalize().withUnsafeBytes { Array($0) }
    }

    /// The `hash` of an event with these envelope fields (the write path, via ``EnvelopeTemplate``).
    public mutating func hash(
        seq: Int64, stream: String, version: Int64, id: String, type: String, schemaVersion: Int,
        occurredAt: String, recordedAt: String, actor: Actor, payloadDigest: String, prevHash: String
    ) -> String {
        EnvelopeTemplate(
            stream: stream, id: id, type: type, schemaVersion: schemaVersion, occurredAt: occurredAt, actor: actor,
            payloadDigest: payloadDigest
        ).hash(seq: seq, version: version, recordedAt: recordedAt, prevHash: prevHash, scratch: &writer)
    }

    public mutating func hash(of event: RecordedEvent) -> String {
        event.withEnvelopeBytes { Hex.encode(digest(of: $0)) }
    }

    /// SHA-256 of `prevHash ‖ JCS(envelope without payload and hash)`, as raw bytes.
    public mutating func digest(of e: EnvelopeBytes) -> [UInt8] {
        writer.reset()
        writer.bytes.append(contentsOf: e.prevHash)
        writer.append("{\"actor\":{\"person\":")
        writer.writeString(utf8: e.person)
        writer.append(",\"role\":")
        writer.writeString(utf8: e.role)
        writer.append("},\"id\":")
        writer.writeString(utf8: e.id)
        writer.append(",\"occurredAt\":")
        writer.writeString(utf8: e.occurredAt)
        writer.append(",\"payloadDigest\":")
        writer.writeString(utf8: e.payloadDigest)
        writer.append(",\"prevHash\":")
        writer.writeString(utf8: e.prevHash)
        writer.append(",\"recordedAt\":")
        writer.writeString(utf8: e.recordedAt)
        writer.append(",\"schemaVersion\":")
        writer.writeInteger(e.schemaVersion)
        writer.append(",\"seq\":")
        writer.writeInteger(e.seq)
        writer.append(",\"stream\":")
        writer.writeString(utf8: e.stream)
        writer.append(",\"type\":")
        writer.writeString(utf8: e.type)
        writer.append(",\"version\":")
        writer.writeInteger(e.version)
        writer.append("}")
        return Self.rawDigest(writer.bytes)
    }

    public static func rawDigest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { rawDigest($0) }
    }

    public static func rawDigest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var sha = SHA256()
        sha.update(bufferPointer: bytes)
        return sha.finalize().withUnsafeBytes { Array($0) }
    }
}
