/// The secrets of sign-in, kept beside the log and outside the chain (design.md §13): bcrypt password
/// hashes, second-factor keys, sessions and bearer tokens (kept by the SHA-256 of the token), each
/// person's console language, and the record of sign-in attempts. Times are Unix seconds. They can be
/// rotated and erased; nothing here is evidence — opening or closing an account is an act in the log.
/// The SQLite file and PostgreSQL each keep them in tables of their own.
public protocol CredentialStore: Sendable {
    func credential(of personId: String) async throws -> SignInCredential?
    /// Sets a person's password hash (and second-factor key, when given) and ends their sessions.
    func setPassword(of personId: String, hash: String, totpSecret: String?, mustChange: Bool, at now: Int64) async throws
    /// Remembers the console language the person chose (`kk`, `ru`, `en`); ``session(digest:at:)`` returns it.
    func setLanguage(of personId: String, _ language: String) async throws
    /// Erases a person's secrets and sessions (an account closed).
    func erase(_ personId: String) async throws
    /// Marks the second-factor time step `step` used, if it is later than the last one used: a code
    /// signs in once (RFC 6238 §5.2). False when it was used already.
    func useSecondFactorStep(_ personId: String, step: Int64) async throws -> Bool
    /// Records an attempt in a bounded table (``SignInAttemptLog``): a throttled attempt at most once a
    /// minute a person; rows past the bounds pruned, never those the throttle still counts.
    func recordAttempt(_ personId: String, succeeded: Bool, reason: String, at now: Int64) async throws
    /// The times of the person's failed attempts since their last success, no earlier than `since`, oldest
    /// first (attempts refused while throttled do not count: they do not lengthen the wait).
    func failuresSinceLastSuccess(_ personId: String, since: Int64) async throws -> [Int64]
    func createSession(digest: String, personId: String, kind: SignInSession.Kind, csrfToken: String, label: String?, at now: Int64, expiresAt: Int64) async throws
    /// The session or token with this digest, if it exists and has not expired, with whether its person
    /// must change their password and their language (one query: every signed-in request asks).
    func session(digest: String, at now: Int64) async throws -> SignInSession?
    func endSession(digest: String) async throws
    /// Ends every session and token of a person (a suspended or closed account loses them at once).
    @discardableResult
    func endSessions(of personId: String) async throws -> Int
}

/// A person's sign-in secrets.
public struct SignInCredential: Sendable, Equatable {
    public let personId: String
    public let passwordHash: String
    public let totpSecret: String?
    /// Set by a reset: the person must choose a new password before anything else.
    public let mustChange: Bool

    public init(personId: String, passwordHash: String, totpSecret: String?, mustChange: Bool) {
        self.personId = personId
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.mustChange = mustChange
    }
}

/// A browser session or a program's bearer token.
public struct SignInSession: Sendable, Equatable {
    public enum Kind: String, Sendable { case session, token }
    public let personId: String
    public let kind: Kind
    public let csrfToken: String
    public let label: String?
    public let expiresAt: Int64
    /// The person's password was set by an officer and must be changed first.
    public let mustChangePassword: Bool
    /// The console language the person chose (`kk`, `ru`, `en`), if any: every signed-in page needs it.
    public let language: String?

    public init(personId: String, kind: Kind, csrfToken: String, label: String?, expiresAt: Int64, mustChangePassword: Bool, language: String? = nil) {
        self.personId = personId
        self.kind = kind
        self.csrfToken = csrfToken
        self.label = label
        self.expiresAt = expiresAt
        self.mustChangePassword = mustChangePassword
        self.language = language
    }
}

/// The bounds of the sign-in attempts table (OWASP ASVS 4.0.3 V12.1.1: no one fills the disk by failing
/// to sign in). Attempts are kept for review for `keptSeconds`; past `maxRows` the oldest are pruned, but
/// never an attempt of the last `countedSeconds`, which the throttle counts — so a flood of attempts
/// cannot erase the failures that slow it down.
public enum SignInAttemptLog {
    public static let keptSeconds: Int64 = 30 * 86_400
    public static let maxRows: Int64 = 100_000
    /// The throttle's window (SignInService.failureWindow).
    public static let countedSeconds: Int64 = 15 * 60
    /// A throttled attempt is cheap to make (no password is checked): one row a person this often at most.
    public static let throttledEverySeconds: Int64 = 60
    /// The prune runs on every `pruneEvery`-th attempt recorded.
    public static let pruneEvery: Int64 = 64
    public static let throttled = "throttled"
}
