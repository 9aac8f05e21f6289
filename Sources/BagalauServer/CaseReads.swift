import LedgerCore
import Evaluation
import SQLiteStore

/// Admitting a signed-in person to confidential cases (004 §16, §21; design.md §12, §13), shared by the
/// case reads and the body views: ``CaseAccess`` decides from the ledger at the moment of the read; a
/// mandate holder's read needs a reason and is recorded (`access.case-read`) before anything is answered.
struct CaseReads {
    let store: any EventStore
    let acts: ActService

    /// The cases of `streams` the person may read now, after recording the reads a mandate requires, and
    /// why the last one withheld was (a mandate holder's case without a reason is withheld, not read).
    func admit(_ me: SignedIn, to streams: Set<String>, what: String, reason: String?) async throws -> (shown: Set<String>, refusal: (any Error)?) {
        let store = self.store, acts = self.acts
        // Several cases (a body's view, a page of it): their openings in one read, and each body's staff
        // brought up to date once — not a read of each a case (a round trip each on PostgreSQL).
        let several = streams.count > 1
        let openings = several ? try await store.firstEvents(of: streams.sorted()) : nil
        var bodies: [String: OrganisationState] = [:]
        if several {
            for body in Set(streams.compactMap(ExportBundle.Selection.body(of:))) { bodies[body] = try await acts.organisation(bodyId: body) }
        }
        let organisations = bodies
        return try await admit(me, to: streams, what: what, reason: reason) { stream, account, now in
            try await CaseAccess.admit(me.personId, account: account, to: stream, store: store, at: now,
                                       organisation: { body in
                                           if let known = organisations[body] { return known }
                                           return try await acts.organisation(bodyId: body)
                                       }, opening: openings.map { $0[stream] })
        }
    }

    /// Admits the person to a commission's protocol (``CommissionAccess``), recording a mandate holder's
    /// read in the commission's access stream.
    func admit(_ me: SignedIn, toProtocolOf commissionId: String, reason: String?) async throws {
        let store = self.store, acts = self.acts
        let (shown, refusal) = try await admit(me, to: [CommissionEvents.stream(commissionId: commissionId)], what: "protocol", reason: reason) { _, account, now in
            try await CommissionAccess.admit(me.personId, account: account, to: commissionId, store: store, at: now, organisation: { try await acts.organisation(bodyId: $0) })
        }
        if shown.isEmpty, let refusal { throw refusal }
    }

    /// The streams of `streams` that `grant` admits the person to now, recording the reads that a mandate
    /// admits (each needs a reason), and the last refusal.
    private func admit(
        _ me: SignedIn, to streams: Set<String>, what: String, reason: String?,
        grant: (String, AccountState, Timestamp) async throws -> CaseAccess.Grant
    ) async throws -> (shown: Set<String>, refusal: (any Error)?) {
        let now = SystemClock().now()
        let account = try await acts.account(of: me.personId)
        var shown: Set<String> = [], recorded: [String: String] = [:], refusal: (any Error)?
        for stream in streams.sorted() {
            do {
                let grant = try await grant(stream, account, now)
                if grant.mustBeRecorded {
                    guard let reason, !reason.isEmpty else {
                        refusal = LedgerError.invalid("reason", "is required: an \(grant.role)'s read is recorded with the audit or appeal it serves")
                        continue
                    }
                    recorded[stream] = grant.role
                }
                shown.insert(stream)
            } catch let error as LedgerError where error.code == .forbidden || error.code == .notFound {
                refusal = error
            }
        }
        for (role, cases) in Dictionary(grouping: recorded.keys.sorted(), by: { recorded[$0]! }) {
            try await acts.recordReads(of: cases, what: what, reason: reason ?? "", by: Actor(person: me.personId, role: role), at: now)
        }
        return (shown, refusal)
    }

    /// Admits the person to one case, or throws why not.
    func admit(_ me: SignedIn, to stream: String, what: String, reason: String?) async throws {
        let (shown, refusal) = try await admit(me, to: [stream], what: what, reason: reason)
        if shown.isEmpty, let refusal { throw refusal }
    }
}
