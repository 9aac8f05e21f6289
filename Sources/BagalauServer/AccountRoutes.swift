import Foundation
import Hummingbird
import LedgerCore
import Evaluation
import SQLiteStore

/// Signing in and out, changing one's password, bearer tokens for programs, and `/me`: who the
/// ledger says the signed-in person is today.
struct AccountRoutes {
    let signIn: SignInService
    var credentials: any CredentialStore { signIn.credentials }
    var acts: ActService { signIn.acts }

    func addPublic(to router: Router<BagalauRequestContext>) {
        router.post("sign-in") { request, _ -> Response in
            let body = try await request.jsonObject(upTo: .credentials)
            let (token, identity) = try await signIn.signIn(
                personId: try ActRequest.string(body, "person"), password: try ActRequest.string(body, "password"), code: body["code"]?.stringValue, at: Date())
            return signedInResponse(token: token, identity: identity)
        }
    }

    func addSignedIn(to group: RouterGroup<BagalauRequestContext>) {
        group.post("sign-out") { _, context -> Response in
            try await credentials.endSession(digest: try context.signedIn().tokenDigest)
            var response = Response(status: .noContent)
            response.setCookie(SignInService.cookie("", maxAge: 0))
            return response
        }
        group.post("account/password") { request, context -> Response in
            let me = try context.signedIn()
            let body = try await request.jsonObject(upTo: .credentials)
            let (token, identity) = try await signIn.changePassword(of: me, current: try ActRequest.string(body, "current"), new: try ActRequest.string(body, "new"))
            return signedInResponse(token: token, identity: identity)
        }
        group.post("tokens") { request, context -> Response in
            let me = try context.signedIn()
            guard me.kind == .session else { throw Problem(.forbidden, code: "forbidden", field: "Authorization", "a bearer token is issued to a signed-in browser session, not to another token") }
            let label = try await ActRequest.string(request.jsonObject(upTo: .credentials), "label")
            let (token, _) = try await signIn.openSession(me.personId, kind: .token, label: label, mustChange: false, at: Int64(Date().timeIntervalSince1970))
            return jsonResponse(.created, ["token": .string(token), "label": .string(label), "expiresInSeconds": .integer(SignInService.tokenLifetime)])
        }
        group.get("me") { _, context -> Response in
            let me = try context.signedIn()
            let account = try await acts.account(of: me.personId)
            let now = SystemClock().now()
            let today = BodyTimeZone.localDate(of: now, zone: "Asia/Almaty")
            let mandates = account.mandates.values.filter { $0.inForce(on: today, at: now) }.sorted { $0.id < $1.id }
            var members: [(String, JSONValue)] = [
                ("person", .string(me.personId)), ("status", .string(account.status.rawValue)),
                ("offices", .array(account.offices.map(JSONValue.string))), ("mustChangePassword", .bool(me.mustChangePassword)),
                ("mandates", .array(mandates.map { ["mandateId": .string($0.id), "power": .string($0.power), "scope": .string($0.scope),
                                                     "scopeId": $0.scopeId.map(JSONValue.string) ?? .null, "from": .string($0.from.description), "until": .string($0.until.description)] })),
            ]
            if let bodyId = account.bodyId {
                let organisation = try await acts.organisation(bodyId: bodyId)
                let roles = Powers.bodyRoles.sorted().filter { organisation.holder(of: $0, on: today) == me.personId }
                members += [("bodyId", .string(bodyId)), ("bodyRoles", .array(roles.map(JSONValue.string)))]
            }
            return jsonResponse(.ok, .object(members))
        }
    }

    func signedInResponse(token: String, identity: SignedIn) -> Response {
        var response = jsonResponse(.ok, [
            "person": .string(identity.personId), "csrfToken": .string(identity.csrfToken), "mustChangePassword": .bool(identity.mustChangePassword),
            "expiresInSeconds": .integer(SignInService.sessionLifetime),
        ])
        response.setCookie(SignInService.cookie(token))
        return response
    }
}
