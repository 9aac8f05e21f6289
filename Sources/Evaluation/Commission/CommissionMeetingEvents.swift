import LedgerCore

/// A commission's meetings, on the commission's stream: schedule and notices (001 §29), attendance,
/// motions on each servant's result, open votes and decisions (001 §5, §30–§38).
public enum CommissionMeetingEvents {
    public static let grades = ["excellent", "effective", "satisfactory", "unsatisfactory"]

    public static let meetingScheduled = EventTypeDescriptor(
        type: "commission.meeting-scheduled", schemaVersion: 1,
        summary: "HR draws up the evaluation schedule with the chair's consent", clause: "001 §29",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("date", .date, "the meeting's date"),
            .required("caseIds", .array(.identifier, minItems: 1, maxItems: 500), "the cases it evaluates"),
            .required("consentedBy", .identifier, "the chair who consented to the schedule"),
        ]))

    public static let noticeGiven = EventTypeDescriptor(
        type: "commission.notice-given", schemaVersion: 1,
        summary: "HR notifies a person concerned of the evaluation", clause: "001 §29",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("personId", .identifier, "who was notified"),
        ]))

    public static let meetingHeld = EventTypeDescriptor(
        type: "commission.meeting-held", schemaVersion: 1,
        summary: "The meeting opens with the members present recorded", clause: "001 §30, §36",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("present", .array(.identifier, maxItems: 50), "members present"),
            .required("quorate", .boolean, "two thirds of the members present (001 §30)"),
        ]))

    public static let motionPut = EventTypeDescriptor(
        type: "commission.motion-put", schemaVersion: 1,
        summary: "The chair puts a servant's result to the vote: approve it, or revise it", clause: "001 §37–§38",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("motionId", .identifier, "the motion"),
            .required("caseId", .identifier, "the case whose result is decided"),
            .required("proposal", .enumeration(["approve", "revise"]), "approve the result, or revise it"),
            .optional("revisedGrade", .enumeration(grades), "the grade proposed by a revision"),
            .optional("reason", .text, "why a revision is proposed"),
        ]))

    public static let voteCast = EventTypeDescriptor(
        type: "commission.vote-cast", schemaVersion: 1,
        summary: "A member present votes openly on a motion", clause: "001 §32",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("motionId", .identifier, "the motion"),
            .required("memberId", .identifier, "the voting member"),
            .required("vote", .enumeration(["for", "against"]), "the member's choice"),
        ]))

    public static let motionDecided = EventTypeDescriptor(
        type: "commission.motion-decided", schemaVersion: 1,
        summary: "The commission decides a motion by the majority of votes cast; on a tie the chair's vote decides", clause: "001 §33",
        payload: .object([
            .required("commissionId", .identifier, "the commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("motionId", .identifier, "the motion"),
            .required("caseId", .identifier, "the case"),
            .required("votesFor", .integer(minimum: 0, maximum: 50), "votes for"),
            .required("votesAgainst", .integer(minimum: 0, maximum: 50), "votes against"),
            .required("carried", .boolean, "whether the motion passed"),
            .required("tieBrokenByChair", .boolean, "whether the chair's vote decided a tie"),
        ]))

    public static let catalog = EventCatalog([meetingScheduled, noticeGiven, meetingHeld, motionPut, voteCast, motionDecided])
}
