import Foundation
import Testing

/// The example acts files under `docs/examples/` are the scripted years of the tests, and the README's
/// auditor session runs as written against them — so the README stays true.
struct ExamplesCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func generated() throws -> [String: String] {
        var year = QuarterlyYearCLITests()
        try year.setUp()
        year.restOfYear()
        return [
            "annual-2018.jsonl": ActsCLITests.cycle().joined(separator: "\n") + "\n",
            "quarterly-2024.jsonl": year.lines.joined(separator: "\n") + "\n",
        ]
    }

    @Test("docs/examples/*.jsonl are the tests' scripted years (BAGALAU_WRITE_EXAMPLES=1 rewrites them)")
    func examplesMatchTheScripts() throws {
        for (name, text) in try Self.generated() {
            let url = Self.repository.appendingPathComponent("docs/examples").appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["BAGALAU_WRITE_EXAMPLES"] == "1" {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            #expect(try String(contentsOf: url, encoding: .utf8) == text, "\(name) differs from the scripted year")
        }
    }

    /// The words of a command line: spaces separate, double quotes group.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, started = false
        for character in line {
            switch character {
            case "\"": quoted.toggle(); started = true
            case " " where !quoted:
                if started { words.append(current) }
                current = ""; started = false
            default: current.append(character); started = true
            }
        }
        if started { words.append(current) }
        return words
    }

    @Test("the README's auditor session runs as written: every command exits 0")
    func readmeAuditorSession() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let session = try #require(readme.components(separatedBy: "<!-- auditor-session -->").dropFirst().first, "README has no auditor session")
        let commands = session.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("bagalau ") }.map { line in line.components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces) }
        #expect(commands.count >= 8)
        let workspace = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path("docs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("docs/examples"), to: URL(fileURLWithPath: workspace.path("docs/examples")))
        for command in commands {
            let result = try workspace.run(Array(Self.words(command).dropFirst()))
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }
}
