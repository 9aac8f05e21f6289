import Foundation
import Evaluation
import LedgerCore

/// An act as a console form, derived from its one declaration (design.md §14) like its CLI line, its
/// API body and its JSON Schema: a labelled input per field — text, date, number, a choice, a checkbox,
/// a table of rows for a list of records, a line per item for a list, a JSON box for a free object — and
/// the form posted back read into the act's JSON by the same declaration. Labels come from the
/// catalogues (`field` + the field's name); the act's own checks phrase what is wrong.
struct ConsoleActForm {
    let declaration: ActDeclaration
    let text: ConsoleText
    let language: ConsoleText.Language
    /// The input a refusal named (`scores[2].score`), marked invalid for the eye and for screen readers.
    var invalid: String?

    /// Rows offered for a list of records, beyond those already filled.
    static let spareRows = 3

    /// The roles an act may be performed in, from its declaration (`evaluator (first, support), calibration-participant`).
    static let knownRoles = [
        Roles.hrOfficer, Roles.authorisedPerson, Roles.firstHead, Roles.directSupervisor, Roles.superiorSupervisor, Roles.commissionChair,
        Roles.commissionMember, Roles.commissionSecretary, Roles.servant, Roles.agencyOfficer, Roles.headOfApparatus, Roles.maslikhatChair,
        Roles.calibrationParticipant, Roles.auditor, Roles.appealsReviewer, Roles.recordsOfficer, Roles.evaluator, Roles.administrator,
    ]

    var roles: [String] {
        let words = declaration.roles.split { !$0.isLetter && $0 != "-" }.map(String.init)
        return Self.knownRoles.filter(words.contains).sorted { words.firstIndex(of: $0)! < words.firstIndex(of: $1)! }
    }

    /// The form's inputs, filled from `values` (the query of a link, or the form posted back).
    func inputs(_ values: [String: String]) -> [[String: Any]] {
        declaration.fields.map { input($0, name: $0.name, values) }
    }

    /// A refused field (`payload.scores[2].score`) in the reader's words — the field's label, and for a row
    /// of a table its list's label, the row's number and the column's label (`Балдар, 3-жол: Балл`) — or
    /// none when no input of the form is that field (`actor`, the whole list).
    func describe(field path: String) -> String? {
        var fields = declaration.fields, words: [String] = []
        for part in Self.inputName(of: path).split(separator: ".") {
            let row = part.firstIndex(of: "[").flatMap { Int(part[part.index(after: $0)...].dropLast()) }
            guard let field = fields.first(where: { $0.name == part.prefix { $0 != "[" } }) else { return nil }
            words.append(label(field) + (row.map { ", " + String(format: text("rowNumbered", language), $0 + 1) } ?? ""))
            switch field.type {
            case .list(.record(let members)) where row != nil: fields = members
            case .record(let members): fields = members
            default: fields = []
            }
        }
        return words.isEmpty ? nil : words.joined(separator: ": ")
    }

    /// The name of the form's input a refusal's field is (`payload.scores[2].score` → `scores[2].score`).
    static func inputName(of field: String) -> String {
        field.hasPrefix("payload.") ? String(field.dropFirst("payload.".count)) : field
    }

    func label(_ field: ActField) -> String {
        let key = "field" + field.name.prefix(1).uppercased() + field.name.dropFirst()
        return text.catalogues[language]?[key] ?? field.name
    }

    func input(_ field: ActField, name: String, _ values: [String: String]) -> [String: Any] {
        var input: [String: Any] = [
            "name": name, "id": "f-" + name.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "").replacingOccurrences(of: ".", with: "-"),
            "label": label(field), "required": field.required, "hint": field.description, "value": values[name] ?? "",
            "invalid": name == invalid,
        ]
        switch field.type {
        case .string: input["isText"] = true
        case .date: input["isDate"] = true
        case .integer(let range):
            input["isNumber"] = true
            input["min"] = range.map { String($0.lowerBound) } ?? ""
            input["max"] = range.map { String($0.upperBound) } ?? ""
        case .boolean:
            input["isCheckbox"] = true
            input["checked"] = values[name] == "true"
        case .oneOf(let options):
            input["isChoice"] = true
            input["options"] = ([""] + options).map { ["value": $0, "selected": values[name] == $0] as [String: Any] }
        case .list(.record(let members)):
            input["isTable"] = true
            input["columns"] = members.map { ["label": label($0)] }
            // The rows with something written (a refused form posts its empty spare rows too).
            let filled = (0..<100).filter { row in members.contains { !(values["\(name)[\(row)].\($0.name)"] ?? "").isEmpty } }.last.map { $0 + 1 } ?? 0
            input["rows"] = (0..<(filled + Self.spareRows)).map { row in
                ["row": row + 1, "cells": members.map { self.input($0, name: "\(name)[\(row)].\($0.name)", values) }] as [String: Any]
            }
        case .list:
            input["isLines"] = true
        case .record(let members):
            input["isGroup"] = true
            input["members"] = members.map { self.input($0, name: "\(name).\($0.name)", values) }
        case .object:
            input["isJSON"] = true
        }
        return input
    }

    /// The act's fields read from the posted form; a value that is not of its type is passed on as
    /// written, so that the act's check names the field and what it must be.
    func fields(from form: ConsoleForm) -> JSONValue {
        .object(declaration.fields.compactMap { field in value(field, name: field.name, form).map { (field.name, $0) } })
    }

    func value(_ field: ActField, name: String, _ form: ConsoleForm) -> JSONValue? {
        switch field.type {
        case .boolean:
            return form[name] == "true" ? .bool(true) : field.required ? .bool(false) : nil
        case .list(.record(let members)):
            let rows = (0..<100).compactMap { row -> JSONValue? in
                let cells = members.compactMap { member in value(member, name: "\(name)[\(row)].\(member.name)", form).map { (member.name, $0) } }
                return cells.isEmpty || cells.allSatisfy({ $0.1 == .bool(false) }) ? nil : .object(cells)
            }
            return rows.isEmpty && !field.required ? nil : .array(rows)
        case .list(let item):
            guard let lines = form[name]?.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }) else { return nil }
            return lines.isEmpty && !field.required ? nil : .array(lines.map { Self.scalar($0, item) })
        case .record(let members):
            let cells = members.compactMap { member in value(member, name: "\(name).\(member.name)", form).map { (member.name, $0) } }
            return cells.isEmpty ? nil : .object(cells)
        case .object:
            guard let text = form[name], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return (try? JSONParser.parse(text)) ?? .string(text)
        default:
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return Self.scalar(text, field.type)
        }
    }

    static func scalar(_ text: String, _ type: ActFieldType) -> JSONValue {
        if case .integer = type, let number = Int64(text) { return .integer(number) }
        return .string(text)
    }
}
