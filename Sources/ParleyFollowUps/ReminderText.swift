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

/// The words of a daily digest in the owner's language (English where a language has none here).
enum DigestText {
    private struct Words {
        var header: String   // "{day}", "{count}", "{overdue}" are replaced
        var overdue: String  // "{day}"
        var due: String      // "{day}"
        var noDate: String
    }

    private static let words: [String: Words] = [
        "en": Words(header: "Your follow-ups for {day}: {count} pending, {overdue} overdue", overdue: "overdue since {day}", due: "due {day}", noDate: "no date"),
        "zh": Words(header: "你的待办（{day}）：{count} 项未完成，{overdue} 项已逾期", overdue: "已逾期（截止 {day}）", due: "截止 {day}", noDate: "无截止日期"),
        "es": Words(header: "Tus seguimientos para el {day}: {count} pendientes, {overdue} vencidos", overdue: "vencido desde el {day}", due: "vence el {day}", noDate: "sin fecha"),
        "de": Words(header: "Deine Aufgaben am {day}: {count} offen, {overdue} überfällig", overdue: "überfällig seit {day}", due: "fällig am {day}", noDate: "ohne Datum"),
        "fr": Words(header: "Vos suivis du {day} : {count} en cours, {overdue} en retard", overdue: "en retard depuis le {day}", due: "pour le {day}", noDate: "sans date"),
        "pt": Words(header: "Seus acompanhamentos em {day}: {count} pendentes, {overdue} atrasados", overdue: "atrasado desde {day}", due: "vence em {day}", noDate: "sem data"),
        "ja": Words(header: "{day} のフォローアップ：未完了 {count} 件、期限切れ {overdue} 件", overdue: "期限切れ（{day}）", due: "期限 {day}", noDate: "期限なし"),
        "ru": Words(header: "Ваши задачи на {day}: {count} открыто, {overdue} просрочено", overdue: "просрочено с {day}", due: "срок {day}", noDate: "без срока"),
    ]

    /// A header line, then one line per follow-up: "• overdue since 2026-11-27 — Update the contract".
    static func render(_ digest: FollowUpDigest, texts: [String], in language: Language) -> String {
        let w = words[language.code] ?? words["en"]!
        let header = w.header.replacingOccurrences(of: "{day}", with: digest.day.description)
            .replacingOccurrences(of: "{count}", with: String(digest.items.count))
            .replacingOccurrences(of: "{overdue}", with: String(digest.overdueCount))
        let lines = zip(digest.items, texts).map { item, text in
            let when: String
            if let due = item.due {
                when = (due.description < digest.day.description ? w.overdue : w.due).replacingOccurrences(of: "{day}", with: due.description)
            } else {
                when = w.noDate
            }
            return "• \(when) — \(text)"
        }
        return ([header] + lines).joined(separator: "\n")
    }
}
