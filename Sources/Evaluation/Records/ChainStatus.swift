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
        // Issue 29 §10: a key that is no Ed25519 public key is a malformed request (`/verify?publicKey=zz`
        // answered 200), not a chain that fails, and is refused before the chain is walked.
        if let trustedKey, Hex.decode(trustedKey)?.count != 32 {
            throw LedgerError.invalid("publicKey", "must be an Ed25519 public key as 64 lower-case hex digits; got \(trustedKey.count) characters")
        }
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
        // The last head read out with a plain switch: optional chains through the audit inside the literal
        // crashed the release optimiser (Swift 6.3.1, CopyPropagation).
        var checkpoints: [(String, JSONValue)] = [("count", 0), ("keys", []), ("lastHeadSeq", .null), ("lastHeadHash", .null), ("lastRootHash", .null), ("lastRecordedAt", .null)]
        if case .success(let audit) = self.checkpoints {
            checkpoints[0].1 = .integer(Int64(audit.count))
            checkpoints[1].1 = .array(audit.keys.sorted().map(JSONValue.string))
            if let last = audit.last {
                checkpoints[2].1 = .integer(last.headSeq)
                checkpoints[3].1 = .string(last.headHash)
                checkpoints[4].1 = .string(last.rootHash)
            }
            if let at = audit.lastRecordedAt { checkpoints[5].1 = .string(at.description) }
        }
        return .object([
            ("intact", .bool(failure == nil)), ("failure", failure.map { .string($0.message) } ?? .null),
            ("eventsChecked", .integer(chain.eventsChecked)), ("purgedPayloads", .integer(chain.purgedPayloads)),
            ("uncertifiedPurges", .array(uncertifiedPurges.map(JSONValue.integer))), ("headHash", .string(chain.headHash)),
            ("checkpoints", .object(checkpoints)),
        ])
    }
}
