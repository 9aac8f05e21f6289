/// A self-verifying export (issue 6): the events of a case, a body or a period with the chain evidence
/// that proves them — every envelope from the first selected event (from the ledger's start, for a
/// body; from the event before the period, for a period) up to a signed checkpoint that covers them —
/// and the public key. `verify` needs nothing but the file's bytes.
///
/// The file is the RFC 8785 canonical JSON of the bundle and a newline, so that no byte of it can
/// change without changing what it says: a payload is bound by its digest, an envelope by the chain,
/// the chain by the signed head, the key by the signature, and the selection by the rule that every
/// envelope it matches, and only those, carries its payload.
public enum ExportBundle {
    public static let format = "bagalau-bundle/1"

    /// What the bundle exports.
    public enum Selection: Sendable, Equatable {
        /// One stream: a case (`case/annual/b/2018/p1`) or any other.
        case stream(String)
        /// A body's streams: `body/B`, `methodology/B`, `attestation/B/…`, `case/<kind>/B/…` and their `access/` reads and `findings/`.
        case body(String)
        /// Everything recorded in `from ..< to`.
        case period(from: Timestamp, to: Timestamp)

        public func selects(_ stream: String, recordedAt: Timestamp) -> Bool {
            switch self {
            case .stream(let selected): return stream == selected
            case .body(let body): return Self.body(of: stream) == body
            case .period(let from, let to): return from <= recordedAt && recordedAt < to
            }
        }

        /// The body a stream belongs to, by the ledger's stream names.
        public static func body(of stream: String) -> String? {
            var parts = stream.split(separator: "/").map(String.init)
            if parts.first == "access" || parts.first == "findings" { parts.removeFirst() }
            switch parts.first {
            case "body", "methodology": return parts.count == 2 ? parts[1] : nil
            case "attestation": return parts.count >= 2 ? parts[1] : nil
            case "case": return parts.count >= 3 ? parts[2] : nil
            default: return nil
            }
        }

        var json: JSONValue {
            switch self {
            case .stream(let stream): return ["kind": "stream", "stream": .string(stream)]
            case .body(let body): return ["kind": "body", "body": .string(body)]
            case .period(let from, let to): return ["kind": "period", "from": .string(from.description), "to": .string(to.description)]
            }
        }

        init?(_ json: JSONValue) {
            switch json["kind"]?.stringValue {
            case "stream": guard let stream = json["stream"]?.stringValue else { return nil }; self = .stream(stream)
            case "body": guard let body = json["body"]?.stringValue else { return nil }; self = .body(body)
            case "period":
                guard let from = json["from"]?.stringValue.flatMap(Timestamp.init(rfc3339:)), let to = json["to"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
                self = .period(from: from, to: to)
            default: return nil
            }
        }
    }

    /// The bundle's bytes. `chain` runs from the first event the evidence needs through `checkpoint`,
    /// contiguous; selected events and the checkpoint carry their payloads (null when purged).
    public static func make(selection: Selection, chain: [RecordedEvent], checkpoint: RecordedEvent) throws -> [UInt8] {
        guard let signed = ChainCheckpoint(payload: try checkpoint.payload()) else {
            throw LedgerError.invalid("checkpoint", "event \(checkpoint.seq) is not a signed checkpoint")
        }
        let events: [JSONValue] = chain.map { event in
            var members = envelope(event)
            if event.seq == checkpoint.seq || selection.selects(event.stream, recordedAt: event.recordedAt) {
                members.append(("payload", event.canonicalPayload.flatMap { try? JSONParser.parse($0) } ?? .null))
            }
            return .object(members)
        }
        let bundle: JSONValue = .object([
            ("format", .string(format)), ("selection", selection.json), ("publicKey", .string(signed.publicKey)),
            ("checkpointSeq", .integer(checkpoint.seq)), ("events", .array(events)),
        ])
        return CanonicalJSON.bytes(bundle) + [0x0A]
    }

    static func envelope(_ event: RecordedEvent) -> [(String, JSONValue)] {
        [("seq", .integer(event.seq)), ("stream", .string(event.stream)), ("version", .integer(event.version)), ("id", .string(event.id)),
         ("type", .string(event.type)), ("schemaVersion", .integer(Int64(event.schemaVersion))), ("occurredAt", .string(event.occurredAt.description)),
         ("recordedAt", .string(event.recordedAt.description)), ("actor", ["person": .string(event.actor.person), "role": .string(event.actor.role)]),
         ("payloadDigest", .string(event.payloadDigest)), ("prevHash", .string(event.prevHash)), ("hash", .string(event.hash))]
    }

    /// What a bundle proved.
    public struct Report: Sendable, Equatable {
        public let selection: Selection
        public let eventsChecked: Int
        public let selected: Int
        public let purged: Int
        public let checkpointSeq: Int64
        public let keyFingerprint: String
    }

