/// A refusal or failure that a person can act on: a stable ``code``, the ``field`` it concerns (a JSON
/// path such as `payload.kpis` or `actor.role`), and a message that states the rule that was broken.
///
/// Messages name identifiers and rules, never payload contents, so that personal data stays out of
/// logs (style.md, after GRDB).
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case invalidEvent = "invalid-event"
            case unknownEventType = "unknown-event-type"
            case wrongExpectedVersion = "wrong-expected-version"
            case idempotencyConflict = "idempotency-conflict"
            case notFound = "not-found"
            case storage = "storage"
            case chainBroken = "chain-broken"
            case refused = "refused"
            case forbidden = "forbidden"
            case readModelAltered = "read-model-altered"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The event is malformed: a missing or ill-typed field, a bad identifier.
        public static let invalidEvent = Code(.invalidEvent)
        /// No schema is known for the event's `type` and `schemaVersion`.
        public static let unknownEventType = Code(.unknownEventType)
        /// The stream's version is not the one the writer expected (design.md §8); nothing was written.
        public static let wrongExpectedVersion = Code(.wrongExpectedVersion)
        /// An event `id` was sent again with other content (design.md §8).
        public static let idempotencyConflict = Code(.idempotencyConflict)
        public static let notFound = Code(.notFound)
        public static let storage = Code(.storage)
        /// Verification found a stored event that does not match the chain (design.md §7).
        public static let chainBroken = Code(.chainBroken)
        /// A rulebook refused an act; the message names the clause.
        public static let refused = Code(.refused)
        /// The person is known but the act or read is not theirs: no power the ledger gives them covers it
        /// (design.md §13).
        public static let forbidden = Code(.forbidden)
        /// A read model's rows no longer match the digest its projection last wrote: they were changed
        /// outside the ledger, and a read refuses to answer from them (issue 11 §5).
        public static let readModelAltered = Code(.readModelAltered)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public static func invalid(_ field: String, _ message: String) -> LedgerError {
        LedgerError(.invalidEvent, field: field, message)
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }

    /// Errors are equal when their code and field are: the message may be reworded without breaking callers.
    public static func == (a: LedgerError, b: LedgerError) -> Bool { a.code == b.code && a.field == b.field }
}
