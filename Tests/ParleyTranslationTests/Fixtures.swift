import Foundation
import ParleyDomain
import ParleyText
@testable import ParleyTranslation

/// Small in-memory dictionaries for tests; nothing here reads Dictionaries/ or shared data.
enum Fixtures {
    static let analyzer = ICUTextAnalyzer()

    static let entries: [LanguagePair: [DictionaryEntry]] = [
        LanguagePair(.english, .spanish): [
            DictionaryEntry(source: "the", target: "la", tag: "det"),
            DictionaryEntry(source: "big", target: "grande", tag: "adj"),
            DictionaryEntry(source: "house", target: "casa", tag: "n"),
            DictionaryEntry(source: "report", target: "informe", tag: "n"),
            DictionaryEntry(source: "send", target: "envía", tag: "v"),
            DictionaryEntry(source: "please", target: "por favor"),
            DictionaryEntry(source: "see you tomorrow", target: "hasta mañana", tag: "phrase"),
            DictionaryEntry(source: "see", target: "ver", tag: "v"),
            DictionaryEntry(source: "ask", target: "pregunta", tag: "v"),
            DictionaryEntry(source: "about", target: "sobre", tag: "prep"),
            DictionaryEntry(source: "ticket", target: "tique", tag: "n"),
            DictionaryEntry(source: "service", target: "servicio", tag: "n"),
            DictionaryEntry(source: "hello", target: "hola"),
            DictionaryEntry(source: "rose", target: "rosa", tag: "n"),
            DictionaryEntry(source: "list", target: "lista", tag: "n"),
            DictionaryEntry(source: "supplier", target: "proveedor", tag: "n"),
        ],
        LanguagePair(.chinese, .english): [
            DictionaryEntry(source: "挖掘", target: "excavate", tag: "v"),
            DictionaryEntry(source: "机", target: "machine", tag: "n"),
            DictionaryEntry(source: "挖掘机", target: "excavator", tag: "n"),
            DictionaryEntry(source: "三", target: "three", tag: "num"),
            DictionaryEntry(source: "台", target: "platform", tag: "mw"),
            DictionaryEntry(source: "我们", target: "we", tag: "pron"),
            DictionaryEntry(source: "需要", target: "need", tag: "v"),
        ],
    ]

    static let glossary = [
        GlossaryTerm(forms: [.english: "Parley"], priority: 100, doNotTranslate: true),
        GlossaryTerm(forms: [.english: "service ticket", .spanish: "ticket de servicio"], priority: 50),
    ]

    static func store() -> DictionaryStore {
        DictionaryStore(entries: entries, glossary: glossary, analyzer: analyzer, version: "fixture-1")
    }

    static func translator(_ configuration: TranslationConfiguration = TranslationConfiguration(detectLanguage: false),
                           hooks: [any TranslationHook] = []) throws -> Translator {
        try Translator(store: store(), analyzer: analyzer, configuration: configuration, extraHooks: hooks)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes an executable shell script and returns its path.
    static func script(_ body: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent("hook.sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }
}
