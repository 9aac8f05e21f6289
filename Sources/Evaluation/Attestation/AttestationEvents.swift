import LedgerCore

/// Events of attestation (seeds 000, 003): a round — the order with the lists of who is and is not
/// attested, the commission, the schedule — on `attestation/<bodyId>/<roundId>`, and each person's case
/// on `case/attestation/<bodyId>/<roundId>/<personId>`.
public enum AttestationEvents {
    public static func roundStream(bodyId: String, roundId: String) -> String { "attestation/\(bodyId)/\(roundId)" }
    public static func caseStream(bodyId: String, roundId: String, personId: String) -> String { "case/attestation/\(bodyId)/\(roundId)/\(personId)" }

    static let caseField = PayloadField.required("caseId", .identifier, "the case")

    static func event(_ name: String, _ summary: String, clause: String, _ fields: [PayloadField]) -> EventTypeDescriptor {
        EventTypeDescriptor(type: "attestation.\(name)", schemaVersion: 1, summary: summary, clause: clause, payload: .object(fields + [
            .optional("deadlines", .array(QuarterlyEvents.deadline, maxItems: 4), "deadlines this act was judged against"),
        ]))
    }

    public static let ordered = event("ordered", "The order on attestation: the regulation, the commission, who is and is not attested", clause: "000 §I.4; 003", [
        .required("roundId", .identifier, "the attestation round"),
        .required("bodyId", .identifier, "the body"),
        .required("versionId", .identifier, "the regulation in force"),
        .required("orderNumber", .string(minLength: 1, maxLength: 50), "the order's number"),
        .required("orderDate", .date, "its date"),
        .required("commissionId", .identifier, "the attestation commission"),
        .required("publicRepresentativeIds", .array(.identifier, maxItems: 20), "members who represent the public (seed 003)"),
        .required("subject", .array(.identifier, minItems: 1, maxItems: 5000), "staff subject to attestation"),
        .required("notSubject", .array(.object([
            .required("personId", .identifier, "who"),
            .required("reason", .text, "why not (e.g. under two years to pension age, maternity leave, in the position under six months)"),
        ]), maxItems: 5000), "staff not subject to it, with the reason"),
        .required("methods", .text, "the methods of attestation"),
    ])

    public static let scheduled = event("scheduled", "HR's schedule: each person's attestation date", clause: "000 §I.4", [
        .required("roundId", .identifier, "the round"),
        .required("entries", .array(.object([
            .required("personId", .identifier, "who"),
            .required("date", .date, "the attestation date"),
        ]), minItems: 1, maxItems: 5000), "the dates"),
    ])

    public static let caseOpened = event("case-opened", "HR opens a person's attestation (or re-attestation) case", clause: "000 §I.4; 000 §III.2", [
        caseField,
        .required("bodyId", .identifier, "the body"),
        .required("roundId", .identifier, "the round"),
        .required("personId", .identifier, "the person attested"),
        .required("versionId", .identifier, "the regulation that governs the case"),
        .required("commissionId", .identifier, "the commission"),
        .required("date", .date, "the attestation date"),
        .optional("reattestationOf", .identifier, "the first case, for a re-attestation after the measures"),
        .optional("measures", .text, "the retraining or qualification improvement done"),
    ])

    public static let noticeSigned = event("notice-signed", "The person signs the written notice of their attestation date", clause: "000 §I.4", [
        caseField,
        .required("signedOn", .date, "the day the person signed it"),
        .required("attestationDate", .date, "the date it announces"),
    ])

    public static let rescheduled = event("rescheduled", "The person's attestation moves to a new date", clause: "000 §I.4", [
        caseField,
        .required("date", .date, "the new date"),
        .required("reason", .text, "why"),
    ])

