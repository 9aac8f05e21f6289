import Foundation
import Hummingbird
import Mustache
import NIOCore
import Evaluation
import LedgerCore
import SQLiteStore

/// The web console (`/console`): server-rendered pages from Mustache templates, in Kazakh, Russian or
/// English, for the people the ledger gives powers to. Every page reads without JavaScript; every form
/// posts with the session's CSRF token; every asset is served by Bagalau itself (no CDN: the console
/// works on a closed network). What each person sees is decided as the API decides it — from the ledger
/// at the moment of the request (design.md §13; 004 §16, §21).
struct Console: Sendable {
    let store: any EventStore
    let readModels: ReadModelStore
    let signIn: SignInService
    let actRoutes: ActRoutes
    let library: MustacheLibrary
    let text: ConsoleText
    /// The records office's reads and purge, as the API performs them.
    let records: RecordsRoutes
    var acts: ActService { signIn.acts }
    var credentials: any CredentialStore { signIn.credentials }

    static let languageCookie = "bagalau_language"
    static let assets: [String: String] = ["console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"]

    init(store: any EventStore, readModels: ReadModelStore, actRoutes: ActRoutes, signer: TreeHeadSigner?) throws {
        self.store = store
        self.readModels = readModels
        self.actRoutes = actRoutes
        signIn = actRoutes.signIn
        records = RecordsRoutes(store: store, readModels: readModels, acts: actRoutes.signIn.acts, signer: signer)
        text = try ConsoleText.load()
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw LedgerError(.storage, "the console's templates are missing from the server's resources")
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            try library.register(String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8), named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    func add(to router: Router<BagalauRequestContext>) {
        router.get("/") { _, _ in Self.redirect("/console") }
        router.get("console/assets/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            guard let type = Self.assets[name], let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets") else {
                throw Problem(.notFound, code: "not-found", field: "name", "no console asset is called \(name)")
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
        }
        // Errors become pages twice over: outside the authenticator (an ended session goes to the sign-in
        // page) and inside it (a refusal is shown to the signed-in person, with their header).
        let pages = router.group()
            .add(middleware: ConsoleErrorPages(console: self))
            .add(middleware: CredentialAuthenticator(credentials: credentials, acts: acts, csrfInHeader: false))
            .add(middleware: ConsoleErrorPages(console: self))
            .add(middleware: ConsoleCSRF())
        pages.get("console/sign-in") { request, context -> Response in
            if context.identity != nil { return Self.redirect("/console") }
            return page("sign-in", [:], request, context)
        }
        pages.post("console/sign-in") { request, context -> Response in
            let form = try await ConsoleForm(request)
            let language = self.language(request, context)
            do {
                let code = form.filled("code")
                let (token, identity) = try await signIn.signIn(personId: form["person"] ?? "", password: form["password"] ?? "", code: code, at: Date())
                var response = Self.redirect(identity.mustChangePassword ? "/console/password" : "/console")
                response.setCookie(SignInService.cookie(token))
                return response
            } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
                let message = problem.status == .tooManyRequests
                    ? "\(text("signInThrottled", language)) \(problem.headers[.retryAfter] ?? "")" : text("signInFailed", language)
                return page("sign-in", ["error": message, "personValue": form["person"] ?? ""], request, context, status: problem.status)
            }
        }
        pages.get("console") { request, context -> Response in
            let me = try signedIn(context)
            return page("home", try await ConsoleHome(console: self, language: language(request, context)).values(for: me), request, context)
        }
        pages.get("console/case") { request, context -> Response in
            let me = try signedIn(context)
            let query = try CaseQuery(request)
            let record = try await admittedCase(query, what: "case-file", for: me)
            let file = CaseFile(record)
            var commissions: [String] = []
            for commission in ConsoleCaseFile.commissions(of: file) where try await mayRead(protocolOf: commission, me) { commissions.append(commission) }
            let values = ConsoleCaseFile(file: file, reason: query.reason, commissions: commissions, text: text, language: language(request, context)).values
            return page("case", values, request, context)
        }
        addReadingPages(to: pages)
        pages.get("console/acts/:act") { request, context -> Response in
            _ = try signedIn(context)
            let form = try actForm(try context.parameters.require("act"), request, context)
            let values = ConsoleForm(query: request).fields
            let page = actPage(form, values: values, role: values["role"], id: UUID().uuidString.lowercased(), occurredAt: "")
            return self.page("act", try await guided(page, form, values), request, context)
        }
        pages.post("console/acts/:act") { request, context -> Response in
            let me = try signedIn(context)
            let name = try context.parameters.require("act")
            let form = try actForm(name, request, context)
            let posted = try await ConsoleForm(request)
            do {
                var body = form.fields(from: posted).objectMembers ?? []
                body.append(("actor", .object([("role", .string(posted["role"] ?? ""))])))
                if let local = posted["occurredAt"], !local.isEmpty { body.append(("occurredAt", .string(try Self.instant(local).description))) }
                let (outcome, issued) = try await actRoutes.perform(name, body: .object(body), id: posted["id"], ifMatch: nil, by: me)
                // An opened account or a reset password: its one-time secrets, shown this once, to hand over.
                if let issued, let password = issued["temporaryPassword"]?.stringValue {
                    let values: [String: Any?] = [
                        "actTitle": text.catalogues[form.language]?["act." + name] ?? name, "personId": posted["personId"] ?? "", "password": password,
                        "secondFactorKey": issued["secondFactorKey"]?.stringValue, "authenticatorURL": issued["authenticatorURL"]?.stringValue,
                    ]
                    return page("issued", values.compactMapValues { $0 }, request, context)
                }
                let caseStream = outcome.events.map(\.stream).first(where: CaseRecord.isCase)
                return Self.redirect(caseStream.map { "/console/case?case=\($0)" } ?? "/console")
            } catch let error as LedgerError {
                let problem = Problem(error)
                var form = form
                form.invalid = problem.field.map(ConsoleActForm.inputName(of:))
                var values = actPage(form, values: posted.fields, role: posted["role"], id: posted["id"] ?? "", occurredAt: posted["occurredAt"] ?? "")
                values["error"] = problem.detail
                values["errorTitle"] = Problem.titles[problem.code]?[form.language] ?? text("errorTitle", form.language)
                values["errorClause"] = problem.clause ?? ""
                values["errorField"] = problem.field ?? ""
                values["errorLabel"] = problem.field.flatMap(form.describe(field:)) ?? ""
                return page("act", try await guided(values, form, posted.fields), request, context, status: problem.status)
            }
        }
        // The official forms, filled from the ledger and printable (A4), to whom may read the case.
        for form in ConsoleForms.all {
            pages.get("console/forms/\(form.path)") { request, context -> Response in
                let me = try signedIn(context)
                let query = try CaseQuery(request)
                guard query.stream.hasPrefix(form.cases) else { throw LedgerError.invalid("case", "\(form.clause): the form is of a case under \(form.cases); got \(query.stream)") }
                let quarter = try query.parameters["quarter"].map { text -> Int in
                    guard let quarter = Int(text), (1...4).contains(quarter) else { throw LedgerError.invalid("quarter", "must be 1, 2, 3 or 4; got \(text)") }
                    return quarter
                }
                let record = try await admittedCase(query, what: form.path, for: me)
                let parties = try await ConsoleFormParties(record: record, store: store, quarter: quarter, text: text, language: language(request, context))
                return page("form-\(form.path)", try await form.values(parties, text), request, context)
            }
        }
        pages.get("console/password") { request, context -> Response in
            guard context.identity != nil else { return Self.redirect("/console/sign-in") }
            return page("password", [:], request, context)
        }
        pages.post("console/password") { request, context -> Response in
            guard let me = context.identity else { return Self.redirect("/console/sign-in") }
            let form = try await ConsoleForm(request)
            do {
                let (token, _) = try await signIn.changePassword(of: me, current: form["current"] ?? "", new: form["new"] ?? "")
                var response = Self.redirect("/console")
                response.setCookie(SignInService.cookie(token))
                return response
            } catch let problem as Problem {
                return page("password", ["error": problem.detail], request, context, status: problem.status)
            } catch let error as LedgerError {
                return page("password", ["error": error.message], request, context, status: .badRequest)
            }
        }
        pages.post("console/language") { request, context -> Response in
            guard let me = context.identity else { return Self.redirect("/console/sign-in") }
            let form = try await ConsoleForm(request)
            guard let chosen = form["lang"].flatMap(ConsoleText.Language.init(rawValue:)) else {
                throw LedgerError.invalid("lang", "must be kk, ru or en")
            }
            try await credentials.setLanguage(of: me.personId, chosen.rawValue)
            let back = form["back"].flatMap { $0.hasPrefix("/console") && !$0.hasPrefix("//") ? $0 : nil } ?? "/console"
            return Self.redirect(back)
        }
        pages.post("console/sign-out") { _, context -> Response in
            if let me = context.identity { try await credentials.endSession(digest: me.tokenDigest) }
            var response = Self.redirect("/console/sign-in")
            response.setCookie(SignInService.cookie("", maxAge: 0))
            return response
        }
    }

