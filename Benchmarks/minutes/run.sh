#!/bin/sh
# Parley minutes quality benchmark: builds the release CLI into .build-minutes, then scores.
# Usage: Benchmarks/minutes/run.sh [--only qmsum|elitr|vcsum|handset] [--seeds N]
set -e
cd "$(dirname "$0")/../.."
python3 -c "import rouge_score, sumy, jieba" 2>/dev/null || pip install rouge-score sumy jieba
swift build -c release --scratch-path .build-minutes --product parley >/dev/null
exec python3 Benchmarks/minutes/bench.py --parley .build-minutes/release/parley "$@"
