"""Mine Arabic given names from raw news with kgbuild's own rules (self-training).

The rules find people introduced by a post or an honorific even when their
first name is unknown ("الأمير نواف بن سعود", "وزير الخارجية ناصر جودة"):
such a person holds a membership (a post in an organisation). The first word
of those names, counted over distinct articles, is a given name when it
recurs: this script writes the frequent ones the NER-mined list
(given_names.tsv) lacks to kgbuild/lang/ar/lexicon/given_names_news.tsv.

Input: ../shared/corpus/raw/saudinewsnet.jsonl.gz (30,325 Saudi newspaper
articles, CC BY-NC-SA 4.0). Output: the TSV (with its header), sorted by
article count. Deterministic. Usage::

    python scripts/mine_news_names.py [--articles N] [--min-articles 4]

Filters (a word is kept only if all hold): at least ``--min-articles``
distinct articles; three letters or more, Arabic letters only; not already a
given name; not a name stop word, function word, role, honorific, organisation
head, nationality adjective or place name (the gazetteer's first words); not
written with the article ال (family names: العتيبي, الشهري) nor a clitic +
known word; at least half of its occurrences inside person names as their
first word (so a title word that slipped into names stays out); and opening
a post holder's name in at least ``--name-share`` (0.3) of the articles that
contain it at all (so common words the rules once took for names stay out:
لكرة, خارجيته); and no related form more frequent in the corpus (with ال,
without a leading ل/ب, without a final ا or a possessive pronoun: جمارك,
لصوامع, عقلا, خارجيته are common words).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgbuild.extract.arabic import _lexicons  # noqa: E402
from kgbuild.gazetteer import get_gazetteer  # noqa: E402
from kgbuild.ingest import IngestError, read_jsonl  # noqa: E402
from kgbuild.pipeline import extract_article  # noqa: E402
from kgbuild.text import normalize  # noqa: E402

OUT = ROOT / "kgbuild" / "lang" / "ar" / "lexicon" / "given_names_news.tsv"
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{3,}$")
_WORDS = re.compile(r"[\u0621-\u064a]+")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "raw" / "saudinewsnet.jsonl.gz")
    ap.add_argument("--articles", type=int, default=30325)
    ap.add_argument("--min-articles", type=int, default=4)
    ap.add_argument("--name-share", type=float, default=0.3,
                    help="least share of the articles containing the word where it opens a post holder's name")
    args = ap.parse_args(argv)

    OUT.unlink(missing_ok=True)  # mine with the NER-mined names only (the output is rewritten below)
    lex = _lexicons()
    gaz = get_gazetteer()
    heads = set(lex.heads)
    first_as_name: collections.Counter = collections.Counter()  # word → articles where it opens a post-holder's name
    in_names: collections.Counter = collections.Counter()  # word → articles where it stands anywhere in a person name
    df: collections.Counter = collections.Counter()  # word → articles that contain it at all
    surface: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    src = args.corpus
    if src.suffix == ".gz":  # read_jsonl reads plain JSON Lines: decompress the first N lines to a temporary file
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        with gzip.open(src, "rt", encoding="utf-8") as fh, tmp:
            for i, line in enumerate(fh):
                if i >= args.articles:
                    break
                tmp.write(line)
        src = Path(tmp.name)
    n = 0
    for art in read_jsonl(src):
        if isinstance(art, IngestError):
            continue
        n += 1
        if n > args.articles:
            break
        x = extract_article(art)
        holders = {m.person for m in x.memberships}
        firsts, anywhere = set(), set()
        for e in x.entities.values():
            if e.type != "Person" or not e.mentions:
                continue
            words = e.label.split()
            for w in words:
                anywhere.add(normalize(w))
            if e.key in holders and len(words) >= 2:
                w = normalize(words[0])
                firsts.add(w)
                surface[w][words[0]] += 1
        for w in firsts:
            first_as_name[w] += 1
        for t in set(_WORDS.findall(normalize(art.text))):
            df[t] += 1
        for w in anywhere:
            in_names[w] += 1
    if n == 0:
        raise SystemExit(f"{args.corpus}: no articles read")

    def excluded(w: str) -> bool:
        if not _ARABIC_WORD.match(w) or w in lex.given or w in lex.stop or w in lex.function or w in heads:
            return True
        if w.startswith("ال") or lex.roles.get(w) is not None or lex.honorifics.get(w) is not None:
            return True
        if gaz.country_of_nisba(w, "ar", include_ambiguous=True) or w in gaz.first_words:
            return True
        # a clitic on a known word ("ونايف", "لسلمان") is no new name
        if w[0] in "وفبلك" and (w[1:] in lex.given or w[1:] in lex.stop):
            return True
        # a common word in another form: more frequent with ال (جمارك), without a leading
        # preposition (لصوامع, بأطيب), without the accusative ending (عقلا, تفهما) or a pronoun (خارجيته)
        forms = ["ال" + w, w[:-1]]
        if w[0] in "لب":
            forms += [w[1:], "ال" + w[1:]]
        for suf in ("تها", "تنا", "تهم", "ته"):
            if w.endswith(suf):
                forms.append(w[: -len(suf)] + "ه")
        for suf in ("ها", "نا", "هم", "ه"):
            if w.endswith(suf):
                forms.append(w[: -len(suf)])
        return any(df[f] > df[w] for f in forms if len(f) >= 3)

    rows = [(w, c) for w, c in first_as_name.items()
            if c >= args.min_articles and not excluded(w) and c >= 0.5 * in_names[w] and c >= args.name_share * df[w]]
    rows.sort(key=lambda r: (-r[1], r[0]))
    header = [
        "# what: Arabic given names that open the names of post holders in Saudi news, missing from given_names.tsv",
        "# format: TSV; name = the most frequent spelling (match on kgbuild.text.normalize); articles = distinct "
        "articles where the rules found a post holder whose name starts with it",
        f"# source: mined by scripts/mine_news_names.py (self-training: kgbuild's rules over the first {min(n, args.articles)} "
        "articles of ../shared/corpus/raw/saudinewsnet.jsonl.gz; filters in the script's docstring; min articles "
        f"{args.min_articles})",
        "# licence: counts from SaudiNewsNet (CC BY-NC-SA 4.0); the list Apache-2.0 (kgbuild)",
        f"# changed: {dt.date.today().isoformat()} first version",
        "name\tarticles",
    ]
    lines = [f"{surface[w].most_common(1)[0][0]}\t{c}" for w, c in rows]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} names from {min(n, args.articles)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
