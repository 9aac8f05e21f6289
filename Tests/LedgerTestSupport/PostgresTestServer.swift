import Foundation
import LedgerCore
import PostgresNIO

/// The PostgreSQL server the tests use. Its absence is a failure, never a silent skip: `tools/test`
/// installs and starts one; run alone, `swift test` needs `BAGALAU_TEST_POSTGRES` set to a server's URL.
public enum PostgresTestServer {
    public static var adminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["BAGALAU_TEST_POSTGRES"], !url.isEmpty else {
                throw LedgerError(.storage, field: "BAGALAU_TEST_POSTGRES",
                                  "is not set: the PostgreSQL half of the conformance suite needs a server (tools/test starts a throwaway one)")
            }
            return url
        }
    }

    /// A new, empty database on the server (`admin`, else `$BAGALAU_TEST_POSTGRES`); its URL.
    public static func newDatabase(on server: String? = nil) async throws -> String {
        let admin = try server ?? adminURL
        let name = "bagalau_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", on: admin)
        guard var components = URLComponents(string: admin) else { throw LedgerError(.storage, "\(admin) is not a URL") }
        components.path = "/" + name
        return components.string!
    }

    public static func execute(_ sql: String, on url: String) async throws {
        guard let components = URLComponents(string: url), let user = components.user else { throw LedgerError(.storage, "not a URL: \(url)") }
        let database = String(components.path.dropFirst())
        let configuration: PostgresClient.Configuration
        if let folder = components.queryItems?.first(where: { $0.name == "host" })?.value {
            configuration = .init(unixSocketPath: "\(folder)/.s.PGSQL.\(components.port ?? 5432)", username: user, password: components.password, database: database)
        } else {
            configuration = .init(host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: user, password: components.password, database: database, tls: .disable)
        }
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
