// Ledger benchmark (issue #2 §12): bulk import with the hash chain against raw SQLite inserts of the
// same rows, single-act durable appends, verify, a projection rebuild, and a case's bundle with its
// inclusion proofs — over 1,000,000 events.
//
//     swift run -c release LedgerBenchmark [--events N] [--streams N] [--appends N] [--output docs/performance.md]
//
// Not a test: it prints figures and writes them, with the machine and the command, to --output.
import ArgumentParser
import Crypto
import Evaluation
import Foundation
import GRDB
import LedgerCore
import SQLiteStore

let options = BenchmarkOptions.parseOrExit()
let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bagalau-bench-\(getpid())")
try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: workDirectory) }

print("generating \(options.events) import lines: \(options.servants) servants in \(options.streams) body streams …")
let generator = ImportLineGenerator(streams: options.streams, servants: options.servants)
let lines = (0..<options.events).map { generator.line($0) }
let payloadBytes = generator.averagePayloadBytes(sample: lines.prefix(1000))
print("average canonical payload: \(payloadBytes) bytes")

// 1. Bulk import through the same path as `bagalau import` (parse, validate, canonicalise, chain,
//    insert), then raw SQLite inserts of the very same rows (same columns and unique indexes, no
//    hashing, no JSON). Each round uses fresh files; the ratio is taken within a round, so that both
//    sides of it ran under the same conditions of this shared machine, and medians are reported.
let files = stride(from: 0, to: lines.count, by: options.batch).map { lines[$0..<min(lines.count, $0 + options.batch)].joined(separator: "\n") }
var rounds: [(importSeconds: Double, rawSeconds: Double)] = []
var store: SQLiteEventStore!
for round in 1...options.rounds {
    let ledgerPath = workDirectory.appendingPathComponent("ledger-\(round).sqlite").path
    let rawPath = workDirectory.appendingPathComponent("raw-\(round).sqlite").path
    store = try SQLiteEventStore(path: ledgerPath)
    let ledger = Ledger(store: store, catalog: BagalauCatalog.all)
    let importSeconds = try await measureAsync {
        for file in files { _ = try await ledger.importLines(file) { UUID().uuidString.lowercased() } }
    }
    let rawSeconds = try RawInsertBaseline(ledgerPath: ledgerPath, rawPath: rawPath, batch: options.batch).run()
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: rawPath + suffix) }
    if round > 1 {
        let previous = workDirectory.appendingPathComponent("ledger-\(round - 1).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: previous + suffix) }
    }
    rounds.append((importSeconds, rawSeconds))
    print(String(format: "round %d: import %.0f events/s, raw %.0f rows/s, ratio %.2f", round,
                 Double(options.events) / importSeconds, Double(options.events) / rawSeconds, rawSeconds / importSeconds))
}
let importSeconds = median(rounds.map(\.importSeconds))
let rawSeconds = median(rounds.map(\.rawSeconds))
let importRate = Double(options.events) / importSeconds
let rawRate = Double(options.events) / rawSeconds
let ratio = median(rounds.map { $0.rawSeconds / $0.importSeconds })
let ledgerPath = store.path
let ledger = Ledger(store: store, catalog: BagalauCatalog.all)
print(String(format: "bulk import with hash chain: %.0f events/s (median of %d); raw SQLite: %.0f rows/s; ratio %.2f", importRate, options.rounds, rawRate, ratio))

// 2. Verify the whole chain.
var report: VerificationReport?
let verifySeconds = median(try (1...options.rounds).map { _ in try measure { report = try store.verifySync() } })
guard report?.isIntact == true, report?.eventsChecked == Int64(options.events) else {
    fatalError("verify did not pass over the benchmark ledger: \(String(describing: report))")
}
let verifyRate = Double(options.events) / verifySeconds
print(String(format: "verify: %.0f events/s (%.2f s, median of %d)", verifyRate, verifySeconds, options.rounds))

// 3. Projection rebuild (staff directory: every payload parsed).
let runner = ProjectionRunner(readModels: try ReadModelStore(beside: store), projection: StaffDirectoryProjection())
var folded = 0
let rebuildSeconds = median(try (1...options.rounds).map { _ in try measure { folded = try runner.rebuild() } })
precondition(folded == options.events)
let rebuildRate = Double(options.events) / rebuildSeconds
print(String(format: "projection rebuild: %.0f events/s (%.2f s, median of %d)", rebuildRate, rebuildSeconds, options.rounds))

