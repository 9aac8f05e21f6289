import ArgumentParser
import Foundation
import LedgerCore
import PostgresStore
import SQLiteStore

/// `--db`: which ledger file a command works on.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $BAGALAU_DB or bagalau.sqlite).")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["BAGALAU_DB"] ?? "bagalau.sqlite" }

    @Option(name: .customLong("read-model-file"), help: "The read models' own file (default: $BAGALAU_READ_MODEL_FILE, or the ledger file's path + .read-models).")
    var readModelFile: String?

    /// Where the read models of `log` are kept: the file named, or the one beside the ledger file (for a
    /// PostgreSQL ledger, bagalau.read-models in the working folder).
    func readModelPath(of log: any EventStore) -> String {
        if let named = readModelFile ?? ProcessInfo.processInfo.environment["BAGALAU_READ_MODEL_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) { return named }
        return ReadModelStore.defaultPath(forLedger: (log as? SQLiteEventStore)?.path ?? "bagalau")
    }

    /// The read models of `log`, in their own file (created when missing): folding them never writes the ledger.
    func readModels(of log: any EventStore) throws -> ReadModelStore {
        try ReadModelStore(path: readModelPath(of: log), log: log)
    }

    /// Opens an existing ledger; a missing one is an error, not a silently created empty file. What
    /// keeps an existing file from opening is reported as what it is (a directory, no permission, a
    /// read-only file system, another process's lock, not a ledger), never as "no ledger".
    /// `readOnly` opens it for reading only (verify, log, stats): archives on read-only media work.
    func openExisting(readOnly: Bool = false) throws -> SQLiteEventStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIFailure.noLedger(path) }
        if isDirectory.boolValue { throw CLIFailure.unreadable("cannot open the ledger at \(path): it is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CLIFailure.unreadable("cannot open the ledger at \(path): permission denied (the file is not readable by this user)")
        }
        if !readOnly, !FileManager.default.isWritableFile(atPath: path) {
            throw CLIFailure.storage("cannot open the ledger at \(path) for writing: \(Self.whyNotWritable(path)); reads (verify, log, stats) work on it as it is")
        }
        // Looked at read-only first, so that a file that is not a ledger is never migrated into one.
        let reader = try SQLiteEventStore(path: path, readOnly: true)
        guard try reader.isLedger else { throw CLIFailure.unreadable("\(path) is an SQLite file but not a Bagalau ledger") }
        return readOnly ? reader : try SQLiteEventStore(path: path)
    }

    /// Why a readable file cannot be written: a read-only file system, or the file's permissions.
    static func whyNotWritable(_ path: String) -> String {
        if SQLiteEventStore.isOnReadOnlyMedia(path) { return "it is on a read-only file system" }
        return "permission denied (the file is not writable by this user)"
    }
}

/// A failure the shell user can act on, with its exit code (sysexits.h where one fits).
enum CLIFailure: Error, CustomStringConvertible {
    case noLedger(String)
    case ledgerExists(String)
    case noFile(String)
    /// An input that exists but cannot be read as one: a directory, a file without read permission.
    case unreadable(String)
    case badInput(String)
    case chainBroken(String)
    case storage(String)
    /// A read the reader is not entitled to (004 §16, §21).
    case forbidden(String)

    var description: String {
        switch self {
        case .noLedger(let path): return "no ledger at \(path): create one with `bagalau init --db \(path)`"
        case .ledgerExists(let path): return "a ledger exists already at \(path); it was left untouched"
        case .noFile(let path): return "cannot read \(path): no such file"
        case .unreadable(let message), .badInput(let message), .chainBroken(let message), .storage(let message), .forbidden(let message): return message
        }
    }

    /// A ledger error met while reading an input, said with `message`: a storage failure (a full disk, a
    /// lock held too long) as one, exit 1 — it is not the input's fault — anything else as bad input.
    static func of(_ error: LedgerError, _ message: String) -> CLIFailure {
        error.code == .storage ? .storage(message) : .badInput(message)
    }

    var exitCode: Int32 {
        switch self {
        case .storage: return 1
        case .chainBroken: return 3
        case .badInput: return 65
        case .noLedger, .noFile, .unreadable: return 66
        case .ledgerExists: return 73
        case .forbidden: return 77
        }
    }
}

/// Runs a command body, turning ledger and CLI failures into a message on stderr and an exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        fail(failure.description, code: failure.exitCode)
    } catch let error as LedgerError {
        fail(error.description, code: error.code == .storage ? 1 : error.code == .forbidden ? 77 : error.code == .readModelAltered ? 3 : 65)
    } catch let error as EventImport.LineError {
        fail(error.description, code: 65)
    }
}

private func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("bagalau: error: \(message)\n".utf8))
    exit(code)
}

func printJSON(_ value: JSONValue) { print(CanonicalJSON.string(value)) }

/// `--postgres`: the ledger in a PostgreSQL database instead of the file (design.md §3; docs/deployment.md).
/// Offered by the commands that work on the event log — acts, import, log, verify — and by the reads from
/// read models, which are folded into a local file of their own (`--read-model-file`); accounts and the
/// server still live in the SQLite file.
struct PostgresOption: ParsableArguments {
    @Option(name: .long, help: "A PostgreSQL URL, postgres://user@host:port/database (default: $BAGALAU_POSTGRES); instead of --db.")
    var postgres: String?

    var url: String? { postgres ?? ProcessInfo.processInfo.environment["BAGALAU_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The read models of the PostgreSQL ledger when one is named, else of the file of `ledger`, in their own file.
    func readModels(or ledger: LedgerOptions) async throws -> ReadModelStore {
        try ledger.readModels(of: try await open(or: ledger))
    }

    /// The sign-in secrets beside `log`: in the ledger file's own tables, or in the PostgreSQL database's.
    static func credentials(of log: any EventStore) -> any CredentialStore {
        if let database = log as? PostgresEventStore { return PostgresCredentialStore(database) }
        return SQLiteCredentialStore(log as! SQLiteEventStore)
    }

    /// The PostgreSQL ledger when one is named, else the file of `ledger` (opened as ``LedgerOptions/openExisting(readOnly:)`` does).
    func open(or ledger: LedgerOptions, readOnly: Bool = false) async throws -> any EventStore {
        guard let url else { return try ledger.openExisting(readOnly: readOnly) }
        do {
            return try await PostgresEventStore(url: url)
        } catch let error as LedgerError {
            throw CLIFailure.storage(error.message)
        }
    }
}
