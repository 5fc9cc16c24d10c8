extension ServerFrames {
    /// `welcome`: the bytes `reply("welcome", requestID: nil, welcome)` makes (keys sorted), written
    /// without Foundation's encoder, which costs more than the rest of the frame's path. A node that
    /// restarts sends one to every client within a second or two.
    public static func welcome(_ welcome: Replies.Welcome) -> [UInt8] {
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (index, c) in welcome.conversations.enumerated() {
            if index > 0 { list.append(UInt8(ascii: ",")) }
            var o = JSONWriter(capacity: 160)
            o.field("id", c.id)
            o.field("kind", c.kind.rawValue)
            o.field("lastSeq", c.lastSeq)
            if let members = c.members { o.field("members", raw: stringArray(members)) }
            o.field("tenant", c.tenant)
            o.field("title", c.title)
            o.field("unread", c.unread)
            list.append(contentsOf: o.finish())
        }
        list.append(UInt8(ascii: "]"))
        var w = JSONWriter(capacity: 192 + list.count)
        w.field("type", "welcome")
        w.field("id", nil as String?)
        w.field("conversations", raw: list)
        w.field("session", welcome.session)
        w.field("translate", welcome.translate)
        w.object("user") { u in
            u.field("id", welcome.user.id)
            u.field("lang", welcome.user.lang)
            u.field("name", welcome.user.name)
            u.field("tenant", welcome.user.tenant)
        }
        w.field("version", Int64(welcome.version))
        return w.finish()
    }

    /// `subscribed`: the bytes `reply("subscribed", requestID: requestID, body)` makes, without
    /// Foundation's encoder.
    public static func subscribed(requestID: String?, _ body: Replies.Subscribed) -> [UInt8] {
        var w = JSONWriter(capacity: 96)
        w.field("type", "subscribed")
        w.field("id", requestID)
        w.field("conversation", body.conversation)
        w.field("lastSeq", body.lastSeq)
        if let topics = body.topics { w.field("topics", raw: stringArray(topics)) }
        return w.finish()
    }

    private static func stringArray(_ strings: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, s) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(s, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}
