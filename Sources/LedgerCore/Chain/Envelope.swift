import Foundation

/// Who did an act: a person in a role (domain.md §5: every act is done by a named person in a role).
public struct Actor: Sendable, Hashable, Codable {
    /// The person's identifier in the ledger (never a name or an IIN).
    public let person: String
    /// The role the person acted in, e.g. `hr-officer`, `direct-supervisor`, `commission-chair`.
    public let role: String

    public init(person: String, role: String) {
        self.person = person
        self.role = role
    }

    /// The `actor` member of an act or an imported event: an object of exactly `person` and `role`, both
    /// strings; anything else is refused naming the member (an unknown one is never dropped silently).
    public init(json value: JSONValue?) throws {
        let shape = "{\"person\": …, \"role\": …}"
        guard let value else { throw LedgerError.invalid("actor", "is required: \(shape)") }
        guard case .object(let members) = value else { throw LedgerError.invalid("actor", "must be an object \(shape); got \(value.kindName)") }
        if let unknown = members.first(where: { $0.0 != "person" && $0.0 != "role" }) {
            throw LedgerError.invalid("actor.\(unknown.0)", "is not a field here; the fields are person, role")
        }
        func string(_ name: String) throws -> String {
            guard let member = value[name] else { throw LedgerError.invalid("actor.\(name)", "is required: a string") }
            guard let text = member.stringValue else { throw LedgerError.invalid("actor.\(name)", "must be a string; got \(member.kindName)") }
            return text
        }
        self.init(person: try string("person"), role: try string("role"))
    }
}

/// An event a writer asks the store to append; the store adds the position, times and hashes.
public struct EventDraft: Sendable, Equatable {
    /// UUID, lower-case: the idempotency key (design.md §8).
    public let id: String
    public let type: String
    public let schemaVersion: Int
    /// When the act happened (valid time): may lie in the past for acts entered from paper.
    public let occurredAt: Timestamp
    public let actor: Actor
    public let payload: JSONValue

    public init(
        id: String = UUID().uuidString.lowercased(), type: String, schemaVersion: Int, occurredAt: Timestamp,
        actor: Actor, payload: JSONValue
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.actor = actor
        self.payload = payload
    }
}

/// What the writer expects a stream's current version to be (design.md §8).
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event has exactly this version.
    case exactly(Int64)

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exactly(let version): return String(version)
        }
    }
}

/// A batch of events for one stream, appended atomically.
public struct StreamAppend: Sendable {
    public let stream: String
    public let expectedVersion: ExpectedVersion
    public let events: [EventDraft]

    public init(stream: String, expectedVersion: ExpectedVersion, events: [EventDraft]) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
    }
}

/// An event as stored: the envelope of design.md §6.
public struct RecordedEvent: Sendable, Equatable {
    /// Global, gapless position, from 1.
    public let seq: Int64
    public let stream: String
    /// Position within the stream, from 1.
    public let version: Int64
    public let id: String
    public let type: String
    public let schemaVersion: Int
    public let occurredAt: Timestamp
    /// When the ledger stored it (transaction time): assigned by the store, never decreasing.
    public let recordedAt: Timestamp
    public let actor: Actor
    /// The payload in canonical JSON (RFC 8785); nil once a retention purge removed it.
    public let canonicalPayload: String?
    /// The payload's salt: 32 random bytes as lower-case hex, nil once purged with the payload (design.md §7).
    public let payloadSalt: String?
    /// SHA-256 of the salt and the canonical payload, lower-case hex.
    public let payloadDigest: String
    public let prevHash: String
    public let hash: String
    /// The payload parsed ahead of use (projection runners decode a page on every core); not part of
    /// the event's identity.
    public private(set) var decodedPayload: JSONValue?

    public init(
        seq: Int64, stream: String, version: Int64, id: String, type: String, schemaVersion: Int,
        occurredAt: Timestamp, recordedAt: Timestamp, actor: Actor, canonicalPayload: String?,
        payloadSalt: String?, payloadDigest: String, prevHash: String, hash: String
    ) {
        self.seq = seq
        self.stream = stream
        self.version = version
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.canonicalPayload = canonicalPayload
        self.payloadSalt = payloadSalt
        self.payloadDigest = payloadDigest
        self.prevHash = prevHash
        self.hash = hash
    }

    public static func == (a: RecordedEvent, b: RecordedEvent) -> Bool {
        a.seq == b.seq && a.stream == b.stream && a.version == b.version && a.id == b.id && a.type == b.type
            && a.schemaVersion == b.schemaVersion && a.occurredAt == b.occurredAt && a.recordedAt == b.recordedAt
            && a.actor == b.actor && a.canonicalPayload == b.canonicalPayload && a.payloadSalt == b.payloadSalt && a.payloadDigest == b.payloadDigest
            && a.prevHash == b.prevHash && a.hash == b.hash
    }

    /// Parses the payload now, so that ``payload()`` returns it without parsing again.
    public mutating func decodePayload() {
        if decodedPayload == nil, let canonicalPayload { decodedPayload = try? JSONParser.parse(canonicalPayload) }
    }

    /// The payload, parsed. Throws for a purged event.
    public func payload() throws -> JSONValue {
        if let decodedPayload { return decodedPayload }
        guard let canonicalPayload else {
            throw LedgerError(.notFound, field: "payload", "event \(seq) was purged under the retention rule")
        }
        return try JSONParser.parse(canonicalPayload)
    }

    /// Whether a draft re-sent with this event's id carries the same content (design.md §8): the same
    /// envelope, and a canonical payload that hashes with this event's salt to its digest. Once purged,
    /// the payload can no longer be compared and the envelope decides.
    public func hasSameContent(as draft: EventDraft, stream: String, canonicalPayload: [UInt8]) -> Bool {
        guard self.stream == stream && type == draft.type && schemaVersion == draft.schemaVersion
            && occurredAt == draft.occurredAt && actor == draft.actor
        else { return false }
        guard let payloadSalt else { return true }
        return ChainHasher.payloadDigest(salt: payloadSalt, canonicalPayload: canonicalPayload) == payloadDigest
    }

    /// The whole envelope as JSON (for `bagalau log --json`, exports and schema checks).
    public var envelopeJSON: JSONValue {
        .object([
            ("seq", .integer(seq)), ("stream", .string(stream)), ("version", .integer(version)),
            ("id", .string(id)), ("type", .string(type)), ("schemaVersion", .integer(Int64(schemaVersion))),
            ("occurredAt", .string(occurredAt.description)), ("recordedAt", .string(recordedAt.description)),
            ("actor", .object([("person", .string(actor.person)), ("role", .string(actor.role))])),
            ("payload", canonicalPayload.flatMap { try? JSONParser.parse($0) } ?? .null),
            ("payloadSalt", payloadSalt.map(JSONValue.string) ?? .null),
            ("payloadDigest", .string(payloadDigest)), ("prevHash", .string(prevHash)), ("hash", .string(hash)),
        ])
    }
}
