import Foundation
import LedgerCore
import PostgresNIO

/// A PostgreSQL connection URL, `postgres://user[:password]@host[:port]/database` (or `postgresql://`),
/// with `?host=/folder` for a Unix socket in that folder, as libpq reads it. TLS is off: the server is
/// expected on a private network or the same machine (docs/deployment.md).
package struct PostgresURL: CustomStringConvertible {
    package let configuration: PostgresClient.Configuration
    /// The same server for one connection of its own (the reachability probe when opening).
    package let connection: PostgresConnection.Configuration
    /// The URL without its password.
    package let description: String

    package init(_ text: String) throws {
        func bad(_ why: String) -> LedgerError {
            LedgerError(.invalidEvent, field: "postgres", "\(why): expected postgres://user[:password]@host[:port]/database")
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw bad("not a PostgreSQL URL")
        }
        guard let user = url.user, !user.isEmpty else { throw bad("the URL names no user") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw bad("the URL names no database") }
        let password = url.password?.removingPercentEncoding
        let socketFolder = url.queryItems?.first(where: { $0.name == "host" })?.value
        if let socketFolder {
            let port = url.port ?? 5432
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
            connection = PostgresConnection.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
            description = "postgres://\(user)@/\(database)?host=\(socketFolder)"
        } else {
            guard let host = url.host, !host.isEmpty else { throw bad("the URL names no host") }
            let port = url.port ?? 5432
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
            connection = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
            description = "postgres://\(user)@\(host):\(port)/\(database)"
        }
    }
}
