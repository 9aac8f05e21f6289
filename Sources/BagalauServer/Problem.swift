import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Logging
import NIOCore

/// An error as RFC 9457 `application/problem+json`: the kind of problem, its status, the field it
/// concerns, the clause it applies and the rule in words, with a title in the language the client asked
/// for (Kazakh, Russian or English, by `Accept-Language`). Never a payload or a name beyond identifiers.
public struct Problem: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// The stable code (`refused`, `forbidden`, `invalid-event`, …).
    public let code: String
    public let detail: String
    public let field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, field: String? = nil, _ detail: String) {
        self.status = status
        self.code = code
        self.field = field
        self.detail = detail
    }

    /// The problem a ledger error is: 400 malformed, 403 no power, 404 unknown, 409 a stale version or an
    /// id sent again with other content, 422 refused by a rulebook, 503 storage, a broken chain or a read model changed outside the ledger.
    public init(_ error: LedgerError) {
        let status: HTTPResponse.Status = switch error.code {
        case .refused: .unprocessableContent
        case .forbidden: .forbidden
        case .notFound, .unknownEventType: .notFound
        case .wrongExpectedVersion, .idempotencyConflict: .conflict
        case .storage, .chainBroken, .readModelAltered: .serviceUnavailable
        default: .badRequest
        }
        self.init(status, code: error.code.description, field: error.field, error.message)
    }

    /// The clause a message starts with (`004 §21: …` → `004 §21`), if it does.
    var clause: String? {
        guard let colon = detail.range(of: ": "), detail[..<colon.lowerBound].contains("§") else { return nil }
        return String(detail[..<colon.lowerBound])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        var members: [(String, JSONValue)] = [
            ("type", .string("urn:bagalau:problem:\(code)")),
            ("title", .string(Self.titles[code]?[language] ?? Self.titles["error"]![language]!)),
            ("status", .integer(Int64(status.code))),
            ("detail", .string(detail)),
            ("code", .string(code)),
            ("language", .string(language.rawValue)),
        ]
        if let field { members.append(("field", .string(field))) }
        if let clause { members.append(("clause", .string(clause))) }
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = language.rawValue
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: CanonicalJSON.string(.object(members)))))
    }

    /// The languages of the server's messages, Kazakh first.
    public enum Language: String, Sendable, CaseIterable {
        case kk, ru, en

        /// The first of `kk`, `ru`, `en` the header names (by quality), Kazakh when it names none.
        init(acceptLanguage header: String?) {
            let ranked = (header ?? "").split(separator: ",").compactMap { part -> (String, Double)? in
                let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let tag = pieces.first?.lowercased().split(separator: "-").first.map(String.init) else { return nil }
                let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                return (tag, quality)
            }
            self = ranked.sorted { $0.1 > $1.1 }.lazy.compactMap { Language(rawValue: $0.0) }.first ?? .kk
        }
    }

    static let titles: [String: [Language: String]] = [
        "refused": [.kk: "Әрекет ережеге сәйкес қабылданбады", .ru: "Действие отклонено по правилу", .en: "The act is refused by a rule"],
        "forbidden": [.kk: "Бұл әрекетке өкілеттік жоқ", .ru: "Нет полномочий на это действие", .en: "No power for this act or read"],
        "invalid-event": [.kk: "Өріс қате толтырылған", .ru: "Поле заполнено неверно", .en: "A field is wrong"],
        "not-found": [.kk: "Табылмады", .ru: "Не найдено", .en: "Not found"],
        "unknown-event-type": [.kk: "Мұндай әрекет жоқ", .ru: "Такого действия нет", .en: "No such act"],
        "wrong-expected-version": [.kk: "Іс өзгерді: қайта оқып, қайталаңыз", .ru: "Дело изменилось: перечитайте и повторите", .en: "The case changed: read it again and retry"],
        "idempotency-conflict": [.kk: "Бұл кілт басқа әрекетпен жіберілген", .ru: "Этот ключ уже отправлен с другим действием", .en: "This key was sent with another act"],
        "unauthenticated": [.kk: "Жүйеге кіріңіз", .ru: "Войдите в систему", .en: "Sign in first"],
        "sign-in-failed": [.kk: "Кіру сәтсіз", .ru: "Вход не выполнен", .en: "Sign-in failed"],
        "throttled": [.kk: "Тым көп сәтсіз әрекет: күтіңіз", .ru: "Слишком много неудачных попыток: подождите", .en: "Too many failed attempts: wait"],
        "csrf": [.kk: "Сұраудың CSRF белгісі жоқ немесе қате", .ru: "Нет или неверен CSRF-токен запроса", .en: "The request's CSRF token is missing or wrong"],
        "password-change-required": [.kk: "Алдымен құпиясөзді ауыстырыңыз", .ru: "Сначала смените пароль", .en: "Change your password first"],
        "storage": [.kk: "Деректер қоймасы қолжетімсіз", .ru: "Хранилище недоступно", .en: "The ledger's storage is unavailable"],
        "chain-broken": [.kk: "Тізбек бұзылған", .ru: "Цепочка нарушена", .en: "The chain is broken"],
        "read-model-altered": [.kk: "Оқу моделі журналдан тыс өзгертілген", .ru: "Модель чтения изменена вне журнала", .en: "A read model was changed outside the ledger"],
        "too-large": [.kk: "Сұрау тым үлкен", .ru: "Запрос слишком большой", .en: "The request is too large"],
        "error": [.kk: "Қате", .ru: "Ошибка", .en: "Error"],
    ]
}

/// The headers every answer carries (issue 29 §10): `X-Content-Type-Options: nosniff`, so that no browser
/// reads an answer as another type than it says (OWASP ASVS 4.0.3 V14.4.4), and `Cache-Control: no-store`
/// unless the route says otherwise (V8.2.1: answers and problems hold grades, votes and case files; the
/// console's assets say how long they keep).
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Turns every error a route throws into a problem document: ledger errors by their code, anything
/// else as a 500 whose detail says only that it is internal (the log line carries the request id).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as LedgerError {
            return try Problem(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : error.status == .unauthorized ? "unauthenticated" : "error"
            return try Problem(error.status, code: code, error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try Problem(.contentTooLarge, code: "too-large", field: "body", "the request's body is larger than this route takes (docs/security.md lists each limit)")
                .response(from: request, context: context)
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(type(of: error))"])
            return try Problem(.internalServerError, code: "error", "an internal error; the server's log names it by this request's id").response(from: request, context: context)
        }
    }
}
