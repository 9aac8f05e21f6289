/// State folded from one stream's events (a body's staff, a commission, a case). A rulebook decides
/// against it; the decision is appended at ``expectedVersion`` so that a decision taken on stale state
/// is a conflict, never a lost or doubled act (design.md §8).
public protocol StreamFold: Sendable {
    init()
    /// The version of the last event folded (0 for none).
    var version: Int64 { get }
    mutating func apply(_ event: RecordedEvent) throws
}

extension StreamFold {
    /// Folds every event of the stream, in order.
    public init(events: [RecordedEvent]) throws {
        self.init()
        for event in events { try apply(event) }
    }

    /// The version the next append to this stream expects.
    public var expectedVersion: ExpectedVersion { version == 0 ? .noStream : .exactly(version) }
}
