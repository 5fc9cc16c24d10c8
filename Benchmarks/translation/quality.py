#!/usr/bin/env python3
"""Translation quality benchmark, one run, every pair:

- chrF (sacrebleu) on the Tatoeba dev sets in ../shared/data/tatoeba (en<->es, en<->fr, en<->zh, and zh->es,
  zh->fr by joining the eng-cmn and eng-spa/eng-fra files on identical English sentences);
- chrF on Parley's hand-checked domain set Benchmarks/translation/domain/domain.tsv (machinery, parts,
  service desk, meetings, deadlines, names), with counts of names, numbers and dates that came through intact:
  zh-en, zh-es, en-zh, en<->es, and en<->de, en<->pt, en<->ru (no Tatoeba data here for de, pt, ru);

for the untranslated text, a plain lookup (the generated pairs/*.tsv alone: word-by-word / CC-CEDICT lookup),
the built-in dictionary engine, and the Apertium hook where Apertium has the pair. Each system and direction
is one `parley translate` process reading stdin.

    Benchmarks/.venv/bin/python Benchmarks/translation/quality.py [--limit N] [--parley PATH] [--data DIR]
        [--sets tatoeba,domain] [--pairs en-de,de-en,...] [--no-plain]

Needs: python3 -m venv Benchmarks/.venv && Benchmarks/.venv/bin/pip install sacrebleu; a built `parley`
(swift build --product parley); apertium + apertium-eng-spa / apertium-fr-es for the Apertium column (a note
when missing). fr<->es Tatoeba pairs are eng-fra and eng-spa joined on identical English sentences.
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time
import sacrebleu

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOMAIN = os.path.join(ROOT, "Benchmarks", "translation", "domain", "domain.tsv")
TATOEBA = [  # (source lang, target lang, source file, reference file)
    ("en", "es", "eng-spa.eng", "eng-spa.spa"),
    ("es", "en", "eng-spa.spa", "eng-spa.eng"),
    ("en", "fr", "eng-fra.eng", "eng-fra.fra"),
    ("fr", "en", "eng-fra.fra", "eng-fra.eng"),
    ("en", "zh", "eng-cmn_Hans.eng", "eng-cmn_Hans.cmn_Hans"),
    ("zh", "en", "eng-cmn_Hans.cmn_Hans", "eng-cmn_Hans.eng"),
]
BRIDGED = [("zh", "es", "eng-spa", "spa"), ("zh", "fr", "eng-fra", "fra")]  # joined on the English side
# fr<->es: eng-fra and eng-spa joined on identical English sentences (Apertium has fr-es, the dictionary pivots).
ROMANCE_BRIDGED = [("fr", "es"), ("es", "fr")]
DOMAIN_PAIRS = [("zh", "en"), ("zh", "es"), ("en", "zh"), ("en", "es"), ("es", "en"),
                ("en", "de"), ("de", "en"), ("en", "pt"), ("pt", "en"), ("en", "ru"), ("ru", "en")]
# Apertium modes per pair (Debian apertium-eng-spa, apertium-fr-es); a pair's column is filled when its mode is installed.
APERTIUM = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng", ("fr", "es"): "fr-es", ("es", "fr"): "es-fr"}
APERTIUM_MODES = "/usr/share/apertium/modes"
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def apertium_config(directory):
    """A --config file with one warm command hook per installed Apertium mode (apertium-<src>-<tgt>)."""
    import json
    hooks = {}
    for (src, tgt), mode in APERTIUM.items():
        path = os.path.join(APERTIUM_MODES, f"{mode}.mode")
        if os.path.exists(path):
            hooks[f"apertium-{src}-{tgt}"] = {"executable": "/bin/bash", "nulFlush": True, "apertiumStream": True,
                                              "arguments": ["-c", "exec bash <(apertium-wblank-mode -z \"$0\") -n", path]}
    config = os.path.join(directory, "apertium.json")
    with open(config, "w") as f:
        json.dump({"commandHooks": hooks, "timeoutSeconds": 30}, f)
    return config, {tuple(k.split("-")[1:]) for k in hooks}


def run(parley, src, tgt, lines, engine=None, dictionaries=os.path.join(ROOT, "Dictionaries"), config=None):
    cmd = [parley, "translate", "--from", src, "--to", tgt, "--no-detect", "--dictionaries", dictionaries]
    if engine: cmd += ["--engine", engine]
    if config: cmd += ["--config", config]
    start = time.time()
    out = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    hyp = out.stdout.rstrip("\n").split("\n")
    if len(hyp) != len(lines):
        sys.exit(f"{' '.join(cmd)}: {len(hyp)} output lines for {len(lines)} input lines")
    return hyp, time.time() - start


def plain_lookup(parley, src, tgt, lines):
    """The generated pair file(s) alone; a pair without one goes through English's two files."""
    with tempfile.TemporaryDirectory() as plain:
        os.makedirs(os.path.join(plain, "pairs"))
        files = [f"{src}-{tgt}.tsv"] if os.path.exists(os.path.join(ROOT, "Dictionaries", "pairs", f"{src}-{tgt}.tsv")) \
            else [f"{src}-en.tsv", f"en-{tgt}.tsv"]
        for f in files:
            shutil.copy(os.path.join(ROOT, "Dictionaries", "pairs", f), os.path.join(plain, "pairs"))
        return run(parley, src, tgt, lines, dictionaries=plain)[0]


