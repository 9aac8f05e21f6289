/// What verification found wrong with one stored event.
public struct ChainFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case missingEvent = "missing-event"
        case brokenLink = "broken-link"
        case payloadAltered = "payload-altered"
        case envelopeAltered = "envelope-altered"
        case streamVersionGap = "stream-version-gap"
        case recordedAtDecreased = "recorded-at-decreased"
    }

    public let seq: Int64
    public let kind: Kind
    public let reason: String

    public var description: String { "seq \(seq): \(kind.rawValue): \(reason)" }
}

/// The per-event half of verification (design.md §7): the payload matches its digest and the envelope
/// matches its hash. Independent of other events, so callers may run it on several cores.
public struct EventIntegrityCheck: Sendable {
    private var hasher = ChainHasher()

    public init() {}

    public mutating func check(_ event: RecordedEvent) -> ChainFinding? {
        if let payload = event.canonicalPayload {
            let digest = ChainHasher.digest(payload)
            if digest != event.payloadDigest {
                return ChainFinding(
                    seq: event.seq, kind: .payloadAltered,
                    reason: "the stored payload hashes to \(digest.prefix(12))…, not to its payloadDigest \(event.payloadDigest.prefix(12))…")
            }
        }
        let hash = hasher.hash(of: event)
        if hash != event.hash {
            return ChainFinding(
                seq: event.seq, kind: .envelopeAltered,
                reason: "the envelope hashes to \(hash.prefix(12))…, not to its stored hash \(event.hash.prefix(12))…")
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
    public private(set) var previousHash: String?
    private var previousRecordedAt: Timestamp?
    private var streamVersions: [String: Int64] = [:]
    /// True when the run starts at seq 1, so every stream's first version must be 1.
    private let startsAtGenesis: Bool

    public init(startingAt seq: Int64 = 1) {
        expectedSeq = seq
        startsAtGenesis = seq == 1
        previousHash = seq == 1 ? ChainHasher.genesis : nil
    }

    public mutating func check(_ event: RecordedEvent) -> ChainFinding? {
        defer {
            expectedSeq = event.seq + 1
            previousHash = event.hash
            previousRecordedAt = max(previousRecordedAt ?? event.recordedAt, event.recordedAt)
            streamVersions[event.stream] = event.version
        }
        if event.seq != expectedSeq {
            return ChainFinding(
                seq: expectedSeq, kind: .missingEvent,
                reason: "expected seq \(expectedSeq) but the next stored event is seq \(event.seq): events were deleted or reordered")
        }
        if let previousHash, event.prevHash != previousHash {
            return ChainFinding(
                seq: event.seq, kind: .brokenLink,
                reason: "prevHash \(event.prevHash.prefix(12))… is not the hash of seq \(event.seq - 1) (\(previousHash.prefix(12))…)")
        }
        if let known = streamVersions[event.stream] ?? (startsAtGenesis ? 0 : nil),
            event.version != known + 1
        {
            return ChainFinding(
                seq: event.seq, kind: .streamVersionGap,
                reason: "stream \(event.stream) continues at version \(event.version), expected \(known + 1)")
        }
        if let previousRecordedAt, event.recordedAt < previousRecordedAt {
            return ChainFinding(
                seq: event.seq, kind: .recordedAtDecreased,
                reason: "recordedAt \(event.recordedAt) is earlier than \(previousRecordedAt)")
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
}
