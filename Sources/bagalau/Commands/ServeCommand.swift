import ArgumentParser
import BagalauServer
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger over HTTP: people sign in, act and read as the ledger allows them.",
        discussion: "Stops gracefully on SIGTERM or SIGINT. Port 0 lets the system choose; the port is printed.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free one).") var port = 8080
    @Option(help: "The ledger's private key (default: $BAGALAU_SIGNING_KEY): a tree head is signed after every purge.") var key: String?

    func run() async throws {
        try await reportingFailures {
            let store = try await postgres.open(or: ledger)
            let signer = try SigningKey.signer(key)
            var logger = Logger(label: "bagalau")
            logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            let host = self.host
            try await BagalauServer(
                store: store, credentials: PostgresOption.credentials(of: store), readModels: try ledger.readModels(of: store), host: host, port: port, signer: signer, logger: logger).run { port in
                // Written straight to the descriptor: a test or a supervisor reads the port at once.
                FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
            }
        }
    }
}
