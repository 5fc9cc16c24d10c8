#!/usr/bin/env python3
"""Parley minutes quality benchmark.

ROUGE-1/2/Lsum F1 (rouge-score) of Parley's summary and of four baselines against the references in
/work/shared/data/meetings, every system held to the reference's length budget; then precision and
recall of decisions and action items (with owner and due date) on the hand-checked set in handset/.
See docs/minutes.md for the protocol.
"""
import argparse, glob, json, os, random, re, subprocess, sys, tempfile, warnings
from concurrent.futures import ThreadPoolExecutor

warnings.filterwarnings("ignore")
from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.nlp.stemmers import Stemmer, null_stemmer
from sumy.utils import get_stop_words

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = "/work/shared/data/meetings"

# ---------------------------------------------------------------- text handling shared by the baselines

FILLERS = set("um umm uh uhh uhm erm ehm em eh er hmm hm mm mmm mhm mm-hmm mm-mm uh-huh uh-uh ah ahh huh ehh".split())
CJK = re.compile(r"[\u3400-\u9fff]")

def clean(text, zh):
    """The baselines' cleaning: annotation marks and fillers out, as Parley's DisfluencyFilter does."""
    text = re.sub(r"\{[^}]*\}|<[^>]*>|\[[^\]A-Z]*\]", " ", text)
    if zh:
        text = re.sub(r"[嗯呃唔呣]", "", text)
        text = re.sub(r"([，。？！、])\1+", r"\1", text)
        return re.sub(r"^[，。、\s]+", "", text).strip()
    words = [w for w in text.split() if w.lower().strip(",.?!;:") not in FILLERS]
    text = " ".join(words)
    text = re.sub(r" ([,.?!;:%)])", r"\1", text)
    text = re.sub(r" ('(s|re|ve|ll|d|m)\b|n't)", r"\1", text)
    return text.strip(" ,")

def split_sentences(text, zh):
    if zh:
        parts = re.split(r"(?<=[。！？?!])", text)
    else:
        parts = re.split(r"(?<=[.?!])\s+", text)
    return [p.strip() for p in parts if p.strip()]

def units(text, zh):
    return len(zh_tokens(text)) if zh else len(text.split())

def zh_tokens(text):
    """Chinese ROUGE tokens: every Han character, and every run of Latin letters or digits."""
    return re.findall(r"[\u3400-\u9fff]|[a-z0-9]+", text.lower())

class CharTokenizer:
    def tokenize(self, text):
        return zh_tokens(text)

def truncate(sentences, budget, zh):
    """Sentences cut to exactly `budget` units (the last one clipped)."""
    out, used = [], 0
    for s in sentences:
        n = units(s, zh)
        if used + n <= budget:
            out.append(s); used += n
        else:
            left = budget - used
            if left > 0:
                if zh:
                    kept, count = "", 0
                    for ch in s:
                        if count >= left: break
                        kept += ch
                        if zh_tokens(ch): count += 1
                    out.append(kept)
                else:
                    out.append(" ".join(s.split()[:left]))
            break
    return out

# ---------------------------------------------------------------- data sets

def qmsum():
    for path in sorted(glob.glob(f"{DATA}/qmsum-val/*.json")):
        d = json.load(open(path))
        # The one general query: "Summarize the whole meeting." (worded differently in the ICSI meetings).
        ref = d["general_query_list"][0]["answer"]
        turns = [{"speaker": t["speaker"], "content": t["content"]} for t in d["meeting_transcripts"]]
        yield os.path.basename(path), turns, [ref]

def elitr():
    for folder in sorted(glob.glob(f"{DATA}/elitr-en-dev/meeting_*")):
        transcript = glob.glob(f"{folder}/transcript_*.txt")[0]
        refs = []
        for m in sorted(glob.glob(f"{folder}/minutes_*.txt")):
            lines = [l for l in open(m, encoding="utf-8", errors="replace").read().splitlines()
                     if l.strip() and not l.lower().startswith("minutes submitted by")]
            refs.append("\n".join(lines))
        turns = []
        for line in open(transcript, encoding="utf-8", errors="replace").read().splitlines():
            m = re.match(r"^\((PERSON\d+|[^)]{1,40})\)\s*(.*)$", line.strip())
            if m:
                turns.append({"speaker": m.group(1), "content": m.group(2)})
            elif turns and line.strip():
                turns[-1]["content"] += " " + line.strip()
            elif line.strip():
                # meeting_en_dev_006 has no speaker labels at all.
                turns.append({"speaker": "UNKNOWN", "content": line.strip()})
        yield os.path.basename(folder), turns, refs