def chrf(hyp, ref):
    return sacrebleu.corpus_chrf(hyp, [ref]).score


def read_lines(path):
    return open(path, encoding="utf-8").read().rstrip("\n").split("\n")


def tatoeba_sets(data, limit):
    for src, tgt, sf, rf in TATOEBA:
        source, ref = read_lines(os.path.join(data, sf)), read_lines(os.path.join(data, rf))
        yield src, tgt, (source[:limit], ref[:limit]) if limit else (source, ref)
    zh_by_en = dict(zip(read_lines(os.path.join(data, "eng-cmn_Hans.eng")), read_lines(os.path.join(data, "eng-cmn_Hans.cmn_Hans"))))
    for src, tgt, stem, ext in BRIDGED:
        pairs = [(zh_by_en[e], t) for e, t in zip(read_lines(os.path.join(data, f"{stem}.eng")),
                                                   read_lines(os.path.join(data, f"{stem}.{ext}"))) if e in zh_by_en]
        if limit: pairs = pairs[:limit]
        yield src, tgt, ([p[0] for p in pairs], [p[1] for p in pairs])
    fr_by_en = dict(zip(read_lines(os.path.join(data, "eng-fra.eng")), read_lines(os.path.join(data, "eng-fra.fra"))))
    es_pairs = [(fr_by_en[e], s) for e, s in zip(read_lines(os.path.join(data, "eng-spa.eng")),
                                                  read_lines(os.path.join(data, "eng-spa.spa"))) if e in fr_by_en]
    if limit: es_pairs = es_pairs[:limit]
    for src, tgt in ROMANCE_BRIDGED:
        fr, es = [p[0] for p in es_pairs], [p[1] for p in es_pairs]
        yield src, tgt, (fr, es) if src == "fr" else (es, fr)


def domain_rows():
    rows = []
    header = None
    for line in read_lines(DOMAIN):
        if line.startswith("#") or not line.strip(): continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        rows.append(dict(zip(header, cols + [""] * (len(header) - len(cols)))))
    return rows


