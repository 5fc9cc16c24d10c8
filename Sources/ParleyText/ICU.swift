import CICU

/// Thin Swift calls over the CICU shim. The only file in ParleyText that touches C.
enum ICU {
    static let overflow: Int32 = 15  // U_BUFFER_OVERFLOW_ERROR

    /// Runs a UTF-16 → UTF-16 ICU call, growing the buffer once if ICU asks for more.
    static func transform(_ text: String, _ call: (UnsafePointer<UInt16>, Int32, UnsafeMutablePointer<UInt16>, Int32, UnsafeMutablePointer<Int32>) -> Int32) -> String? {
        let source = Array(text.utf16)
        var capacity = max(source.count * 2 + 16, 64)
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            var err: Int32 = 0
            let n = source.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    call(src.baseAddress ?? UnsafePointer(bitPattern: 1)!, Int32(src.count), dst.baseAddress!, Int32(capacity), &err)
                }
            }
            if err == overflow { capacity = Int(n) + 1; continue }
            if err > 0 { return nil }
            return String(decoding: output[0..<Int(n)], as: UTF16.self)
        }
        return nil
    }

    static func normalize(_ text: String, form: Int32) -> String {
        transform(text) { picu_normalize(form, $0, $1, $2, $3, $4) } ?? text
    }

    static func foldCase(_ text: String, turkic: Bool) -> String {
        transform(text) { picu_fold_case($0, $1, $2, $3, turkic ? 1 : 0, $4) } ?? text
    }

    static func lowercased(_ text: String, locale: String) -> String {
        transform(text) { picu_to_lower(locale, $0, $1, $2, $3, $4) } ?? text
    }

    /// Boundaries (UTF-16 offsets) and word rule statuses.
    static func breaks(_ utf16: [UInt16], sentences: Bool, locale: String) -> (bounds: [Int32], status: [Int32]) {
        if utf16.isEmpty { return ([0], [0]) }
        var capacity = utf16.count + 2
        var bounds = [Int32](repeating: 0, count: capacity)
        var status = [Int32](repeating: 0, count: capacity)
        var err: Int32 = 0
        let kind = sentences ? Int32(PICU_BREAK_SENTENCE.rawValue) : Int32(PICU_BREAK_WORD.rawValue)
        var n = utf16.withUnsafeBufferPointer { src in
            picu_breaks(kind, locale, src.baseAddress, Int32(src.count), &bounds, &status, Int32(capacity), &err)
        }
        if Int(n) > capacity {
            capacity = Int(n)
            bounds = [Int32](repeating: 0, count: capacity)
            status = [Int32](repeating: 0, count: capacity)
            n = utf16.withUnsafeBufferPointer { src in
                picu_breaks(kind, locale, src.baseAddress, Int32(src.count), &bounds, &status, Int32(capacity), &err)
            }
        }
        if err > 0 { return ([0, Int32(utf16.count)], [0, 0]) }
        return (Array(bounds[0..<Int(n)]), Array(status[0..<Int(n)]))
    }

    static func script(of scalar: Unicode.Scalar) -> String {
        let code = picu_script(Int32(scalar.value))
        guard let name = picu_script_code(code) else { return "Zzzz" }
        return String(cString: name)
    }

    static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        picu_version(&buffer)
        return String(cString: buffer)
    }
}

/// An open ICU transliterator. Owns the C handle and closes it in `deinit`.
///
/// `@unchecked Sendable`: ICU transliterators are safe for concurrent `utrans_transUChars`
/// calls on a const instance (ICU's threading rules for frozen transliterators); the handle is
/// never mutated after opening.
final class Transliterator: @unchecked Sendable {
    private let handle: OpaquePointer

    init?(id: String) {
        let utf16 = Array(id.utf16)
        var err: Int32 = 0
        guard let h = utf16.withUnsafeBufferPointer({ picu_translit_open($0.baseAddress, Int32($0.count), &err) }) else {
            return nil
        }
        handle = h
    }

    deinit { picu_translit_close(handle) }

    func apply(_ text: String) -> String {
        var buffer = Array(text.utf16)
        var capacity = buffer.count * 4 + 16
        for _ in 0..<3 {
            var work = buffer + [UInt16](repeating: 0, count: capacity - buffer.count)
            var err: Int32 = 0
            let n = picu_translit_apply(handle, &work, Int32(buffer.count), Int32(capacity), &err)
            if err == ICU.overflow { capacity *= 2; continue }
            if err > 0 { return text }
            buffer = Array(work[0..<Int(n)])
            return String(decoding: buffer, as: UTF16.self)
        }
        return text
    }
}
