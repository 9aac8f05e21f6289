import Foundation
import LedgerCore
import Logging
import PostgresNIO

/// The store for deployments that outgrow one machine (design.md §3): the same ledger — gapless global
/// order, expected versions, idempotency, the salted chain and its Merkle tree, certified purges — in a
/// PostgreSQL database, behind the same ``EventStore`` protocol as the SQLite file, and held to the same
/// conformance tests. Appends are serialised by a table lock (one writer, as in SQLite), so `seq` is
/// gapless; a commit that returned is durable under PostgreSQL's default `synchronous_commit = on`.
public final class PostgresEventStore: EventStore, Sendable {
    /// Where the database is, without its password (safe to print).
    public let location: String
    let client: PostgresClient
    let clock: any LedgerClock
    let logger: Logger
    private let runner: Task<Void, Never>
    /// The tree's right edge and the head as the last append of this process left them, so that the next
    /// append need not read them again (checked against the stored head under the lock before use).
    let cachedHead = HeadCache()

    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/database`, or
    /// `?host=/socket/folder` for a Unix socket) and creates the ledger's tables if they are missing.
    /// A database holding other tables is left alone: the ledger's names are its own.
    public init(url: String, clock: any LedgerClock = SystemClock(), logger: Logger = Logger(label: "bagalau.postgres")) async throws {
        let target = try PostgresURL(url)
        location = target.description
        // One connection of its own first: the pool retries a server it cannot reach rather than failing,
        // and a person who mistyped the URL must be told at once, and why (refused, unknown user, no database).
        do {
            try await PostgresConnection.connect(configuration: target.connection, id: 0, logger: logger).close()
        } catch {
            throw Self.ledgerError(error, opening: target.description)
        }
        self.clock = clock
        self.logger = logger
        // The pool's own background chatter (a lease asked for a moment before `run()` has started) is not
        // the user's concern; its failures reach the caller through the query that met them.
        var background = logger
        background.logLevel = .error
        client = PostgresClient(configuration: target.configuration, backgroundLogger: background)
        let client = client
        runner = Task { await client.run() }
        do {
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            runner.cancel()
            throw Self.ledgerError(error, opening: location)
        }
    }

    deinit { runner.cancel() }

    /// Closes the connections (the store is not usable afterwards).
    public func close() { runner.cancel() }

    public func headSeq() async throws -> Int64 {
        try await storageErrors { try await client.withConnection { try await Self.head($0, logger: logger) } }
    }

    /// Runs `body`, saying a PostgreSQL failure as a storage ``LedgerError`` (ledger errors pass through);
    /// `writing` adds that the transaction it stopped stored nothing.
    func storageErrors<T>(writing: Bool = false, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw error
        } catch {
            guard writing, let failure = Self.ledgerError(error) as? LedgerError else { throw Self.ledgerError(error) }
            throw LedgerError(failure.code, field: failure.field, "\(failure.message); the transaction was rolled back: nothing of this write was stored")
        }
    }

    /// A failure said as what it is: the server's own message and SQL state, or why it could not be reached.
    static func ledgerError(_ error: any Error, opening location: String? = nil) -> any Error {
        if error is LedgerError { return error }
        if let transaction = error as? PostgresTransactionError {
            return ledgerError(transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error, opening: location)
        }
        let prefix = location.map { "cannot open the ledger at \($0): " } ?? ""
        guard let psql = error as? PSQLError else { return LedgerError(.storage, "\(prefix)PostgreSQL: \(error)") }
        if let message = psql.serverInfo?[.message] {
            let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return LedgerError(.storage, "\(prefix)PostgreSQL: \(message)\(state)")
        }
        if psql.code == .connectionError || psql.code == .serverClosedConnection || psql.code == .clientClosedConnection {
            let why = psql.underlying.map { "\($0)" } ?? "\(psql.code)"
            return LedgerError(.storage, "\(prefix)the PostgreSQL server cannot be reached (\(why)); check that it runs and the URL")
        }
        return LedgerError(.storage, "\(prefix)PostgreSQL: \(psql.code)\(psql.underlying.map { ": \($0)" } ?? "")")
    }
}

/// The last head an append of this process wrote: its size, hash, recorded time and the tree's edge.
final class HeadCache: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    struct Head {
        let seq: Int64
        let hash: String
        let tree: MerkleFrontier
    }

    private let lock = NSLock()
    private var head: Head?

    var value: Head? {
        get { lock.withLock { head } }
        set { lock.withLock { head = newValue } }
    }
}
