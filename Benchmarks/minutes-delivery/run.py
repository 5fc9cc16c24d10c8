#!/usr/bin/env python3
"""Minutes delivery latency: from the host's `meeting.end` to the last attendee receiving minutes.

A 2-hour meeting (ICSI/AMI transcripts from ../shared/data/meetings/qmsum-val concatenated to
`--words` words, 18,000 by default: 2 hours at 150 words a minute) with 20 attendees in 4 languages (en, zh, es, fr), all online.
Streams the transcript live over the WebSocket protocol, ends the meeting, and times every attendee's
`minutes` frame. Runs against a release parleyd it starts on a free port with a temporary data directory.

    python3 Benchmarks/minutes-delivery/run.py [--runs 3] [--words 18000]
Needs: pip install websocket-client; a release build (swift build -c release).
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, tempfile, threading, time
import urllib.request
import websocket  # websocket-client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data", "meetings", "qmsum-val")
LANGS = ["en", "zh", "es", "fr"]


def start_daemon(data_dir):
    proc = subprocess.Popen([os.path.join(ROOT, ".build/release/parleyd"), "--port", "0", "--data-dir", data_dir,
                             "--dictionaries", os.path.join(ROOT, "Dictionaries"), "--log-level", "notice"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PARLEY_MESSAGES_PER_SECOND": "100000",
                                                                   "PARLEY_MESSAGES_BURST": "100000"})
    for line in proc.stderr:
        m = re.search(r"hub\.port=(\d+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, int(m.group(1))
    raise SystemExit("parleyd did not start")


def token(data_dir, user, lang, admin=False):
    args = [os.path.join(ROOT, ".build/release/parley"), "token", "--user", user, "--tenant", "acme", "--lang", lang, "--data-dir", data_dir]
    return subprocess.check_output(args + (["--admin"] if admin else []), text=True).strip()


def transcript(words):
    """Turns from the QMSum meetings, in order, until `words` words: 18,000 is 2 hours at 150 words/min."""
    turns, total = [], 0
    for path in sorted(glob.glob(os.path.join(DATA, "*.json"))):
        for t in json.load(open(path))["meeting_transcripts"]:
            turns.append((t["speaker"], t["content"]))
            total += len(t["content"].split())
            if total >= words:
                return turns
    return turns


def run_once(port, tokens, turns, attendees):
    url = f"ws://127.0.0.1:{port}/ws"
    received = {}
    ready = threading.Barrier(len(attendees) + 1)
    done = threading.Event()
    lock = threading.Lock()

    def listen(user):
        ws = websocket.create_connection(f"{url}?token={tokens[user]}", timeout=120)
        ws.recv()  # welcome
        ready.wait()
        while True:
            frame = json.loads(ws.recv())
            if frame.get("type") == "minutes":
                with lock:
                    received[user] = (time.monotonic(), frame.get("lang"), len(frame.get("markdown", "")))
                    if len(received) == len(attendees):
                        done.set()
                ws.close()
                return

    threads = [threading.Thread(target=listen, args=(u,), daemon=True) for u in attendees]
    for t in threads:
        t.start()
    host = websocket.create_connection(f"{url}?token={tokens['host']}", timeout=120)
    host.recv()
    ready.wait()
    host.send(json.dumps({"type": "meeting.start", "id": "s", "title": "Two-hour review", "lang": "en",
                          "attendees": attendees, "date": "2026-11-25"}))
    meeting = None
    while meeting is None:
        f = json.loads(host.recv())
        if f.get("type") == "meeting.started":
            meeting = f["meeting"]
    for i, (speaker, text) in enumerate(turns):
        host.send(json.dumps({"type": "meeting.utterance", "meeting": meeting, "speaker": speaker, "text": text, "start": i * 4}))
    host.send(json.dumps({"type": "ping", "id": "sync"}))
    while json.loads(host.recv()).get("type") != "pong":
        pass
    t0 = time.monotonic()
    host.send(json.dumps({"type": "meeting.end", "id": "e", "meeting": meeting}))
    done.wait(300)
    host.close()
    times = sorted(v[0] - t0 for v in received.values())
    return times, {v[1] for v in received.values()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--words", type=int, default=18000, help="18,000 words is about 2 hours of talk")
    ap.add_argument("--attendees", type=int, default=20)
    a = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="parley-minutes-bench-")
    proc, port = start_daemon(data_dir)
    try:
        attendees = [f"u{i}" for i in range(a.attendees)]
        tokens = {"host": token(data_dir, "host", "en")}
        for i, u in enumerate(attendees):
            tokens[u] = token(data_dir, u, LANGS[i % len(LANGS)])
        turns = transcript(a.words)
        words = sum(len(t.split()) for _, t in turns)
        print(f"meeting: {len(turns)} utterances, {words} words (~{words / 150 / 60:.1f} h at 150 words/min); "
              f"{len(attendees)} attendees in {len(LANGS)} languages")
        print("| run | first attendee (s) | median (s) | last attendee (s) | languages |")
        print("|---|---|---|---|---|")
        for r in range(a.runs):
            times, langs = run_once(port, tokens, turns, attendees)
            print(f"| {r + 1} | {times[0]:.3f} | {times[len(times) // 2]:.3f} | {times[-1]:.3f} | {','.join(sorted(l for l in langs if l))} |")
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