def vcsum():
    segments = {}
    for line in open(f"{DATA}/vcsum-dev/short_dev.txt", encoding="utf-8"):
        d = json.loads(line)
        meeting, part = d["id"].split("_")
        segments.setdefault(meeting, []).append((int(part), d))
    for line in open(f"{DATA}/vcsum-dev/long_dev.txt", encoding="utf-8"):
        d = json.loads(line)
        parts = sorted(segments.get(d["id"], []), key=lambda p: p[0])
        turns = []
        for _, seg in parts:
            context = seg["context"] if isinstance(seg["context"], list) else json.loads(seg["context"])
            speakers = seg["speaker"] if isinstance(seg["speaker"], list) else json.loads(seg["speaker"])
            for para, spk in zip(context, speakers):
                turns.append({"speaker": f"Speaker {spk}", "content": "".join(para)})
        if turns:
            yield d["id"], turns, [d["summary"]]

# ---------------------------------------------------------------- systems

def parley_summary(binary, turns, budget, lang):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(turns, f, ensure_ascii=False)
        path = f.name
    try:
        out = subprocess.run([binary, "minutes", path, "--format", "json", "--lang", lang,
                              "--summary-words", str(budget)], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)["summary"]
    finally:
        os.unlink(path)

class WordTokenizer:
    """sumy's tokenizer for our sentences: no NLTK data needed."""
    def __init__(self, zh):
        self.zh = zh
        if zh:
            import jieba, logging
            jieba.setLogLevel(logging.WARNING)
            self.jieba = jieba
    def to_words(self, text):
        if self.zh:
            return [w for w in self.jieba.lcut(text) if re.search(r"\w", w)]
        return re.findall(r"[A-Za-z0-9']+", text)
    def to_sentences(self, text):
        return split_sentences(text, self.zh)

def sumy_rank(kind, sentences, zh):
    tok = WordTokenizer(zh)
    doc = ObjectDocumentModel([Paragraph([Sentence(s, tok) for s in sentences])])
    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(null_stemmer if zh else Stemmer("english"))
    summarizer.stop_words = get_stop_words("chinese" if zh else "english")
    captured = {}
    def best(sents, count, rating, *a, **k):
        captured.update(rating)
        return ()
    summarizer._get_best_sentences = best
    summarizer(doc, len(sentences))
    order = sorted(range(len(sentences)), key=lambda i: (-captured.get(doc.sentences[i], 0), i))
    return order

def baselines(turns, budget, zh, seeds):
    """Each baseline's summary; "random" is a list, one per seed."""
    sents = []
    for t in turns:
        sents += split_sentences(clean(t["content"], zh), zh)
    # Candidates: sentences long enough to carry content (the same minimum Parley uses).
    minimum = 12 if zh else 8
    cands = [s for s in sents if units(s, zh) >= minimum] or sents
    def fill(order):
        picked, used = [], 0
        for i in order:
            if used >= budget: break
            picked.append(i); used += units(cands[i], zh)
        return truncate([cands[i] for i in sorted(picked)], budget, zh)
    randoms = []
    for seed in seeds:
        shuffled = list(range(len(cands))); random.Random(seed).shuffle(shuffled)
        randoms.append(fill(shuffled))
    return {
        "random": randoms,
        "lead": fill(range(len(cands))),
        "lexrank": fill(sumy_rank("lexrank", cands, zh)),
        "textrank": fill(sumy_rank("textrank", cands, zh)),
    }

# ---------------------------------------------------------------- scoring

def scorer(zh):
    if zh:
        return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=CharTokenizer())
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

def ref_sentences(ref, zh):
    lines = [l for l in ref.splitlines() if l.strip()]
    out = []
    for l in lines:
        out += split_sentences(l, zh)
    return out

def score(sc, summary_sentences, refs, zh):
    pred = "\n".join(summary_sentences)
    totals = {"rouge1": 0, "rouge2": 0, "rougeLsum": 0}
    for ref in refs:
        s = sc.score("\n".join(ref_sentences(ref, zh)), pred)
        for k in totals: totals[k] += s[k].fmeasure
    return {k: v / len(refs) for k, v in totals.items()}

SYSTEMS = ["random", "lead", "lexrank", "textrank", "parley"]
PARLEY_ONLY = False

def run_dataset(name, meetings, lang, binary, seeds):
    zh = lang == "zh"
    sc = scorer(zh)
    sums = {s: {"rouge1": 0, "rouge2": 0, "rougeLsum": 0} for s in SYSTEMS}
    n = 0
    def one(item):
        mid, turns, refs = item
        budget = round(sum(units(clean(r, zh), zh) for r in refs) / len(refs))
        res = {}
        ours = parley_summary(binary, turns, budget, lang)
        res["parley"] = score(sc, truncate(ours, budget, zh), refs, zh)
        for k, v in ({} if PARLEY_ONLY else baselines(turns, budget, zh, seeds)).items():
            if k == "random":
                rs = [score(sc, x, refs, zh) for x in v]
                res[k] = {m: sum(r[m] for r in rs) / len(rs) for m in rs[0]}
            else:
                res[k] = score(sc, v, refs, zh)
        return res
    with ThreadPoolExecutor(max_workers=2) as pool:
        for res in pool.map(one, list(meetings)):
            n += 1
            for s in SYSTEMS:
                for m in sums[s]: sums[s][m] += res.get(s, {}).get(m, 0)
    return n, {s: {m: 100 * v / n for m, v in sums[s].items()} for s in SYSTEMS}

