"""Mine English word lists from CoNLL-2003 ``eng.train`` (reproducible).

Writes (next to this file, ``lexicon/``):

* ``common_words.tsv``: words usually written in lower case in running text
  (a capitalised token made of one of them is not a name: "Bilateral",
  "Related", "Warm");
* ``single_names.tsv``: one-token PER / LOC / ORG names (majority type) seen
  at least three times.

Input: ``eng.train`` ONLY (``../shared/corpus/ner/conll2003_en``; the
development and test files ``eng.testa`` / ``eng.testb`` are never read:
they measure the NER issue). Run: ``python -m kgbuild.lang.en.mine
[--corpus DIR]``; output is deterministic.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-29"


def read_conll(path: Path):
    """Yield sentences as lists of (token, tag) from a CoNLL-2003 file."""
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if sent:
                yield sent
            sent = []
            continue
        parts = line.split()
        sent.append((parts[0], parts[-1]))
    if sent:
        yield sent


def mine(train: Path) -> tuple[list[tuple[str, int, int]], list[tuple[str, str, int]]]:
    lower = Counter()
    upper = Counter()
    ent_type: dict[str, Counter] = defaultdict(Counter)
    for sent in read_conll(train):
        # skip all-capital headline sentences
        words = [t for t, _ in sent if t.isalpha()]
        if words and sum(w.isupper() for w in words) > len(words) / 2:
            continue
        for k, (tok, tag) in enumerate(sent):
            if not tok.isalpha():
                continue
            if k > 0 and sent[k - 1][0] not in ('"', "``", "(", ":", "-"):
                if tok.islower():
                    lower[tok] += 1
                elif tok[0].isupper() and tag == "O":
                    upper[tok.lower()] += 1
            # single-token entities (the span is one token)
            if tag != "O":
                prev_same = k > 0 and sent[k - 1][1][2:] == tag[2:] and not tag.startswith("B-")
                nxt = sent[k + 1][1] if k + 1 < len(sent) else "O"
                next_same = nxt[2:] == tag[2:] and not nxt.startswith("B-")
                if not prev_same and not next_same and tok[0].isupper():
                    ent_type[tok][tag[2:]] += 1
    common = sorted(((w, n, upper[w]) for w, n in lower.items() if n >= 3 and n >= 2 * upper[w]),
                    key=lambda r: (-r[1], r[0]))
    names = []
    for tok, c in ent_type.items():
        typ, n = c.most_common(1)[0]
        total = sum(c.values())
        if typ in ("PER", "LOC", "ORG") and n >= 3 and n >= 0.8 * total and tok.lower() not in lower:
            names.append((tok, typ, total))
    names.sort(key=lambda r: (-r[2], r[0]))
    return common, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(HERE.parents[2].parent / "shared" / "corpus"))
    a = ap.parse_args()
    train = Path(a.corpus) / "ner" / "conll2003_en" / "eng.train"
    common, names = mine(train)
    src = ("# source: CoNLL-2003 eng.train ONLY (../shared/corpus/ner/conll2003_en; eng.testa/eng.testb never read), "
           "mined by kgbuild/lang/en/mine.py\n"
           "# licence: derived from CoNLL-2003 annotations over Reuters RCV1 text: research use; "
           "not cleared for redistribution (see the corpus SOURCE.md)\n"
           f"# changed: {TODAY} first version\n")
    (HERE / "lexicon" / "common_words.tsv").write_text(
        "# what: English words usually written in lower case (a capitalised token of one of them is no name)\n"
        "# format: TSV; word = lower-case form; lower = times seen in lower case (not sentence-initial, headlines "
        "skipped); capitalised = times seen capitalised outside an entity; kept when lower >= 3 and >= 2 x capitalised\n"
        + src + "word\tlower\tcapitalised\n" + "".join(f"{w}\t{n}\t{u}\n" for w, n, u in common),
        encoding="utf-8")
    (HERE / "lexicon" / "single_names.tsv").write_text(
        "# what: English one-token names (whole PER/LOC/ORG spans of one token)\n"
        "# format: TSV; name = the token; type = PER|LOC|ORG (>= 80 % of its one-token spans); count = spans; "
        "kept when count >= 3 and the word is never seen in lower case\n"
        + src + "name\ttype\tcount\n" + "".join(f"{w}\t{t}\t{n}\n" for w, t, n in names),
        encoding="utf-8")


if __name__ == "__main__":
    main()
