import Foundation
import LedgerCore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `bagalau serve`: a real HTTP server on a loopback port, driven over HTTP, stopped by SIGTERM.
struct ServeCLITests {
    /// Reads the server's first line, "listening on http://127.0.0.1:PORT", within 30 s.
    static func port(from out: Pipe) throws -> Int {
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
            text += String(decoding: data, as: UTF8.self)
        }
        return try #require(text.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, "no port in \(text)")
    }

    static func get(_ url: URL) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test("serve answers GET /health with the ledger's head on a loopback port, 404 for an unknown path, and stops cleanly on SIGTERM")
    func healthAndShutdown() async throws {
        let workspace = try CLIWorkspace()
        try workspace.recordActs(ActsCLITests.cycle())
        let head = try JSONParser.parse(try workspace.run("stats", "--db", "l.sqlite", "--json").stdout.trimmingCharacters(in: .newlines))["events"]
        let (process, out, _) = try workspace.start(["serve", "--db", "l.sqlite", "--port", "0"])
        defer { if process.isRunning { process.terminate() } }
        let port = try Self.port(from: out)
        let (status, body) = try await Self.get(URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect(status == 200)
        let health = try JSONParser.parse(String(decoding: body, as: UTF8.self))
        #expect(health["status"] == "ok" && health["headSeq"] == head)
        #expect(try await Self.get(URL(string: "http://127.0.0.1:\(port)/cases")!).0 == 404)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test("serve on a missing ledger says how to create one (exit 66) and listens on nothing")
    func missingLedger() throws {
        let workspace = try CLIWorkspace()
        let result = try workspace.run("serve", "--db", "none.sqlite", "--port", "0")
        #expect(result.status == 66)
    }

    @Test("the ledger, its WAL and shared-memory files and the files the CLI writes are created readable by their owner only (0600)")
    func ownerOnly() throws {
        let workspace = try CLIWorkspace()
        try workspace.recordActs(ActsCLITests.cycle())
        try #require(try workspace.run("case-file", "--db", "l.sqlite", "--case", "case/annual/b/2018/p1", "--format", "html", "--out", "p1.html",
                                        "--operator", "op", "--reader", "rev-1", "--role", "appeals-reviewer", "--reason", "appeal 3").status == 0)
        let (process, out, _) = try workspace.start(["serve", "--db", "l.sqlite", "--port", "0"])
        defer { if process.isRunning { process.terminate() } }
        _ = try Self.port(from: out)
        func mode(_ name: String) throws -> Int? {
            let path = workspace.directory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(try mode("l.sqlite") == 0o600 && mode("p1.html") == 0o600)
        for companion in ["l.sqlite-wal", "l.sqlite-shm"] { #expect(try mode(companion).map { $0 == 0o600 } ?? true, "\(companion)") }
    }

    @Test("log withholds a case's payloads (004 §16, §21) unless the operator names themself and a reason, and then records the read in the case")
    func logWithholdsCases() throws {
        let workspace = try CLIWorkspace()
        try workspace.recordActs(ActsCLITests.cycle())
        func lines(_ arguments: String...) throws -> [JSONValue] {
            try workspace.run(["log", "--db", "l.sqlite", "--json", "--limit", "1000"] + arguments).stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        }
        let withheld = try lines("--stream", "case/annual/b/2018/p1")
        #expect(!withheld.isEmpty && withheld.allSatisfy { $0["payload"]?.stringValue?.hasPrefix("withheld") == true && $0["payloadDigest"]?.stringValue?.count == 64 })
        // The body's own stream is not a case: its payloads print.
        #expect(try lines("--stream", "body/b").first?["payload"]?["bodyId"] == "b")
        #expect(try workspace.run("log", "--db", "l.sqlite", "--operator", "root").status == 65)
        #expect(try lines("--stream", "access/case/annual/b/2018/p1").isEmpty)
        let shown = try lines("--stream", "case/annual/b/2018/p1", "--operator", "root", "--reason", "restore drill 4")
        #expect(shown.first?["payload"]?["personId"] == "p1")
        let reads = try lines("--stream", "access/case/annual/b/2018/p1")
        #expect(reads.count == 1 && reads[0]["actor"] == ["person": "root", "role": "operator"])
    }
}
