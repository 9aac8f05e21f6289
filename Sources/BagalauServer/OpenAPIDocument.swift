import Evaluation
import LedgerCore

/// The OpenAPI 3.1 document of the server (`GET /openapi.json`, kept as `schemas/openapi.json` and
/// checked in CI): the read and account endpoints written here, and one path per act derived from its
/// declaration (design.md §14).
public enum OpenAPIDocument {
    public static func document() -> JSONValue {
        var paths: [(String, JSONValue)] = [
            ("/health", ["get": operation("health", "Whether the server answers, and the ledger's last position", security: false, ok: ("200", "up", health))]),
            ("/openapi.json", ["get": operation("openapi", "This document", security: false, ok: ("200", "the document", .object([("type", "object")])))]),
            ("/sign-in", ["post": operation(
                "signIn", "Sign in with a password (and the second factor's code for an office); sets the session cookie",
                security: false, body: record(["person": string, "password": string], optional: ["code": string]), ok: ("200", "signed in", session), problems: ["400", "401", "429"])]),
            ("/sign-out", ["post": operation("signOut", "End this session", ok: ("204", "signed out", nil), problems: ["401", "403"])]),
            ("/account/password", ["post": operation(
                "changePassword", "Change one's password (every other session ends)", body: record(["current": string, "new": string]),
                ok: ("200", "changed; a new session", session), problems: ["400", "401", "403"])]),
            ("/tokens", ["post": operation(
                "issueToken", "A bearer token for a program, issued to a signed-in browser session", body: record(["label": string]),
                ok: ("201", "the token, shown once", record(["token": string, "label": string, "expiresInSeconds": integer])), problems: ["400", "401", "403"])]),
            ("/me", ["get": operation("me", "Who the ledger says the signed-in person is today: offices, mandates, body roles", ok: ("200", "the account", me), problems: ["401", "403"])]),
            ("/cases/file", ["get": operation(
                "caseFile", "One case's file: every act, who, when it happened and when it was recorded (004 §21: parties, or a mandate and a recorded reason)",
                parameters: caseParameters,
                ok: ("200", "the case file", .object([("type", "object")])), problems: ["400", "401", "403", "404"])]),
            ("/cases/replay", ["get": operation(
                "caseReplay", "One case's grades and states as of a moment: what the ledger knew (axis recorded) or what was true (axis occurred)",
                parameters: caseParameters + [query("asOf", "RFC 3339 date-time or a date (its end)", required: true)],
                ok: ("200", "the case's rows by table", record(["case": string, "asOf": string, "axis": string, "tables": .object([("type", "object")])])),
                problems: ["400", "401", "403", "404"])]),
            ("/cases/access", ["get": operation(
                "caseAccess", "Who could read one case at a moment (its parties, the holders of a mandate covering it) and every recorded read by then",
                parameters: caseParameters + [query("at", "the moment (default: now)")],
                ok: ("200", "parties, mandate holders, reads", record(["case": string, "at": string, "parties": list, "mandateHolders": list, "reads": list])),
                problems: ["400", "401", "403", "404"])]),
            ("/verify", ["get": operation(
                "verify", "Whether the evidence holds: the hash chain, every absent payload named by a purge certificate, every signed checkpoint (records officer, auditor, administrator)",
                parameters: [query("publicKey", "a trusted Ed25519 public key (hex): every checkpoint must be signed by it", pattern: "^[0-9a-f]{64}$")],
                ok: ("200", "the chain's status", record(
                    ["intact": boolean, "failure": nullable("string"), "eventsChecked": integer, "purgedPayloads": integer,
                     "uncertifiedPurges": .object([("type", "array"), ("items", integer)]), "headHash": string,
                     "checkpoints": record(["count": integer, "keys": .object([("type", "array"), ("items", string)]), "lastHeadSeq": nullable("integer"),
                                            "lastHeadHash": nullable("string"), "lastRootHash": nullable("string"), "lastRecordedAt": nullable("string")])])),
                problems: ["400", "401", "403"])]),
            ("/cases/export", ["get": operation(
                "caseExport", "One case as a self-verifying bundle to download (events, chain evidence to the last signed checkpoint, public key); `bagalau verify-bundle` checks it offline",
                parameters: caseParameters,
                ok: ("200", "the bundle file (Content-Disposition: attachment)", .object([("type", "object")])), problems: ["400", "401", "403", "404"])]),
            ("/commissions/protocol", ["get": operation(
                "commissionProtocol", "A commission's protocol: meetings with attendance and quorum, motions with each open vote and the outcome (members, secretary, HR officer, authorised person; or a mandate and a recorded reason)",
                parameters: [query("commission", "the commission", required: true), query("reason", "the audit or appeal the read serves (required under a mandate)")],
                ok: ("200", "the protocol's rows", record(["commission": string, "protocol_meetings": list, "protocol_motions": list, "protocol_votes": list])),
                problems: ["400", "401", "403", "404"])]),
            ("/retention", ["get": operation(
                "retentionDue", "The cases due for purge on a day, 3 years after they end (001 §8, 004 §15); with all=true every case and where it stands (records officer)",
                parameters: [query("on", "the day YYYY-MM-DD (default: today)", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), query("all", "every case, not only those due", enumeration: ["true", "false"])],
                ok: ("200", "the cases", record(["on": string, "cases": list])), problems: ["400", "401", "403"])]),
            ("/retention/holds", ["get": operation(
                "retentionHolds", "The legal holds placed and lifted (records officer)",
                ok: ("200", "the holds", record(["holds": list])), problems: ["401", "403"])]),
            ("/retention/purge", ["post": operation(
                "retentionPurge", "Certify and purge the cases due on a day, or with dryRun show what would be purged (records officer, the purge's actor)",
                body: record([:], optional: ["on": .object([("type", "string"), ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]), "certificateId": string, "dryRun": boolean]),
                ok: ("200", "what was purged, and the certificate", record(
                    ["on": string, "dryRun": boolean, "cases": list, "certificate": .object([("type", .array(["object", "null"]))]),
                     "payloadsRemoved": integer, "completedEarlier": integer,
                     "treeHead": .object([("description", "the tree head signed after the purge (a server started with a key), else null"), ("type", .array(["object", "null"]))])])),
                problems: ["400", "401", "403", "409", "422"])]),
            ("/views/{view}", ["get": operation(
                "bodyView", "A body's results from the read models, each row only to a person who may read its case now (mandate reads recorded)",
                parameters: [
                    .object([("name", "view"), ("in", "path"), ("required", true), ("schema", .object([("type", "string"), ("enum", .array(ViewRoutes.views.keys.sorted().map(JSONValue.string)))]))]),
                    query("body", "the body", required: true), query("year", "the year (all years when absent)", pattern: "^[0-9]{1,4}$"),
                    query("person", "one servant"), query("reason", "the audit or appeal the read serves (required under a mandate)"),
                    query("limit", "one page of at most this many cases (1–\(ViewPage.largest)), in the order of their streams", pattern: "^[0-9]{1,4}$"),
                    query("after", "the case stream the page follows (the last page's `next`); with limit"),
                ],
                ok: ("200", "the rows the reader may see, how many cases were withheld, and the page's last case when more follow", record(
                    ["view": string, "body": string, "year": .object([("type", .array(["integer", "null"]))]), "rows": list, "withheldCases": integer,
                     "next": nullable("string")])),
                problems: ["400", "401", "403", "404"])]),
            ("/cases/diff", ["get": operation(
                "caseDiff", "What changed in one case between two moments, and the acts that changed it",
                parameters: caseParameters + [query("from", "the earlier moment", required: true), query("to", "the later moment", required: true)],
                ok: ("200", "changes and acts", record(["case": string, "from": string, "to": string, "axis": string,
                                                         "changes": list, "acts": list])),
                problems: ["400", "401", "403", "404"])]),
        ]
        for act in ActCatalog.all.map(\.declaration) {
            paths.append(("/acts/\(act.name)", ["post": operation(
                act.name, "Perform \(act.name) (\(act.roles))", body: act.requestBodySchema(),
                parameters: [header("Idempotency-Key", "the act's id: a retried POST records nothing new"), header("If-Match", "the stream version read; a stale one is 409")],
                ok: ("201", "recorded (200 when the id was recorded already)", outcome), also: [("200", "recorded already under this Idempotency-Key", outcome)],
                problems: ["400", "401", "403", "404", "409", "422"])]))
        }
        return .object([
            ("openapi", "3.1.0"),
            ("info", .object([
                ("title", "Bagalau"),
                ("version", "1"),
                ("description", "The records ledger of civil servants' evaluation and attestation. Every error is RFC 9457 application/problem+json in the language asked for (Accept-Language: kk, ru, en)."),
            ])),
            ("servers", [["url": "/"]]),
            ("security", [["session": []], ["bearer": []]]),
            ("paths", .object(paths)),
            ("components", .object([
                ("securitySchemes", .object([
                    ("session", .object([("type", "apiKey"), ("in", "cookie"), ("name", .string(SignInService.sessionCookie)),
                                         ("description", "the browser session; a state-changing request also carries X-CSRF-Token")])),
                    ("bearer", .object([("type", "http"), ("scheme", "bearer"), ("description", "a token from POST /tokens")])),
                ])),
                ("schemas", .object([("Problem", problem)])),
            ])),
        ])
    }

