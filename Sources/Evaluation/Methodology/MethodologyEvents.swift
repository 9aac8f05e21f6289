import Foundation
import LedgerCore

/// Methodology versions a body adopts (әдістеме), on the stream `methodology/<bodyId>`: each with an
/// effective date and its parameters, so that a case is judged by the version in force for its period
/// and replayed under it years later (domain.md intro, §6).
public enum MethodologyEvents {
    /// Schema version 2 names the clause of each rule in the adopted document (001 or 002).
    public static let annualEvaluationAdopted = annualAdoption(schemaVersion: 2, parameters: AnnualEvaluationParameters.shape)
    /// Schema version 1, read through ``AnnualEvaluationParameters/upcastV1(_:)``.
    public static let annualEvaluationAdoptedV1 = annualAdoption(schemaVersion: 1, parameters: AnnualEvaluationParameters.shapeV1)

    private static func annualAdoption(schemaVersion: Int, parameters: PayloadShape) -> EventTypeDescriptor {
        adoption("methodology.annual-evaluation-adopted", schemaVersion, "A body adopts a version of the annual evaluation methodology", clause: "001 §1",
                 basis: "the decision that adopts it (number and date)", parameters: parameters, "the version's numbers")
    }

    /// Schema version 3 names the clause of each rule in the adopted document.
    public static let quarterlyEvaluationAdopted = quarterlyAdoption(schemaVersion: 3, parameters: QuarterlyEvaluationParameters.shape)
    /// Schema version 2 carries every number of the 2023 methodology: deadlines, exemptions and the 360.
    public static let quarterlyEvaluationAdoptedV2 = quarterlyAdoption(schemaVersion: 2, parameters: QuarterlyEvaluationParameters.shapeV2)
    /// Schema version 1, read through ``QuarterlyEvaluationParameters/upcastV1(_:)``.
    public static let quarterlyEvaluationAdoptedV1 = quarterlyAdoption(schemaVersion: 1, parameters: QuarterlyEvaluationParameters.shapeV1)

    private static func quarterlyAdoption(schemaVersion: Int, parameters: PayloadShape) -> EventTypeDescriptor {
        adoption("methodology.quarterly-evaluation-adopted", schemaVersion, "A body adopts a version of the quarterly evaluation methodology", clause: "004 §1",
                 basis: "the decision that adopts it (number and date)", parameters: parameters, "the version's numbers")
    }

    /// A regulation on attestation (seed 000 §I.1; seed 003): its kind, outcomes, documents and safeguards.
    /// Schema version 2 names the clause of each rule in the regulation's document (000 or 003).
    public static let attestationRegulationAdopted = attestationAdoption(schemaVersion: 2, parameters: AttestationParameters.shape)
    /// Schema version 1, read through ``AttestationParameters/upcastV1(_:)``.
    public static let attestationRegulationAdoptedV1 = attestationAdoption(schemaVersion: 1, parameters: AttestationParameters.shapeV1)

    private static func attestationAdoption(schemaVersion: Int, parameters: PayloadShape) -> EventTypeDescriptor {
        adoption("methodology.attestation-regulation-adopted", schemaVersion, "A body adopts a regulation on attestation", clause: "000 §I.1",
                 basis: "the act it applies (number and date)", parameters: parameters, "the regulation's rules as data")
    }

    /// An adoption of any methodology: the body, the version's id, its basis and date, its parameters.
    private static func adoption(
        _ type: String, _ schemaVersion: Int, _ summary: String, clause: String, basis: String, parameters: PayloadShape, _ parametersSummary: String
    ) -> EventTypeDescriptor {
        EventTypeDescriptor(
            type: type, schemaVersion: schemaVersion, summary: summary, clause: clause,
            payload: .object([
                .required("bodyId", .identifier, "the adopting body"),
                .required("versionId", .identifier, "the version's identifier, unique in the body"),
                .required("basis", .text, basis),
                .required("effectiveFrom", .date, "first day the version governs"),
                .required("parameters", parameters, parametersSummary),
            ]))
    }

    public static let versionRepealed = EventTypeDescriptor(
        type: "methodology.version-repealed", schemaVersion: 1,
        summary: "A methodology version stops governing new periods",
        payload: .object([
            .required("bodyId", .identifier, "the body"),
            .required("versionId", .identifier, "the repealed version"),
            .required("basis", .text, "the repealing decision (number and date)"),
            .required("repealedOn", .date, "first day the version no longer governs"),
        ]))

    public static let catalog = EventCatalog([annualEvaluationAdoptedV1, annualEvaluationAdopted, quarterlyEvaluationAdoptedV1, quarterlyEvaluationAdoptedV2, quarterlyEvaluationAdopted, attestationRegulationAdoptedV1, attestationRegulationAdopted, versionRepealed])

