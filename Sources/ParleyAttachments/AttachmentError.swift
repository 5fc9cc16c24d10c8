import ParleyDomain
import ParleyHub

/// Why a file request is refused, as the HTTP answer a client sees.
struct AttachmentError: Error, Sendable {
    let status: Int
    let code: ErrorCode
    let message: String

    static func badRequest(_ message: String) -> AttachmentError { AttachmentError(status: 400, code: .badFrame, message: message) }
    static func unsupported(_ message: String) -> AttachmentError { AttachmentError(status: 415, code: .badFrame, message: message) }
    static func tooLarge(_ message: String) -> AttachmentError { AttachmentError(status: 413, code: .tooLarge, message: message) }
    static func forbidden(_ message: String) -> AttachmentError { AttachmentError(status: 403, code: .forbidden, message: message) }
    static func notFound(_ message: String) -> AttachmentError { AttachmentError(status: 404, code: .notFound, message: message) }
    static func internalError(_ message: String) -> AttachmentError { AttachmentError(status: 500, code: .internalError, message: message) }

    var response: HTTPResponse { .error(status, code, message) }
}