    /// Why a bundle does not verify.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Checks a bundle offline; `trustedKey` (hex) pins the signer.
    public static func verify(_ bytes: [UInt8], trustedKey: String? = nil) throws -> Report {
        func fail(_ reason: String) -> Failure { Failure(reason: reason) }
        guard let text = String(validating: bytes, as: UTF8.self), let bundle = try? JSONParser.parse(text) else {
            throw fail("not a JSON document")
        }
        guard CanonicalJSON.bytes(bundle) + [0x0A] == bytes else { throw fail("not in canonical form (RFC 8785 and one newline): the file was altered") }
        guard bundle["format"]?.stringValue == format else { throw fail("format is not \(format)") }
        guard let selection = bundle["selection"].flatMap(Selection.init) else { throw fail("selection is missing or unknown") }
        guard let key = bundle["publicKey"]?.stringValue, case .array(let items)? = bundle["events"], !items.isEmpty,
            let checkpointSeq = bundle["checkpointSeq"]?.integerValue
        else { throw fail("publicKey, checkpointSeq and events are required") }
        if let trustedKey, trustedKey != key { throw fail("signed by key \(ChainCheckpoint.fingerprint(key)), not the trusted \(ChainCheckpoint.fingerprint(trustedKey))") }

        var hasher = ChainHasher()
        var previous: RecordedEvent?
        var selected = 0, purged = 0
        var checkpoint: ChainCheckpoint?
        var hashes: [Int64: String] = [:]
        for (index, item) in items.enumerated() {
            guard let event = recorded(item) else { throw fail("events[\(index)] is not a complete envelope") }
            if let previous {
                guard event.seq == previous.seq + 1 else { throw fail("seq \(event.seq) follows \(previous.seq): the chain has a gap") }
                guard event.prevHash == previous.hash else { throw fail("seq \(event.seq): prevHash does not link to seq \(previous.seq)") }
                guard previous.recordedAt <= event.recordedAt else { throw fail("seq \(event.seq): recordedAt goes back") }
            }
            guard hasher.hash(of: event) == event.hash else { throw fail("seq \(event.seq): the envelope does not match its hash") }
            let payload = item["payload"]
            if let payload, payload != .null {
                guard ChainHasher.digest(CanonicalJSON.bytes(payload)) == event.payloadDigest else { throw fail("seq \(event.seq): the payload does not match its digest") }
            }
            let isCheckpoint = event.seq == checkpointSeq
            let isLeadIn = index == 0 && { if case .period = selection { return true } else { return false } }() && !selection.selects(event.stream, recordedAt: event.recordedAt)
            if !isCheckpoint && !isLeadIn {
                let wanted = selection.selects(event.stream, recordedAt: event.recordedAt)
                guard wanted == (payload != nil) else {
                    throw fail("seq \(event.seq): \(wanted ? "a selected event lacks its payload" : "an event outside the selection carries a payload")")
                }
                if wanted {
                    selected += 1
                    if payload == .null { purged += 1 }
                }
            }
            if isCheckpoint {
                guard event.stream == ChainCheckpoint.stream, let payload, let signed = ChainCheckpoint(payload: payload) else {
                    throw fail("seq \(checkpointSeq) is not a signed checkpoint")
                }
                checkpoint = signed
            }
            hashes[event.seq] = event.hash
            previous = event
        }
        guard let checkpoint, previous?.seq == checkpointSeq else { throw fail("the events must end with the checkpoint at seq \(checkpointSeq)") }
        guard checkpoint.publicKey == key, checkpoint.hasValidSignature else { throw fail("the checkpoint's signature is not valid for the bundle's key") }
        guard hashes[checkpoint.headSeq] == checkpoint.headHash else { throw fail("the checkpoint signs seq \(checkpoint.headSeq), which the chain does not reach with that hash") }
        let first = try recorded(items[0]).unwrap(fail("events[0]"))
        switch selection {
        case .stream:
            let firstSelected = items.compactMap(recorded).first { selection.selects($0.stream, recordedAt: $0.recordedAt) }
            guard firstSelected?.version == 1 else { throw fail("the stream's first event (version 1) is not in the bundle: it could be incomplete") }
        case .body:
            guard first.seq == 1, first.prevHash == ChainHasher.genesis else { throw fail("a body bundle starts at the ledger's first event") }
        case .period(let from, _):
            guard first.seq == 1 || first.recordedAt < from else { throw fail("the event before the period is not in the bundle: it could be incomplete") }
        }
        return Report(selection: selection, eventsChecked: items.count, selected: selected, purged: purged, checkpointSeq: checkpointSeq,
                      keyFingerprint: ChainCheckpoint.fingerprint(key))
    }

    /// An envelope of the bundle as a recorded event (its payload is checked separately).
    static func recorded(_ item: JSONValue) -> RecordedEvent? {
        func text(_ name: String) -> String? { item[name]?.stringValue }
        func timestamp(_ name: String) -> Timestamp? {
            guard var value = text(name) else { return nil }
            return value.withUTF8 { Timestamp(fixedForm: $0) }
        }
        guard let seq = item["seq"]?.integerValue, let stream = text("stream"), let version = item["version"]?.integerValue, let id = text("id"),
            let type = text("type"), let schemaVersion = item["schemaVersion"]?.integerValue, let occurredAt = timestamp("occurredAt"),
            let recordedAt = timestamp("recordedAt"), let person = item["actor"]?["person"]?.stringValue, let role = item["actor"]?["role"]?.stringValue,
            let digest = text("payloadDigest"), let prevHash = text("prevHash"), let hash = text("hash")
        else { return nil }
        return RecordedEvent(
            seq: seq, stream: stream, version: version, id: id, type: type, schemaVersion: Int(schemaVersion), occurredAt: occurredAt,
            recordedAt: recordedAt, actor: Actor(person: person, role: role), canonicalPayload: nil, payloadDigest: digest, prevHash: prevHash, hash: hash)
    }
}

extension Optional {
    func unwrap(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
