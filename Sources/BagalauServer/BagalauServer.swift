import Hummingbird
import LedgerCore
import Logging
import NIOCore
import SQLiteStore
import ServiceLifecycle
import UnixSignals

/// `bagalau serve`: the ledger over HTTP on Hummingbird 2, run as a service in one `ServiceGroup` so that
/// SIGTERM or SIGINT shuts it down gracefully — requests under way finish, no new one is taken.
///
/// This first slice answers `/health` only: nothing confidential is served before sign-in and the powers
/// derived from the ledger exist (design.md §13).
public struct BagalauServer: Sendable {
    public let store: SQLiteEventStore
    public let host: String
    public let port: Int
    public let logger: Logger

    public init(store: SQLiteEventStore, host: String = "127.0.0.1", port: Int = 8080, logger: Logger) {
        self.store = store
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The routes. Each request is logged with its id, method, path and status — never a payload or a name.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: LogRequestsMiddleware(.info))
        let store = self.store
        router.get("health") { _, _ -> Response in
            let head = try await store.headSeq()
            return Self.json(.ok, ["status": "ok", "headSeq": .integer(head)])
        }
        return router
    }

    /// Runs until SIGTERM or SIGINT; `onListening` is told the port (the one asked for, or the one the
    /// system chose for port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "bagalau"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// A JSON response in RFC 8785 canonical form.
    static func json(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: CanonicalJSON.string(body))))
    }
}