    /// The signed-in person of a page: one not signed in is sent to the sign-in page, one holding a
    /// one-time password to choose their own first.
    func signedIn(_ context: BagalauRequestContext) throws -> SignedIn {
        guard let me = context.identity else { throw ConsoleRedirect(location: "/console/sign-in") }
        if me.mustChangePassword { throw ConsoleRedirect(location: "/console/password") }
        return me
    }

    /// Whether the person may open a commission's protocol now (``CommissionAccess``), asked without
    /// recording a read: a link is shown only to whom the page would not refuse.
    func mayRead(protocolOf commission: String, _ me: SignedIn) async throws -> Bool {
        let account = try await acts.account(of: me.personId), acts = self.acts
        do {
            _ = try await CommissionAccess.admit(me.personId, account: account, to: commission, store: store, at: SystemClock().now(), organisation: { try await acts.organisation(bodyId: $0) })
            return true
        } catch let error as LedgerError where error.code == .forbidden || error.code == .notFound {
            return false
        }
    }

    func actForm(_ name: String, _ request: Request, _ context: BagalauRequestContext) throws -> ConsoleActForm {
        guard let act = ActCatalog.byName[name] else { throw LedgerError(.notFound, field: "act", "no act is called \(name)") }
        return ConsoleActForm(declaration: act.declaration, text: text, language: language(request, context))
    }

