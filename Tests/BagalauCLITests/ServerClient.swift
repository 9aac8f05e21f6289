import Foundation
import HummingbirdOTP
import LedgerCore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `bagalau serve` started on a free loopback port for one test, its log in a file of the workspace,
/// and a small HTTP client that keeps each signed-in person's session cookie and CSRF token.
final class ServerUnderTest: @unchecked Sendable {
    // @unchecked: one test drives it at a time.
    let process: Process
    let base: String
    let workspace: CLIWorkspace
    let urlSession: URLSession

    /// A signed-in person: the session cookie and the CSRF token it goes with (or a bearer token).
    struct Session: Sendable {
        let person: String
        let cookie: String?
        let csrf: String?
        var bearer: String? = nil
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    }

    init(_ workspace: CLIWorkspace, db: String, options: [String] = []) throws {
        self.workspace = workspace
        let process = Process()
        process.executableURL = workspace.binary
        process.arguments = ["serve", "--db", db, "--port", "0"] + options
        process.currentDirectoryURL = workspace.directory
        var environment = ProcessInfo.processInfo.environment
        environment["BAGALAU_BCRYPT_COST"] = "4"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: workspace.path("serve.log"), contents: nil)
        process.standardError = try FileHandle(forWritingTo: workspace.directory.appendingPathComponent("serve.log"))
        try process.run()
        self.process = process
        base = "http://127.0.0.1:\(try ServeCLITests.port(from: out))"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        urlSession = URLSession(configuration: configuration)
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Stops the server by SIGTERM and returns its exit status.
    func stop() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: workspace.path("serve.log"), encoding: .utf8)) ?? "" }

    func send(_ method: String, _ path: String, _ body: JSONValue? = nil, as session: Session? = nil, csrf: Bool = true, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let body {
            request.httpBody = Data(CanonicalJSON.string(body).utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let session {
            if let bearer = session.bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
            if let cookie = session.cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
            if csrf, let token = session.csrf { request.setValue(token, forHTTPHeaderField: "X-CSRF-Token") }
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await urlSession.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: fields, text: String(decoding: data, as: UTF8.self))
    }

    /// Signs in; the reply's cookie and CSRF token make the session.
    func signIn(_ person: String, password: String, key: String? = nil) async throws -> (Reply, Session?) {
        var body: [(String, JSONValue)] = [("person", .string(person)), ("password", .string(password))]
        if let key { body.append(("code", .string(String(format: "%06d", TOTP(secret: key).compute())))) }
        let reply = try await send("POST", "/sign-in", .object(body))
        guard reply.status == 200, let cookie = reply.headers["set-cookie"]?.split(separator: ";").first else { return (reply, nil) }
        return (reply, Session(person: person, cookie: String(cookie), csrf: reply.json["csrfToken"]?.stringValue))
    }

    /// Signs in with the one-time password an officer was handed, and chooses the person's own.
    func firstSignIn(_ person: String, issued: JSONValue) async throws -> Session {
        let temporary = try #require(issued["temporaryPassword"]?.stringValue, "no one-time password for \(person)")
        let (reply, session) = try await signIn(person, password: temporary, key: issued["secondFactorKey"]?.stringValue)
        let first = try #require(session, "\(person) cannot sign in: \(reply.text)")
        let changed = try await send("POST", "/account/password", ["current": .string(temporary), "new": .string(Self.password(of: person))], as: first)
        try #require(changed.status == 200, "\(person) cannot change the password: \(changed.text)")
        let cookie = try #require(changed.headers["set-cookie"]?.split(separator: ";").first)
        return Session(person: person, cookie: String(cookie), csrf: changed.json["csrfToken"]?.stringValue)
    }

    static func password(of person: String) -> String { "\(person)-own-passphrase" }

    /// Posts an act as `session`'s person; `fields` are the act's own (with `actor.role`).
    func act(_ name: String, _ fields: JSONValue, as session: Session, id: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var headers = headers
        if let id { headers["Idempotency-Key"] = id }
        return try await send("POST", "/acts/\(name)", fields, as: session, headers: headers)
    }

    /// Opens an account by `keeper` and signs its person in for the first time.
    func openAccount(_ person: String, by keeper: Session, role: String, bodyId: String? = "m", offices: [String] = []) async throws -> Session {
        var fields: [(String, JSONValue)] = [("actor", ["role": .string(role)]), ("personId", .string(person)), ("offices", .array(offices.map(JSONValue.string)))]
        if let bodyId { fields.append(("bodyId", .string(bodyId))) }
        let opened = try await act("access.open-account", .object(fields), as: keeper)
        try #require(opened.status == 201, "opening \(person)'s account: \(opened.text)")
        return try await firstSignIn(person, issued: opened.json["credentials"] ?? .null)
    }
}
