import ParleyDomain

/// The fixed words of rendered minutes (headings, "Owner", "Due"), per label language.
public struct MinutesLabels: Hashable, Sendable, Codable {
    public var minutes: String
    public var date: String
    public var summary: String
    public var keyPoints: String
    public var chapters: String
    public var attendees: String
    public var decisions: String
    public var actionItems: String
    public var openQuestions: String
    public var owner: String
    public var due: String
    public var unassigned: String
    public var said: String
    public var none: String
    public var estimated: String

    /// Label sets exist for en, zh, es and fr; other languages get English.
    public static func forLanguage(_ language: Language) -> MinutesLabels {
        switch language.code {
        case "zh": chinese
        case "es": spanish
        case "fr": french
        default: english
        }
    }

    public static let english = MinutesLabels(
        minutes: "Minutes", date: "Date", summary: "Summary", keyPoints: "Key points", chapters: "Chapters",
        attendees: "Attendees", decisions: "Decisions", actionItems: "Action items", openQuestions: "Open questions",
        owner: "Owner", due: "Due", unassigned: "unassigned", said: "said", none: "None.", estimated: "estimated")

    public static let chinese = MinutesLabels(
        minutes: "会议纪要", date: "日期", summary: "摘要", keyPoints: "要点", chapters: "议程章节",
        attendees: "参会人", decisions: "决定", actionItems: "待办事项", openQuestions: "待解决问题",
        owner: "负责人", due: "截止", unassigned: "未指定", said: "发言", none: "无。", estimated: "估算")

    public static let spanish = MinutesLabels(
        minutes: "Acta", date: "Fecha", summary: "Resumen", keyPoints: "Puntos clave", chapters: "Capítulos",
        attendees: "Asistentes", decisions: "Decisiones", actionItems: "Tareas", openQuestions: "Preguntas abiertas",
        owner: "Responsable", due: "Fecha límite", unassigned: "sin asignar", said: "dijo", none: "Ninguna.",
        estimated: "estimado")

    public static let french = MinutesLabels(
        minutes: "Compte rendu", date: "Date", summary: "Résumé", keyPoints: "Points clés", chapters: "Chapitres",
        attendees: "Participants", decisions: "Décisions", actionItems: "Actions", openQuestions: "Questions ouvertes",
        owner: "Responsable", due: "Échéance", unassigned: "non attribué", said: "a dit", none: "Aucune.",
        estimated: "estimé")
}
