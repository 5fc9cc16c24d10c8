import ArgumentParser
import Foundation
import ParleyDomain
import ParleyMinutes
import ParleyText

/// `parley minutes FILE`: minutes of a transcript file, offline, without a daemon.
struct MinutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minutes",
        abstract: "Write the minutes of a transcript file (WebVTT, SRT, \"Speaker: text\" lines, \"(PERSON3) text\" turns or JSON).",
        discussion: "Runs offline. JSON output has the summary as a list of sentences under \"summary\"; see docs/minutes.md.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, markdown }

    @Argument(help: "The transcript file; \"-\" reads standard input.")
    var file: String

    @Option(help: "Output format: json or markdown.")
    var format: OutputFormat = .markdown

    @Option(help: "Language of the meeting (BCP 47, e.g. en, zh); guessed from the script when omitted.")
    var lang: String?

    @Option(help: "Label language for markdown (en, zh, es, fr); defaults to --lang.")
    var labels: String?

    @Option(help: "Summary length budget: words, or characters for Chinese and Japanese. Default: scales with the meeting.")
    var summaryWords: Int?

    @Option(help: "Meeting date YYYY-MM-DD; relative due dates (\"by Friday\") resolve against it.")
    var date: String?

    @Option(help: "Meeting title.")
    var title: String?

    @Option(help: "Transcript format (vtt, srt, lines, turns, json); detected when omitted.")
    var input: String?

    @Option(parsing: .upToNextOption, help: "Attendees (names), in addition to the speakers.")
    var attendees: [String] = []

    func validate() throws {
        if let summaryWords, summaryWords <= 0 { throw ValidationError("--summary-words must be a positive number, got \(summaryWords)") }
        if let date, CalendarDay(iso: date) == nil { throw ValidationError("--date must be a real day as YYYY-MM-DD, got \"\(date)\"") }
        if let input, TranscriptFormat(rawValue: input) == nil {
            throw ValidationError("--input must be one of \(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(input)\"")
        }
    }

    func run() async throws {
        let bytes: Data
        do {
            bytes = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw Failure(message: "cannot read \(file): \(error.localizedDescription)")
        }
        let transcript: Transcript
        do {
            transcript = try TranscriptParser().parse(bytes, format: input.flatMap(TranscriptFormat.init(rawValue:)))
        } catch {
            throw Failure(message: "\(file): \(error)")
        }
        let analyzer = ICUTextAnalyzer()
        let language = lang.map(Language.init) ?? Self.guessLanguage(transcript, analyzer: analyzer)
        let byCharacters = ["zh", "ja"].contains(language.code)
        var configuration = MinutesConfiguration()
        if let summaryWords { configuration.summaryBudget = byCharacters ? .characters(summaryWords) : .words(summaryWords) }
        let info = MeetingInfo(title: title ?? "", language: language, date: date.flatMap(CalendarDay.init(iso:)),
                               attendees: attendees)
        let minutes = MinutesGenerator(analyzer: analyzer, configuration: configuration).generate(transcript, info: info)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(minutes))
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .markdown:
            let renderer = MinutesRenderer(labels: .forLanguage(labels.map(Language.init) ?? language))
            FileHandle.standardOutput.write(Data(renderer.markdown(minutes).utf8))
        }
    }

    /// A file that cannot be read or parsed: printed as "Error: FILE: line N: …", without the usage text.
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Chinese when Han dominates the first utterances, otherwise English.
    static func guessLanguage(_ transcript: Transcript, analyzer: ICUTextAnalyzer) -> Language {
        let sample = transcript.utterances.prefix(50).map(\.text).joined(separator: " ")
        switch analyzer.dominantScript(of: sample) {
        case "Hani": return .chinese
        default: return .english
        }
    }
}
