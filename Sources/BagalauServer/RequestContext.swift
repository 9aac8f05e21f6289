import Hummingbird
import HummingbirdAuth
import LedgerCore
import SQLiteStore

/// The person a request comes from, once their session cookie or bearer token is checked.
public struct SignedIn: Sendable {
    public let personId: String
    public let kind: SignInSession.Kind
    public let csrfToken: String
    public let tokenDigest: String
    public let mustChangePassword: Bool
    /// The console language the person chose, read with the session (nil: not chosen, or just signed in).
    public var language: String? = nil
}

/// Each request's context: Hummingbird's core plus the signed-in person, if any.
public struct BagalauRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: SignedIn?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// The signed-in person, or a 401 problem.
    func signedIn() throws -> SignedIn {
        guard let identity else { throw Problem(.unauthorized, code: "unauthenticated", "sign in (POST /sign-in) or send a bearer token") }
        return identity
    }
}
