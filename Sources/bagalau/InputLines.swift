import Foundation

/// A JSON Lines input as the shell gives it: a file, a pipe (`acts <(…)`) or standard input (`-`), read
/// in chunks so that memory does not grow with the file, lines ending in LF or CRLF, and every failure
/// named for what it is — no such file, a directory, no permission, a line that is not UTF-8.
struct InputLines {
    let path: String

    /// The input opened for reading, or the failure that stops it.
    func open() throws -> FileHandle {
        if path == "-" { return FileHandle.standardInput }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIFailure.noFile(path) }
        guard !isDirectory.boolValue else { throw CLIFailure.unreadable("cannot read \(path): it is a directory, not a JSON Lines file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIFailure.unreadable("cannot read \(path): permission denied") }
        return handle
    }

    /// Calls `body` with each non-blank line of `handle` (the input opened by ``open()``) and its number,
    /// in order; a line that is not UTF-8 stops the input with its number (nothing is decoded with
    /// replacement characters).
    func forEach(_ handle: FileHandle, _ body: (Int, String) async throws -> Void) async throws {
        var pending: [UInt8] = []
        var number = 0
        func emit(_ bytes: ArraySlice<UInt8>) async throws {
            number += 1
            var line = bytes
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw CLIFailure.badInput("\(path) line \(number): is not UTF-8 text")
            }
            if !text.allSatisfy({ $0 == " " || $0 == "\t" }) { try await body(number, text) }
        }
        while true {
            let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try await emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { try await emit(pending[...]) }
    }

    /// The whole input as text, each line checked to be UTF-8 (for an all-or-nothing import).
    func text() async throws -> String {
        var lines: [String] = []
        try await forEach(try open()) { number, line in
            while lines.count < number - 1 { lines.append("") }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
