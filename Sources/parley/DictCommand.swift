import ArgumentParser
import Foundation
import ParleyDomain
import ParleyText
import ParleyTranslation

/// `parley dict`: dictionary maintenance. Its two subcommands are nested here because this
/// file is the translation layer's only room in the executable.
struct DictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dict",
        abstract: "Import and check translation dictionaries.",
        subcommands: [Import.self, Check.self])

    /// `parley dict import`: converts CC-CEDICT, FreeDict dictd, TBX-Basic and TSV/CSV glossaries.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import CC-CEDICT, FreeDict (.index + .dict.dz), TBX-Basic or TSV/CSV glossaries into Parley's format.",
            discussion: "A bad line is reported with its file and line number; the rest is imported.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case cedict, freedict, tbx, tsv, csv }

        @Option(help: "Input format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Format

        @Option(help: "Output file (a pairs/<src>-<tgt>.tsv for cedict/freedict, a glossary/terms table otherwise).")
        var output: String

        @Option(help: "Licence and source, written into the output's header.")
        var source: String = "imported with parley dict import"

        @Argument(help: "Input file (for freedict: the .index file; the .dict or .dict.dz beside it is read too).")
        var input: String

        func run() async throws {
            let url = URL(fileURLWithPath: input)
            let label = url.lastPathComponent
            var problems: [TranslationError] = []
            let text: String
            switch format {
            case .cedict:
                let (entries, p) = CEDICTImporter.parse(try read(url), file: label)
                problems = p
                text = DictionaryWriter.pairFile(entries, header: "CC-CEDICT import. \(source)")
                print("imported \(entries.count) entries")
            case .freedict:
                let dictionary = try dictData(beside: url)
                let (entries, p) = FreeDictImporter.parse(index: try read(url), dictionary: dictionary, file: label)
                problems = p
                text = DictionaryWriter.pairFile(entries, header: "FreeDict import. \(source)")
                print("imported \(entries.count) entries")
            case .tbx:
                let (terms, p) = TBXImporter.parse(try read(url), file: label)
                problems = p
                text = DictionaryWriter.termTable(terms, header: "TBX-Basic import. \(source)")
                print("imported \(terms.count) terms")
            case .tsv, .csv:
                var content = try read(url)
                if format == .csv {
                    content = content.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                        line.hasPrefix("#") ? String(line) : DictionaryWriter.csvCells(line).joined(separator: "\t")
                    }.joined(separator: "\n")
                }
                let (terms, p) = DictionaryFormat.parseTermTable(content, file: label)
                problems = p
                text = DictionaryWriter.termTable(terms, header: "Glossary import. \(source)")
                print("imported \(terms.count) terms")
            }
            for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write \(output): \(error.localizedDescription)")
            }
            if !problems.isEmpty { print("\(problems.count) line(s) skipped, see above") }
        }

        private func read(_ url: URL) throws -> String {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ValidationError("cannot read \(url.path): no such file")
            }
            return String(decoding: data, as: UTF8.self)
        }

        /// The .dict next to an .index, decompressing .dict.dz (gzip-compatible) with gzip.
        private func dictData(beside index: URL) throws -> Data {
            let base = index.deletingPathExtension()
            let plain = base.appendingPathExtension("dict")
            if let data = FileManager.default.contents(atPath: plain.path) { return data }
            let dz = plain.appendingPathExtension("dz")
            guard FileManager.default.fileExists(atPath: dz.path) else {
                throw ValidationError("no \(plain.lastPathComponent) or \(dz.lastPathComponent) beside \(index.path)")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", dz.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ValidationError("gzip could not decompress \(dz.path)") }
            return data
        }
    }

    /// `parley dict check`: loads a dictionary directory and lists malformed lines.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check",
                                                        abstract: "Load a dictionary directory and report malformed lines.")

        @Option(help: "Dictionary directory.")
        var dictionaries: String = "Dictionaries"

        func run() async throws {
            let store: DictionaryStore
            do {
                store = try DictionaryStore(directory: URL(fileURLWithPath: dictionaries), analyzer: ICUTextAnalyzer())
            } catch let error as TranslationError {
                throw ValidationError(error.description)
            }
            for pair in store.pairs.keys.sorted(by: { $0.description < $1.description }) {
                print("\(pair)\t\(store.pairs[pair]!.count) entries")
            }
            print("glossary\t\(store.glossary.count) terms\nversion\t\(store.version)")
            for problem in store.problems { print("problem: \(problem)") }
            if !store.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
