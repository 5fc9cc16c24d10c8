import ArgumentParser
import Foundation
import ParleyDomain
import ParleyText
import ParleyTranslation

/// `parley translate`: offline translation with the dictionaries and hooks, no daemon needed.
struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate text offline (one output line per input line when reading standard input).",
        discussion: """
            Engines: "dictionary" (built in), "apertium" (en<->es through a warm `apertium -z` process), \
            or any hook named in --config. Example: parley translate --from en --to es "See you tomorrow"
            """)

    @Option(name: .long, help: "Source language (the sender's declared language).")
    var from: String

    @Option(name: .long, help: "Target language.")
    var to: String

    @Option(name: .long, help: "Engine: dictionary, apertium, or a hook from --config (default: the routed engine).")
    var engine: String?

    @Option(name: .long, help: "Dictionary directory.")
    var dictionaries: String = "Dictionaries"

    @Option(name: .long, help: "Translation configuration (JSON: routes, commandHooks, httpHooks, timeoutSeconds).")
    var config: String?

    @Flag(name: .long, help: "Show protected spans, segments and the dictionary entry behind each part.")
    var explain = false

    @Flag(name: .long, help: "Trust --from: do not check the source language against the text.")
    var noDetect = false

    @Flag(name: .long, help: "Speed benchmark: translate standard input twice (cold, then cached) and report messages per second.")
    var bench = false

    @Argument(help: "Text to translate; omit to read standard input line by line.")
    var text: String?

    func run() async throws {
        var configuration = try config.map { try TranslationConfiguration.load(from: URL(fileURLWithPath: $0)) }
            ?? TranslationConfiguration()
        let source = Language(from), target = Language(to)
        var engineName = engine
        if engine == "apertium" {
            let apertium = TranslationConfiguration.apertiumEnglishSpanish
            configuration.commandHooks.merge(apertium.commandHooks) { mine, _ in mine }
            engineName = "apertium-\(source.code)-\(target.code)"
            guard configuration.commandHooks[engineName!] != nil else {
                throw ValidationError("--engine apertium supports en-es and es-en; add a command hook in --config for \(from)-\(to)")
            }
        }
        if noDetect { configuration.detectLanguage = false }
        let translator: Translator
        do {
            translator = try Translator(dictionaryDirectory: URL(fileURLWithPath: dictionaries),
                                        analyzer: ICUTextAnalyzer(), configuration: configuration)
        } catch let error as TranslationError {
            throw ValidationError(error.description)
        }
        for problem in translator.problems { FileHandle.standardError.write(Data("warning: \(problem)\n".utf8)) }
        defer { Task { await translator.shutdown() } }

        if bench {
            try await benchmark(translator, source: source, target: target, engine: engineName)
            return
        }
        if let text {
            try await translateLine(text, translator, source, target, engineName)
        } else {
            while let line = readLine(strippingNewline: true) {
                try await translateLine(line, translator, source, target, engineName)
            }
        }
        await translator.shutdown()
    }

    private func translateLine(_ line: String, _ translator: Translator, _ source: Language, _ target: Language,
                               _ engineName: String?) async throws {
        let outcome = await translator.translate(line, from: source, to: target, engine: engineName,
                                                 detect: !noDetect, explain: explain)
        print(outcome.text)
        if let notice = outcome.notice { FileHandle.standardError.write(Data("note: \(notice)\n".utf8)) }
        if let reason = outcome.fallbackReason {
            FileHandle.standardError.write(Data("fallback: \(reason)\n".utf8))
        }
        if explain { print(Self.explanation(of: outcome)) }
    }

    static func explanation(of outcome: TranslationOutcome) -> String {
        var lines = ["  engine: \(outcome.engine)  \(outcome.source)->\(outcome.target)"
                     + (outcome.fallbackReason.map { "  (fallback: \($0))" } ?? "")]
        for span in outcome.protectedSpans { lines.append("  protected \(span.kind.rawValue): \(span.text)") }
        for unit in outcome.units {
            let target = unit.target.isEmpty ? "∅" : unit.target
            lines.append("  [\(unit.kind.rawValue)] \(unit.source) → \(target)  \(unit.tag.isEmpty ? "" : "<\(unit.tag)> ")\(unit.origin)")
        }
        return lines.joined(separator: "\n")
    }

    private func benchmark(_ translator: Translator, source: Language, target: Language, engine: String?) async throws {
        var messages: [String] = []
        while let line = readLine() { if !line.isEmpty { messages.append(line) } }
        guard !messages.isEmpty else { throw ValidationError("--bench reads messages from standard input; none given") }
        for (label, _) in [("cold", 0), ("cached", 1)] {
            let clock = ContinuousClock()
            let elapsed = await clock.measure {
                for message in messages {
                    _ = await translator.translate(message, from: source, to: target, engine: engine, detect: !noDetect)
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "%@\t%d messages\t%.3f s\t%.0f messages/s\t%.3f ms/message", label, messages.count,
                         seconds, Double(messages.count) / seconds, seconds * 1000 / Double(messages.count)))
        }
        // Per-recipient delivery: one localize call per message into five recipient languages
        // (fresh texts, so nothing is cached), as the hub makes it.
        let targets: Set<Language> = [Language("es"), Language("fr"), Language("zh"), Language("de"), Language("ja")]
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            for (i, message) in messages.enumerated() {
                _ = await translator.localize(message + " \(i)x", declared: source, into: targets)
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "localize-5\t%d messages\t%.3f s\t%.0f messages/s\t%.3f ms/message (es, fr, zh, de, ja)",
                     messages.count, seconds, Double(messages.count) / seconds, seconds * 1000 / Double(messages.count)))
    }
}
