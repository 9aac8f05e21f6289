/// The envelope fields of one stored event as UTF-8 bytes, borrowed from wherever they live (SQLite's
/// column buffers while verifying, a scratch buffer otherwise). The chain checks and the envelope
/// hash read this view, so that verification never has to build strings.
public struct EnvelopeBytes {
    public var seq: Int64
    public var version: Int64
    public var schemaVersion: Int64
    public var stream: UnsafeBufferPointer<UInt8>
    public var id: UnsafeBufferPointer<UInt8>
    public var type: UnsafeBufferPointer<UInt8>
    public var occurredAt: UnsafeBufferPointer<UInt8>
    public var recordedAt: UnsafeBufferPointer<UInt8>
    public var person: UnsafeBufferPointer<UInt8>
    public var role: UnsafeBufferPointer<UInt8>
    /// The canonical payload, nil once purged.
    public var payload: UnsafeBufferPointer<UInt8>?
    /// The payload's salt as 64 hex digits, nil once purged.
    public var salt: UnsafeBufferPointer<UInt8>?
    public var payloadDigest: UnsafeBufferPointer<UInt8>
    public var prevHash: UnsafeBufferPointer<UInt8>
    public var hash: UnsafeBufferPointer<UInt8>

    public init(
        seq: Int64, version: Int64, schemaVersion: Int64, stream: UnsafeBufferPointer<UInt8>, id: UnsafeBufferPointer<UInt8>,
        type: UnsafeBufferPointer<UInt8>, occurredAt: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
        person: UnsafeBufferPointer<UInt8>, role: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>?,
        salt: UnsafeBufferPointer<UInt8>?, payloadDigest: UnsafeBufferPointer<UInt8>, prevHash: UnsafeBufferPointer<UInt8>, hash: UnsafeBufferPointer<UInt8>
    ) {
        self.seq = seq
        self.version = version
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.person = person
        self.role = role
        self.payload = payload
        self.salt = salt
        self.payloadDigest = payloadDigest
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Text of one field, for messages.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}

extension RecordedEvent {
    /// This event's envelope as bytes, laid out in one scratch buffer for the duration of `body`.
    public func withEnvelopeBytes<R>(_ body: (EnvelopeBytes) throws -> R) rethrows -> R {
        try StoredEnvelope(
            seq: seq, version: version, schemaVersion: Int64(schemaVersion), stream: stream, id: id, type: type,
            occurredAt: occurredAt.description, recordedAt: recordedAt.description, person: actor.person, role: actor.role,
            payload: canonicalPayload, salt: payloadSalt, payloadDigest: payloadDigest, prevHash: prevHash, hash: hash
        ).withEnvelopeBytes(body)
    }
}

/// An event's envelope exactly as a store holds it, every field as its stored text — times not
/// re-formatted — so that verification hashes what is stored, and a re-spelled field is caught. A store
/// that cannot lend its column buffers (a database across a network) verifies through this.
public struct StoredEnvelope: Sendable {
    public var seq: Int64, version: Int64, schemaVersion: Int64
    public var stream: String, id: String, type: String, occurredAt: String, recordedAt: String, person: String, role: String
    public var payload: String?, salt: String?, payloadDigest: String, prevHash: String, hash: String

    public init(
        seq: Int64, version: Int64, schemaVersion: Int64, stream: String, id: String, type: String, occurredAt: String,
        recordedAt: String, person: String, role: String, payload: String?, salt: String?, payloadDigest: String,
        prevHash: String, hash: String
    ) {
        self.seq = seq
        self.version = version
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.person = person
        self.role = role
        self.payload = payload
        self.salt = salt
        self.payloadDigest = payloadDigest
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The envelope as bytes, laid out in one scratch buffer for the duration of `body`.
    public func withEnvelopeBytes<R>(_ body: (EnvelopeBytes) throws -> R) rethrows -> R {
        let fields = [stream, id, type, occurredAt, recordedAt, person, role, payload ?? "", payloadDigest, prevHash, hash, salt ?? ""]
        return try fields.withUTF8Buffers { b in
            try body(EnvelopeBytes(
                seq: seq, version: version, schemaVersion: schemaVersion, stream: b[0], id: b[1], type: b[2],
                occurredAt: b[3], recordedAt: b[4], person: b[5], role: b[6],
                payload: payload == nil ? nil : b[7], salt: salt == nil ? nil : b[11], payloadDigest: b[8], prevHash: b[9], hash: b[10]))
        }
    }
}

extension Array where Element == String {
    /// Calls `body` with the UTF-8 bytes of every string, in order, laid out in one buffer.
    fileprivate func withUTF8Buffers<R>(_ body: ([UnsafeBufferPointer<UInt8>]) throws -> R) rethrows -> R {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for text in self {
            let start = buffer.count
            buffer.append(contentsOf: text.utf8)
            ranges.append(start..<buffer.count)
        }
        return try buffer.withUnsafeBufferPointer { base in
            try body(ranges.map { UnsafeBufferPointer(rebasing: base[$0]) })
        }
    }
}
