"""The follow-through demo (scripts/demo-follow-through): prints each step and what it showed."""
import datetime
import http.server as httpserver
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import websocket
from standardwebhooks import Webhook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("PARLEY_BUILD_DIR", os.path.join(ROOT, ".build", "debug"))
data = tempfile.mkdtemp(prefix="parley-demo-")
received = []


class Receiver(httpserver.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def cli(*args):
    return subprocess.run([os.path.join(BIN, "parley"), *args], capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def http(method, path, token, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode() if body is not None else None,
                                     method=method, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


server = httpserver.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
env = dict(os.environ, PARLEY_WEBHOOK_ALLOW_HOSTS="127.0.0.1", PARLEY_REMINDER_INTERVAL="0.5")
daemon = subprocess.Popen([os.path.join(BIN, "parleyd"), "--port", "0", "--data-dir", data, "--dictionaries", os.path.join(ROOT, "Dictionaries")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
port = None
try:
    deadline = time.time() + 60
    for line in daemon.stderr:
        m = re.search(r"hub\.port=(\d+)", line)
        if m and "listening" in line:
            port = int(m.group(1))
            break
        if time.time() > deadline:
            break
    if not port:
        sys.exit("parleyd did not start")
    threading.Thread(target=lambda: [None for _ in daemon.stderr], daemon=True).start()
    print(f"1. parleyd on port {port}, data in {data}; a webhook receiver on 127.0.0.1:{server.server_port}")

    admin = cli("token", "--user", "root", "--tenant", "acme", "--admin", "--data-dir", data)
    status, hook = http("POST", "/api/v1/webhooks", admin, {"url": f"http://127.0.0.1:{server.server_port}/hooks",
                                                              "events": ["followup.created", "message.created"]})
    assert status == 201, hook
    print(f"2. webhook {hook['id']} registered for followup.created and message.created; secret {hook['secret'][:12]}…")

    meeting_day = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    transcript = "host: Welcome to the plant review.\nana: I will update the customer contract by Friday.\n"
    status, made = http("POST", "/api/v1/meetings", cli("token", "--user", "host", "--tenant", "acme", "--data-dir", data),
                        {"title": "Plant review", "lang": "en", "date": meeting_day, "attendees": ["ana"], "transcript": transcript})
    assert status == 201, made
    item = made["minutes"]["actionItems"][0]
    print(f"3. transcript uploaded (meeting of {meeting_day}); action item: {item['text']!r}, owner {item['owner']}, due {item['due']}")

    ana = websocket.create_connection(f"ws://127.0.0.1:{port}/ws", timeout=30)
    ana.send(json.dumps({"type": "hello", "version": 1, "token": cli("token", "--user", "ana", "--tenant", "acme", "--lang", "es", "--data-dir", data)}))
    ana.send(json.dumps({"type": "subscribe", "id": "w", "conversation": "*"}))
    reminder = None
    deadline = time.time() + 30
    while time.time() < deadline and not reminder:
        frame = json.loads(ana.recv())
        if frame.get("type") == "message" and frame.get("sender", {}).get("id") == "parley":
            reminder = frame
    assert reminder, "no reminder within 30 s"
    print(f"4. ana's chat with Parley ({reminder['conversation']}, seq {reminder['seq']}): {reminder['text']!r}")
    print(f"   buttons' payload: {reminder.get('payload')}")

    deadline = time.time() + 30
    while time.time() < deadline and len(received) < 2:
        time.sleep(0.1)
    for headers, body in received:
        event = Webhook(hook["secret"]).verify(body, headers)
        summary = event["data"].get("followup", {}).get("text") or event["data"].get("text")
        print(f"5. webhook {headers['webhook-id']} verified by standardwebhooks: {event['type']}: {summary!r}")
    assert {Webhook(hook["secret"]).verify(b, h)["type"] for h, b in received} >= {"followup.created", "message.created"}
    status, log = http("GET", f"/api/v1/webhooks/{hook['id']}/deliveries", admin)
    print("6. delivery log: " + "; ".join(f"{d['type']} {d['status']} after {d['attempts']} attempt(s), HTTP {d.get('response')}" for d in log["deliveries"]))
    print("OK")
finally:
    daemon.terminate()
    try:
        daemon.wait(15)
    except subprocess.TimeoutExpired:
        daemon.kill()
    server.shutdown()
    shutil.rmtree(data, ignore_errors=True)
