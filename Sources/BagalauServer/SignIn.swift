import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import LedgerCore
import Evaluation
import SQLiteStore

/// Sign-in (design.md §13): a password checked against its bcrypt hash, a second factor for accounts
/// whose powers reach beyond their own cases, repeated failures slowed down and recorded, and sessions
/// and bearer tokens kept by their digest.
struct SignInService: Sendable {
    let credentials: any CredentialStore
    let acts: ActService

    static let sessionCookie = "bagalau_session"
    static let sessionLifetime: Int64 = 8 * 3600
    static let tokenLifetime: Int64 = 90 * 86_400
    /// Failures counted over this window; after `freeFailures` of them each attempt waits, doubling.
    static let failureWindow = SignInAttemptLog.countedSeconds
    static let freeFailures = 5
    static let firstWait: Int64 = 30
    /// A valid hash of a password no one has, checked when the person is unknown so that the answer
    /// takes as long as for a known person (no timing oracle on who has an account).
    static let decoyHash = Secrets.hashPassword(Secrets.random(24))

    /// Seconds the person must still wait before another attempt, or nil.
    func wait(of personId: String, now: Int64) async throws -> Int64? {
        let failures = try await credentials.failuresSinceLastSuccess(personId, since: now - Self.failureWindow)
        guard failures.count >= Self.freeFailures, let last = failures.last else { return nil }
        let until = last + Self.firstWait << Int64(min(failures.count - Self.freeFailures, 5))
        return until > now ? until - now : nil
    }

    /// Checks the person's password and second-factor code; on success opens a session.
    func signIn(personId: String, password: String, code: String?, at date: Date) async throws -> (token: String, identity: SignedIn) {
        try Self.checkBounds(personId: personId, password: password, code: code)
        let now = Int64(date.timeIntervalSince1970)
        if let wait = try await wait(of: personId, now: now) {
            try await credentials.recordAttempt(personId, succeeded: false, reason: SignInAttemptLog.throttled, at: now)
            var problem = Problem(.tooManyRequests, code: "throttled", "too many failed sign-ins for this person: try again in \(wait) s")
            problem.headers[.retryAfter] = String(wait)
            throw problem
        }
        let account = try await acts.account(of: personId)
        let credential = try await credentials.credential(of: personId)
        let hash = credential?.passwordHash ?? Self.decoyHash
        let passwordMatches = try await offloaded { Secrets.verifyPassword(password, hash: hash) }
        func fail(_ reason: String) async throws -> Never {
            try await credentials.recordAttempt(personId, succeeded: false, reason: reason, at: now)
            throw Problem(.unauthorized, code: "sign-in-failed", "the person, the password or the second-factor code is wrong, or the account is not open")
        }
        guard credential != nil, passwordMatches else { try await fail(credential == nil ? "no credentials" : "wrong password") }
        guard account.status == .active else { try await fail("account \(account.status.rawValue)") }
        if account.needsSecondFactor {
            guard let secret = credential?.totpSecret, let code, let step = Secrets.matchingStep(code: code, secret: secret, at: date) else {
                try await fail("second factor")
            }
            guard try await credentials.useSecondFactorStep(personId, step: step) else { try await fail("second factor used already") }
        }
        try await credentials.recordAttempt(personId, succeeded: true, reason: "signed in", at: now)
        return try await openSession(personId, kind: .session, label: nil, mustChange: credential?.mustChange ?? false, at: now)
    }

    /// The longest person id (an identifier, as every id of the ledger), password and code a sign-in takes.
    static let maxPersonId = 100, maxPassword = 1024, maxCode = 16

    /// Refuses a sign-in whose fields are longer than any real one could be, before anything is looked up
    /// or recorded: a failed attempt stores the person id, so an unbounded one would let anyone fill the
    /// disk without signing in (OWASP ASVS 4.0.3 V5.1.4, V12.1.1).
    static func checkBounds(personId: String, password: String, code: String?) throws {
        for (field, value, limit) in [("person", personId, maxPersonId), ("password", password, maxPassword), ("code", code ?? "", maxCode)]
        where value.utf8.count > limit {
            throw Problem(.badRequest, code: "invalid-event", field: field, "is at most \(limit) bytes; got \(value.utf8.count)")
        }
        guard !personId.isEmpty else { throw Problem(.badRequest, code: "invalid-event", field: "person", "is required: the person's id") }
    }