// 4. Single-act durable appends: one event, one transaction, synchronous=FULL, on the 1M-event ledger.
var latencies: [Double] = []
for index in 0..<options.appends {
    let append = try EventImport.parse(generator.line(options.events + index), catalog: BagalauCatalog.all) { UUID().uuidString.lowercased() }
    let started = DispatchTime.now().uptimeNanoseconds
    for draft in append[0].events { try ledger.catalog.validate(draft) }
    _ = try store.appendSync(append)
    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
}
latencies.sort()
let p50 = percentile(latencies, 0.50), p99 = percentile(latencies, 0.99), worst = latencies.last ?? 0
print(String(format: "single-act durable append: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d appends)", p50, p99, worst, options.appends))

// 5. A case's bundle at this size (issue 11): 22 events of one stream spread over the last appends, a
//    signed tree head after them, and the bundle with an inclusion proof per event — built and verified.
let caseStream = "body/bundle-case"
for index in 0..<Bundle.caseEvents {
    var append = try EventImport.parse(generator.line(options.events + options.appends + index), catalog: BagalauCatalog.all) { UUID().uuidString.lowercased() }[0]
    append = StreamAppend(stream: caseStream, expectedVersion: .any, events: append.events)
    _ = try store.appendSync([append])
    _ = try store.appendSync(try EventImport.parse(generator.line(options.events + options.appends + Bundle.caseEvents + index), catalog: BagalauCatalog.all) { UUID().uuidString.lowercased() })
}
let signed = try ChainCheckpoint.sign(try await store.treeHead(size: nil), at: SystemClock().now(), key: Curve25519.Signing.PrivateKey())
_ = try await ledger.record(to: ChainCheckpoint.stream, expecting: .any, [EventDraft(
    type: ChainCheckpoint.descriptor.type, schemaVersion: ChainCheckpoint.descriptor.schemaVersion, occurredAt: signed.signedAt,
    actor: Actor(person: "ledger", role: "ledger"), payload: signed.payload)])
var bundleBytes: [UInt8] = []
let bundleSeconds = try await measureAsync { bundleBytes = try await BundleEvidence(store: store, selection: .stream(caseStream)).bytes() }
var bundleReport: ExportBundle.Report?
let bundleVerifySeconds = try measure { bundleReport = try ExportBundle.verify(bundleBytes) }
precondition(bundleReport?.selected == Bundle.caseEvents, "the bundle carries \(String(describing: bundleReport?.selected)) events")
let proofHashes = try await BundleEvidence(store: store, selection: .stream(caseStream)).proofs.values.map(\.count).max() ?? 0
print(String(format: "case bundle: %d events, %d bytes, at most %d hashes an event; built in %.3f s, verified in %.3f s",
             Bundle.caseEvents, bundleBytes.count, proofHashes, bundleSeconds, bundleVerifySeconds))

let fileBytes = (try? FileManager.default.attributesOfItem(atPath: ledgerPath)[.size] as? NSNumber)?.int64Value ?? 0
let figures = Figures(
    events: options.events, streams: options.streams, batch: options.batch, payloadBytes: payloadBytes, rounds: rounds.count,
    importRate: importRate, importSeconds: importSeconds, rawRate: rawRate, rawSeconds: rawSeconds, ratio: ratio,
    verifyRate: verifyRate, verifySeconds: verifySeconds, rebuildRate: rebuildRate, rebuildSeconds: rebuildSeconds,
    appends: options.appends, p50: p50, p99: p99, worst: worst,
    bundle: Bundle(bytes: bundleBytes.count, proofHashes: proofHashes, buildSeconds: bundleSeconds, verifySeconds: bundleVerifySeconds),
    fileBytes: fileBytes, peakRSSBytes: peakResidentBytes())
if let output = options.output {
    // The server's load figures (tools/load_benchmark.py) follow a marker in the same file: keep them.
    var kept = ""
    if let existing = try? String(contentsOfFile: output, encoding: .utf8), let marker = existing.range(of: "\n<!-- server-load -->") {
        kept = String(existing[marker.lowerBound...])
    }
    try (figures.markdown(command: CommandLine.arguments.dropFirst().joined(separator: " ")) + kept).write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}
