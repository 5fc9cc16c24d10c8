#!/usr/bin/env python3
"""A tiny stand-in for parleyd that speaks the subset of docs/protocol.md the load generator uses.

It exists to test the load generator's Parley path without the real daemon: it checks HS256 tokens
against DATA_DIR/signing-secret, serves POST /api/v1/groups, and on /ws?token=JWT answers welcome,
subscribe -> subscribed, send -> ack + message to every subscriber. It checks that client frames are
masked and text, "translates" text for non-English users (so the client must read original.text),
sends every 5th message as a fragmented frame, and closes a session whose unsent bytes exceed
PARLEY_OUTBOUND_QUEUE_BYTES with 4008. Slow, on purpose: correctness only.

    mock_parley.py --port P --data-dir DIR
"""
import argparse, asyncio, base64, hashlib, hmac, json, os, secrets, struct, time
from urllib.parse import urlparse, parse_qs

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
QUEUE_LIMIT = int(os.environ.get("PARLEY_OUTBOUND_QUEUE_BYTES", 4 << 20))


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Server:
    def __init__(self, secret):
        self.secret = secret
        self.groups = {}   # id -> set(members)
        self.subs = {}     # id -> list of sessions
        self.seq = {}
        self.acked = {}    # (user, client id) -> ack
        self.nsessions = 0

    def verify(self, tok):
        try:
            h, b, s = tok.split(".")
        except ValueError:
            return None, "malformed token"
        mac = hmac.new(self.secret, f"{h}.{b}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(mac, b64d(s)):
            return None, "bad signature"
        if json.loads(b64d(h)).get("alg") != "HS256":
            return None, "alg"
        c = json.loads(b64d(b))
        for k in ("sub", "tenant", "name", "lang", "exp"):
            if k not in c:
                return None, f"missing claim {k}"
        if c["exp"] < time.time():
            return None, "expired"
        return c, None


def frame(opcode, payload, fin=True):
    n = len(payload)
    b0 = (0x80 if fin else 0) | opcode
    if n < 126:
        h = struct.pack("!BB", b0, n)
    elif n < 65536:
        h = struct.pack("!BBH", b0, 126, n)
    else:
        h = struct.pack("!BBQ", b0, 127, n)
    return h + payload


class Session:
    def __init__(self, srv, claims, writer):
        self.srv, self.claims, self.w = srv, claims, writer
        srv.nsessions += 1
        self.id = f"s-{srv.nsessions}"

    def send(self, obj, fragmented=False):
        if self.w.is_closing():
            return
        if self.w.transport.get_write_buffer_size() > QUEUE_LIMIT:
            # slow consumer: what is queued is still flushed, then the close frame
            self.close(4008)
            self.w.close()
            return
        data = json.dumps(obj, separators=(",", ":")).encode()
        if fragmented and len(data) > 10:
            self.w.write(frame(1, data[:7], fin=False) + frame(0, data[7:20], fin=False) + frame(0, data[20:]))
        else:
            self.w.write(frame(1, data))

    def close(self, code):
        self.w.write(frame(8, struct.pack("!H", code)))

    def on_frame(self, obj):
        t = obj.get("type")
        srv = self.srv
        user = self.claims["sub"]
        if t == "subscribe":
            cid = obj.get("conversation")
            if user not in srv.groups.get(cid, ()):
                return self.send({"type": "error", "id": obj.get("id"), "code": "forbidden", "message": f"not a member of {cid}"})
            srv.subs.setdefault(cid, []).append(self)
            self.send({"type": "subscribed", "id": obj.get("id"), "conversation": cid, "lastSeq": srv.seq.get(cid, 0), "topics": []})
        elif t == "send":
            cid, mid = obj.get("conversation"), obj.get("id")
            if not mid or not isinstance(obj.get("text"), str):
                return self.send({"type": "error", "id": mid, "code": "bad_frame", "message": "id and text are required"})
            if user not in srv.groups.get(cid, ()):
                return self.send({"type": "error", "id": mid, "code": "forbidden", "message": f"not a member of {cid}"})
            key = (user, mid)
            if key in srv.acked:
                return self.send(srv.acked[key])
            seq = srv.seq.get(cid, 0) + 1
            srv.seq[cid] = seq
            at = int(time.time() * 1000)
            ack = {"type": "ack", "id": mid, "conversation": cid, "seq": seq, "at": at}
            srv.acked[key] = ack
            self.send(ack)
            for s in srv.subs.get(cid, ()):
                lang = s.claims["lang"]
                text = obj["text"] if lang == "en" else f"[{lang}] " + obj["text"].replace("ts=", "tz=").upper()
                s.send({"type": "message", "conversation": cid, "seq": seq, "topic": None,
                        "sender": {"id": user, "tenant": self.claims["tenant"], "name": self.claims["name"]},
                        "clientId": mid, "at": at, "kind": "text", "text": text, "lang": lang,
                        "engine": "original" if lang == "en" else "dictionary",
                        "original": {"text": obj["text"], "lang": "en"}}, fragmented=seq % 5 == 0)
        elif t == "ping":
            self.send({"type": "pong", "id": obj.get("id")})
        else:
            self.send({"type": "error", "id": obj.get("id"), "code": "unknown_type", "message": str(t)})


async def http_reply(w, status, obj):
    body = json.dumps(obj).encode()
    w.write(f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    await w.drain()
    w.close()


async def handle(srv, r, w):
    try:
        head = await r.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        w.close()
        return
    lines = head.decode().split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    hdrs = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
    url = urlparse(target)
    if method == "POST" and url.path == "/api/v1/groups":
        body = await r.readexactly(int(hdrs.get("content-length", "0")))
        claims, err = srv.verify(hdrs.get("authorization", "")[7:])
        if not claims or not claims.get("admin"):
            return await http_reply(w, 401, {"error": "unauthorized", "message": err or "not admin"})
        req = json.loads(body)
        gid = f"g-{len(srv.groups) + 1}"
        srv.groups[gid] = set(req["members"])
        return await http_reply(w, 201, {"id": gid, "kind": req["kind"], "title": req["title"], "tenant": claims["tenant"], "lastSeq": 0})
    if url.path != "/ws" or hdrs.get("upgrade", "").lower() != "websocket":
        return await http_reply(w, 404, {"error": "not_found", "message": url.path})
    accept = base64.b64encode(hashlib.sha1((hdrs["sec-websocket-key"] + GUID).encode()).digest()).decode()
    w.write(f"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n".encode())
    tok = parse_qs(url.query).get("token", [""])[0]
    claims, err = srv.verify(tok)
    if not claims:
        s = Session(srv, {}, w)
        s.send({"type": "error", "code": "unauthorized", "message": err})
        s.close(4001)
        await w.drain()
        w.close()
        return
    s = Session(srv, claims, w)
    s.send({"type": "welcome", "version": 1, "session": s.id,
            "user": {k: claims[k] for k in ("sub", "tenant", "name", "lang")},
            "conversations": [{"id": g, "kind": "group"} for g, m in srv.groups.items() if claims["sub"] in m]})
    try:
        while True:
            h = await r.readexactly(2)
            op, n = h[0] & 15, h[1] & 127
            if not h[1] & 0x80:
                s.close(1002)
                break
            if n == 126:
                n = struct.unpack("!H", await r.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await r.readexactly(8))[0]
            mask = await r.readexactly(4)
            data = bytes(b ^ mask[i & 3] for i, b in enumerate(await r.readexactly(n)))
            if op == 8:
                break
            if op == 2:
                s.close(1003)
                break
            if op == 1:
                s.on_frame(json.loads(data))
            await w.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    for lst in srv.subs.values():
        if s in lst:
            lst.remove(s)
    w.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data-dir", required=True)
    a = ap.parse_args()
    os.makedirs(a.data_dir, exist_ok=True)
    path = os.path.join(a.data_dir, "signing-secret")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    srv = Server(open(path).read().strip().encode())
    server = await asyncio.start_server(lambda r, w: handle(srv, r, w), a.host, a.port, backlog=4096, limit=1 << 22)
    print(f"mock parley listening on 127.0.0.1:{a.port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
