import Foundation

/// Where the store takes `recordedAt` from. Injected, so tests and replays are deterministic.
public protocol LedgerClock: Sendable {
    func now() -> Timestamp
}

/// The machine's wall clock.
public struct SystemClock: LedgerClock {
    public init() {}
    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}

/// A clock that moves only when told to; for tests and the demo.
public final class ManualClock: LedgerClock, @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) { current = start }

    public func now() -> Timestamp { lock.withLock { current } }

    public func set(_ instant: Timestamp) { lock.withLock { current = instant } }

    public func advance(seconds: Int64) {
        lock.withLock { current = Timestamp(microsecondsSinceEpoch: current.microsecondsSinceEpoch + seconds * 1_000_000) }
    }
}