    /// Changes the signed-in person's password: the current one must match, the new one must be their
    /// own (long enough, different); every other session ends and this one is renewed.
    func changePassword(of me: SignedIn, current: String, new: String) async throws -> (token: String, identity: SignedIn) {
        try Secrets.checkPassword(new, field: "new")
        let hashNow = try await credentials.credential(of: me.personId)?.passwordHash
        let matches = try await offloaded { hashNow.map { Secrets.verifyPassword(current, hash: $0) } ?? false }
        guard matches else {
            throw Problem(.forbidden, code: "sign-in-failed", field: "current", "the current password is wrong")
        }
        guard new != current else { throw Problem(.badRequest, code: "invalid-event", field: "new", "must differ from the current password") }
        let hash = try await offloaded { Secrets.hashPassword(new) }
        let now = Int64(Date().timeIntervalSince1970)
        try await credentials.setPassword(of: me.personId, hash: hash, totpSecret: nil, mustChange: false, at: now)
        return try await openSession(me.personId, kind: .session, label: nil, mustChange: false, at: now)
    }

    /// A new session or bearer token for the person; the token is returned once and kept by its digest.
    func openSession(_ personId: String, kind: SignInSession.Kind, label: String?, mustChange: Bool, at now: Int64) async throws -> (token: String, identity: SignedIn) {
        let token = Secrets.random(43)
        let csrf = Secrets.random(32)
        let digest = Secrets.digest(token)
        try await credentials.createSession(digest: digest, personId: personId, kind: kind, csrfToken: csrf, label: label, at: now,
                                      expiresAt: now + (kind == .session ? Self.sessionLifetime : Self.tokenLifetime))
        return (token, SignedIn(personId: personId, kind: kind, csrfToken: csrf, tokenDigest: digest, mustChangePassword: mustChange))
    }

    static func cookie(_ token: String, maxAge: Int = Int(sessionLifetime)) -> Cookie {
        Cookie(name: sessionCookie, value: token, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }
}

/// Finds the person behind a session cookie or a bearer token, checks that their account is open in
/// the ledger now (a suspended or closed account loses its sessions at once), and requires the
/// session's CSRF token (`X-CSRF-Token`) on every state-changing request made with a cookie.
struct CredentialAuthenticator: AuthenticatorMiddleware {
    typealias Context = BagalauRequestContext
    let credentials: any CredentialStore
    let acts: ActService
    /// Where a cookie request's CSRF token is: the `X-CSRF-Token` header (the API), or a form field that
    /// ``ConsoleCSRF`` checks (the console).
    var csrfInHeader = true

    func authenticate(request: Request, context: Context) async throws -> SignedIn? {
        let token: String
        let kind: SignInSession.Kind
        if let bearer = request.headers.bearer {
            (token, kind) = (bearer.token, .token)
        } else if let cookie = request.cookies[SignInService.sessionCookie] {
            (token, kind) = (cookie.value, .session)
        } else {
            return nil
        }
        let digest = Secrets.digest(token)
        guard let session = try await credentials.session(digest: digest, at: Int64(Date().timeIntervalSince1970)), session.kind == kind else {
            throw Problem(.unauthorized, code: "unauthenticated", kind == .token ? "the bearer token is unknown or expired" : "the session is unknown or expired: sign in again")
        }
        guard try await acts.account(of: session.personId).status == .active else {
            try await credentials.endSessions(of: session.personId)
            throw Problem(.unauthorized, code: "unauthenticated", "the account is not open: its sessions are ended")
        }
        if kind == .session, csrfInHeader, ![.get, .head, .options].contains(request.method) {
            guard let sent = request.headers[.csrfToken], sent == session.csrfToken else {
                throw Problem(.forbidden, code: "csrf", field: "X-CSRF-Token", "a state-changing request made with a session cookie carries the session's CSRF token in X-CSRF-Token")
            }
        }
        return SignedIn(
            personId: session.personId, kind: kind, csrfToken: session.csrfToken, tokenDigest: digest, mustChangePassword: session.mustChangePassword,
            language: session.language)
    }
}

/// Refuses requests without a signed-in person, and, until a reset password is changed, everything
/// but changing it and signing out.
struct RequireSignIn: RouterMiddleware {
    typealias Context = BagalauRequestContext
    static let openWhileMustChange: Set<String> = ["/account/password", "/sign-out", "/me"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity = try context.signedIn()
        if identity.mustChangePassword, !Self.openWhileMustChange.contains(request.uri.path) {
            throw Problem(.forbidden, code: "password-change-required", field: "password", "the password was set by an officer: choose your own (POST /account/password) first")
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
