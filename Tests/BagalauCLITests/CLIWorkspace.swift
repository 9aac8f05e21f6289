import Foundation
import LedgerTestSupport
import Testing

/// A temporary folder to run the real `bagalau` binary in. When it goes away, the events of every
/// ledger in it are kept for CI's schema check and the folder is deleted.
final class CLIWorkspace: @unchecked Sendable {
    // @unchecked: used from one test at a time; `tampered` is only touched by that test.
    let directory: URL
    /// Ledgers the test altered by raw SQL on purpose: left out of CI's schema check.
    var tampered: Set<String> = []
    let binary: URL

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bagalau-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The test bundle sits beside the products it was built with.
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("bagalau").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        binary = folder.appendingPathComponent("bagalau")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "the bagalau binary was not built beside \(testBinary.path)")
    }

    deinit {
        if let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for file in files where file.hasSuffix(".sqlite") && !tampered.contains(file) { EventDump.write(ledgerAt: path(file)) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) { try start(binary, arguments) }

    /// Creates the ledger `db` if it does not exist and records `lines` into it with `bagalau acts`
    /// (written to `<db>.jsonl`), requiring every act to be recorded.
    func recordActs(_ lines: [String], into db: String = "l.sqlite") throws {
        if !FileManager.default.fileExists(atPath: path(db)) { try #require(try run("init", "--db", db).status == 0) }
        try write("\(db).jsonl", lines.joined(separator: "\n"))
        let recorded = try run("acts", "--db", db, "\(db).jsonl")
        try #require(recorded.status == 0, "\(recorded.stderr)")
    }

    /// Runs `script` under bash in the folder, with `$BAGALAU` the binary (pipes, redirections, `<(…)`).
    func shell(_ script: String) throws -> Result { try finish(try start(URL(fileURLWithPath: "/bin/bash"), ["-c", script])) }

    /// Alters `ledger` by raw SQL behind the store's back, as an insider with the file would; the ledger
    /// is then left out of CI's schema check. Returns python's exit status.
    @discardableResult
    func tamper(_ ledger: String, sql: String) throws -> Int32 {
        tampered.insert(ledger)
        let script = "import sqlite3; c = sqlite3.connect('\(path(ledger))'); c.executescript(\"\"\"\(sql)\"\"\"); c.commit()"
        let (process, _, _) = try start(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func start(_ executable: URL, _ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BAGALAU_DB")
        environment["BAGALAU"] = binary.path
        // bcrypt at its minimum cost: the tests sign in dozens of times (the server defaults to 12).
        environment["BAGALAU_BCRYPT_COST"] = "4"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result { try finish(try start(arguments)) }

    /// Waits for a started process and collects what it printed.
    private func finish(_ started: (Process, Pipe, Pipe)) throws -> Result {
        let (process, out, err) = started
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// JSON Lines of organisation events, for import tests.
enum ImportLines {
    static func body(_ id: String, expectedVersion: Int? = nil, eventID: String? = nil) -> String {
        let expected = expectedVersion.map { #","expectedVersion":\#($0)"# } ?? ""
        let idField = eventID.map { #","id":"\#($0)""# } ?? ""
        return #"{"stream":"body/\#(id)"\#(expected)\#(idField),"type":"organisation.body-registered","schemaVersion":1,"occurredAt":"2018-01-03T09:00:00+06:00","actor":{"person":"hr-1","role":"hr-officer"},"payload":{"bodyId":"\#(id)","nameKk":"Аппарат","region":"Түркістан облысы","timeZone":"Asia/Almaty"}}"#
    }

    static func appointment(body: String, person: String, eventID: String = UUID().uuidString.lowercased()) -> String {
        #"{"stream":"body/\#(body)","id":"\#(eventID)","type":"organisation.servant-appointed","schemaVersion":1,"occurredAt":"2018-01-03T10:00:00+06:00","actor":{"person":"hr-1","role":"hr-officer"},"payload":{"bodyId":"\#(body)","personId":"\#(person)","fullName":"Дана Омарова","positionId":"pos-\#(person)","positionTitle":"Chief specialist","category":"E-3","appointedOn":"2016-02-15"}}"#
    }
}
