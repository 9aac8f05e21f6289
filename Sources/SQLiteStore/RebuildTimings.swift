import Foundation

/// Where one pass over the log spent its time (`bagalau rebuild --timings`): reading and decoding pages
/// (on the reader's thread, overlapping the fold), waiting for them, and each projection's fold, row writes
/// and seal (its staged rows put in key order, its digests computed) — the measured account of a rebuild's
/// cost (issue 12 §3).
public final class RebuildTimings: @unchecked Sendable {
    /// What a pass does: the whole pass's reading of the log and waiting for its pages; each projection's
    /// fold, its rows written, its seal (``ReadModelSQL/unstage(_:_:)``, ``ReadModelSQL/seal(_:_:projection:)``).
    public enum Phase: Sendable, Hashable { case read, wait, fold, write, seal }

    // @unchecked: both fields are touched under `lock` (the reader's thread and the folding one both add).
    private let lock = NSLock()
    /// By phase, then by projection ("" for the whole pass's phases).
    private var durations: [Phase: [String: Duration]] = [:]
    private var rows: [String: Int] = [:]

    public init() {}

    /// The seconds spent in `phase`, by `projection` for a projection's phases.
    public func seconds(_ phase: Phase, _ projection: String = "") -> Double {
        let duration = lock.withLock { durations[phase]?[projection] ?? .zero }
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// How many row writes (upserts and deletes) each projection's flushes made: more than the rows it ends
    /// with when a row is written again after the fold's cache let it go.
    public var rowsWritten: [String: Int] { lock.withLock { rows } }

    fileprivate func add(_ duration: Duration, to phase: Phase, _ projection: String, rows written: Int) {
        lock.withLock {
            durations[phase, default: [:]][projection, default: .zero] += duration
            if written > 0 { rows[projection, default: 0] += written }
        }
    }
}

/// Timings are optional: a catch-up measures nothing and pays for nothing.
extension Optional where Wrapped == RebuildTimings {
    /// Runs `body`, adding its time to `phase` (of `projection`, and the `rows` it writes).
    func measure<R>(_ phase: RebuildTimings.Phase, _ projection: String = "", rows: Int = 0, body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        let clock = ContinuousClock()
        let started = clock.now
        defer { timings.add(clock.now - started, to: phase, projection, rows: rows) }
        return try body()
    }
}