    public static func stream(bodyId: String) -> String { "methodology/\(bodyId)" }

    /// The 2018 annual methodology as seed 001 (Akmola) adopts it, citing 001's clauses, ready to adopt.
    public static func annualEvaluation2018() throws -> JSONValue { try shipped("annual-evaluation-2018") }

    /// The same methodology as seed 002 (Kazygurt) adopts it: the same numbers, 002's clauses.
    public static func annualEvaluation2018Kazygurt() throws -> JSONValue { try shipped("annual-evaluation-2018-kazygurt") }

    /// The 2023 quarterly methodology as seed 004 adopts it, ready to adopt.
    public static func quarterlyEvaluation2023() throws -> JSONValue { try shipped("quarterly-evaluation-2023") }

    /// The regulation of seed 000 (culture organisations, order № 189 of 2016) and of seed 003 (the 2017
    /// attestation of administrative civil servants), ready to adopt.
    public static func attestationCulture2016() throws -> JSONValue { try shipped("attestation-culture-2016") }
    public static func attestationCivilService2017() throws -> JSONValue { try shipped("attestation-civil-service-2017") }

    static func shipped(_ name: String) throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw LedgerError(.notFound, field: "parameters", "the shipped parameters (\(name).json) are missing")
        }
        return try JSONParser.parse(bytes: Array(try Data(contentsOf: url)))
    }
}

/// One adopted version of a methodology or regulation: its id, its dates and its parameters.
public struct AdoptedVersion<Parameters: Sendable & Equatable>: Sendable, Equatable {
    public let versionId: String
    public let effectiveFrom: LocalDate
    public var repealedOn: LocalDate?
    public let parameters: Parameters
}

/// The versions a body has adopted, and which one governs a date.
public struct MethodologyVersions: StreamFold {
    public typealias Version = AdoptedVersion<AnnualEvaluationParameters>
    public typealias QuarterlyVersion = AdoptedVersion<QuarterlyEvaluationParameters>
    public typealias AttestationVersion = AdoptedVersion<AttestationParameters>

    /// Annual evaluation versions (seeds 001, 002), by id.
    public private(set) var versions: [String: Version] = [:]
    /// Quarterly evaluation versions (seed 004), by id.
    public private(set) var quarterlyVersions: [String: QuarterlyVersion] = [:]
    /// Attestation regulations (seeds 000, 003), by id.
    public private(set) var attestationVersions: [String: AttestationVersion] = [:]
    public private(set) var version: Int64 = 0

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        /// An adoption's version, its parameters read by `read`; nil for an incomplete payload.
        func adopted<P>(_ read: (JSONValue) throws -> P) throws -> AdoptedVersion<P>? {
            guard let id = payload["versionId"]?.stringValue, let from = payload["effectiveFrom"]?.stringValue.flatMap(LocalDate.init),
                let parameters = payload["parameters"]
            else { return nil }
            return AdoptedVersion(versionId: id, effectiveFrom: from, repealedOn: nil, parameters: try read(parameters))
        }
        switch event.type {
        case MethodologyEvents.annualEvaluationAdopted.type:
            if let adopted = try adopted({ try AnnualEvaluationParameters($0, schemaVersion: event.schemaVersion) }) { versions[adopted.versionId] = adopted }
        case MethodologyEvents.quarterlyEvaluationAdopted.type:
            if let adopted = try adopted({ try QuarterlyEvaluationParameters($0, schemaVersion: event.schemaVersion) }) { quarterlyVersions[adopted.versionId] = adopted }
        case MethodologyEvents.attestationRegulationAdopted.type:
            if let adopted = try adopted({ try AttestationParameters($0, schemaVersion: event.schemaVersion) }) { attestationVersions[adopted.versionId] = adopted }
        case MethodologyEvents.versionRepealed.type:
            guard let id = payload["versionId"]?.stringValue else { return }
            let repealedOn = payload["repealedOn"]?.stringValue.flatMap(LocalDate.init)
            versions[id]?.repealedOn = repealedOn
            quarterlyVersions[id]?.repealedOn = repealedOn
            attestationVersions[id]?.repealedOn = repealedOn
        default:
            return
        }
    }

    /// The quarterly version governing `date`: the latest effective on or before it and not repealed by then.
    public func quarterlyInForce(on date: LocalDate) -> QuarterlyVersion? {
        Self.inForce(quarterlyVersions, on: date)
    }

    /// The attestation regulation governing `date`.
    public func attestationInForce(on date: LocalDate) -> AttestationVersion? {
        Self.inForce(attestationVersions, on: date)
    }

    /// The version governing `date`: the latest effective on or before it and not repealed by then.
    public func inForce(on date: LocalDate) -> Version? {
        Self.inForce(versions, on: date)
    }

    /// The latest version effective on or before `date` and not repealed by then (ties: the larger id).
    private static func inForce<P>(_ candidates: [String: AdoptedVersion<P>], on date: LocalDate) -> AdoptedVersion<P>? {
        candidates.values
            .filter { $0.effectiveFrom <= date && ($0.repealedOn.map { date < $0 } ?? true) }
            .max { ($0.effectiveFrom, $0.versionId) < ($1.effectiveFrom, $1.versionId) }
    }
}

