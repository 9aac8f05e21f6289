import Hummingbird
import Evaluation
import LedgerCore
import Logging
import NIOCore
import Prometheus
import SQLiteStore
import ServiceLifecycle
import UnixSignals

/// `bagalau serve`: the ledger over HTTP on Hummingbird 2, run as a service in one `ServiceGroup` so that
/// SIGTERM or SIGINT shuts it down gracefully — requests under way finish, no new one is taken.
///
/// People sign in (``SignInService``); what each may do and read is derived from the ledger at the
/// moment of the request (design.md §13): acts through ``ActRoutes``, confidential reads through
/// ``CaseRoutes``. Errors are RFC 9457 problem documents (``Problem``). Logs carry the request id, the
/// method, the path and the status — never a payload or a name.
public struct BagalauServer: Sendable {
    /// The log: the SQLite file, or PostgreSQL (design.md §3).
    public let store: any EventStore
    /// Sign-in secrets, beside the log (in the file, or in the PostgreSQL database).
    public let credentials: any CredentialStore
    /// The read models, in their own file (folded from `store`; never written into it).
    public let readModels: ReadModelStore
    public let host: String
    public let port: Int
    public let logger: Logger
    public let metrics = ServerMetrics()
    /// The ledger's key, when the server is started with one: a tree head is signed after every purge.
    public let signer: TreeHeadSigner?

    public init(
        store: any EventStore, credentials: any CredentialStore, readModels: ReadModelStore, host: String = "127.0.0.1", port: Int = 8080,
        signer: TreeHeadSigner? = nil, logger: Logger
    ) {
        self.store = store
        self.credentials = credentials
        self.readModels = readModels
        self.signer = signer
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func router() throws -> Router<BagalauRequestContext> {
        let router = Router(context: BagalauRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ResponseHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        let store = self.store, readModels = self.readModels, metrics = self.metrics
        let acts = ActService(store: store)
        let signIn = SignInService(credentials: credentials, acts: acts)
        let actRoutes = ActRoutes(signIn: signIn, metrics: metrics)
        let console = try Console(store: store, readModels: readModels, actRoutes: actRoutes, signer: signer)
        router.get("health") { _, _ -> Response in
            jsonResponse(.ok, ["status": "ok", "headSeq": .integer(try await store.headSeq())])
        }
        let openAPI = OpenAPIDocument.text()
        router.get("openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: openAPI)))
        }
        router.get("metrics") { _, _ -> Response in
            if let file = store as? SQLiteEventStore { metrics.commits(file.commitStatistics) }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        let accounts = AccountRoutes(signIn: signIn)
        accounts.addPublic(to: router)
        let signedIn = router.group()
            .add(middleware: CredentialAuthenticator(credentials: signIn.credentials, acts: acts))
            .add(middleware: RequireSignIn())
        accounts.addSignedIn(to: signedIn)
        actRoutes.add(to: signedIn)
        CaseRoutes(store: store, acts: acts).add(to: signedIn)
        ViewRoutes(store: store, readModels: readModels, acts: acts).add(to: signedIn)
        CommissionRoutes(store: store, readModels: readModels, acts: acts).add(to: signedIn)
        RecordsRoutes(store: store, readModels: readModels, acts: acts, signer: signer).add(to: signedIn)
        console.add(to: router)
        return router
    }

    /// Runs until SIGTERM or SIGINT; `onListening` is told the port (the one asked for, or the one the
    /// system chose for port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = Application(
            router: try router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "bagalau"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
