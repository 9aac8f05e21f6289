import Crypto
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import HummingbirdOTP
import LedgerCore
import NIOPosix
import SQLiteStore

/// Random secrets and their digests: one-time passwords, second-factor keys, session and API tokens.
public enum Secrets {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    /// `count` characters drawn uniformly from an unambiguous alphabet by the system's CSPRNG.
    public static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The SHA-256 of a token, hex: what the credential tables keep instead of the token.
    public static func digest(_ token: String) -> String {
        ChainHasher.digest(token)
    }

    /// The bcrypt cost: 12 unless `BAGALAU_BCRYPT_COST` says otherwise (the tests use the minimum, 4).
    public static var bcryptCost: UInt8 {
        ProcessInfo.processInfo.environment["BAGALAU_BCRYPT_COST"].flatMap(UInt8.init).map { min(max($0, 4), 31) } ?? 12
    }

    public static func hashPassword(_ password: String) -> String { Bcrypt.hash(password, cost: bcryptCost) }

    public static func verifyPassword(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// The RFC 6238 time step of `date` (30 s).
    public static func step(of date: Date) -> Int64 { Int64(date.timeIntervalSince1970 / 30) }

    /// The step within one of now whose code is `code`, if any (a clock a step apart is tolerated).
    public static func matchingStep(code: String, secret: String, at date: Date) -> Int64? {
        guard let value = Int(code), code.count == 6 else { return nil }
        let totp = TOTP(secret: secret)
        for offset in [0, -1, 1] {
            let moment = date.addingTimeInterval(Double(offset * 30))
            if totp.compute(date: moment) == value { return step(of: moment) }
        }
        return nil
    }

    /// The `otpauth://` address an authenticator app reads the key from.
    public static func authenticatorURL(secret: String, personId: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Bagalau:\(personId)", issuer: "Bagalau")
    }

    /// A password a person may choose: at least 12 characters.
    public static func checkPassword(_ password: String, field: String) throws {
        guard password.count >= 12 else { throw Problem(.badRequest, code: "invalid-event", field: field, "a password has at least 12 characters") }
    }
}

/// Runs CPU-heavy work (bcrypt) on NIO's thread pool, off the event loops.
func offloaded<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

extension CredentialStore {
    /// Gives a person a one-time password (and a second-factor key, when their account holds an office
    /// and has none yet), which they must change at first sign-in; their sessions end. Returns what to hand
    /// them — once: only the hash and the key are kept.
    public func issueOneTimePassword(to personId: String, newSecondFactorKey: Bool) async throws -> JSONValue {
        let password = Secrets.random(16)
        let key = newSecondFactorKey ? Secrets.random(20) : nil
        let hash = try await offloaded { Secrets.hashPassword(password) }
        try await setPassword(of: personId, hash: hash, totpSecret: key, mustChange: true, at: Int64(Date().timeIntervalSince1970))
        var issued: [(String, JSONValue)] = [("temporaryPassword", .string(password))]
        if let key { issued += [("secondFactorKey", .string(key)), ("authenticatorURL", .string(Secrets.authenticatorURL(secret: key, personId: personId)))] }
        return .object(issued)
    }
}