    public static let documentFiled = event("document-filed", "A document of the person's package is filed", clause: "000 §II; 003", [
        caseField,
        .required("kind", .enumeration(AttestationParameters.documentKinds), "which document"),
        .required("content", .text, "its text or summary"),
        .optional("hrSheet", .object([
            .required("incentives", .array(.text, maxItems: 50), "incentives received"),
            .required("sanctions", .array(.text, maxItems: 50), "disciplinary sanctions"),
            .required("deadlineBreaches", .integer(minimum: 0, maximum: 10_000), "breaches of document deadlines"),
            .required("previousResults", .text, "results of previous evaluations"),
        ]), "the HR evaluation sheet's fields (seed 003)"),
        .optional("test", .object([
            .required("blocks", .array(.object([
                .required("block", .identifier, "the competency block"),
                .required("score", .decimal, "the result"),
            ]), minItems: 1, maxItems: 10), "per block (seed 003)"),
            .required("strengths", .text, "the conclusion's strengths"),
            .required("weaknesses", .text, "the conclusion's weaknesses"),
        ]), "the competency test's results and conclusion (seed 003)"),
    ])

    public static let interviewHeld = event("interview-held", "The commission interviews the person", clause: "000 §III.1; 003", [
        caseField,
        .required("present", .array(.identifier, minItems: 1, maxItems: 50), "members present"),
        .required("report", .text, "the person's report"),
        .optional("supervisorHeard", .text, "what the direct supervisor said, when heard"),
        .required("previousComparison", .text, "comparison with the previous attestation's result"),
        .optional("recording", .object([
            .required("sha256", .sha256, "the content hash of the audio or video file (the file is kept elsewhere)"),
            .required("mediaType", .string(minLength: 3, maxLength: 100), "e.g. audio/ogg, video/mp4"),
            .required("durationSeconds", .integer(minimum: 1, maximum: 86_400), "its length"),
        ]), "the interview's recording (seed 003)"),
    ])

    public static let voteCast = event("vote-cast", "A commission member present votes for one outcome", clause: "000 §III.2", [
        caseField,
        .required("outcome", .identifier, "one of the regulation's outcomes"),
    ])

    public static let decided = event("decided", "The commission's decision: exactly one outcome, by the votes", clause: "000 §III.2; 003", [
        caseField,
        .required("outcome", .identifier, "the outcome"),
        .optional("category", .identifier, "the qualification category set"),
        .required("votes", .array(.object([
            .required("memberId", .identifier, "who"),
            .required("outcome", .identifier, "for which outcome"),
        ]), minItems: 1, maxItems: 50), "every vote"),
        .required("tieBrokenByChair", .boolean, "whether the chair's vote decided a tie"),
        .required("reattestation", .boolean, "whether the person is to be re-attested after measures"),
    ])

    public static let resultOrdered = event("result-ordered", "The order on the attestation's results", clause: "000 §IV.1", [
        caseField,
        .required("orderNumber", .string(minLength: 1, maxLength: 50), "the order's number"),
        .required("orderDate", .date, "its date"),
    ])

    public static let filedToPersonalFile = event("filed-to-personal-file", "HR places the results in the person's personal file", clause: "000 §IV.2", [caseField])

    public static let materialsViewed = event("materials-viewed", "The person sees the materials of their attestation", clause: "003", [
        caseField,
        .required("documents", .array(.enumeration(AttestationParameters.documentKinds + ["interview", "decision"]), minItems: 1, maxItems: 20), "what was shown"),
    ])

    public static let appealFiled = event("appeal-filed", "The person appeals the decision", clause: "003", [
        caseField,
        .required("authority", .identifier, "to whom: head-of-body, agency-department or court"),
    ])

    public static let appealDecided = event("appeal-decided", "The appeal's outcome", clause: "003", [
        caseField,
        .required("outcome", .enumeration(["upheld", "changed", "annulled"]), "the decision stands, is replaced, or is annulled"),
        .optional("newOutcome", .identifier, "the outcome that replaces it"),
        .required("reasoning", .text, "the reasons"),
    ])

    /// 003: "representatives of our department will analyse the decisions taken by the attestation
    /// commission" — an analysis on record; it changes no outcome (an appeal does).
    public static let decisionReviewed = event("decision-reviewed", "The agency's department analyses the commission's decision", clause: "003", [
        caseField,
        .required("conclusion", .enumeration(["consistent", "inconsistent"]), "whether the decision is consistent with the materials and the rules"),
        .required("findings", .text, "what the analysis found"),
    ])

    public static let catalog = EventCatalog([
        ordered, scheduled, caseOpened, noticeSigned, rescheduled, documentFiled, interviewHeld, voteCast, decided, resultOrdered,
        filedToPersonalFile, materialsViewed, appealFiled, appealDecided, decisionReviewed,
    ])
}
