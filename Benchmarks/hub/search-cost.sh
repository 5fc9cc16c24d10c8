#!/usr/bin/env bash
# What the search index costs durable sends through the hub (issue 12: no more than 15%): scenario 6
# of the hub benchmark (100 senders, 64 B, acked once committed), Parley with and without the index,
# ROUNDS times; each round runs each durability's pair back to back, and every other round swaps the
# pair's order, so that drift in the machine's other load meets both sides alike.
#
#   Benchmarks/hub/search-cost.sh [ROUNDS]      # default 5; uses the existing .build/release/parleyd
#
# Prints each round's acks/s and the ratio, then per durability the median ratio and the ratio of
# the summed acks (docs/benchmarks.md, "Search").
set -euo pipefail
ROUNDS=${1:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
rates=$(mktemp)
trap 'rm -f "$rates"' EXIT
for ((r = 1; r <= ROUNDS; r++)); do
  first=$(( (r + 1) % 2 ))
  out=$(S6_NOSEARCH_FIRST=$first "$ROOT/Benchmarks/hub/run.sh" --no-build --parley-only --scenarios 6 2>&1 | grep 'raw results in' | sed 's/.*raw results in //')
  [ -f "$out" ] || { echo "durable-sends.sh: round $r produced no results" >&2; exit 1; }
  awk -v r="$r" '$1 == 6 { for (i = 3; i <= NF; i++) if ($i ~ /^per_s=/) { split($i, kv, "="); print r, $2, kv[2] } }' "$out" >> "$rates"
done
awk -v rounds="$ROUNDS" '
  { rate[$1, $2] = $3 }
  END {
    printf "%-6s %-10s %12s %12s %8s\n", "round", "durability", "with index", "without", "ratio"
    n = split("parley:normal parley-full:full", pairs, " ")
    for (p = 1; p <= n; p++) {
      split(pairs[p], kv, ":"); with = kv[1]; durability = kv[2]; without = with "-nosearch"
      sw = 0; so = 0; k = 0
      for (r = 1; r <= rounds; r++) {
        w = rate[r, with]; o = rate[r, without]
        if (w == "" || o == "" || o == 0) continue
        printf "%-6d %-10s %12d %12d %7.1f%%\n", r, durability, w, o, 100 * w / o
        ratios[++k] = w / o; sw += w; so += o
      }
      if (k == 0) continue
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (ratios[j] < ratios[i]) { t = ratios[i]; ratios[i] = ratios[j]; ratios[j] = t }
      median = (k % 2) ? ratios[(k + 1) / 2] : (ratios[k / 2] + ratios[k / 2 + 1]) / 2
      printf "durability %s: median ratio %.1f%% over %d rounds; summed acks %.0f with, %.0f without: %.1f%%\n", durability, 100 * median, k, sw, so, 100 * sw / so
      delete ratios
    }
  }' "$rates"
