/// One server-to-client WebSocket text frame, header included, ready to write.
///
/// Built once per message and language and shared by every recipient reading that language;
/// sessions queue references to it, so fan-out copies no payload per recipient.
final class OutboundFrame: Sendable {
    let bytes: [UInt8]

    init(payload: [UInt8]) {
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 10)
        frame.append(0x81)  // FIN + text
        let n = payload.count
        if n < 126 {
            frame.append(UInt8(n))
        } else if n <= 0xFFFF {
            frame.append(126)
            frame.append(UInt8(n >> 8))
            frame.append(UInt8(n & 0xFF))
        } else {
            frame.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((n >> shift) & 0xFF)) }
        }
        frame.append(contentsOf: payload)
        bytes = frame
    }

    var count: Int { bytes.count }
}
