import Foundation

/// Unbuffered line output, so `parley tail | grep` shows messages as they arrive.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
