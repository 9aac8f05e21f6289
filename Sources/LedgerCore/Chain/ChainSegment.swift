/// The verification of one contiguous run of positions, made so that runs checked on different cores
/// can be stitched together: what the run found inside, and what its edges must agree with.
public struct ChainSegment: Sendable {
    public let firstSeq: Int64
    public private(set) var checked: Int64 = 0
    /// The last position checked whole (nil before the first).
    public private(set) var lastSeq: Int64?
    public private(set) var purged: Int64 = 0
    public private(set) var finding: ChainFinding?
    /// The first event's link and time, checked against the previous segment's last event (as stored).
    public private(set) var firstPrevHash: String?
    public private(set) var firstRecordedAt: String?
    private var lastHashBytes: [UInt8] = []
    private var lastRecordedAtBytes: [UInt8] = []
    public var lastHash: String? { lastHashBytes.isEmpty ? nil : String(decoding: lastHashBytes, as: UTF8.self) }
    public var lastRecordedAt: String? { lastRecordedAtBytes.isEmpty ? nil : String(decoding: lastRecordedAtBytes, as: UTF8.self) }
    /// Per stream: the first (version, seq) seen in this segment, and the last version.
    public private(set) var streamStarts: [String: (version: Int64, seq: Int64)] = [:]
    public private(set) var streamEnds: [String: Int64] = [:]

    private var sequence: ChainSequenceCheck
    private var integrity = EventIntegrityCheck()

    public init(firstSeq: Int64) {
        self.firstSeq = firstSeq
        sequence = ChainSequenceCheck(startingAt: firstSeq)
    }

    /// Checks the next event of the run; returns false once something is wrong (stop reading).
    public mutating func check(_ event: RecordedEvent) -> Bool {
        event.withEnvelopeBytes { check($0) }
    }

    /// Checks the next event of the run, read as bytes; returns false once something is wrong.
    public mutating func check(_ event: EnvelopeBytes) -> Bool {
        let stream = EnvelopeBytes.text(event.stream)
        if firstPrevHash == nil {
            firstPrevHash = EnvelopeBytes.text(event.prevHash)
            firstRecordedAt = EnvelopeBytes.text(event.recordedAt)
        }
        if streamStarts[stream] == nil { streamStarts[stream] = (event.version, event.seq) }
        // Both halves look at every event; the lowest position wins, and on the same row the
        // envelope's own finding (altered) comes before what it breaks around it (links, order).
        let found = [integrity.check(event), sequence.check(event)].compactMap { $0 }.min { $0.seq < $1.seq }
        if let found {
            finding = found
            return false
        }
        streamEnds[stream] = event.version
        lastHashBytes.replaceSubrange(lastHashBytes.indices, with: event.hash)
        lastRecordedAtBytes.replaceSubrange(lastRecordedAtBytes.indices, with: event.recordedAt)
        checked += 1
        lastSeq = event.seq
        if event.payload == nil { purged += 1 }
        return true
    }

    /// Stitches segments checked independently, in order, into one report (design.md §7).
    /// `ends` gives each segment's last position when known (the run's bound): a run whose stored events
    /// stop short of it lost its tail, which the next run's first link alone may not tell.
    public static func report(_ segments: [ChainSegment], expectedLastSeq: Int64, ends: [Int64]? = nil) -> VerificationReport {
        var findings: [ChainFinding] = []
        var previousHash = ChainHasher.genesis
        var previousRecordedAt: String?
        var streamVersions: [String: Int64] = [:]
        var purged: Int64 = 0
        for (position, segment) in segments.enumerated() {
            purged += segment.purged
            if segment.finding == nil, segment.checked > 0, let end = ends?[position], let last = segment.lastSeq, last < end {
                findings.append(ChainFinding(seq: last + 1, kind: .missingEvent, reason: "no event is stored at seq \(last + 1)"))
            }
            if let found = segment.finding { findings.append(found) }
            if let first = segment.firstPrevHash, first != previousHash {
                findings.append(ChainFinding(
                    seq: segment.firstSeq, kind: .brokenLink,
                    reason: "prevHash \(first.prefix(12))… is not the hash of seq \(segment.firstSeq - 1) (\(previousHash.prefix(12))…)"))
            }
            if let first = segment.firstRecordedAt, let previous = previousRecordedAt, first.utf8.lexicographicallyPrecedes(previous.utf8) {
                findings.append(ChainFinding(seq: segment.firstSeq, kind: .recordedAtDecreased, reason: "recordedAt \(first) is earlier than \(previous)"))
            }
            for (stream, start) in segment.streamStarts {
                let expected = (streamVersions[stream] ?? 0) + 1
                if start.version != expected {
                    findings.append(ChainFinding(
                        seq: start.seq, kind: .streamVersionGap,
                        reason: "stream \(stream) continues at version \(start.version), expected \(expected)"))
                }
            }
            streamVersions.merge(segment.streamEnds) { $1 }
            previousHash = segment.lastHash ?? previousHash
            previousRecordedAt = segment.lastRecordedAt ?? previousRecordedAt
            if segment.finding == nil, segment.checked == 0, segment.firstSeq <= expectedLastSeq {
                findings.append(ChainFinding(seq: segment.firstSeq, kind: .missingEvent, reason: "no event is stored at seq \(segment.firstSeq)"))
            }
        }
        let first = findings.min { $0.seq < $1.seq }
        let total = segments.reduce(Int64(0)) { $0 + $1.checked }
        return VerificationReport(
            eventsChecked: first.map { $0.seq - 1 } ?? total, purgedPayloads: purged,
            headHash: first == nil ? previousHash : "", firstFinding: first)
    }
}
