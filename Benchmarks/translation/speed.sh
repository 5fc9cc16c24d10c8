#!/bin/sh
# Speed benchmark: short chat messages per second on one core, cold then cached, and one
# localize call into five recipient languages per message (the hub's per-message cost).
# Usage: sh Benchmarks/translation/speed.sh [repeat]   (run from the repository root)
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PARLEY=${PARLEY:-$ROOT/.build-text/release/parley}
[ -x "$PARLEY" ] || PARLEY=$ROOT/.build-text/debug/parley
REPEAT=${1:-50}
TMP=$(mktemp)
# Distinct messages: the 20 samples with a counter, so the cold pass misses the cache.
i=0
while [ $i -lt "$REPEAT" ]; do
  sed "s/\$/ ($i)/" "$ROOT/Benchmarks/translation/messages.txt" >> "$TMP"
  i=$((i + 1))
done
echo "binary: $PARLEY  messages: $(wc -l < "$TMP")  one core (taskset -c 0)"
taskset -c 0 "$PARLEY" translate --bench --from en --to es --no-detect --dictionaries "$ROOT/Dictionaries" < "$TMP"
rm -f "$TMP"
