#!/usr/bin/env python3
"""Generates subject+verb phrase entries (en<->es, en<->fr) from tools/verbs.tsv, Parley's own
curated conjugation table: "I have" -> "tengo", "we don't know" -> "no sabemos", "I want to go" ->
"quiero ir", and the reverse. A dictionary engine cannot conjugate; phrases let it anyway.
Run from the repository root: python3 Dictionaries/tools/build_verb_phrases.py
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ES_FUT = {"tener": "tendr", "hacer": "har", "poder": "podr", "decir": "dir", "salir": "saldr", "venir": "vendr",
          "querer": "querr", "saber": "sabr", "poner": "pondr", "haber": "habr"}
FR_FUT = {"être": "ser", "avoir": "aur", "aller": "ir", "faire": "fer", "pouvoir": "pourr", "vouloir": "voudr",
          "venir": "viendr", "voir": "verr", "savoir": "saur", "devoir": "devr", "envoyer": "enverr",
          "courir": "courr", "appeler": "appeller", "acheter": "achèter", "obtenir": "obtiendr"}
EN_SUBJ = ["I", "you", "he", "she", "we", "they"]
ES_SUBJ = {"I": "", "you": "", "he": "él ", "she": "ella ", "we": "", "they": ""}
FR_SUBJ = {"I": "je", "you": "tu", "he": "il", "she": "elle", "we": "nous", "they": "ils"}
ES_PERSON = {"I": 0, "you": 1, "he": 2, "she": 2, "we": 3, "they": 4}
FR_PERSON = {"I": 0, "you": 1, "he": 2, "she": 2, "we": 3, "they": 5}
VOWEL = tuple("aeiouéèêhâî")

def es_future(inf, person):
    if " " in inf: inf, rest = inf.split(" ", 1)
    else: rest = ""
    reflexive = inf.endswith("se")
    if reflexive: inf = inf[:-2]
    stem = ES_FUT.get(inf, inf)
    form = stem + ["é", "ás", "á", "emos", "án"][person]
    if reflexive: form = ["me", "te", "se", "nos", "se"][person] + " " + form
    return (form + " " + rest).strip()

def fr_future(inf, person):
    head, _, rest = inf.partition(" ")
    if head == "se": return None
    stem = FR_FUT.get(head, head[:-1] if head.endswith("re") else head)
    form = stem + ["ai", "as", "a", "ons", "ez", "ont"][person]
    return (form + " " + rest).strip()

def fr_subject(subj, verb):
    s = FR_SUBJ[subj]
    if s == "je" and verb.startswith(VOWEL): return "j'" + verb
    return s + " " + verb

def fr_negate(subj, verb):
    ne = "n'" if verb.startswith(VOWEL) else "ne "
    first, _, rest = verb.partition(" ")
    if first in ("me", "te", "se", "nous", "vous") and rest:
        neg = ne + first + " " + rest.split(" ")[0] + " pas" + (" " + " ".join(rest.split(" ")[1:]) if len(rest.split(" ")) > 1 else "")
    else:
        neg = ne + first + " pas" + (" " + rest if rest else "")
    return FR_SUBJ[subj] + " " + neg

def rows():
    for line in open(os.path.join(ROOT, "tools", "verbs.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip(): continue
        c = line.rstrip("\n").split("\t")
        yield dict(zip(["base", "s3", "past", "pp", "es_inf", "es0", "es1", "es2", "es3", "es4", "es_py", "es_pe", "es_pp",
                        "fr_inf", "fr0", "fr1", "fr2", "fr3", "fr4", "fr5", "fr_pp", "fr_aux"], c))

def english(subj, v, kind):
    third = subj in ("he", "she")
    if v["base"] == "be":
        pres = {"I": "am", "he": "is", "she": "is"}.get(subj, "are")
        past = "was" if subj in ("I", "he", "she") else "were"
        return {"pres": f"{subj} {pres}", "neg": f"{subj} {pres} not", "past": f"{subj} {past}",
                "fut": f"{subj} will be", "negpast": f"{subj} {past} not"}.get(kind)
    if v["base"] == "can":
        return {"pres": f"{subj} can", "neg": f"{subj} cannot", "past": f"{subj} could", "fut": None, "negpast": f"{subj} could not"}.get(kind)
    return {"pres": f"{subj} {v['s3'] if third else v['base']}",
            "neg": f"{subj} {'does' if third else 'do'} not {v['base']}",
            "past": f"{subj} {v['past']}",
            "negpast": f"{subj} did not {v['base']}",
            "fut": f"{subj} will {v['base']}"}.get(kind)

CONTRACT = [(" do not ", " don't "), (" does not ", " doesn't "), (" did not ", " didn't "), (" cannot", " can't"),
            (" will ", " 'll "), (" am not", "'m not"), (" am", "'m"), (" are not", " aren't"), (" is not", " isn't"),
            (" was not", " wasn't"), (" were not", " weren't"), ("could not", "couldn't")]

def contractions(phrase):
    out = {phrase}
    p = " " + phrase + " "
    for a, b in CONTRACT:
        if a in p:
            q = p.replace(a, b).strip().replace(" 'll", "'ll")
            out.add(q)
    return out

def main():
    en_es, es_en, en_fr, fr_en = [], [], [], []
    modals_es = {"want to": "querer", "can": "poder", "need to": "necesitar", "have to": "tener que", "am going to": "ir a"}
    verbs = list(rows())
    by_base = {v["base"]: v for v in verbs}
    for v in verbs:
        for subj in EN_SUBJ:
            pe, pf = ES_PERSON[subj], FR_PERSON[subj]
            es_pres = v[f"es{pe}"]
            fr_pres = v[f"fr{pf}"]
            forms = {
                "pres": (ES_SUBJ[subj] + es_pres, fr_subject(subj, fr_pres)),
                "neg": (ES_SUBJ[subj] + ("no " + es_pres if not es_pres.startswith(("me ", "te ", "le ", "nos ", "les ", "se ")) else "no " + es_pres),
                        fr_negate(subj, fr_pres)),
                "past": (ES_SUBJ[subj] + (v["es_py"] if pe == 0 else v["es_pe"]) if pe in (0, 2) else None,
                         None if v["fr_aux"] == "e" and False else fr_subject(subj, {"a": ["ai", "as", "a", "avons", "avez", "ont"],
                              "e": ["suis", "es", "est", "sommes", "êtes", "sont"]}[v["fr_aux"]][pf] + " " + v["fr_pp"])
                         if not v["fr_inf"].startswith("se ") else None),
                "fut": (ES_SUBJ[subj] + es_future(v["es_inf"], pe) if v["base"] not in ("can",) else None,
                        fr_subject(subj, fr_future(v["fr_inf"], pf)) if fr_future(v["fr_inf"], pf) else None),
            }
            for kind, (es, fr) in forms.items():
                en = english(subj, v, kind)
                if not en: continue
                for variant in contractions(en):
                    if es: en_es.append((variant, es))
                    if fr: en_fr.append((variant, fr))
                if es: es_en.append((es, en.replace(" do not", " don't").replace(" does not", " doesn't").replace(" am not", "'m not")))
                if fr: fr_en.append((fr, en.replace(" do not", " don't").replace(" does not", " doesn't").replace(" am not", "'m not")))
            # modal + infinitive
            if v["base"] not in ("can", "be"):
                for modal, es_modal in modals_es.items():
                    mv = es_modal.split(" ")[0]
                    tail = " " + " ".join(es_modal.split(" ")[1:]) if " " in es_modal else ""
                    m = next((x for x in verbs if x["es_inf"] == mv), None)
                    if not m: continue
                    mod_en = modal
                    if modal == "am going to":
                        mod_en = {"I": "am going to", "he": "is going to", "she": "is going to"}.get(subj, "are going to")
                    elif modal in ("want to", "need to", "have to") and subj in ("he", "she"):
                        mod_en = {"want to": "wants to", "need to": "needs to", "have to": "has to"}[modal]
                    en = f"{subj} {mod_en} {v['base']}"
                    es = (ES_SUBJ[subj] + m[f"es{pe}"] + tail + " " + v["es_inf"]).strip()
                    for variant in contractions(en):
                        en_es.append((variant, es))
                    es_en.append((es, en))
        # Bare conjugated forms: Spanish drops the subject ("quiero" = "I want"); French forms
        # also appear after nouns and names ("Tom veut").
        if v["base"] != "be":
            s3 = v["s3"] if v["base"] != "can" else "can"
            for k, en in ((0, "I " + v["base"]), (1, "you " + v["base"]), (3, "we " + v["base"]), (2, s3), (4, v["base"])):
                es_en.append((v[f"es{k}"], en.replace("I can", "I can")))
            fr_en.append((v["fr2"], s3)); fr_en.append((v["fr5"], v["base"])); fr_en.append((v["fr0"], v["base"]))
            fr_en.append((v["fr_pp"], v["pp"])); es_en.append((v["es_pp"], v["pp"])); es_en.append((v["es_inf"], v["base"]))
            fr_en.append((v["fr_inf"], v["base"]))
        # bare infinitive with "to"
        en_es.append((f"to {v['base']}", v["es_inf"]))
        en_fr.append((f"to {v['base']}", v["fr_inf"]))
    write("en-es", en_es); write("es-en", es_en); write("en-fr", en_fr); write("fr-en", fr_en)

def write(pair, rows):
    seen = set()
    with open(os.path.join(ROOT, "pairs", f"{pair}.verbs.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# Parley pair dictionary {pair}: subject+verb phrases generated by tools/build_verb_phrases.py\n")
        f.write("# from tools/verbs.tsv (Parley's own curated table, CC0). Do not edit; edit the table.\n")
        for s, t in rows:
            key = s.lower()
            if key in seen: continue
            seen.add(key)
            f.write(f"{s}\t{t}\t300\tphrase\n")
    print(pair, len(seen))

main()
