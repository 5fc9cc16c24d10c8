#!/usr/bin/env bash
# Turns the RESULT lines collected by run.sh into the markdown table of docs/benchmarks.md.
#   table.sh RESULTS_FILE [COMMAND_LINE]
# Each input line: "<scenario> <server> RESULT key=value ..." as printed by the load generator.
set -euo pipefail
RESULTS=$1
CMDLINE=${2:-Benchmarks/hub/run.sh}

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), Linux $(uname -r)): \`$CMDLINE\`"
echo
echo "Load average (1/5/15 min) at start: ${LOADAVG_START:-?}, at end: $(cut -d' ' -f1-3 /proc/loadavg). Other work on the machine lowers every figure."
echo
awk '
function v(k) { return (k in f) ? f[k] : "" }
function num(x) { return x + 0 }
function grp(n,   s, neg) { # 17000 -> 17,000
  n = sprintf("%d", n); s = ""
  while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) }
  return n s
}
function rate(x) { x = num(x); return x >= 1e6 ? sprintf("%.2f M/s", x / 1e6) : x >= 1e3 ? sprintf("%.0f k/s", x / 1e3) : sprintf("%.0f /s", x) }
function ms(x) { if (x == "" || num(x) < 0) return "–"; x = num(x); return x >= 1000 ? sprintf("%.2f s", x / 1000) : x >= 10 ? sprintf("%.0f ms", x) : sprintf("%.1f ms", x) }
function mb(kb) { if (kb == "" || num(kb) < 0) return "–"; return sprintf("%.0f MB", num(kb) / 1024) }
function pct(x) { if (x == "" || num(x) < 0) return "–"; return sprintf("%.0f%%", num(x)) }
function ratio(p, n) { if (n == "" || p == "" || num(n) <= 0 || num(p) < 0) return "–"; return sprintf("%.2f", num(p) / num(n)) }
{
  sc = $1; srv = $2; delete f
  for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
  key = sc SUBSEP srv
  order[++nrows] = key; S[key] = sc; SRV[key] = srv
  if (v("failed") == "start" || v("failed") == "loadgen") { FAIL[key] = v("failed"); next }
  MODE[key] = v("mode"); PER[key] = v("per_s"); P50[key] = v("p50_ms"); P99[key] = v("p99_ms"); MAX[key] = v("max_ms")
  if (v("mode") == "senders") { P50[key] = v("ack_p50_ms"); P99[key] = v("ack_p99_ms"); MAX[key] = v("ack_max_ms"); JS[key] = v("jetstream") }
  KB[key] = v("rss_per_conn_kb")
  CCPU[key] = v("client_cpu_pct"); SCPU[key] = v("server_cpu_pct"); OCPU[key] = v("other_cpu_pct")
  RSSP[key] = v("rss_peak_kb"); RSSB[key] = v("rss_before_kb"); RSSA[key] = v("rss_after_kb")
  if (v("mode") == "storm") {
    what[key] = sprintf("%s clients, %s msg/s of %s B, kill -9 after %s s", grp(v("ready")), v("rate"), v("size"), v("kill_after"))
    RESUB[key] = v("resub_ms")
    LOST[key] = srv == "nats" ? "– (no resume)" : sprintf("%s / %s", grp(v("lost")), grp(num(v("dups")) + num(v("seq_dups"))))
    n = sprintf("kill → listening %s; listening → all resubscribed %s (kill → %s), → last first live message %s (kill → %s)",
                ms(v("listen_ms")), ms(v("resub_ms")), ms(num(v("listen_ms")) + num(v("resub_ms"))), ms(v("live_ms")), ms(v("kill_live_ms")))
    if (num(v("live")) < num(v("ready"))) n = n sprintf("; only %s of %s clients had a live message", grp(v("live")), grp(v("ready")))
    if (srv == "nats") n = n sprintf("; no resume: %s deliveries missing (messages published while clients were away)", grp(v("missing")))
    else n = n sprintf("; %s messages caught up; %s acked, %s re-sent by the publisher; seq gaps %s", grp(v("resumed_msgs")), grp(v("acked")), grp(v("resent")), grp(v("gaps")))
    if (num(v("reconnects_again")) > 0) n = n sprintf("; %s connections dropped again and reconnected", grp(v("reconnects_again")))
    if (num(v("errors")) > 0) n = n sprintf("; %s error replies", v("errors"))
    NOTE[key] = n
    next
  } else if (v("mode") == "fanout") {
    what[key] = sprintf("%s subs, %s msgs of %s B", grp(v("subs")), grp(v("msgs")), v("size"))
    if (num(v("rate")) > 0) what[key] = sprintf("%s subs, %s msg/s of %s B, %s msgs", grp(v("subs")), v("rate"), v("size"), grp(v("msgs")))
    LOST[key] = sprintf("%s / %s", grp(v("missing")), grp(v("dups")))
  } else if (v("mode") == "idle") {
    what[key] = sprintf("%s idle subscribed connections", grp(v("alive")))
    LOST[key] = "–"
  } else {
    what[key] = sprintf("%s senders, %s B", v("senders"), v("size"))
    LOST[key] = "–"
  }
  n = ""
  if (v("mode") != "senders" && v("ready") != "" && num(v("ready")) < num(v("subs")))
    n = n sprintf("only %s of %s subscribers connected within the setup deadline (150 s); ", grp(v("ready")), grp(v("subs")))
  else if (num(v("failed")) > 0) n = n sprintf("%s connections failed; ", v("failed"))
  if (num(v("errors")) > 0) n = n sprintf("%s error replies; ", v("errors"))
  if (num(v("closed_fast")) > 0) n = n sprintf("%s fast subscribers closed (%s); ", v("closed_fast"), v("close_codes"))
  if (num(v("bad")) > 0) n = n sprintf("%s unparsable frames; ", v("bad"))
  if (num(v("slow")) > 0) {
    split(v("slow_codes"), codes, ","); delete cc; lst = ""
    for (j in codes) cc[codes[j]]++
    for (c in cc) lst = lst (lst == "" ? "" : ", ") (c == "open" ? "still open" : "closed " c) " ×" cc[c]
    n = n sprintf("%s slow subscribers: %s; ", v("slow"), lst)
  }
  NOTE[key] = n
}
END {
  names[1] = "1 throughput"; names[2] = "2 wide"; names[3] = "3 all-hands"; names[4] = "4 all-hands, 5 languages"
  names[5] = "5 memory"; names[6] = "6 durable sends"; names[7] = "7 slow consumers"; names[8] = "8 reconnect storm"
  print "| scenario | server | load | result | p50 | p99 | max | missing / dup | loadgen CPU | server CPU | other CPU | server RSS | Parley/NATS | notes |"
  print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for (r = 1; r <= nrows; r++) {
    key = order[r]; sc = S[key]; srv = SRV[key]
    name = srv == "nats" ? "nats-server 2.9.10" : "Parley"
    if (sc == 6) name = srv == "nats" ? (JS[key] == 1 ? "nats-server 2.9.10, JetStream file stream" : "nats-server 2.9.10, core (nothing stored)") : srv == "parley-full" ? "Parley, durability full" : srv == "parley-full-nosearch" ? "Parley, durability full, no search index" : srv == "parley-nosearch" ? "Parley, durability normal, no search index" : "Parley, durability normal"
    if (key in FAIL) { printf "| %s | %s | | did not run (%s) | | | | | | | | | | |\n", names[sc], name, FAIL[key]; continue }
    nk = sc SUBSEP "nats"; pk = sc SUBSEP "parley"
    res = ""; rat = "–"; rss = mb(RSSP[key])
    if (MODE[key] == "storm") {
      res = sprintf("%s reconnects (clients/s)", rate(PER[key]))
      if (srv == "parley") rat = "×" ratio(RESUB[pk], RESUB[nk]) " reconnect time"
    } else if (MODE[key] == "fanout") {
      res = rate(PER[key]) " deliveries"
      if (srv == "parley") {
        if (sc == 1 || sc == 2) rat = "×" ratio(PER[pk], PER[nk]) " throughput"
        else if (sc == 3 || sc == 7) rat = "×" ratio(P99[pk], P99[nk]) " p99"
        else if (sc == 4) {
          bk = 3 SUBSEP "parley"
          if (bk in P99) rat = sprintf("%+.0f ms p50, %+.0f ms p99 vs 3", P50[key] - P50[bk], P99[key] - P99[bk])
        }
        if (sc == 7) { b1 = 1 SUBSEP "parley"; if (b1 in P99) NOTE[key] = NOTE[key] sprintf("p99 without slow subscribers (1): %s; ", ms(P99[b1])) }
      } else if (sc == 7) { b1 = 1 SUBSEP "nats"; if (b1 in P99) NOTE[key] = NOTE[key] sprintf("p99 without slow subscribers (1): %s; ", ms(P99[b1])) }
      if (sc == 7) rss = "peak " rss
    } else if (MODE[key] == "idle") {
      res = sprintf("%.1f kB/conn", num(KB[key]))
      rss = mb(RSSB[key]) " → " mb(RSSA[key])
      if (srv == "parley") rat = "×" ratio(KB[pk], KB[nk]) " memory"
    } else {
      res = rate(PER[key]) " acks"
      if (srv == "nats" && JS[key] == 1) NOTE[key] = NOTE[key] "PubAck once written to the stream file; no fsync per message (2.9 leaves it to the OS); "
      else if (srv == "nats") NOTE[key] = NOTE[key] "PUB+PING/PONG round trip, nothing stored: not comparable; "
      if (srv == "parley" || srv == "parley-nosearch") NOTE[key] = NOTE[key] "ack once the commit is in the WAL; synced at checkpoints: the same promise as JetStream; "
      if (srv ~ /^parley-full/) NOTE[key] = NOTE[key] "ack once the WAL is synced (fsync per commit, the default); "
      bare = sc SUBSEP srv "-nosearch"
      if ((srv == "parley" || srv == "parley-full") && (bare in PER) && num(PER[bare]) > 0)
        NOTE[key] = NOTE[key] sprintf("with the search index: %.1f%% of the same server without it; ", 100 * num(PER[key]) / num(PER[bare]))
      if (srv != "nats") rat = "×" ratio(PER[key], PER[nk]) " acks/s"
    }
    if (rat ~ /×–/) rat = "–"
    note = NOTE[key]; sub(/; $/, "", note)
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", names[sc], name, what[key], res,
      ms(P50[key]), ms(P99[key]), ms(MAX[key]), LOST[key], pct(CCPU[key]), pct(SCPU[key]), pct(OCPU[key]), rss, rat, note
  }
}' "$RESULTS"
echo
echo "CPU figures are percent of one core over the measured phase (the machine has $(nproc), so 200% is all of it); other CPU is what the rest of the machine used meanwhile. Parley/NATS: throughput higher is better, p99 and memory lower is better."
if grep -q 'mode=storm' "$RESULTS"; then
  echo
  echo "Scenario 8: the result is clients reconnected (accepted, authenticated, subscribed) per second from the new server's first accepted connection until the last; p50 / p99 / max are each client's time from then until its first live message (one published after it had resubscribed); CPU is over that span. Lost: acked messages some client never got (must be 0). Parley/NATS compares the time until every client is resubscribed (lower is better); nats-server has no resume."
fi
