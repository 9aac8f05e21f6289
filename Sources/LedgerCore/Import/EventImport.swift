/// Reads a JSON Lines file of events (one event draft a line) for `bagalau import`.
///
/// A line reads `{"stream": …, "expectedVersion": 3, "id": …, "type": …, "schemaVersion": 1,
/// "occurredAt": "2018-01-15T10:00:00+06:00", "actor": {"person": …, "role": …}, "payload": {…}}`.
/// `expectedVersion` is optional (no check when absent; 0 means "the stream must not exist yet");
/// `id` is optional (a new UUID when absent, which gives up idempotent re-import). Blank lines are
/// skipped. The whole file is checked before anything is written, and then written in one transaction.
public enum EventImport {
    public struct LineError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let error: LedgerError
        public var description: String { "line \(line): \(error)" }
    }

    public static func parse(_ text: String, catalog: EventCatalog, newID: @escaping @Sendable () -> String) throws -> [StreamAppend] {
        let next = chunks(of: text, catalog: catalog, linesPerChunk: .max, newID: newID)
        return try next() ?? []
    }

    /// Returns a function that parses and checks the next `linesPerChunk` lines of `text` on every
    /// core each time it is called, and nil after the last line.
    public static func chunks(
        of text: String, catalog: EventCatalog, linesPerChunk: Int = 8192, newID: @escaping @Sendable () -> String
    ) -> @Sendable () throws -> [StreamAppend]? {
        let reader = ChunkReader(text: text, catalog: catalog, linesPerChunk: linesPerChunk, newID: newID)
        return { try reader.next() }
    }

    /// Parses one line; nil for a blank line.
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>, number: Int, catalog: EventCatalog, newID: @Sendable () -> String)
        -> Result<StreamAppend?, LineError>
    {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .success(nil) }
        do {
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes: line)
            } catch let syntax as JSONParser.SyntaxError {
                throw LedgerError.invalid("line", syntax.description)
            }
            let append = try streamAppend(from: value, newID: newID)
            for draft in append.events { try catalog.validate(draft) }
            return .success(append)
        } catch let error as LedgerError {
            return .failure(LineError(line: number, error: error))
        } catch {
            return .failure(LineError(line: number, error: LedgerError.invalid("line", "\(error)")))
        }
    }

    /// The byte ranges of the lines of `bytes`, without their line ends (LF or CRLF).
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            ranges.append(start..<(index > start && bytes[index - 1] == 0x0D ? index - 1 : index))
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<(bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count)) }
        return ranges
    }

    static func streamAppend(from value: JSONValue, newID: @Sendable () -> String) throws -> StreamAppend {
        guard let members = value.objectMembers else {
            throw LedgerError.invalid("line", "each line is one JSON object; got \(value.kindName)")
        }
        let known = ["stream", "expectedVersion", "id", "type", "schemaVersion", "occurredAt", "actor", "payload"]
        for (name, _) in members where !known.contains(name) {
            throw LedgerError.invalid(name, "is not a field of an imported event (fields: \(known.joined(separator: ", ")))")
        }
        let stream = try requiredString(value, "stream")
        let expected: ExpectedVersion
        switch value["expectedVersion"] {
        case nil, .some(.null): expected = .any
        case .some(.integer(let version)) where version == 0: expected = .noStream
        case .some(.integer(let version)) where version > 0: expected = .exactly(version)
        default: throw LedgerError.invalid("expectedVersion", "must be a whole number from 0 (0: the stream must not exist yet)")
        }
        let id = try value["id"].map { _ in try requiredString(value, "id") } ?? newID()
        let type = try requiredString(value, "type")
        guard case .integer(let schemaVersion)? = value["schemaVersion"] else {
            throw LedgerError.invalid("schemaVersion", "is required: a whole number from 1")
        }
        let occurredText = try requiredString(value, "occurredAt")
        guard let occurredAt = Timestamp(rfc3339: occurredText) else {
            throw LedgerError.invalid("occurredAt", "must be an RFC 3339 date-time with an offset, e.g. 2018-01-15T10:00:00+06:00; got \"\(occurredText.prefix(40))\"")
        }
        let actor = try Actor(json: value["actor"])
        guard let payload = value["payload"] else { throw LedgerError.invalid("payload", "is required: a JSON object") }
        let draft = EventDraft(
            id: id, type: type, schemaVersion: Int(schemaVersion), occurredAt: occurredAt, actor: actor, payload: payload)
        return StreamAppend(stream: stream, expectedVersion: expected, events: [draft])
    }

    static func requiredString(_ object: JSONValue, _ name: String) throws -> String {
        guard let text = object[name]?.stringValue else {
            throw LedgerError.invalid(name, "is required: a string")
        }
        return text
    }
}

/// The position of a chunked import in its text; called by one thread at a time.
private final class ChunkReader: @unchecked Sendable {
    // @unchecked: `nextLine` is only advanced by `next()`, which the import pipeline calls from one
    // thread at a time; everything else is immutable.
    private let text: String
    private let lines: [Range<Int>]
    private let catalog: EventCatalog
    private let linesPerChunk: Int
    private let newID: @Sendable () -> String
    private var nextLine = 0

    init(text: String, catalog: EventCatalog, linesPerChunk: Int, newID: @escaping @Sendable () -> String) {
        var copy = text
        self.text = copy
        lines = copy.withUTF8 { EventImport.lineRanges($0) }
        self.catalog = catalog
        self.linesPerChunk = linesPerChunk
        self.newID = newID
    }

    func next() throws -> [StreamAppend]? {
        guard nextLine < lines.count else { return nil }
        let first = nextLine
        let count = min(linesPerChunk, lines.count - first)
        nextLine += count
        var copy = text
        let results = copy.withUTF8 { bytes in
            parallelMap(count: count) { offset in
                EventImport.parseLine(
                    UnsafeBufferPointer(rebasing: bytes[lines[first + offset]]), number: first + offset + 1,
                    catalog: catalog, newID: newID)
            }
        }
        var appends: [StreamAppend] = []
        appends.reserveCapacity(count)
        for result in results {
            if let append = try result.get() { appends.append(append) }
        }
        return appends
    }
}
