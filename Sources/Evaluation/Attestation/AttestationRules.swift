/// The rules of attestation (seeds 000 and 003). Their clauses come from the regulation the case is
/// bound to: the culture regulation cites 000, the 2017 civil-service one 003 (docs/rules.md).
extension Rule {
    public static let attestationPreparation = Rule(
        "attestation.preparation", "The order names who is and is not attested and the attestation commission; HR schedules each person and notifies them in writing, with signature, at least one month before",
        test: "AttestationRulesTests/lateNotice")
    public static let attestationPublicRepresentatives = Rule(
        "attestation.public-representatives", "The commission includes public representatives, where the regulation requires them",
        test: "AttestationRulesTests/civilService")
    public static let attestationPackage = Rule(
        "attestation.package", "The interview waits for the whole document package of the regulation",
        test: "AttestationRulesTests/package")
    public static let attestationCharacterisation = Rule(
        "attestation.characterisation", "The characterisation is written by the direct supervisor",
        test: "AttestationRulesTests/package")
    public static let attestationSelfAssessment = Rule(
        "attestation.self-assessment", "The self-assessment is the person's own",
        test: "AttestationRulesTests/package")
    public static let attestationHrDocuments = Rule(
        "attestation.hr-documents", "HR files the attestation and evaluation sheets and the test's results",
        test: "AttestationRulesTests/package")
    public static let attestationHrSheet = Rule(
        "attestation.hr-sheet", "HR's evaluation sheet lists incentives, sanctions, breaches of deadlines and previous results",
        test: "AttestationRulesTests/civilService")
    public static let attestationCompetencyTest = Rule(
        "attestation.competency-test", "The competency test covers the regulation's blocks and ends in strengths and weaknesses",
        test: "AttestationRulesTests/civilService")
    public static let attestationInterview = Rule(
        "attestation.interview", "The commission interviews the person, hears the report and compares the previous attestation",
        test: "AttestationRulesTests/interviewNeedsNotice")
    public static let attestationQuorum = Rule(
        "attestation.quorum", "The interview is held with the commission's quorum present",
        test: "AttestationRulesTests/quorum")
    public static let attestationRecording = Rule(
        "attestation.recording", "The interview is recorded on audio or video, where the regulation requires it",
        test: "AttestationRulesTests/civilService")
    public static let attestationDecision = Rule(
        "attestation.decision", "Members present vote; exactly one outcome, a tie decided by the chair; outcome 3 sends to one re-attestation",
        test: "AttestationRulesTests/decision")
    public static let attestationResultsOrder = Rule(
        "attestation.results-order", "The authorised person orders the results",
        test: "AttestationRulesTests/appeal")
    public static let attestationPersonalFile = Rule(
        "attestation.personal-file", "HR files the results in the personal file after the order",
        test: "AttestationRulesTests/appeal")
    public static let attestationMaterials = Rule(
        "attestation.materials", "The person attested may see every material",
        test: "AttestationRulesTests/appeal")
    public static let attestationAppeal = Rule(
        "attestation.appeal", "The decision is appealed to the head of the body, the agency's department or court",
        test: "AttestationRulesTests/appeal")
    public static let attestationReview = Rule(
        "attestation.review", "The agency's department analyses the civil-service commission's decisions",
        test: "AttestationRulesTests/civilService")

    /// Every rule of an attestation regulation.
    public static let attestation: [Rule] = [attestationPreparation, attestationPublicRepresentatives, attestationPackage, attestationCharacterisation, attestationSelfAssessment, attestationHrDocuments, attestationHrSheet, attestationCompetencyTest, attestationInterview, attestationQuorum, attestationRecording, attestationDecision, attestationResultsOrder, attestationPersonalFile, attestationMaterials, attestationAppeal, attestationReview]
}