    public static func text() -> String { PrettyJSON.string(document()) + "\n" }

    // MARK: - Pieces

    static let string: JSONValue = .object([("type", "string")])
    static let integer: JSONValue = .object([("type", "integer")])
    static let boolean: JSONValue = .object([("type", "boolean")])
    static func nullable(_ type: String) -> JSONValue { .object([("type", .array([.string(type), "null"]))]) }
    static let list: JSONValue = .object([("type", "array"), ("items", .object([("type", "object")]))])

    static func record(_ required: [String: JSONValue], optional: [String: JSONValue] = [:]) -> JSONValue {
        let members = required.merging(optional) { a, _ in a }.sorted { $0.key < $1.key }
        return .object([
            ("type", "object"), ("required", .array(required.keys.sorted().map { .string($0) })),
            ("properties", .object(members.map { ($0.key, $0.value) })),
        ])
    }

    static let health = record(["status": string, "headSeq": integer])
    static let session = record(["person": string, "csrfToken": string, "mustChangePassword": boolean, "expiresInSeconds": integer])
    static let me = record(
        ["person": string, "status": string, "offices": .object([("type", "array"), ("items", string)]), "mustChangePassword": boolean,
         "mandates": .object([("type", "array"), ("items", .object([("type", "object")]))])],
        optional: ["bodyId": string, "bodyRoles": .object([("type", "array"), ("items", string)])])
    static let outcome = record(
        ["act": string, "alreadyRecorded": boolean,
         "events": .object([("type", "array"), ("items", record(["seq": integer, "id": string, "stream": string, "version": integer, "type": string, "hash": string]))]),
         "findings": .object([("type", "array"), ("items", .object([("type", "object")]))])],
        optional: ["credentials": .object([("type", "object")])])
    static let problem = record(
        ["type": string, "title": string, "status": integer, "detail": string, "code": string, "language": string],
        optional: ["field": string, "clause": string])

