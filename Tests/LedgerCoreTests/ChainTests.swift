import Testing

@testable import LedgerCore

struct ChainTests {
    static let actor = Actor(person: "hr-1", role: "hr-officer")

    static func event(seq: Int64, stream: String = "body/a", version: Int64? = nil, type: String = "test.event", prevHash: String, payload: JSONValue = ["n": 1])
        -> RecordedEvent
    {
        let canonical = CanonicalJSON.string(payload)
        let salt = [UInt8](repeating: UInt8(truncatingIfNeeded: seq), count: 32)
        let digest = ChainHasher.payloadDigest(salt: salt, canonicalPayload: Array(canonical.utf8))
        let occurred = Timestamp(rfc3339: "2018-01-03T09:00:00+06:00")!
        let recorded = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000 + seq)
        let id = "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(seq).count) + String(seq)
        var hasher = ChainHasher()
        let hash = hasher.hash(
            seq: seq, stream: stream, version: version ?? seq, id: id, type: type, schemaVersion: 1,
            occurredAt: occurred.description, recordedAt: recorded.description, actor: actor, payloadDigest: digest, prevHash: prevHash)
        return RecordedEvent(
            seq: seq, stream: stream, version: version ?? seq, id: id, type: type, schemaVersion: 1, occurredAt: occurred,
            recordedAt: recorded, actor: actor, canonicalPayload: canonical, payloadSalt: Hex.encode(salt), payloadDigest: digest, prevHash: prevHash,
            hash: hash)
    }

    static func chain(_ count: Int) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        var previous = ChainHasher.genesis
        for seq in 1...Int64(count) {
            let event = event(seq: seq, prevHash: previous, payload: ["n": .integer(seq)])
            events.append(event)
            previous = event.hash
        }
        return events
    }

    @Test("design.md §7: hash = SHA-256(prevHash ‖ JCS(envelope without payload, salt and hash)); the direct writer matches generic JCS")
    func envelopeHashMatchesGenericCanonicalForm() {
        let event = Self.chain(2)[1]
        var envelope = event.envelopeJSON.objectMembers!
        envelope.removeAll { $0.0 == "payload" || $0.0 == "payloadSalt" || $0.0 == "hash" }
        let generic = Array(event.prevHash.utf8) + CanonicalJSON.bytes(.object(envelope))
        #expect(ChainHasher.digest(generic) == event.hash)
    }

    @Test("design.md §7: payloadDigest = SHA-256(salt ‖ JCS(payload)) (known vector: 32 zero bytes then {})")
    func payloadDigest() {
        // SHA-256("{}") = 44136fa3…; with 32 zero bytes before it, the digest is another one entirely.
        #expect(ChainHasher.digest(CanonicalJSON.bytes(.object([]))) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        let zeros = [UInt8](repeating: 0, count: 32)
        #expect(ChainHasher.payloadDigest(salt: zeros, canonicalPayload: Array("{}".utf8)) == ChainHasher.digest(zeros + Array("{}".utf8)))
        #expect(ChainHasher.payloadDigest(salt: zeros, canonicalPayload: Array("{}".utf8)) != "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }

    @Test("issue 11: a vote's digest kept after a purge cannot be guessed back — the same short payload under two salts gives two digests, neither its bare hash")
    func saltedDigestsAreNotGuessable() {
        let vote = Array(CanonicalJSON.bytes(["vote": "against"]))
        let first = ChainHasher.payloadDigest(salt: ChainHasher.newSalt(), canonicalPayload: vote)
        let second = ChainHasher.payloadDigest(salt: ChainHasher.newSalt(), canonicalPayload: vote)
        #expect(first != second)
        #expect(![first, second].contains(ChainHasher.digest(vote)))
        #expect(ChainHasher.newSalt().count == 32)
    }

    @Test("a payload stored without its salt, or a salt kept when its payload was removed, is caught as payload-altered")
    func saltAndPayloadTravelTogether() {
        let event = Self.chain(1)[0]
        func with(payload: String?, salt: String?) -> RecordedEvent {
            RecordedEvent(
                seq: event.seq, stream: event.stream, version: event.version, id: event.id, type: event.type, schemaVersion: event.schemaVersion,
                occurredAt: event.occurredAt, recordedAt: event.recordedAt, actor: event.actor, canonicalPayload: payload, payloadSalt: salt,
                payloadDigest: event.payloadDigest, prevHash: event.prevHash, hash: event.hash)
        }
        var integrity = EventIntegrityCheck()
        #expect(integrity.check(with(payload: event.canonicalPayload, salt: nil))?.kind == .payloadAltered)
        #expect(integrity.check(with(payload: nil, salt: event.payloadSalt))?.kind == .payloadAltered)
        #expect(integrity.check(with(payload: event.canonicalPayload, salt: String(repeating: "0", count: 64)))?.kind == .payloadAltered)
        #expect(integrity.check(with(payload: event.canonicalPayload, salt: "zz"))?.kind == .payloadAltered)
        #expect(integrity.check(with(payload: event.canonicalPayload, salt: event.payloadSalt)) == nil)
    }

    @Test("an intact chain passes both halves of verification")
    func intact() {
        var sequence = ChainSequenceCheck()
        var integrity = EventIntegrityCheck()
        for event in Self.chain(5) {
            #expect(sequence.check(event) == nil)
            #expect(integrity.check(event) == nil)
        }
    }

    /// The same stored event with its payload column replaced, as raw SQL could do.
    static func replacingPayload(of event: RecordedEvent, with payload: String?) -> RecordedEvent {
        RecordedEvent(
            seq: event.seq, stream: event.stream, version: event.version, id: event.id, type: event.type,
            schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, recordedAt: event.recordedAt,
            actor: event.actor, canonicalPayload: payload, payloadSalt: payload == nil ? nil : event.payloadSalt, payloadDigest: event.payloadDigest,
            prevHash: event.prevHash, hash: event.hash)
    }

    @Test("a changed payload is caught as payload-altered at its seq")
    func alteredPayload() {
        let altered = Self.replacingPayload(of: Self.chain(3)[2], with: #"{"n":4}"#)
        var integrity = EventIntegrityCheck()
        #expect(integrity.check(altered)?.kind == .payloadAltered)
        #expect(integrity.check(altered)?.seq == 3)
    }

    @Test("a purged payload (nil) still verifies: the chain covers the digest, not the payload")
    func purged() {
        let purged = Self.replacingPayload(of: Self.chain(1)[0], with: nil)
        var integrity = EventIntegrityCheck()
        #expect(integrity.check(purged) == nil)
    }

    @Test("a missing event, a broken link and a stream-version gap are each found at the right seq")
    func sequenceFindings() {
        let events = Self.chain(4)
        var sequence = ChainSequenceCheck()
        #expect(sequence.check(events[0]) == nil)
        #expect(sequence.check(events[2])?.kind == .missingEvent)

        var links = ChainSequenceCheck()
        let relinked = Self.event(seq: 2, prevHash: String(repeating: "f", count: 64))
        #expect(links.check(events[0]) == nil)
        #expect(links.check(relinked)?.kind == .brokenLink)

        var versions = ChainSequenceCheck()
        let skipped = Self.event(seq: 2, version: 3, prevHash: events[0].hash)
        #expect(versions.check(events[0]) == nil)
        #expect(versions.check(skipped)?.kind == .streamVersionGap)
    }
}

struct EnvelopeSerializerTests {
    @Test("the append path's envelope template and the verify path's byte serializer hash the same bytes, also for text needing escapes",
          arguments: ["body/a", "body/\"quoted\"\\slash", "body/тест\u{1}\n", "body/😀"])
    func templateMatchesBytes(stream: String) {
        let actor = Actor(person: "hr \"1\"\t", role: "hr-officer")
        var hasher = ChainHasher()
        let viaTemplate = hasher.hash(
            seq: 42, stream: stream, version: 7, id: "00000000-0000-4000-8000-000000000042", type: "test.event", schemaVersion: 3,
            occurredAt: "2018-01-03T04:00:00.000000Z", recordedAt: "2026-11-23T09:00:00.123456Z", actor: actor,
            payloadDigest: String(repeating: "a", count: 64), prevHash: String(repeating: "b", count: 64))
        let event = RecordedEvent(
            seq: 42, stream: stream, version: 7, id: "00000000-0000-4000-8000-000000000042", type: "test.event", schemaVersion: 3,
            occurredAt: Timestamp(rfc3339: "2018-01-03T04:00:00Z")!, recordedAt: Timestamp(rfc3339: "2026-11-23T09:00:00.123456Z")!,
            actor: actor, canonicalPayload: nil, payloadSalt: nil, payloadDigest: String(repeating: "a", count: 64),
            prevHash: String(repeating: "b", count: 64), hash: "")
        #expect(hasher.hash(of: event) == viaTemplate)
        var envelope = event.envelopeJSON.objectMembers!
        envelope.removeAll { $0.0 == "payload" || $0.0 == "payloadSalt" || $0.0 == "hash" }
        #expect(ChainHasher.digest(Array(event.prevHash.utf8) + CanonicalJSON.bytes(.object(envelope))) == viaTemplate)
    }
}
