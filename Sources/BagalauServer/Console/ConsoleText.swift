import Foundation
import Evaluation
import LedgerCore

/// The console's words in Kazakh, Russian and English (Kazakh first), from the catalogues
/// `Catalogues/kk.json`, `ru.json`, `en.json` — no template holds a word of its own — and the
/// conventions of each language for dates (`15.04.2024` in Kazakh and Russian) and decimals (`3,75`).
struct ConsoleText: Sendable {
    typealias Language = Problem.Language

    let catalogues: [Language: [String: String]]

    static let names: [Language: String] = [.kk: "Қазақша", .ru: "Русский", .en: "English"]

    /// Loads the three catalogues; each must name the same keys (checked by a test).
    static func load() throws -> ConsoleText {
        var catalogues: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Catalogues") else {
                throw LedgerError(.storage, "the console's \(language.rawValue) catalogue is missing from the server's resources")
            }
            catalogues[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return ConsoleText(catalogues: catalogues)
    }

    func strings(_ language: Language) -> [String: String] { catalogues[language] ?? [:] }

    func callAsFunction(_ key: String, _ language: Language) -> String { catalogues[language]?[key] ?? catalogues[.kk]?[key] ?? key }

    /// The name of a role or office in the language (`hr-officer` → `roleHrOfficer`).
    func role(_ role: String, _ language: Language) -> String {
        let key = "role" + role.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return catalogues[language]?[key] ?? role
    }

    /// An event type's title in the language (`annual.plan-drafted` → `event.annual.plan-drafted`); the
    /// type itself when none is known.
    func event(_ type: String, _ language: Language) -> String { catalogues[language]?["event." + type] ?? type }

    /// A 2018 grade (`effective` → `gradeEffective`) in the language; the code itself when none is known.
    func grade(_ code: String, _ language: Language) -> String {
        catalogues[language]?["grade" + code.prefix(1).uppercased() + code.dropFirst()] ?? code
    }

    /// A 2023-method band's name as the methodology version gives it (004 §8): `nameKk` in Kazakh,
    /// `nameRu` in Russian, the result's code in English (the version carries no English name).
    static func band(_ band: QuarterlyEvaluationParameters.Band?, result: String?, _ language: Language) -> String {
        band.map { language == .kk ? $0.nameKk : language == .ru ? $0.nameRu : $0.result } ?? result ?? "—"
    }

    /// An attestation outcome by the name its regulation gives it (Kazakh or Russian; in English, its id,
    /// as for a band).
    static func outcome(_ id: String, in regulation: AttestationParameters?, _ language: Language) -> String {
        guard let named = regulation?.outcome(id) else { return id }
        return language == .kk ? named.nameKk : language == .ru ? named.nameRu : id
    }

    /// A case's status as the read models write it (`final`, `incomplete: Q3 …`), its leading word in the
    /// language when the catalogue has it; what follows the colon is kept as written.
    func status(_ code: String, _ language: Language) -> String {
        let head = code.split(separator: ":", maxSplits: 1).first.map(String.init) ?? code
        let key = "status" + head.split(separator: " ").prefix(1).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        guard let word = catalogues[language]?[key], head.split(separator: " ").count == 1 else { return code }
        return word + code.dropFirst(head.count)
    }

    /// A day as the language writes it: `15.04.2024` (kk, ru), `15 Apr 2024` (en).
    static func date(_ date: LocalDate, _ language: Language) -> String {
        let (year, month, day) = date.components
        switch language {
        case .kk, .ru: return String(format: "%02d.%02d.%04d", day, month, year)
        case .en: return "\(day) \(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]) \(year)"
        }
    }

    /// A day given as `YYYY-MM-DD` text, written in the language (other text unchanged).
    static func date(text: String?, _ language: Language) -> String {
        guard let text else { return "—" }
        return LocalDate(text).map { date($0, language) } ?? text
    }

    /// A decimal as the language writes it: `3,75` in Kazakh and Russian, `3.75` in English.
    static func decimal(_ text: String?, _ language: Language) -> String {
        guard let text else { return "—" }
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// An instant as Almaty reads it, in the language's date convention: `15.04.2024 10:00`.
    static func moment(_ instant: Timestamp, zone: String = "Asia/Almaty", _ language: Language) -> String {
        let local = BodyTimeZone.localTime(of: instant, zone: zone)
        let day = BodyTimeZone.localDate(of: instant, zone: zone)
        let time = local.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return "\(date(day, language)) \(time)"
    }
}
