import Foundation
import Hummingbird
import LedgerCore
import NIOCore
import SQLiteStore

/// A console form as posted (`application/x-www-form-urlencoded`): its fields by name.
struct ConsoleForm: Sendable {
    let fields: [String: String]

    subscript(name: String) -> String? { fields[name] }

    /// A field with something in it: an empty one, as a form posts a field left blank, is none.
    func filled(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// The body of a form post (at most ``BodyLimit/form``).
    init(_ request: Request) async throws {
        var request = request
        let buffer = try await request.collectBody(upTo: BodyLimit.form.rawValue)
        self.init(urlEncoded: String(buffer: buffer))
    }

    /// The query of a request as an HTML form sends it (`+` is a space; Hummingbird's `queryParameters`
    /// decodes percent escapes only).
    init(query request: Request) {
        self.init(urlEncoded: request.uri.query ?? "")
    }

    init(urlEncoded text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first, !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? parts[1] : ""
        }
        self.fields = fields
    }
}

/// CSRF protection of the console's forms: every state-changing request made with the session cookie
/// carries the session's token in the form field `csrf` (the JSON API takes it in `X-CSRF-Token`).
/// The body is read here and handed on, so the route reads the same form.
struct ConsoleCSRF: RouterMiddleware {
    typealias Context = BagalauRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head].contains(request.method), let identity = context.identity, identity.kind == .session else {
            return try await next(request, context)
        }
        var request = request
        let buffer = try await request.collectBody(upTo: BodyLimit.form.rawValue)
        guard ConsoleForm(urlEncoded: String(buffer: buffer))["csrf"] == identity.csrfToken else {
            throw Problem(.forbidden, code: "csrf", field: "csrf", "a console form carries the session's CSRF token in its csrf field")
        }
        return try await next(request, context)
    }
}