# ---------------------------------------------------------------- hand-checked decisions and action items

def norm_owner(o):
    return (o or "").strip().lower()

def overlap(a, b, zh):
    ta = set(zh_tokens(a)) if zh else set(re.findall(r"[a-z0-9]+", a.lower()))
    tb = set(zh_tokens(b)) if zh else set(re.findall(r"[a-z0-9]+", b.lower()))
    return len(ta & tb) / max(1, min(len(ta), len(tb)))

def handset(binary):
    rows = []
    totals = {}
    for gold_path in sorted(glob.glob(f"{HERE}/handset/*.gold.json")):
        gold = json.load(open(gold_path, encoding="utf-8"))
        transcript = gold_path.replace(".gold.json", ".txt")
        zh = gold["language"] == "zh"
        out = subprocess.run([binary, "minutes", transcript, "--format", "json", "--lang", gold["language"],
                              "--date", gold["date"]], capture_output=True, text=True, check=True)
        got = json.loads(out.stdout)
        group = "held-out" if "-hard-" in gold_path else "with-cues"
        for (kind, key), grp in [(k, g) for k in (("decisions", "decisions"), ("action items", "actionItems"))
                                 for g in (group, "all")]:
            t = totals.setdefault((kind, grp), {"gold": 0, "found": 0, "matched": 0, "owner": 0, "due": 0})
            g_items, f_items = gold[key], got[key]
            t["gold"] += len(g_items); t["found"] += len(f_items)
            used = set()
            for g in g_items:
                # A found item matches a gold one when it comes from the same utterance.
                match = next((i for i, f in enumerate(f_items) if i not in used and f["utterance"] == g["utterance"]), None)
                if match is None: continue
                used.add(match); t["matched"] += 1
                f = f_items[match]
                if kind == "action items":
                    if norm_owner(f.get("owner")) == norm_owner(g.get("owner")): t["owner"] += 1
                    if (f.get("due") or None) == (g.get("due") or None): t["due"] += 1
    return totals

# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", default=os.path.join(HERE, "../../.build-minutes/release/parley"))
    ap.add_argument("--seeds", type=int, default=3, help="random-extract seeds to average")
    ap.add_argument("--only", choices=["qmsum", "elitr", "vcsum", "handset"])
    ap.add_argument("--parley-only", action="store_true", help="skip the baselines (for tuning)")
    args = ap.parse_args()
    global PARLEY_ONLY
    PARLEY_ONLY = args.parley_only
    binary = os.path.abspath(args.parley)
    seeds = list(range(args.seeds))
    sets = [("QMSum val (en)", "qmsum", qmsum, "en"), ("ELITR dev (en)", "elitr", elitr, "en"),
            ("VCSum dev (zh, chars)", "vcsum", vcsum, "zh")]
    results = []
    for title, key, loader, lang in sets:
        if args.only and args.only != key: continue
        n, r = run_dataset(title, loader(), lang, binary, seeds)
        results.append((title, n, r))
    if results:
        print("ROUGE F1 x100 (R-1 / R-2 / R-Lsum), every system held to the reference length")
        header = f"| {'system':<9} |" + "".join(f" {t} (n={n}) |" for t, n, _ in results)
        print(header)
        print("|" + "---|" * (len(results) + 1))
        for s in SYSTEMS:
            row = f"| {s:<9} |"
            for _, _, r in results:
                m = r[s]
                row += f" {m['rouge1']:.1f} / {m['rouge2']:.1f} / {m['rougeLsum']:.1f} |"
            print(row)
    if not args.only or args.only == "handset":
        totals = handset(binary)
        print()
        print("Hand-checked set (Benchmarks/minutes/handset): items matched by source utterance")
        print("| items | meetings | gold | found | precision | recall | owner correct | due correct |")
        print("|---|---|---|---|---|---|---|---|")
        for (kind, grp), t in sorted(totals.items(), key=lambda kv: (kv[0][0] != "decisions", ["with-cues", "held-out", "all"].index(kv[0][1]))):
            p = t["matched"] / t["found"] if t["found"] else 0
            r = t["matched"] / t["gold"] if t["gold"] else 0
            owner = f"{t['owner']}/{t['matched']}" if kind == "action items" else "-"
            due = f"{t['due']}/{t['matched']}" if kind == "action items" else "-"
            print(f"| {kind} | {grp} | {t['gold']} | {t['found']} | {p:.2f} | {r:.2f} | {owner} | {due} |")

if __name__ == "__main__":
    main()
