import ArgumentParser
import BagalauServer
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

/// `bagalau accounts`: the operator's part in accounts, on the machine that holds the file.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Accounts for the server: open the first administrator's (every other account is opened over the server).",
        subcommands: [BootstrapCommand.self])

    struct BootstrapCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bootstrap",
            abstract: "Open the first administrator's account and print its one-time password and second-factor key.",
            discussion: """
                Recorded as an act (access.account-opened) under the operator's name; refused once any \
                administrator's account is open. The password must be changed at first sign-in; the \
                second-factor key goes into an authenticator app (RFC 6238). Both are printed once: \
                only the bcrypt hash and the key are kept, beside the ledger and outside its chain.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var postgres: PostgresOption
        @Option(help: "The administrator's person id.") var person: String
        @Option(help: "Who runs this command (recorded as the act's actor).") var `operator`: String

        func run() async throws {
            try await reportingFailures {
                let store = try await postgres.open(or: ledger)
                _ = try await ActService(store: store).bootstrapAdministrator(personId: person, operator: self.operator, at: SystemClock().now())
                let issued = try await PostgresOption.credentials(of: store).issueOneTimePassword(to: person, newSecondFactorKey: true)
                print("""
                    opened the administrator's account of \(person)
                    one-time password: \(issued["temporaryPassword"]?.stringValue ?? "")
                    second-factor key: \(issued["secondFactorKey"]?.stringValue ?? "")
                    authenticator: \(issued["authenticatorURL"]?.stringValue ?? "")
                    sign in with POST /sign-in {"person", "password", "code"} and choose a new password (POST /account/password)
                    """)
            }
        }
    }
}
