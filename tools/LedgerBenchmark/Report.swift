import Foundation

/// A case bundle's size and times.
struct Bundle {
    static let caseEvents = 22
    let bytes, proofHashes: Int
    let buildSeconds, verifySeconds: Double
}

/// The measured figures and the markdown page they go to.
struct Figures {
    let events, streams, batch, payloadBytes, rounds: Int
    let importRate, importSeconds, rawRate, rawSeconds, ratio: Double
    let verifyRate, verifySeconds, rebuildRate, rebuildSeconds: Double
    let appends: Int
    let p50, p99, worst: Double
    let bundle: Bundle
    let fileBytes, peakRSSBytes: Int64

    func markdown(command: String) -> String {
        func rate(_ value: Double) -> String { String(format: "%.0f", value) }
        func verdict(_ ok: Bool) -> String { ok ? "met" : "**missed**" }
        return """
            # Performance

            Measured by `tools/LedgerBenchmark` (release build), never by a unit test. Re-run with:

                swift run -c release LedgerBenchmark \(command)

            ## Machine

            \(machineDescription())

            ## Figures (\(events) events, \(streams) streams, ~\(payloadBytes)-byte canonical payloads, batches of \(batch))

            | what | measured | target | |
            |---|---|---|---|
            | bulk import with hash chain (parse, validate, JCS, SHA-256 ×2, insert; `synchronous=FULL`), median of \(rounds) rounds | \(rate(importRate)) events/s (\(String(format: "%.2f", importSeconds)) s) | ≥ 80,000 events/s | \(verdict(importRate >= 80_000)) |
            | raw SQLite inserts of the same rows (same columns and unique indexes, precomputed values bound through the C API), median | \(rate(rawRate)) rows/s (\(String(format: "%.2f", rawSeconds)) s) | — | |
            | ratio import / raw, median of the rounds' ratios (each round's pair ran back to back) | \(String(format: "%.2f", ratio)) | ≥ 0.6 | \(verdict(ratio >= 0.6)) |
            | single-act durable append (one event, one transaction, `synchronous=FULL`), \(appends) appends on the full ledger | p50 \(String(format: "%.3f", p50)) ms, p99 \(String(format: "%.3f", p99)) ms, max \(String(format: "%.3f", worst)) ms | p99 ≤ 2 ms | \(verdict(p99 <= 2)) |
            | `verify` (whole chain, salted payload digests, envelope hashes, every stored node of the Merkle tree), median of \(rounds) | \(rate(verifyRate)) events/s (\(String(format: "%.2f", verifySeconds)) s) | ≥ 400,000 events/s | \(verdict(verifyRate >= 400_000)) |
            | projection rebuild (staff directory, every payload parsed, read-model digests kept), median of \(rounds) | \(rate(rebuildRate)) events/s (\(String(format: "%.2f", rebuildSeconds)) s) | ≥ 400,000 events/s | \(verdict(rebuildRate >= 400_000)) |
            | a \(Bundle.caseEvents)-event case's bundle on the full ledger (every event with its payload, salt and inclusion proof to a signed tree head) | \(bundle.bytes / 1024) KB, at most \(bundle.proofHashes) hashes an event; built in \(String(format: "%.3f", bundle.buildSeconds)) s, verified offline in \(String(format: "%.3f", bundle.verifySeconds)) s | ≤ 100 KB | \(verdict(bundle.bytes <= 100 * 1024)) |

            Ledger file after the run: \(fileBytes / 1_048_576) MiB (WAL checkpointed into it as SQLite decides). Peak resident
            memory of the benchmark process: \(peakRSSBytes / 1_048_576) MiB (it holds the 1M import lines and, for the raw
            baseline, every stored row in memory at once). Where the time goes, and what salted commitments and the Merkle
            tree cost: [performance-analysis.md](performance-analysis.md).

            """
    }

    func machineDescription() -> String {
        func shell(_ command: String) -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = Pipe()
            try? process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return """
            - CPU: \(shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")) — \(ProcessInfo.processInfo.activeProcessorCount) cores
            - memory: \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB
            - disk: \(shell("df -h \(FileManager.default.temporaryDirectory.path) | tail -1 | awk '{print $1\" \"$2}'")) (the ledger file lives in \(FileManager.default.temporaryDirectory.path))
            - OS: \(shell("uname -sr")); \(shell("swift --version 2>/dev/null | head -1"))
            - SQLite: \(shell("sqlite3 --version | cut -d' ' -f1")) (system libsqlite3), WAL, `synchronous=FULL`
            - date: \(shell("date -u +%Y-%m-%dT%H:%MZ"))
            """
    }
}
