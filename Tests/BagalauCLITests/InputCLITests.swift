import Foundation
import LedgerCore
import Testing

/// The inputs of `acts` and `import` as the shell gives them: CRLF files, pipes and standard input, and
/// each failure named for what it is (issue 11 §6).
struct InputCLITests {
    @Test("acts reads a CRLF file, a pipe (<(…)) and standard input (-); re-runs skip what is recorded")
    func crlfPipesAndStandardInput() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let cycle = ActsCLITests.cycle()
        try workspace.write("crlf.jsonl", cycle.joined(separator: "\r\n") + "\r\n")
        let crlf = try workspace.run("acts", "--db", "l.sqlite", "crlf.jsonl")
        #expect(crlf.status == 0, "\(crlf.stderr)")
        #expect(crlf.stdout.contains("recorded \(cycle.count) acts; 0 were recorded already"))
        let piped = try workspace.shell(#""$BAGALAU" acts --db l.sqlite <(cat crlf.jsonl)"#)
        #expect(piped.status == 0 && piped.stdout.contains("recorded 0 acts; \(cycle.count) were recorded already"), "\(piped.stderr)")
        let standardInput = try workspace.shell(#"cat crlf.jsonl | "$BAGALAU" acts --db l.sqlite -"#)
        #expect(standardInput.status == 0 && standardInput.stdout.contains("were recorded already"), "\(standardInput.stderr)")
    }

    @Test("acts on a directory says it is a directory (exit 66), not \"no such file\"; on invalid UTF-8 it names the line (exit 65) and keeps the acts before it")
    func directoryAndInvalidUTF8() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try FileManager.default.createDirectory(at: workspace.directory.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let directory = try workspace.run("acts", "--db", "l.sqlite", "folder")
        #expect(directory.status == 66 && directory.stderr.contains("cannot read folder: it is a directory"), "\(directory.stderr)")
        let first = ActsCLITests.cycle()[0]
        var bytes = Array((first + "\n").utf8)
        bytes += Array(#"{"act":"organisation.appoint","note":""#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
        try Data(bytes).write(to: workspace.directory.appendingPathComponent("bad.jsonl"))
        let bad = try workspace.run("acts", "--db", "l.sqlite", "bad.jsonl")
        #expect(bad.status == 65)
        #expect(bad.stderr == "bagalau: error: bad.jsonl line 2: is not UTF-8 text; the 1 acts before it are recorded\n", "\(bad.stderr)")
    }

    @Test("import - refuses a line that is not UTF-8 with its number, and writes nothing (it used to store U+FFFD)")
    func importInvalidUTF8() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let line = #"{"stream":"body/b","type":"organisation.body-registered","schemaVersion":1,"occurredAt":"2018-01-03T09:00:00+06:00","actor":{"person":"hr","role":"hr-officer"},"payload":{"bodyId":"b","nameKk":"X","region":"R","timeZone":"Asia/Almaty"}}"#
        var bytes = Array((line + "\n").utf8)
        bytes += Array(line.replacingOccurrences(of: #""X""#, with: "\"").utf8) + [0xFF] + Array("\"}\n".utf8)
        try Data(bytes).write(to: workspace.directory.appendingPathComponent("bad.jsonl"))
        let result = try workspace.shell(#""$BAGALAU" import --db l.sqlite - < bad.jsonl"#)
        #expect(result.status == 65)
        #expect(result.stderr == "bagalau: error: - line 2: is not UTF-8 text; nothing was imported\n", "\(result.stderr)")
        #expect(try workspace.run("stats", "--db", "l.sqlite", "--json").stdout.contains(#""events":0"#))
    }
}

struct ConcurrentActsCLITests {
    @Test("three `bagalau acts` of the same file at once: every one exits 0; each act is recorded once, the others skip it as recorded")
    func threeAtOnce() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let cycle = ActsCLITests.cycle()
        try workspace.write("acts.jsonl", cycle.joined(separator: "\n"))
        let runs = try (0..<3).map { _ in try workspace.start(["acts", "--db", "l.sqlite", "acts.jsonl"]) }
        var recorded = 0
        for (process, out, err) in runs {
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(stderr)")
            let summary = stdout.split(separator: "\n").last { $0.hasPrefix("recorded ") } ?? ""
            recorded += Int(summary.split(separator: " ")[1]) ?? 0
        }
        // Each act is stored once: the ledger holds what one run of the file stores.
        let single = try CLIWorkspace()
        try single.run("init", "--db", "l.sqlite")
        try single.write("acts.jsonl", cycle.joined(separator: "\n"))
        try #require(try single.run("acts", "--db", "l.sqlite", "acts.jsonl").status == 0)
        func events(_ w: CLIWorkspace) throws -> JSONValue? { try JSONParser.parse(try w.run("stats", "--db", "l.sqlite", "--json").stdout.trimmingCharacters(in: .newlines))["events"] }
        #expect(try events(workspace) == events(single))
        #expect(recorded >= cycle.count)  // a run that lost a race may still count an act the store wrote once
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}