def intact(hyps, refs, rows, tgt):
    """(names kept, names), (numbers kept, numbers), (dates kept, dates) over the set."""
    counts = {"names": [0, 0], "numbers": [0, 0], "dates": [0, 0]}
    for hyp, ref, row in zip(hyps, refs, rows):
        for name in filter(None, row.get("names", "").split(";")):
            counts["names"][1] += 1
            counts["names"][0] += name in hyp if tgt != "zh" else 1
        for number in NUMBER.findall(ref):
            counts["numbers"][1] += 1
            counts["numbers"][0] += number in hyp
        for date in filter(None, row.get(f"dates_{tgt}", "").split(";")):
            counts["dates"][1] += 1
            counts["dates"][0] += date.lower() in hyp.lower()
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="Tatoeba sentences per set (0 = all)")
    default = os.path.join(ROOT, ".build", "release", "parley")
    for candidate in (".build/debug/parley", ".build-text/release/parley", ".build-text/debug/parley"):
        if not os.path.exists(default): default = os.path.join(ROOT, candidate)
    ap.add_argument("--parley", default=default)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "tatoeba"))
    ap.add_argument("--pairs", default="", help="only these pairs, e.g. zh-en,zh-es (default: all)")
    ap.add_argument("--sets", default="tatoeba,domain", help="tatoeba, domain or both (default)")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain-lookup column (faster while iterating)")
    args = ap.parse_args()
    wanted = set(filter(None, args.pairs.split(",")))
    sets = set(args.sets.split(","))
    if not os.path.exists(args.parley):
        sys.exit(f"no parley at {args.parley}: swift build --product parley")
    have_apertium = shutil.which("apertium-wblank-mode") is not None
    workdir = tempfile.mkdtemp(prefix="parley-quality-")
    config, apertium_pairs = apertium_config(workdir) if have_apertium else (None, set())
    rows = []

    def measure(label, src, tgt, source, ref, extra=None):
        if wanted and f"{src}-{tgt}" not in wanted: return
        dictionary, seconds = run(args.parley, src, tgt, source)
        baseline = dictionary if args.no_plain else plain_lookup(args.parley, src, tgt, source)
        row = {"set": label, "pair": f"{src}-{tgt}", "n": len(source), "untranslated": chrf(source, ref),
               "plain": chrf(baseline, ref), "dictionary": chrf(dictionary, ref), "dict_s": seconds, "apertium": None}
        if (src, tgt) in apertium_pairs:
            hyp, _ = run(args.parley, src, tgt, source, engine="apertium", config=config)
            row["apertium"] = chrf(hyp, ref)
        if extra is not None:
            row["intact"] = intact(dictionary, ref, extra, tgt)
            row["plain_intact"] = intact(baseline, ref, extra, tgt)
        rows.append(row)

    if "tatoeba" in sets:
        for src, tgt, (source, ref) in tatoeba_sets(args.data, args.limit):
            measure("tatoeba", src, tgt, source, ref)
    domain = domain_rows()
    if "domain" in sets:
        for src, tgt in DOMAIN_PAIRS:
            measure("domain", src, tgt, [r[src] for r in domain], [r[tgt] for r in domain], extra=domain)
    shutil.rmtree(workdir, ignore_errors=True)

    print(f"chrF (sacrebleu {sacrebleu.__version__}); Tatoeba dev: {('first ' + str(args.limit)) if args.limit else 'all'} "
          f"sentences per set (zh-es, zh-fr: sentences whose English side is in both files); domain: "
          f"{len(domain)} hand-checked messages")
    print("plain lookup = the generated pairs/<pair>.tsv alone; dictionary = the full built-in engine; "
          "intact = kept/expected in the dictionary engine's output (plain lookup's in brackets)")
    print(f"{'set':<8} {'pair':<6} {'n':>6} {'untransl.':>9} {'plain':>6} {'dictionary':>10} {'apertium':>8} "
          f"{'names':>11} {'numbers':>11} {'dates':>11} {'time':>6}")
    for r in rows:
        ap_col = f"{r['apertium']:.1f}" if r["apertium"] is not None else "-"
        cells = []
        for k in ("names", "numbers", "dates"):
            if "intact" in r and r["intact"][k][1]:
                cells.append(f"{r['intact'][k][0]}/{r['intact'][k][1]} ({r['plain_intact'][k][0]})")
            else:
                cells.append("-")
        print(f"{r['set']:<8} {r['pair']:<6} {r['n']:>6} {r['untranslated']:>9.1f} {r['plain']:>6.1f} {r['dictionary']:>10.1f} "
              f"{ap_col:>8} {cells[0]:>11} {cells[1]:>11} {cells[2]:>11} {r['dict_s']:>5.1f}s")
    if not have_apertium:
        print("apertium not installed: apt-get install apertium apertium-eng-spa apertium-fr-es for the Apertium column")
    if args.no_plain:
        print("--no-plain: the plain column repeats the dictionary column")


if __name__ == "__main__":
    main()