    /// An act's form page: the act's title, the roles it is performed in, its inputs filled from `values`.
    func actPage(_ form: ConsoleActForm, values: [String: String], role: String?, id: String, occurredAt: String) -> [String: Any] {
        let name = form.declaration.name, language = form.language
        let roles = form.roles
        var page: [String: Any] = [
            "actName": name, "actTitle": text.catalogues[language]?["act." + name] ?? name, "actId": id, "occurredAt": occurredAt,
            "inputs": form.inputs(values),
        ]
        if roles.count == 1 {
            page["singleRole"] = roles[0]
            page["singleRoleName"] = text.role(roles[0], language)
        } else {
            page["manyRoles"] = true
            page["roles"] = roles.map { ["value": $0, "name": text.role($0, language), "selected": $0 == role] as [String: Any] }
        }
        return page
    }

    /// An act's page with what helps decide it: beside KPI scores, the App. 3 table as it bears on the
    /// quarter (``ConsoleKPIGuidance``).
    func guided(_ page: [String: Any], _ form: ConsoleActForm, _ fields: [String: String]) async throws -> [String: Any] {
        guard form.declaration.name == "quarterly.score-kpis", let rows = try await ConsoleKPIGuidance(console: self, language: form.language).rows(for: fields) else { return page }
        return page.merging(["guidance": rows, "hasGuidance": true]) { a, _ in a }
    }

