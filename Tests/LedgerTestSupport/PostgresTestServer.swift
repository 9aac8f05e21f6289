import Foundation
import LedgerCore
import PostgresNIO
import PostgresStore

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
        let client = PostgresClient(configuration: try PostgresURL(url).configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    /// The one integer `sql` answers (a count), read on the database directly.
    public static func integer(_ sql: String, on url: String) async throws -> Int64 {
        let client = PostgresClient(configuration: try PostgresURL(url).configuration)
        return try await withThrowingTaskGroup(of: Int64?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int64.self) { return value }
            throw LedgerError(.storage, "\(sql) answered no row")
        }
    }
}
