#!/usr/bin/env python3
"""Translation quality benchmark: chrF (sacrebleu) on the Tatoeba sets in ../shared/data/tatoeba
for the untranslated text, the built-in dictionary engine, and the Apertium hook (en->es),
side by side. Each system and direction is one `parley translate` process reading stdin.

    python3 Benchmarks/translation/quality.py [--limit N] [--parley PATH] [--data DIR]

Needs: pip install sacrebleu; a built `parley` (swift build --scratch-path .build-text --product parley);
apertium + apertium-eng-spa for the Apertium column (skipped with a note when missing).
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
import sacrebleu

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SETS = [  # (source lang, target lang, source file, reference file)
    ("en", "es", "eng-spa.eng", "eng-spa.spa"),
    ("es", "en", "eng-spa.spa", "eng-spa.eng"),
    ("en", "fr", "eng-fra.eng", "eng-fra.fra"),
    ("fr", "en", "eng-fra.fra", "eng-fra.eng"),
    ("en", "zh", "eng-cmn_Hans.eng", "eng-cmn_Hans.cmn_Hans"),
    ("zh", "en", "eng-cmn_Hans.cmn_Hans", "eng-cmn_Hans.eng"),
]

def run(parley, src, tgt, lines, engine=None, dictionaries=os.path.join(ROOT, "Dictionaries")):
    cmd = [parley, "translate", "--from", src, "--to", tgt, "--no-detect", "--dictionaries", dictionaries]
    if engine: cmd += ["--engine", engine]
    start = time.time()
    out = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    hyp = out.stdout.rstrip("\n").split("\n")
    if len(hyp) != len(lines):
        sys.exit(f"{' '.join(cmd)}: {len(hyp)} output lines for {len(lines)} input lines")
    return hyp, time.time() - start

def chrf(hyp, ref):
    return sacrebleu.corpus_chrf(hyp, [ref]).score

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="sentences per set (0 = all)")
    ap.add_argument("--parley", default=os.path.join(ROOT, ".build-text", "debug", "parley"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "tatoeba"))
    args = ap.parse_args()
    if not os.path.exists(args.parley):
        sys.exit(f"no parley at {args.parley}: swift build --scratch-path .build-text --product parley")
    have_apertium = shutil.which("apertium") is not None
    rows = []
    for src, tgt, sf, rf in SETS:
        source = open(os.path.join(args.data, sf), encoding="utf-8").read().rstrip("\n").split("\n")
        ref = open(os.path.join(args.data, rf), encoding="utf-8").read().rstrip("\n").split("\n")
        if args.limit: source, ref = source[:args.limit], ref[:args.limit]
        dictionary, seconds = run(args.parley, src, tgt, source)
        # Baseline: plain lookup in the generated pair file alone (no curated core, phrases, terms).
        with tempfile.TemporaryDirectory() as plain:
            os.makedirs(os.path.join(plain, "pairs"))
            shutil.copy(os.path.join(ROOT, "Dictionaries", "pairs", f"{src}-{tgt}.tsv"), os.path.join(plain, "pairs"))
            baseline, _ = run(args.parley, src, tgt, source, dictionaries=plain)
        row = {"pair": f"{src}-{tgt}", "n": len(source), "untranslated": chrf(source, ref), "plain": chrf(baseline, ref),
               "dictionary": chrf(dictionary, ref), "dict_s": seconds, "apertium": None}
        if (src, tgt) == ("en", "es") and have_apertium:
            hyp, aseconds = run(args.parley, src, tgt, source, engine="apertium")
            row["apertium"], row["apertium_s"] = chrf(hyp, ref), aseconds
        rows.append(row)
    print(f"chrF (sacrebleu {sacrebleu.__version__}), Tatoeba, {('first ' + str(args.limit)) if args.limit else 'all'} sentences per set")
    print("plain lookup = the generated pairs/<pair>.tsv alone (word-by-word / CC-CEDICT lookup); dictionary = the full built-in engine")
    print(f"{'pair':<7} {'sentences':>9} {'untranslated':>13} {'plain lookup':>13} {'dictionary':>11} {'apertium':>9} {'dict time':>10}")
    for r in rows:
        ap_col = f"{r['apertium']:.1f}" if r["apertium"] is not None else "-"
        print(f"{r['pair']:<7} {r['n']:>9} {r['untranslated']:>13.1f} {r['plain']:>13.1f} {r['dictionary']:>11.1f} {ap_col:>9} {r['dict_s']:>9.1f}s")
    if not have_apertium:
        print("apertium not installed: apt-get install apertium apertium-eng-spa for the Apertium column")

if __name__ == "__main__":
    main()
