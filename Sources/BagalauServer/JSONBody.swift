import Hummingbird
import LedgerCore
import NIOCore

/// How many bytes a request body may hold, by route (OWASP ASVS 4.0.3 V12.1.1, V13.1.3: a request larger
/// than its route needs is refused with 413 before it is read further). docs/security.md lists them.
enum BodyLimit: Int, Sendable {
    /// Sign-in, a password change, a token's label: a person id (≤ 100 characters), a password (≤ 1,024),
    /// a code.
    case credentials = 4096
    /// An act: the largest legitimate act (a methodology version with its parameters and clause tables,
    /// a calendar decree) is a few tens of KiB; 1 MiB leaves room without letting a body fill memory.
    case act = 1_048_576
    /// The records office's purge request: a day, a certificate id, a flag.
    case purge = 16384
    /// A console form post (`application/x-www-form-urlencoded`).
    case form = 65536
}

extension Request {
    /// The body as one JSON object (at most `limit`), or a 400 problem naming the body; a larger body is
    /// a 413 problem (``ProblemMiddleware``).
    func jsonObject(upTo limit: BodyLimit) async throws -> JSONValue {
        var request = self
        let buffer = try await request.collectBody(upTo: limit.rawValue)
        let value: JSONValue
        do { value = try JSONParser.parse(bytes: buffer.readableBytesView) } catch let error as LedgerError {
            throw Problem(.badRequest, code: "invalid-event", field: "body", "must be one JSON object: \(error.message)")
        } catch let error as JSONParser.SyntaxError {
            throw Problem(.badRequest, code: "invalid-event", field: "body", "must be one JSON object: \(error)")
        }
        guard case .object = value else { throw Problem(.badRequest, code: "invalid-event", field: "body", "must be one JSON object; got \(value.kindName)") }
        return value
    }
}

/// A JSON response in RFC 8785 canonical form.
func jsonResponse(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: CanonicalJSON.string(body))))
}