public enum MethodologyAct: Sendable {
    case adoptAnnualEvaluation(versionId: String, basis: String, effectiveFrom: LocalDate, parameters: JSONValue)
    case adoptQuarterlyEvaluation(versionId: String, basis: String, effectiveFrom: LocalDate, parameters: JSONValue)
    case adoptAttestationRegulation(versionId: String, basis: String, effectiveFrom: LocalDate, parameters: JSONValue)
    case repeal(versionId: String, basis: String, repealedOn: LocalDate)
}

/// Adoption and repeal of methodology versions: recorded by the HR officer or the authorised person.
public struct MethodologyRulebook: Sendable {
    public init() {}

    public func decide(_ act: MethodologyAct, bodyId: String, by actor: Actor, at occurredAt: Timestamp, versions: MethodologyVersions) throws -> EventDraft {
        try Refusal.requireRole(actor, [Roles.hrOfficer, Roles.authorisedPerson], clause: "", act: "recording a methodology decision")
        switch act {
        case .adoptAnnualEvaluation(let versionId, let basis, let effectiveFrom, let parameters):
            _ = try AnnualEvaluationParameters(parameters)
            return try adoption(MethodologyEvents.annualEvaluationAdopted, versionId, basis, effectiveFrom, parameters, bodyId: bodyId, by: actor, at: occurredAt, versions: versions)
        case .adoptQuarterlyEvaluation(let versionId, let basis, let effectiveFrom, let parameters):
            _ = try QuarterlyEvaluationParameters(parameters)
            return try adoption(MethodologyEvents.quarterlyEvaluationAdopted, versionId, basis, effectiveFrom, parameters, bodyId: bodyId, by: actor, at: occurredAt, versions: versions)
        case .adoptAttestationRegulation(let versionId, let basis, let effectiveFrom, let parameters):
            _ = try AttestationParameters(parameters)
            return try adoption(MethodologyEvents.attestationRegulationAdopted, versionId, basis, effectiveFrom, parameters, bodyId: bodyId, by: actor, at: occurredAt, versions: versions)
        case .repeal(let versionId, let basis, let repealedOn):
            let existing = versions.versions[versionId].map { ($0.effectiveFrom, $0.repealedOn) }
                ?? versions.quarterlyVersions[versionId].map { ($0.effectiveFrom, $0.repealedOn) }
                ?? versions.attestationVersions[versionId].map { ($0.effectiveFrom, $0.repealedOn) }
            guard let (effectiveFrom, repealed) = existing, repealed == nil else {
                throw Refusal.because("", field: "payload.versionId", "no version \(versionId) in force to repeal")
            }
            guard repealedOn > effectiveFrom else {
                throw Refusal.because("", field: "payload.repealedOn", "version \(versionId) takes effect \(effectiveFrom); it cannot be repealed on \(repealedOn)")
            }
            return EventDraft(
                type: MethodologyEvents.versionRepealed.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
                payload: ["bodyId": .string(bodyId), "versionId": .string(versionId), "basis": .string(basis), "repealedOn": .string(repealedOn.description)])
        }
    }

    /// An adoption of either kind: a version id is never reused, whichever methodology it named.
    private func adoption(
        _ descriptor: EventTypeDescriptor, _ versionId: String, _ basis: String, _ effectiveFrom: LocalDate, _ parameters: JSONValue,
        bodyId: String, by actor: Actor, at occurredAt: Timestamp, versions: MethodologyVersions
    ) throws -> EventDraft {
        guard versions.versions[versionId] == nil, versions.quarterlyVersions[versionId] == nil, versions.attestationVersions[versionId] == nil else {
            throw Refusal.because("", field: "payload.versionId", "version \(versionId) is adopted already; a change is a new version")
        }
        return EventDraft(
            type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor,
            payload: ["bodyId": .string(bodyId), "versionId": .string(versionId), "basis": .string(basis),
                      "effectiveFrom": .string(effectiveFrom.description), "parameters": parameters])
    }
}
