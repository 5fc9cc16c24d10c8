import Foundation
import ParleyDomain
import ParleyHub
import ParleyMinutes

extension MeetingDesk {
    /// The body of `POST /api/v1/meetings` (docs/protocol.md, "HTTP").
    struct UploadBody: Decodable {
        var transcript: String?
        var format: String?
        var title: String?
        var lang: String?
        var date: String?
        var attendees: [String]?
        var conversation: String?
    }

    /// `POST /api/v1/meetings`: a whole transcript; answers with the minutes (JSON) and delivers them.
    public func upload(_ body: [UInt8], as identity: Identity) async -> HTTPResponse {
        guard let services = attached else { return Self.error(503, "internal", "meetings are not running (the daemon is stopping)") }
        let fields: UploadBody
        switch ClientFrameParser.decode(UploadBody.self, from: Data(body)) {
        case .success(let f): fields = f
        case .failure(let e): return Self.error(400, e.code.rawValue, e.code == .badJSON ? "the body is not a JSON object" : e.message)
        }
        guard let text = fields.transcript else { return Self.error(400, "bad_frame", "body needs 'transcript' (the file's text)") }
        var format: TranscriptFormat?
        if let name = fields.format {
            guard let f = TranscriptFormat(rawValue: name) else {
                let known = TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")
                return Self.error(400, "bad_frame", "'format' must be one of \(known)")
            }
            format = f
        }
        do throws(ProtocolError) {
            let request = try ClientFrameParser.meetingStart(title: fields.title, lang: fields.lang, date: fields.date,
                                                             attendees: fields.attendees ?? [], conversation: fields.conversation, requestID: nil)
            let transcript: Transcript
            do { transcript = try TranscriptParser().parse(text: text, format: format) } catch {
                return Self.error(400, "bad_transcript", error.description)
            }
            for (i, u) in transcript.utterances.enumerated() where u.speaker.count > FieldRules.maxSpeakerCharacters {
                return Self.error(400, "bad_transcript", "utterance \(i + 1): the speaker's name is longer than \(FieldRules.maxSpeakerCharacters) characters")
            }
            let attendees = try await resolveAttendees(request.attendees, host: identity, conversation: request.conversation, services.store)
            let now = Self.now()
            let meeting = Meeting(id: "m-\(UInt64.random(in: 1...UInt64(1) << 53))", host: identity.user, attendees: attendees,
                                  title: request.title, language: request.language ?? identity.language, date: request.date ?? Self.today(),
                                  conversation: request.conversation, state: .ended, startedAt: now, lastActivity: now, endedAt: now)
            let utterances = transcript.utterances.map {
                UtteranceAppend(meeting: meeting.id, clientID: nil, speaker: $0.speaker, text: $0.text, start: $0.start, end: $0.end)
            }
            do { try await services.store.storeEndedMeeting(meeting, utterances: utterances) } catch {
                throw failure("store the uploaded meeting", meeting: meeting.id, user: identity.user, error)
            }
            switch await concludeStored(meeting.id, services) {
            case .concluded(_, let minutes):
                let json = (try? Self.json(minutes)) ?? "{}"
                var w = JSONWriter()
                w.field("meeting", meeting.id)
                w.field("minutes", raw: Array(json.utf8))
                return HTTPResponse(status: 201, body: w.finish())
            case .busy:
                return Self.error(409, "conflict", "meeting \(meeting.id) is being concluded")
            case .failed(let e):
                throw e
            }
        } catch {
            let status = switch error.code { case .forbidden: 403; case .internalError: 500; case .notFound: 404; default: 400 }
            return Self.error(status, error.code.rawValue, error.message)
        }
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        var w = JSONWriter()
        w.field("error", code)
        w.field("message", message)
        return HTTPResponse(status: status, body: w.finish())
    }
}