    static let problemTitles = [
        "400": "malformed: the field and the rule are named", "401": "not signed in", "403": "outside the person's powers, or a CSRF token missing",
        "404": "no such thing", "409": "a stale If-Match version, or an id sent again with other content",
        "413": "the body is larger than the route takes", "422": "refused by the act's rulebook: the clause and the facts",
        "429": "too many failed sign-ins: Retry-After",
    ]

    static let caseParameters = [
        query("case", "the case stream, e.g. case/quarterly/m/2024/s5", required: true), query("reason", "the audit or appeal the read serves (required under a mandate)"),
        query("axis", "recorded (default) or occurred", enumeration: ["recorded", "occurred"]),
    ]

    static func query(_ name: String, _ description: String, required: Bool = false, enumeration: [String]? = nil, pattern: String? = nil) -> JSONValue {
        let schema: JSONValue = enumeration.map { .object([("type", "string"), ("enum", .array($0.map(JSONValue.string)))]) }
            ?? pattern.map { .object([("type", "string"), ("pattern", .string($0))]) } ?? string
        return .object([("name", .string(name)), ("in", "query"), ("required", .bool(required)), ("description", .string(description)), ("schema", schema)])
    }

    static func header(_ name: String, _ description: String) -> JSONValue {
        .object([("name", .string(name)), ("in", "header"), ("required", false), ("description", .string(description)), ("schema", string)])
    }

    static func operation(
        _ id: String, _ summary: String, security: Bool = true, body: JSONValue? = nil, parameters: [JSONValue] = [],
        ok: (String, String, JSONValue?), also: [(String, String, JSONValue?)] = [], problems: [String] = ["400", "401", "403"]
    ) -> JSONValue {
        func response(_ description: String, _ schema: JSONValue?, type: String = "application/json") -> JSONValue {
            guard let schema else { return .object([("description", .string(description))]) }
            return .object([("description", .string(description)), ("content", .object([(type, .object([("schema", schema)]))]))])
        }
        var responses: [(String, JSONValue)] = ([ok] + also).map { ($0.0, response($0.1, $0.2)) }
        // Every route that reads a body bounds it (BodyLimit): a larger one is a 413.
        responses += (body == nil ? problems : problems + ["413"]).map { ($0, response(problemTitles[$0] ?? "an error", .object([("$ref", "#/components/schemas/Problem")]), type: "application/problem+json")) }
        var members: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary))]
        if !security { members.append(("security", [])) }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let body { members.append(("requestBody", .object([("required", true), ("content", .object([("application/json", .object([("schema", body)]))]))]))) }
        members.append(("responses", .object(responses)))
        return .object(members)
    }
}
