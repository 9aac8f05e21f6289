import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List stored events in order.",
        discussion: """
            The payloads of a case's events (scores, votes, results: confidential, 004 §16, §21), of the \
            reads and findings about it, and of a commission's (its motions, votes and tallies) are withheld unless the operator names themself with --operator and \
            gives a --reason: each case shown is then recorded as read (access.case-read, what: export).
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var backend: PostgresOption

    @Option(help: "Only this stream.") var stream: String?
    @Option(help: "Start at this seq.") var fromSeq: Int64 = 1
    @Option(help: "At most this many events.") var limit: Int = 100
    @Flag(help: "Print each event's whole envelope as one JSON line.") var json = false
    @Option(help: "Who reads the payloads of cases (recorded in each case shown).") var `operator`: String?
    @Option(help: "Why (required with --operator; recorded).") var reason: String?

    /// Whether an event is confidential: a case's own stream, the reads and findings about it, or a
    /// commission's — its motions, votes and tallies decide cases (004 §16, §21; issue 31 §4: `log --json
    /// --stream commission/c-2018` printed every vote unrecorded).
    static func isConfidential(_ stream: String) -> Bool {
        CaseRecord.isCase(stream) || stream.hasPrefix("access/case/") || stream.hasPrefix("findings/case/")
            || stream.hasPrefix(CommissionEvents.stream(commissionId: ""))
    }

    func run() async throws {
        try await reportingFailures {
            let store = try await backend.open(or: ledger, readOnly: self.operator == nil)
            let events: [RecordedEvent]
            if let stream {
                events = Array(try await store.readStream(stream, fromVersion: 1).filter { $0.seq >= fromSeq }.prefix(limit))
            } else {
                events = try await store.readAll(fromSeq: fromSeq, limit: limit)
            }
            let shown = Set(events.map(\.stream).filter(Self.isConfidential).map { stream in
                ["access/", "findings/"].first(where: stream.hasPrefix).map { String(stream.dropFirst($0.count)) } ?? stream
            })
            if let name = self.operator {
                try await OperatorRead(name: name, reason: reason).record(store, shown.sorted(), what: "export")
            }
            for event in events {
                if json {
                    var envelope = event.envelopeJSON
                    if self.operator == nil, Self.isConfidential(event.stream), case .object(var members) = envelope {
                        // The salt goes with the payload: with it, the digest of a short payload could be guessed back.
                        members = members.map { ($0.0 == "payload" || $0.0 == "payloadSalt") && $0.1 != .null ? ($0.0, "withheld: confidential (give --operator and --reason)") : $0 }
                        envelope = .object(members)
                    }
                    printJSON(envelope)
                } else {
                    let purged = event.canonicalPayload == nil ? "  [payload purged]" : ""
                    print("\(event.seq)\t\(event.recordedAt)\t\(event.stream)@\(event.version)\t\(event.type) v\(event.schemaVersion)\t\(event.actor.person) (\(event.actor.role))\toccurred \(event.occurredAt)\(purged)")
                }
            }
            if !json && events.isEmpty { print("no events") }
        }
    }
}
