import ParleyDomain

/// The words of a reminder message in the owner's language (English where a language has none here).
enum ReminderText {
    private struct Words {
        var due: String     // "{day}" is replaced
        var overdue: String
        var late: String
    }

    private static let words: [String: Words] = [
        "en": Words(due: "Reminder: due today ({day})", overdue: "Overdue since {day}", late: " (sent late: Parley was offline)"),
        "zh": Words(due: "提醒：今天到期（{day}）", overdue: "已逾期（截止 {day}）", late: "（延迟发送：Parley 曾离线）"),
        "es": Words(due: "Recordatorio: vence hoy ({day})", overdue: "Vencido desde el {day}", late: " (enviado con retraso)"),
        "de": Words(due: "Erinnerung: heute fällig ({day})", overdue: "Überfällig seit {day}", late: " (verspätet gesendet)"),
        "fr": Words(due: "Rappel : à faire aujourd'hui ({day})", overdue: "En retard depuis le {day}", late: " (envoyé en retard)"),
        "pt": Words(due: "Lembrete: vence hoje ({day})", overdue: "Atrasado desde {day}", late: " (enviado com atraso)"),
        "ja": Words(due: "リマインダー：今日が期限（{day}）", overdue: "期限切れ（{day}）", late: "（遅れて送信）"),
        "ru": Words(due: "Напоминание: срок сегодня ({day})", overdue: "Просрочено с {day}", late: " (отправлено с опозданием)"),
    ]

    /// "Reminder: due today (2026-11-27) — Update the contract".
    static func render(_ reminder: FollowUpReminder, text: String, late: Bool, in language: Language) -> String {
        let w = words[language.code] ?? words["en"]!
        let label = (reminder.kind == .due ? w.due : w.overdue).replacingOccurrences(of: "{day}", with: reminder.day.description)
        return "\(label) — \(text)\(late ? w.late : "")"
    }
}
