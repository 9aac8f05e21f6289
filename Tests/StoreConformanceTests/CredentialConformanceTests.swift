import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// The secrets beside the log as every store must keep them.
struct CredentialConformanceTests {
    /// Issue 29 §1 (high): "thirty attempts with a 0.8 MB person id grew the file to 68 MB" — throttled
    /// attempts skip bcrypt, so each must not cost a row: one a person a minute at most.
    @Test("a throttled attempt is recorded once a minute a person, however many are made", arguments: StoreKind.allCases)
    func throttledAttemptsAreBounded(_ kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let credentials = t.credentials
        let now: Int64 = 1_790_000_000
        for n in 0..<200 { try await credentials.recordAttempt("p1", succeeded: false, reason: SignInAttemptLog.throttled, at: now + Int64(n % 30)) }
        try await credentials.recordAttempt("p1", succeeded: false, reason: SignInAttemptLog.throttled, at: now + 61)
        #expect(try await t.integer("SELECT count(*) FROM sign_in_attempts WHERE person_id = 'p1'") == 2)
        // Failures that are checked (a password compared) are each recorded: the throttle counts them.
        for n in 0..<3 { try await credentials.recordAttempt("p2", succeeded: false, reason: "wrong password", at: now + Int64(n)) }
        #expect(try await credentials.failuresSinceLastSuccess("p2", since: now).count == 3)
    }

    @Test("attempts older than the kept period are pruned; those the throttle still counts never are", arguments: StoreKind.allCases)
    func oldAttemptsArePruned(_ kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let credentials = t.credentials
        let now: Int64 = 1_790_000_000
        let old = now - SignInAttemptLog.keptSeconds - 10
        for n in 0..<10 { try await credentials.recordAttempt("old", succeeded: false, reason: "wrong password", at: old + Int64(n)) }
        // Enough new attempts that the prune runs at least once.
        for n in 0..<Int(SignInAttemptLog.pruneEvery) { try await credentials.recordAttempt("p\(n)", succeeded: false, reason: "wrong password", at: now) }
        #expect(try await t.integer("SELECT count(*) FROM sign_in_attempts WHERE person_id = 'old'") == 0)
        #expect(try await t.integer("SELECT count(*) FROM sign_in_attempts WHERE at = \(now)") == SignInAttemptLog.pruneEvery)
    }
}
