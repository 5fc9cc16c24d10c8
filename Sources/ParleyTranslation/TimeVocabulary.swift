import Foundation
import ParleyDomain

/// How dates, times and amounts read in each target language: the small tables the Chinese
/// expression scanner renders from. One entry per language; a language missing here gets English.
struct TimeVocabulary: Sendable {
    /// Monday first.
    var weekdays: [String]
    /// January first.
    var months: [String]
    /// "next Friday", "el próximo viernes": `%@` is the weekday.
    var nextWeekday: String
    var lastWeekday: String
    var thisWeekday: String
    /// "November 30", "30 de noviembre": `{m}` month name, `{d}` day number.
    var monthDay: String
    /// "3 pm", "15:00": `{h}` hour (1-12), `{H}` hour (0-23), `{mm}` minutes, `{ampm}`.
    var clock: String
    var clockWithMinutes: String
    var am: String
    var pm: String
    /// Currency and unit words after a number ("2,000 yuan").
    var units: [String: String]

    static func forLanguage(_ language: Language) -> TimeVocabulary {
        table[language.code] ?? table["en"]!
    }

    static let table: [String: TimeVocabulary] = [
        "en": TimeVocabulary(
            weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            months: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"],
            nextWeekday: "next %@", lastWeekday: "last %@", thisWeekday: "this %@", monthDay: "{m} {d}",
            clock: "{h} {ampm}", clockWithMinutes: "{h}:{mm} {ampm}", am: "am", pm: "pm",
            units: ["元": "yuan", "块": "yuan", "块钱": "yuan", "美元": "US dollars", "欧元": "euros", "吨": "t",
                    "公斤": "kg", "千克": "kg", "公里": "km", "米": "m", "厘米": "cm", "毫米": "mm", "小时": "hours",
                    "分钟": "minutes", "秒": "seconds", "天": "days", "个月": "months", "周": "weeks", "年": "years",
                    "人": "people", "次": "times"]),
        "es": TimeVocabulary(
            weekdays: ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
            months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                     "octubre", "noviembre", "diciembre"],
            nextWeekday: "el próximo %@", lastWeekday: "el %@ pasado", thisWeekday: "este %@", monthDay: "{d} de {m}",
            clock: "las {H}:00", clockWithMinutes: "las {H}:{mm}", am: "", pm: "",
            units: ["元": "yuanes", "块": "yuanes", "块钱": "yuanes", "美元": "dólares", "欧元": "euros", "吨": "t",
                    "公斤": "kg", "千克": "kg", "公里": "km", "米": "m", "厘米": "cm", "毫米": "mm", "小时": "horas",
                    "分钟": "minutos", "秒": "segundos", "天": "días", "个月": "meses", "周": "semanas", "年": "años",
                    "人": "personas", "次": "veces"]),
        "fr": TimeVocabulary(
            weekdays: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                     "octobre", "novembre", "décembre"],
            nextWeekday: "%@ prochain", lastWeekday: "%@ dernier", thisWeekday: "ce %@", monthDay: "{d} {m}",
            clock: "{H} h", clockWithMinutes: "{H} h {mm}", am: "", pm: "",
            units: ["元": "yuans", "块": "yuans", "块钱": "yuans", "美元": "dollars", "欧元": "euros", "吨": "t",
                    "公斤": "kg", "千克": "kg", "公里": "km", "米": "m", "厘米": "cm", "毫米": "mm", "小时": "heures",
                    "分钟": "minutes", "秒": "secondes", "天": "jours", "个月": "mois", "周": "semaines", "年": "ans",
                    "人": "personnes", "次": "fois"]),
        "de": TimeVocabulary(
            weekdays: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
            months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                     "November", "Dezember"],
            nextWeekday: "nächsten %@", lastWeekday: "letzten %@", thisWeekday: "diesen %@", monthDay: "{d}. {m}",
            clock: "{H} Uhr", clockWithMinutes: "{H}:{mm} Uhr", am: "", pm: "",
            units: ["元": "Yuan", "块": "Yuan", "块钱": "Yuan", "美元": "US-Dollar", "欧元": "Euro", "吨": "t",
                    "公斤": "kg", "千克": "kg", "公里": "km", "米": "m", "厘米": "cm", "毫米": "mm", "小时": "Stunden",
                    "分钟": "Minuten", "秒": "Sekunden", "天": "Tage", "个月": "Monate", "周": "Wochen", "年": "Jahre",
                    "人": "Personen", "次": "Mal"]),
        "pt": TimeVocabulary(
            weekdays: ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
            months: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
                     "outubro", "novembro", "dezembro"],
            nextWeekday: "na próxima %@", lastWeekday: "na última %@", thisWeekday: "nesta %@", monthDay: "{d} de {m}",
            clock: "{H}h", clockWithMinutes: "{H}h{mm}", am: "", pm: "",
            units: ["元": "yuans", "块": "yuans", "块钱": "yuans", "美元": "dólares", "欧元": "euros", "吨": "t",
                    "公斤": "kg", "千克": "kg", "公里": "km", "米": "m", "厘米": "cm", "毫米": "mm", "小时": "horas",
                    "分钟": "minutos", "秒": "segundos", "天": "dias", "个月": "meses", "周": "semanas", "年": "anos",
                    "人": "pessoas", "次": "vezes"]),
    ]

    func clockTime(hour: Int, minute: Int, afternoon: Bool) -> String {
        let h24 = afternoon && hour < 12 ? hour + 12 : hour
        let h12 = h24 % 12 == 0 ? 12 : h24 % 12
        let pattern = minute == 0 ? clock : clockWithMinutes
        let mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return pattern.replacingOccurrences(of: "{h}", with: "\(h12)").replacingOccurrences(of: "{H}", with: "\(h24)")
            .replacingOccurrences(of: "{mm}", with: mm).replacingOccurrences(of: "{ampm}", with: h24 >= 12 ? pm : am)
            .trimmingCharacters(in: .whitespaces)
    }

    func date(month: Int, day: Int) -> String {
        monthDay.replacingOccurrences(of: "{m}", with: months[month - 1]).replacingOccurrences(of: "{d}", with: "\(day)")
    }
}