    /// A `datetime-local` value (`2024-04-08T10:00`) as the instant it names in `zone` (Almaty unless told).
    static func instant(_ local: String, field: String = "occurredAt", zone: String = "Asia/Almaty") throws -> Timestamp {
        guard let asUTC = Timestamp(rfc3339: local + (local.count == 16 ? ":00" : "") + "Z") else {
            throw LedgerError.invalid(field, "must be a date and time, e.g. 2024-04-08T10:00; got \(local)")
        }
        let hours = BodyTimeZone.offsetHours(of: asUTC, zone: zone)
        return Timestamp(microsecondsSinceEpoch: asUTC.microsecondsSinceEpoch - Int64(hours) * 3_600_000_000)
    }

    /// The case a page shows, once `me` is admitted to it (a read by mandate recorded with its reason,
    /// 004 §21; the lookup form's empty reason is no reason).
    func admittedCase(_ query: CaseQuery, what: String, for me: SignedIn) async throws -> CaseRecord {
        try await CaseReads(store: store, acts: acts).admit(me, to: query.stream, what: what, reason: query.parameters.filled("reason"))
        return try await CaseRecord.load(query.stream, from: store)
    }

    /// The language of a page: the account's choice, else `?lang=` (remembered in a cookie until sign-in),
    /// else the cookie, else `Accept-Language`; Kazakh when none names one.
    func language(_ request: Request, _ context: BagalauRequestContext) -> ConsoleText.Language {
        if let saved = context.identity?.language, let language = ConsoleText.Language(rawValue: saved) { return language }
        if let asked = request.uri.queryParameters.get("lang").flatMap({ ConsoleText.Language(rawValue: String($0)) }) { return asked }
        if let cookie = request.cookies[Self.languageCookie].flatMap({ ConsoleText.Language(rawValue: $0.value) }) { return cookie }
        return ConsoleText.Language(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// Renders a template in the page's language, with what every page carries (the language switch,
    /// the signed-in person, the CSRF token).
    func page(_ template: String, _ values: [String: Any], _ request: Request, _ context: BagalauRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        let language = self.language(request, context)
        var object = values
        object["lang"] = language.rawValue
        object["t"] = text.strings(language)
        object["signedIn"] = context.identity != nil
        object["csrf"] = context.identity?.csrfToken ?? ""
        object["person"] = context.identity?.personId ?? ""
        object["here"] = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        object["languages"] = ConsoleText.Language.allCases.map { ["code": $0.rawValue, "name": ConsoleText.names[$0] ?? $0.rawValue, "selected": $0 == language] as [String: Any] }
        var response = Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: language.rawValue, .cacheControl: "no-store",
                      .contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; form-action 'self'"],
            body: .init(byteBuffer: ByteBuffer(string: library.render(object, withTemplate: template) ?? "")))
        if context.identity == nil, let asked = request.uri.queryParameters.get("lang"), ConsoleText.Language(rawValue: String(asked)) != nil {
            response.setCookie(Cookie(name: Self.languageCookie, value: String(asked), maxAge: 365 * 86_400, path: "/", secure: true, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// A value written into a page's query string (`reason=audit%20order%2012`).
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// The characters a query value keeps as they are (built once: a character set is costly to make).
    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Errors on a console page become a page: not signed in (or a session ended) sends the person to the
/// sign-in page; a refusal shows the rule and clause that refused, and nothing of the case.
struct ConsoleErrorPages: RouterMiddleware {
    typealias Context = BagalauRequestContext
    let console: Console

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as ConsoleRedirect {
            return Console.redirect(redirect.location)
        } catch let problem as Problem {
            return render(problem, request, context)
        } catch let error as LedgerError {
            return render(Problem(error), request, context)
        }
    }

    func render(_ problem: Problem, _ request: Request, _ context: Context) -> Response {
        if problem.status == .unauthorized {
            var response = Console.redirect("/console/sign-in")
            response.setCookie(SignInService.cookie("", maxAge: 0))
            return response
        }
        let language = console.language(request, context)
        let heading = problem.status == .forbidden ? "refusedTitle" : problem.status == .notFound ? "notFoundTitle" : "errorTitle"
        return console.page("refused", ["heading": console.text(heading, language), "clause": problem.clause ?? "", "detail": problem.detail], request, context, status: problem.status)
    }
}

/// A page that sends the person elsewhere first (to sign in, to choose a password).
struct ConsoleRedirect: Error {
    let location: String
}
