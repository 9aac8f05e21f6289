import LedgerCore

/// A case's state, folded in the local calendar of its body (domain.md §5): the annual, quarterly and
/// attestation cases. One way to build it, so the zone is never forgotten.
public protocol CaseFold: StreamFold {
    /// The body's zone, for the local date of each act.
    var timeZone: String { get set }
    /// Whether the case has ended (issue 6: retention starts at its last act).
    var isClosed: Bool { get }
}

extension CaseFold {
    /// Folds every event of the case's stream, dating each act in the body's zone.
    public init(events: [RecordedEvent], timeZone: String) throws {
        self.init()
        self.timeZone = timeZone
        for event in events { try apply(event) }
    }

    /// Each case of `streams` folded, but for a purged one: its payloads are gone, nothing is left to act on.
    public static func states(of streams: [(stream: String, events: [RecordedEvent])], timeZone: String) throws -> [Self] {
        try streams.filter { $0.events.allSatisfy { $0.canonicalPayload != nil } }.map { try Self(events: $0.events, timeZone: timeZone) }
    }
}

extension AnnualCaseState: CaseFold {}
extension QuarterlyCaseState: CaseFold {}
extension AttestationCaseState: CaseFold {}
