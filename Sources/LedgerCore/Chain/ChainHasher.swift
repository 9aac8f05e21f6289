import Crypto

/// The tamper-evidence rule of design.md §7:
///
///     payloadDigest = SHA-256(JCS(payload))
///     hash          = SHA-256(prevHash ‖ JCS(envelope without payload and hash))
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

    public static func payloadDigest(canonicalPayload: [UInt8]) -> String { digest(canonicalPayload) }

    /// The `hash` of an event with these envelope fields.
    public mutating func hash(
        seq: Int64, stream: String, version: Int64, id: String, type: String, schemaVersion: Int,
        occurredAt: String, recordedAt: String, actor: Actor, payloadDigest: String, prevHash: String
    ) -> String {
        writer.reset()
        writer.bytes.append(contentsOf: prevHash.utf8)
        writer.append("{\"actor\":{\"person\":")
        writer.writeString(actor.person)
        writer.append(",\"role\":")
        writer.writeString(actor.role)
        writer.append("},\"id\":")
        writer.writeString(id)
        writer.append(",\"occurredAt\":")
        writer.writeString(occurredAt)
        writer.append(",\"payloadDigest\":")
        writer.writeString(payloadDigest)
        writer.append(",\"prevHash\":")
        writer.writeString(prevHash)
        writer.append(",\"recordedAt\":")
        writer.writeString(recordedAt)
        writer.append(",\"schemaVersion\":")
        writer.writeInteger(Int64(schemaVersion))
        writer.append(",\"seq\":")
        writer.writeInteger(seq)
        writer.append(",\"stream\":")
        writer.writeString(stream)
        writer.append(",\"type\":")
        writer.writeString(type)
        writer.append(",\"version\":")
        writer.writeInteger(version)
        writer.append("}")
        return Self.digest(writer.bytes)
    }

    public mutating func hash(of event: RecordedEvent) -> String {
        hash(
            seq: event.seq, stream: event.stream, version: event.version, id: event.id, type: event.type,
            schemaVersion: event.schemaVersion, occurredAt: event.occurredAt.description,
            recordedAt: event.recordedAt.description, actor: event.actor, payloadDigest: event.payloadDigest,
            prevHash: event.prevHash)
    }
}
