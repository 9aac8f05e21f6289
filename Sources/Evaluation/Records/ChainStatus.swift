import LedgerCore

/// Whether the ledger's evidence holds (design.md §7), as `bagalau verify` and `GET /verify` report it:
/// the hash chain walked from the first event, every absent payload named by a purge certificate, and
/// every signed checkpoint valid over a head the chain holds.
public struct ChainStatus: Sendable {
    public let chain: VerificationReport
    /// Absent payloads no purge certificate names: an act erased outside a certified purge.
    public let uncertifiedPurges: [Int64]
    /// The checkpoints, or why one of them fails.
    public let checkpoints: Result<CheckpointAudit, LedgerError>

    public init(store: any EventStore, trustedKey: String? = nil) async throws {
        chain = try await store.verify()
        uncertifiedPurges = try await PurgeAudit.uncertified(in: store)
        do {
            checkpoints = .success(try await CheckpointAudit(store: store, trustedKey: trustedKey))
        } catch let error as LedgerError where error.code == .chainBroken {
            checkpoints = .failure(error)
        }
    }

    /// The first reason the evidence does not hold, nil when it holds.
    public var failure: LedgerError? {
        if let finding = chain.firstFinding {
            return LedgerError(.chainBroken, "chain broken at seq \(finding.seq) (\(finding.kind.rawValue)): \(finding.reason); \(chain.eventsChecked) events before it verified")
        }
        if let first = uncertifiedPurges.first {
            return LedgerError(.chainBroken, "payload erased at seq \(first) with no purge certificate naming it (\(uncertifiedPurges.count) such event\(uncertifiedPurges.count == 1 ? "" : "s")): an act was removed outside a certified purge")
        }
        if case .failure(let error) = checkpoints { return error }
        return nil
    }

    public var json: JSONValue {
        let audit = try? checkpoints.get()
        return .object([
            ("intact", .bool(failure == nil)), ("failure", failure.map { .string($0.message) } ?? .null),
            ("eventsChecked", .integer(chain.eventsChecked)), ("purgedPayloads", .integer(chain.purgedPayloads)),
            ("uncertifiedPurges", .array(uncertifiedPurges.map(JSONValue.integer))), ("headHash", .string(chain.headHash)),
            ("checkpoints", .object([
                ("count", .integer(Int64(audit?.count ?? 0))), ("keys", .array((audit?.keys.sorted() ?? []).map(JSONValue.string))),
                ("lastHeadSeq", audit?.lastHeadSeq.map(JSONValue.integer) ?? .null), ("lastHeadHash", audit?.lastHeadHash.map(JSONValue.string) ?? .null),
                ("lastRootHash", audit?.last.map { .string($0.rootHash) } ?? .null),
                ("lastRecordedAt", audit?.lastRecordedAt.map { .string($0.description) } ?? .null),
            ])),
        ])
    }
}
