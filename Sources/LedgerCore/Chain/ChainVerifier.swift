/// What verification found wrong with one stored event.
public struct ChainFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case missingEvent = "missing-event"
        case brokenLink = "broken-link"
        case payloadAltered = "payload-altered"
        case envelopeAltered = "envelope-altered"
        case streamVersionGap = "stream-version-gap"
        case recordedAtDecreased = "recorded-at-decreased"
        /// A stored node of the Merkle tree is not the hash of its children (design.md §7).
        case treeAltered = "tree-altered"
    }

    public let seq: Int64
    public let kind: Kind
    public let reason: String

    public init(seq: Int64, kind: Kind, reason: String) {
        self.seq = seq
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "seq \(seq): \(kind.rawValue): \(reason)" }
}

extension ChainFinding {
    /// A node of the Merkle tree that is not as the events make it (design.md §7), named by the events it covers.
    public static func tree(level: Int, index: Int64, _ why: String) -> ChainFinding {
        let first = index << Int64(level) + 1, last = first + (Int64(1) << Int64(level)) - 1
        return ChainFinding(seq: first, kind: .treeAltered, reason: "the Merkle tree's level \(level) node \(index) (over seq \(first)–\(last)) \(why)")
    }
}

/// The per-event half of verification (design.md §7): the payload matches its digest and the envelope
/// matches its hash. Independent of other events, so callers may run it on several cores.
public struct EventIntegrityCheck: Sendable {
    private var hasher = ChainHasher()

    public init() {}

    public mutating func check(_ event: RecordedEvent) -> ChainFinding? {
        event.withEnvelopeBytes { check($0) }
    }

    public mutating func check(_ e: EnvelopeBytes) -> ChainFinding? {
        switch (e.payload, e.salt) {
        case (let payload?, let saltDigits?):
            guard let salt = Hex.decode(digits: saltDigits), salt.count == ChainHasher.saltLength else {
                return ChainFinding(seq: e.seq, kind: .payloadAltered, reason: "the payload's salt is not 32 bytes of hex")
            }
            let digest = ChainHasher.rawPayloadDigest(salt: salt, canonicalPayload: payload)
            if !Hex.matches(digest, e.payloadDigest) {
                return ChainFinding(
                    seq: e.seq, kind: .payloadAltered,
                    reason: "the stored salt and payload hash to \(Hex.encode(digest).prefix(12))…, not to its payloadDigest \(EnvelopeBytes.text(e.payloadDigest).prefix(12))…")
            }
        case (nil, nil): break
        case (.some, nil): return ChainFinding(seq: e.seq, kind: .payloadAltered, reason: "the payload is stored without its salt")
        case (nil, .some): return ChainFinding(seq: e.seq, kind: .payloadAltered, reason: "the payload was removed but its salt kept: not a purge")
        }
        let hash = hasher.digest(of: e)
        if !Hex.matches(hash, e.hash) {
            return ChainFinding(
                seq: e.seq, kind: .envelopeAltered,
                reason: "the envelope hashes to \(Hex.encode(hash).prefix(12))…, not to its stored hash \(EnvelopeBytes.text(e.hash).prefix(12))…")
        }
        return nil
    }
}

/// The sequential half of verification: gapless `seq`, each `prevHash` equal to the previous
/// event's `hash`, gapless versions per stream, `recordedAt` never decreasing (design.md §6–§7).
///
/// Started past seq 1, it checks a run of the chain: the run's first link and the first version of
/// each stream in it depend on events outside the run, and are left to ``ChainSegment/report(_:expectedLastSeq:)``.
public struct ChainSequenceCheck: Sendable {
    public private(set) var expectedSeq: Int64
    /// The previous event's hash and recordedAt, as stored (empty before the first).
    private var previousHash: [UInt8]
    private var previousRecordedAt: [UInt8] = []
    private var streamVersions: [String: Int64] = [:]
    /// True when the run starts at seq 1, so every stream's first version must be 1.
    private let startsAtGenesis: Bool

    public init(startingAt seq: Int64 = 1) {
        expectedSeq = seq
        startsAtGenesis = seq == 1
        previousHash = seq == 1 ? Array(ChainHasher.genesis.utf8) : []
    }

    public mutating func check(_ event: RecordedEvent) -> ChainFinding? {
        event.withEnvelopeBytes { check($0) }
    }

    public mutating func check(_ e: EnvelopeBytes) -> ChainFinding? {
        let stream = EnvelopeBytes.text(e.stream)
        defer {
            expectedSeq = e.seq + 1
            previousHash.replaceSubrange(previousHash.indices, with: e.hash)
            if previousRecordedAt.isEmpty || !e.recordedAt.lexicographicallyPrecedes(previousRecordedAt) {
                previousRecordedAt.replaceSubrange(previousRecordedAt.indices, with: e.recordedAt)
            }
            streamVersions[stream] = e.version
        }
        if e.seq != expectedSeq {
            return ChainFinding(
                seq: expectedSeq, kind: .missingEvent,
                reason: "expected seq \(expectedSeq) but the next stored event is seq \(e.seq): events were deleted or reordered")
        }
        if !previousHash.isEmpty, !e.prevHash.elementsEqual(previousHash) {
            return ChainFinding(
                seq: e.seq, kind: .brokenLink,
                reason: "prevHash \(EnvelopeBytes.text(e.prevHash).prefix(12))… is not the hash of seq \(e.seq - 1) (\(String(decoding: previousHash, as: UTF8.self).prefix(12))…)")
        }
        if let known = streamVersions[stream] ?? (startsAtGenesis ? 0 : nil), e.version != known + 1 {
            return ChainFinding(
                seq: e.seq, kind: .streamVersionGap,
                reason: "stream \(stream) continues at version \(e.version), expected \(known + 1)")
        }
        // The fixed form sorts as text, so comparing the stored bytes compares the instants.
        if !previousRecordedAt.isEmpty, e.recordedAt.lexicographicallyPrecedes(previousRecordedAt) {
            return ChainFinding(
                seq: e.seq, kind: .recordedAtDecreased,
                reason: "recordedAt \(EnvelopeBytes.text(e.recordedAt)) is earlier than \(String(decoding: previousRecordedAt, as: UTF8.self))")
        }
        return nil
    }
}

/// The outcome of walking the chain.
public struct VerificationReport: Sendable, Equatable {
    public let eventsChecked: Int64
    public let purgedPayloads: Int64
    public let headHash: String
    public let firstFinding: ChainFinding?

    public init(eventsChecked: Int64, purgedPayloads: Int64, headHash: String, firstFinding: ChainFinding?) {
        self.eventsChecked = eventsChecked
        self.purgedPayloads = purgedPayloads
        self.headHash = headHash
        self.firstFinding = firstFinding
    }

    public var isIntact: Bool { firstFinding == nil }

    /// The same walk with a later finding (the Merkle tree's, found after the chain held).
    public func adding(_ finding: ChainFinding?) -> VerificationReport {
        guard firstFinding == nil, let finding else { return self }
        return VerificationReport(eventsChecked: min(eventsChecked, finding.seq - 1), purgedPayloads: purgedPayloads, headHash: "", firstFinding: finding)
    }
}
