import LedgerCore

/// Events of the records office and of confidential reads (issue 6): reads of a case by auditors and
/// appeals reviewers (stream `access/<case stream>`), legal holds and purge certificates (stream `retention`).
public enum RecordsEvents {
    public static let retentionStream = PurgeCertificate.stream
    public static func accessStream(of caseStream: String) -> String { "access/\(caseStream)" }
    public static func findingsStream(of stream: String) -> String { "findings/\(stream)" }

    /// The deadlines an act was judged against, when its own events do not carry them (the 2018 and
    /// commission acts): recorded with the act, in the same transaction (design.md §5: flagged, never lost).
    public static let deadlinesJudged = EventTypeDescriptor(
        type: "compliance.deadlines-judged", schemaVersion: 1,
        summary: "The deadlines an act was judged against, recorded with it", clause: "design.md §5",
        payload: .object([
            .required("actId", .identifier, "the id of the act's first event"),
            .required("actType", .string(minLength: 1, maxLength: 100), "its type"),
            .required("deadlines", .array(QuarterlyEvents.deadline, minItems: 1, maxItems: 10), "each deadline, due date, day acted, working days late"),
        ]))

    /// A recorded read (v2): `what` names any confidential read — the case file, a replay, an export, or
    /// a view (grades, a protocol, the quarterly views) — and the operator's CLI reads say whose view
    /// was shown (issue: the server; v1 knew only the case file, replay and export).
    public static let caseRead = EventTypeDescriptor(
        type: "access.case-read", schemaVersion: 2,
        summary: "A confidential case is read by an auditor, an appeals reviewer or the CLI's operator", clause: "004 §16, §21; design.md §12",
        payload: .object([
            .required("caseStream", .string(minLength: 1, maxLength: 300), "the case (or commission) read"),
            .required("what", .string(minLength: 1, maxLength: 200), "what was read: case-file, replay, export, or a view, and whose view the operator was shown"),
            .required("reason", .text, "why: the audit or appeal it serves"),
        ]))

    public static let caseReadV1 = EventTypeDescriptor(
        type: "access.case-read", schemaVersion: 1,
        summary: "An auditor or appeals reviewer reads a confidential case", clause: "004 §16, §21; design.md §12",
        payload: .object([
            .required("caseStream", .string(minLength: 1, maxLength: 300), "the case read"),
            .required("what", .enumeration(["case-file", "replay", "export"]), "what was read"),
            .required("reason", .text, "why: the audit or appeal it serves"),
        ]))

    public static let holdPlaced = EventTypeDescriptor(
        type: "retention.hold-placed", schemaVersion: 1,
        summary: "A legal hold suspends a case's retention clock", clause: "001 §8; 004 §15",
        payload: .object([
            .required("holdId", .identifier, "the hold"),
            .required("caseStream", .string(minLength: 1, maxLength: 300), "the case held"),
            .required("basis", .text, "the proceedings or request that require it"),
        ]))

    public static let holdLifted = EventTypeDescriptor(
        type: "retention.hold-lifted", schemaVersion: 1,
        summary: "A legal hold ends; the clock runs again", clause: "001 §8; 004 §15",
        payload: .object([
            .required("holdId", .identifier, "the hold"),
            .required("basis", .text, "why it ends"),
        ]))

    /// One purged event in a certificate: enough to prove later which event it was and that only its
    /// payload went (the chain keeps its digest).
    static let purgedEvent = PayloadShape.object([
        .required("seq", .integer(minimum: 1), "the event's position"),
        .required("type", .string(minLength: 1, maxLength: 100), "its type"),
        .required("payloadDigest", .sha256, "the digest of the payload removed"),
    ])

    public static let purgeCertified = EventTypeDescriptor(
        type: PurgeCertificate.type, schemaVersion: 1,
        summary: "The records office certifies the purge of cases whose retention has run out", clause: "001 §8; 004 §15",
        payload: .object([
            .required("certificateId", .identifier, "the certificate"),
            .required("legalBasis", .text, "the rule applied"),
            .required("purgedOn", .date, "the day of the purge"),
            .required("cases", .array(.object([
                .required("caseStream", .string(minLength: 1, maxLength: 300), "the case"),
                .required("endedOn", .date, "its last act"),
                .required("dueOn", .date, "3 years after, holds added"),
                .required("events", .array(purgedEvent, minItems: 1, maxItems: 100_000), "the events whose payloads are removed"),
            ]), minItems: 1, maxItems: 100_000), "the cases purged"),
        ]))

    public static let catalog = EventCatalog([deadlinesJudged, caseRead, caseReadV1, holdPlaced, holdLifted, purgeCertified, ChainCheckpoint.descriptor, ChainCheckpoint.descriptorV1])
}
