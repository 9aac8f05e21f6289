/// A self-verifying export (design.md §7): the events of a case, a body or a period, each with its
/// payload, its salt and an inclusion proof (RFC 9162 §2.1.3) against a signed tree head; the purge
/// certificates that name any of them whose payload is gone; for a period, the events just outside it.
/// `verify` needs nothing but the file's bytes, and the bundle's size follows the selection (events ×
/// log n hashes), never the ledger's.
///
/// The file is the RFC 8785 canonical JSON of the bundle and a newline, so that no byte of it can
/// change without changing what it says: a payload is bound by its salted digest, an envelope by its
/// hash, each hash by its proof to the signed root, the root by the signature, and the selection by the
/// rule that every event carried is selected and a stream's versions run from 1 without a gap.
public enum ExportBundle {
    public static let format = "bagalau-bundle/2"

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
            case "case": return parts.count >= 3 && BodyStreams.caseKinds.contains(parts[1]) ? parts[2] : nil
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

    /// The bundle's bytes: every event carried with its inclusion proof; selected events and
    /// certificates with their payloads and salts (null when purged), boundaries without.
    public static func make(
        selection: Selection, treeHead: ChainCheckpoint, selected: [RecordedEvent], certificates: [RecordedEvent], boundaries: [RecordedEvent],
        proofs: [Int64: [String]]
    ) -> [UInt8] {
        func item(_ event: RecordedEvent, payload: Bool) -> JSONValue {
            var members = envelope(event)
            if payload {
                members.append(("payload", event.canonicalPayload.flatMap { try? JSONParser.parse($0) } ?? .null))
                members.append(("payloadSalt", event.payloadSalt.map(JSONValue.string) ?? .null))
            }
            members.append(("proof", .array((proofs[event.seq] ?? []).map(JSONValue.string))))
            return .object(members)
        }
        let bundle: JSONValue = .object([
            ("format", .string(format)), ("selection", selection.json), ("treeHead", treeHead.payload),
            ("events", .array(selected.map { item($0, payload: true) })),
            ("certificates", .array(certificates.map { item($0, payload: true) })),
            ("boundaries", .array(boundaries.map { item($0, payload: false) })),
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
        /// Events carried and proved: selected, certificates and boundaries.
        public let eventsChecked: Int
        public let selected: Int
        public let purged: Int
        /// The signed tree head's size.
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
        guard let head = bundle["treeHead"].flatMap(ChainCheckpoint.init(payload:)) else { throw fail("treeHead is missing or not a signed tree head") }
        guard head.hasValidSignature else { throw fail("the tree head's signature is not valid for its key") }
        if let trustedKey, trustedKey != head.publicKey {
            throw fail("signed by key \(ChainCheckpoint.fingerprint(head.publicKey)), not the trusted \(ChainCheckpoint.fingerprint(trustedKey))")
        }
        guard let root = Hex.decode(head.rootHash), case .array(let items)? = bundle["events"], !items.isEmpty,
            case .array(let certificateItems)? = bundle["certificates"], case .array(let boundaryItems)? = bundle["boundaries"]
        else { throw fail("events (at least one), certificates and boundaries are required") }

        var hasher = ChainHasher()
        /// An item's envelope, checked: its hash, its proof to the signed root, and its payload against the salted digest.
        func proved(_ item: JSONValue, _ place: String, payload: Bool) throws -> (event: RecordedEvent, payload: JSONValue?) {
            guard let event = recorded(item) else { throw fail("\(place) is not a complete envelope") }
            guard hasher.hash(of: event) == event.hash else { throw fail("seq \(event.seq): the envelope does not match its hash") }
            guard case .array(let steps)? = item["proof"], let proof = Optional(steps.compactMap { $0.stringValue.flatMap(Hex.decode) }), proof.count == steps.count,
                let leaf = MerkleHash.leaf(eventHash: event.hash),
                MerkleProof.verifyInclusion(leafHash: leaf, leaf: event.seq - 1, size: head.headSeq, proof: proof, root: root)
            else { throw fail("seq \(event.seq): the inclusion proof does not lead to the signed root of \(head.headSeq) events") }
            guard payload else {
                guard item["payload"] == nil else { throw fail("seq \(event.seq): a boundary event carries a payload") }
                return (event, nil)
            }
            guard let value = item["payload"], let salt = item["payloadSalt"] else { throw fail("seq \(event.seq): payload and payloadSalt are required") }
            if value == .null {
                guard salt == .null else { throw fail("seq \(event.seq): the payload is absent but its salt is kept") }
                return (event, nil)
            }
            guard let saltText = salt.stringValue, ChainHasher.payloadDigest(salt: saltText, canonicalPayload: CanonicalJSON.bytes(value)) == event.payloadDigest else {
                throw fail("seq \(event.seq): the payload and its salt do not match its digest")
            }
            return (event, value)
        }

        var certified: Set<Int64> = []
        for (index, item) in certificateItems.enumerated() {
            let (event, payload) = try proved(item, "certificates[\(index)]", payload: true)
            guard event.stream == PurgeCertificate.stream, event.type == PurgeCertificate.type, let payload else {
                throw fail("certificates[\(index)] (seq \(event.seq)) is not a purge certificate with its payload")
            }
            certified.formUnion(PurgeCertificate.namedSeqs(in: payload))
        }
        var selected: [RecordedEvent] = [], purged = 0
        for (index, item) in items.enumerated() {
            let (event, payload) = try proved(item, "events[\(index)]", payload: true)
            guard selection.selects(event.stream, recordedAt: event.recordedAt) else { throw fail("seq \(event.seq): an event outside the selection") }
            if let previous = selected.last, previous.seq >= event.seq { throw fail("seq \(event.seq) follows \(previous.seq): events out of order") }
            if payload == nil {
                guard certified.contains(event.seq) else { throw fail("seq \(event.seq): the payload is absent and no purge certificate in the bundle names it: an act was hidden") }
                purged += 1
            }
            selected.append(event)
        }
        // Completeness: every stream's versions from 1 without a gap; a period's positions contiguous, with
        // the events just outside it shown (or the ledger's first / the head's last position reached).
        var versions: [String: Int64] = [:]
        let isPeriod = { if case .period = selection { return true } else { return false } }()
        for event in selected where !isPeriod {
            let expected = (versions[event.stream] ?? 0) + 1
            guard event.version == expected else {
                throw fail("stream \(event.stream) has version \(event.version) where \(expected) was due: the bundle could be incomplete")
            }
            versions[event.stream] = event.version
        }
        let boundaries = try boundaryItems.enumerated().map { try proved($0.element, "boundaries[\($0.offset)]", payload: false).event }
        if case .period(let from, let to) = selection {
            let first = selected[0], last = selected[selected.count - 1]
            guard last.seq - first.seq + 1 == Int64(selected.count) else { throw fail("the period's events are not contiguous: one was left out") }
            let before = boundaries.first { $0.seq == first.seq - 1 }, after = boundaries.first { $0.seq == last.seq + 1 }
            guard first.seq == 1 || before.map({ $0.recordedAt < from }) == true else { throw fail("the event before the period is not in the bundle: it could be incomplete") }
            guard last.seq == head.headSeq || after.map({ $0.recordedAt >= to }) == true else { throw fail("the event after the period is not in the bundle: it could be incomplete") }
        } else if !boundaries.isEmpty {
            throw fail("boundaries belong to a period's bundle only")
        }
        return Report(
            selection: selection, eventsChecked: items.count + certificateItems.count + boundaryItems.count, selected: selected.count, purged: purged,
            checkpointSeq: head.headSeq, keyFingerprint: ChainCheckpoint.fingerprint(head.publicKey))
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
            recordedAt: recordedAt, actor: Actor(person: person, role: role), canonicalPayload: nil, payloadSalt: nil, payloadDigest: digest, prevHash: prevHash, hash: hash)
    }
}

extension Optional {
    func unwrap(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
