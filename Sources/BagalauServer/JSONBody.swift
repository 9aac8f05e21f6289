import Hummingbird
import LedgerCore
import NIOCore

extension Request {
    /// The body as one JSON object (at most 4 MiB), or a 400 problem naming the body.
    func jsonObject() async throws -> JSONValue {
        var request = self
        let buffer = try await request.collectBody(upTo: 4 << 20)
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
