import Foundation

/// Where one pass over the log spent its time (`bagalau rebuild --timings`): reading and decoding pages
/// (on the reader's thread, overlapping the fold), waiting for them, and each projection's fold and writes
/// — the measured account of a rebuild's cost (issue 12 §3).
public final class RebuildTimings: @unchecked Sendable {
    // @unchecked: every field is touched under `lock` (the reader's thread and the folding one both add).
    fileprivate let lock = NSLock()
    fileprivate var reading = Duration.zero
    fileprivate var waiting = Duration.zero
    fileprivate var folding: [String: Duration] = [:]
    fileprivate var writing: [String: Duration] = [:]
    fileprivate var sealing: [String: Duration] = [:]
    fileprivate var rows: [String: Int] = [:]

    public init() {}

    /// The figures, in seconds: `read` (pages read and decoded), `waited` (the fold idle for a page), and per
    /// projection its `fold`, `write` (rows) and `seal` (the digests computed from the finished tables).
    public var seconds: (read: Double, waited: Double, fold: [String: Double], write: [String: Double], seal: [String: Double]) {
        lock.withLock {
            (Self.seconds(reading), Self.seconds(waiting), folding.mapValues(Self.seconds), writing.mapValues(Self.seconds), sealing.mapValues(Self.seconds))
        }
    }

    /// How many row writes (upserts and deletes) each projection's flushes made: more than the rows it ends
    /// with when a row is written again after the fold's cache let it go.
    public var rowsWritten: [String: Int] { lock.withLock { rows } }

    private static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

    fileprivate func add(_ duration: Duration, to field: ReferenceWritableKeyPath<RebuildTimings, Duration>) {
        lock.withLock { self[keyPath: field] += duration }
    }

    fileprivate func add(_ duration: Duration, to field: ReferenceWritableKeyPath<RebuildTimings, [String: Duration]>, _ name: String) {
        lock.withLock { self[keyPath: field][name, default: .zero] += duration }
    }

    fileprivate static func timed<R>(_ body: () throws -> R, _ record: (Duration) -> Void) rethrows -> R {
        let clock = ContinuousClock()
        let started = clock.now
        defer { record(clock.now - started) }
        return try body()
    }
}

/// Timings are optional: a catch-up measures nothing and pays for nothing.
extension Optional where Wrapped == RebuildTimings {
    func measureReading<R>(_ body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        return try RebuildTimings.timed(body) { timings.add($0, to: \.reading) }
    }

    func measureWaiting<R>(_ body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        return try RebuildTimings.timed(body) { timings.add($0, to: \.waiting) }
    }

    func measure<R>(fold projection: String, _ body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        return try RebuildTimings.timed(body) { timings.add($0, to: \.folding, projection) }
    }

    func measure<R>(write projection: String, rows: Int, _ body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        timings.lock.withLock { timings.rows[projection, default: 0] += rows }
        return try RebuildTimings.timed(body) { timings.add($0, to: \.writing, projection) }
    }

    func measure<R>(seal projection: String, _ body: () throws -> R) rethrows -> R {
        guard let timings = self else { return try body() }
        return try RebuildTimings.timed(body) { timings.add($0, to: \.sealing, projection) }
    }
}
