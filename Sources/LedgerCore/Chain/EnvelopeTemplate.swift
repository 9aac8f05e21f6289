import Crypto

/// The canonical envelope of an event before it has a position: everything the chain hashes except
/// `prevHash`, `recordedAt`, `seq` and `version`, already serialised. Appends prepare templates on
/// every core; the single writer then only adds the position-dependent fields and hashes.
///
/// JCS member order: actor, id, occurredAt, payloadDigest, prevHash, recordedAt, schemaVersion, seq,
/// stream, type, version — so the template is a head (up to `"prevHash":`) and a tail (from
/// `,"stream":` up to `"version":`).
public struct EnvelopeTemplate: Sendable {
    private let head: [UInt8]
    private let tail: [UInt8]
    private let schemaVersion: Int64

    public init(stream: String, id: String, type: String, schemaVersion: Int, occurredAt: String, actor: Actor, payloadDigest: String) {
        var writer = CanonicalJSONWriter(capacity: 256)
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
        head = writer.bytes
        writer.reset()
        writer.append(",\"stream\":")
        writer.writeString(stream)
        writer.append(",\"type\":")
        writer.writeString(type)
        writer.append(",\"version\":")
        tail = writer.bytes
        self.schemaVersion = Int64(schemaVersion)
    }

    /// The event's `hash` at this position (design.md §7). `prevHash` and `recordedAt` are the
    /// stored texts: 64 hex characters and the fixed timestamp form, which need no JSON escaping.
    public func hash(seq: Int64, version: Int64, recordedAt: String, prevHash: String, scratch: inout CanonicalJSONWriter) -> String {
        Hex.encode(rawHash(seq: seq, version: version, recordedAt: recordedAt, prevHash: prevHash, scratch: &scratch))
    }

    /// The same hash as its 32 bytes (the append path also feeds them to the Merkle tree).
    public func rawHash(seq: Int64, version: Int64, recordedAt: String, prevHash: String, scratch: inout CanonicalJSONWriter) -> [UInt8] {
        scratch.reset()
        scratch.bytes.append(contentsOf: prevHash.utf8)
        scratch.bytes.append(contentsOf: head)
        scratch.writeString(prevHash)
        scratch.append(",\"recordedAt\":")
        scratch.writeString(recordedAt)
        scratch.append(",\"schemaVersion\":")
        scratch.writeInteger(schemaVersion)
        scratch.append(",\"seq\":")
        scratch.writeInteger(seq)
        scratch.bytes.append(contentsOf: tail)
        scratch.writeInteger(version)
        scratch.append("}")
        return ChainHasher.rawDigest(scratch.bytes)
    }
}
