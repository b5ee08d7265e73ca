#!/usr/bin/env python3
"""Cross-article identity of a build against the gold annotations: how many
gold persons, organisations and places are split over several IRIs, and how
many IRIs stand for several gold entities (false merges).

    python scripts/check_identity.py out/store ../shared/corpus/ar/gold.jsonl \\
        ../shared/corpus/ar/train_gold.jsonl [--same tests/data/identity_same.tsv] [--json]

Input: a store folder (``DIR/store`` or a build folder ``DIR``) or a TriG /
N-Quads file with one named graph per article (``kgbuild extract --format
trig``), and gold files (../shared/corpus/GOLD-FORMAT.md). Only the articles
of the gold files are looked at.

**Gold identities.** The gold lists names per article; which entries of
different articles are one thing is decided here, per type, by joining
entries that share

- a name key (the name or an alias, normalised as :func:`kgbuild.text.name_key`
  does; persons also by :func:`kgbuild.text.person_key`, which cuts a name
  after the father's name given with بن). An alias that is the name cut
  short at its end ("القوات المسلحة" of "القوات المسلحة السعودية", "مجلس
  النواب" of "مجلس النواب الأردني", a given name) or a person's one-word
  alias (a family name) joins nothing, since it names other things
  elsewhere; one without the head ("الأمم المتحدة" of "منظمة الأمم
  المتحدة", "جدة" of "محافظة جدة"), an acronym ("واس") or another spelling
  does; an organisation's name also joins without its own country's
  nationality adjective or name ("وزارة العمل" and "وزارة العمل السعودية",
  both of SA);
- a GeoNames id (places), or, for a place whose name is a name of its own
  ``country`` (:meth:`kgbuild.gazetteer.Gazetteer.country`), that country
  ("سوريا" and "سورية");

except homonyms: when the entries of one name differ in GeoNames id or
``country`` (places: "عمان", Oman and Amman; organisations: "القوات المسلحة"
of Saudi Arabia and of Egypt), the name joins only entries that give the
same values, and an entry that lacks one joins none of them;
- a line of the equivalence file ``--same`` (default
  ``tests/data/identity_same.tsv``): names that the annotators wrote in
  different articles for the same thing ("ترامب" and "ترمب"), which no
  per-article gold line can say.

**Matching.** A gold entry of article A denotes the IRIs of A's named graph
of the same type whose label or alternative label matches its name or an
alias after the scorer's normalisation (:func:`kgbuild.evaluate.name_variants`);
an IRI merged by the store's resolution pass (``owl:sameAs`` in
``…/graph/resolution``) counts as its target.

**Output** (:func:`check`): per type, the gold identities found in the
build, the *splits* (a gold identity denoted by two or more IRIs) and the
*false merges* (an IRI that denotes two or more gold identities), each
with the names, articles and IRIs involved. An entry marked ``optional``
(a name nested in another, "حلب" in "ريف حلب", "صبيا" in "محافظة صبيا")
counts for splits but makes no false merge. Exit status 0 when there is
neither, 1 otherwise, 2 for bad input (the message names the file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAME = ROOT / "tests" / "data" / "identity_same.tsv"

LISTS = {"persons": "Person", "organizations": "Organization", "places": "Place"}
SCHEMA = "http://schema.org/"
_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?g ?e ?t ?l WHERE { GRAPH ?g { ?e a ?t ; rdfs:label|skos:altLabel ?l .
  VALUES ?t { <http://schema.org/Person> <http://schema.org/Organization> <http://schema.org/Place> } } }"""
_SAME_AS = """SELECT ?a ?b WHERE { GRAPH <https://w3id.org/kgbuild/id/graph/resolution> {
  ?a <http://www.w3.org/2002/07/owl#sameAs> ?b } }"""


@dataclass
class Report:
    """What :func:`check` found. ``found``: type → number of gold identities
    denoted by at least one IRI; ``splits`` and ``merges``: type → list of
    dicts (``names``, ``articles``, ``iris``; merges also ``identities``)."""

    found: dict[str, int] = field(default_factory=dict)
    identities: dict[str, int] = field(default_factory=dict)
    splits: dict[str, list[dict]] = field(default_factory=dict)
    merges: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no type has a split or a false merge."""
        return not any(self.splits.values()) and not any(self.merges.values())

    def summary(self) -> str:
        """Lines for the terminal: counts per type, then each split and merge."""
        lines = []
        for t in LISTS.values():
            lines.append(f"{t}: {self.identities.get(t, 0)} gold identities, {self.found.get(t, 0)} found, "
                         f"{len(self.splits.get(t, []))} split, {len(self.merges.get(t, []))} false merges")
        for t in LISTS.values():
            for s in self.splits.get(t, []):
                lines.append(f"  split {t}: {' = '.join(s['names'])} ({', '.join(s['articles'][:6])}) -> "
                             + " ".join(i.rsplit('/', 1)[-1] for i in s["iris"]))
            for m in self.merges.get(t, []):
                lines.append(f"  merge {t}: {m['iri'].rsplit('/', 1)[-1]} <- "
                             + " | ".join(" = ".join(names) for names in m["identities"]))
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"found": self.found, "identities": self.identities, "splits": self.splits, "merges": self.merges}


class _Union:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def read_same(path: Path) -> list[tuple[str, list[str]]]:
    """The equivalence file: ``type<TAB>name<TAB>name…`` a line (``#``
    comments). Returns ``[(type, names)]``. Raises ValueError naming the
    file and line for a malformed line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] not in LISTS.values() or len(cells) < 3 or not all(cells[1:]):
            raise ValueError(f"{path}:{n}: expected TYPE<TAB>NAME<TAB>NAME..., TYPE one of "
                             f"{', '.join(LISTS.values())}")
        out.append((cells[0], cells[1:]))
    return out


def gold_identities(records: list[dict], same: list[tuple[str, list[str]]]) -> dict[tuple, int]:
    """Gold entries → identity number. Entries are ``(article id, type,
    index in its list)``; see the module docstring for what joins them."""
    from kgbuild.gazetteer import get_gazetteer
    from kgbuild.text import name_key, person_key

    gaz = get_gazetteer()

    def names(t: str, entry: dict) -> set[str]:
        out = set()
        full = name_key(entry["name"]).split()
        for n in [entry["name"], *entry.get("aliases", [])]:
            k = name_key(n)
            words = k.split()
            if not k:
                continue
            if n != entry["name"] and (words == full[:len(words)] or (t == "Person" and len(words) < 2)):
                continue  # the name cut short at its end, or a person's one name, names others elsewhere
            out.add(k)
            if t == "Person":
                out.add(person_key(n))
            c = entry.get("country")
            if t == "Organization" and c:  # "وزارة العمل" and "وزارة العمل السعودية" of one country
                rest = [w for w in n.split() if gaz.country_of_nisba(w, "ar") != c
                        and ((p := gaz.country(w)) is None or p.country != c)]
                if rest:
                    out.add(f"{name_key(' '.join(rest))}|{c}")
        return out

    def strong(t: str, entry: dict) -> set[str]:
        """What makes two entries one thing whatever their names: a place's
        GeoNames id, or the country a place's name names."""
        out = set()
        if t == "Place":
            if entry.get("geonames"):
                out.add(f"geonames:{int(entry['geonames'])}")
            c = entry.get("country")
            if c and any((p := gaz.country(n)) is not None and p.country == c
                         for n in [entry["name"], *entry.get("aliases", [])]):
                out.add(f"country:{c}")
        return out

    def apart(t: str, entry: dict) -> dict[str, str]:
        """What tells two things of one name apart: a place's GeoNames id
        and country, an organisation's country."""
        out = {}
        if t == "Place" and entry.get("geonames"):
            out["geonames"] = str(int(entry["geonames"]))
        if t in ("Place", "Organization") and entry.get("country"):
            out["country"] = entry["country"]
        return out

    u = _Union()
    entries, by_name, by_strong = [], defaultdict(list), defaultdict(list)
    info = {}
    for rec in records:
        for lst, t in LISTS.items():
            for i, entry in enumerate(rec.get(lst, [])):
                e = (rec["id"], t, i)
                entries.append(e)
                u.find(e)
                info[e] = apart(t, entry)
                for k in names(t, entry):
                    by_name[(t, k)].append(e)
                for x in strong(t, entry):
                    by_strong[(t, x)].append(e)
    for es in by_strong.values():
        for e in es[1:]:
            u.join(es[0], e)
    for es in by_name.values():
        values = defaultdict(set)
        for e in es:
            for kind, v in info[e].items():
                values[kind].add(v)
        if all(len(vs) == 1 for vs in values.values()):  # one thing of that name
            for e in es[1:]:
                u.join(es[0], e)
        else:  # homonyms ("عمان": Oman and Amman): entries join those that say the same
            full = [e for e in es if set(info[e]) == set(values)]
            groups = defaultdict(list)
            for e in full:
                groups[tuple(sorted(info[e].items()))].append(e)
            for e in es:  # an entry that says less joins the one group it agrees with
                if e not in full:
                    fits = [g for g, members in groups.items()
                            if all(dict(g).get(kind) == v for kind, v in info[e].items())]
                    if len(fits) == 1:
                        groups[fits[0]].append(e)
            for group in groups.values():
                for e in group[1:]:
                    u.join(group[0], e)
    for t, ns in same:
        found = [by_name[(t, name_key(n))][0] for n in ns if by_name.get((t, name_key(n)))]
        for e in found[1:]:
            u.join(found[0], e)
    roots = sorted({u.find(e) for e in entries})
    number = {r: n for n, r in enumerate(roots)}
    return {e: number[u.find(e)] for e in entries}


def _load(source: Path):
    """An Oxigraph store (read-only) or an in-memory one holding the file."""
    import pyoxigraph as ox

    from kgbuild.store import ArticleStore, find_store

    if source.is_dir():
        p = find_store(source)
        if p is None:
            raise ValueError(f"{source}: a folder, but no kgbuild store in it")
        return ArticleStore.open_read(p).inner
    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS}.get(
        source.suffix.lower())
    if fmt is None:
        raise ValueError(f"{source}: give a store folder or a .trig / .nq file (one named graph per article)")
    st = ox.Store()
    try:
        st.bulk_load(path=str(source), format=fmt)
    except (OSError, SyntaxError, ValueError) as e:
        raise ValueError(f"{source}: cannot read: {e}") from e
    return st


def check(source: str | Path, gold_paths: list[str | Path], same_path: str | Path | None = DEFAULT_SAME) -> Report:
    """Measure splits and false merges of the build at ``source`` against
    the gold files (module docstring). Raises ValueError naming the file for
    an unreadable build, gold file or equivalence file."""
    from kgbuild.evaluate import load_gold, name_variants
    from kgbuild.rdf import graph_iri

    records = [r for p in gold_paths for r in load_gold(p)]
    same = read_same(Path(same_path)) if same_path and Path(same_path).is_file() else []
    ident = gold_identities(records, same)
    st = _load(Path(source))
    target = {s["a"].value: s["b"].value for s in st.query(_SAME_AS)}
    # per article graph: (type, name variant) -> IRIs
    index: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in st.query(_LABELS):
        g, e, t = s["g"].value, s["e"].value, s["t"].value[len(SCHEMA):]
        for v in name_variants(s["l"].value):
            index[g][(t, v)].add(target.get(e, e))
    optional_only: dict[int, bool] = defaultdict(lambda: True)
    iris_of: dict[int, set[str]] = defaultdict(set)
    names_of: dict[int, set[str]] = defaultdict(set)
    arts_of: dict[int, set[str]] = defaultdict(set)
    type_of: dict[int, str] = {}
    denoted: dict[str, set[int]] = defaultdict(set)
    for rec in records:
        g = index.get(str(graph_iri(rec["id"])), {})
        for lst, t in LISTS.items():
            for i, entry in enumerate(rec.get(lst, [])):
                n = ident[(rec["id"], t, i)]
                type_of[n] = t
                names_of[n].add(entry["name"])
                found = set()
                for name in [entry["name"], *entry.get("aliases", [])]:
                    for v in name_variants(name):
                        found |= g.get((t, v), set())
                if found:
                    arts_of[n].add(rec["id"])
                iris_of[n] |= found
                optional_only[n] = optional_only[n] and bool(entry.get("optional"))
                if not entry.get("optional"):  # a nested name ("حلب" in "ريف حلب") may share its IRI
                    for iri in found:
                        denoted[iri].add(n)
    rep = Report()
    for t in LISTS.values():
        ids = [n for n in type_of if type_of[n] == t]
        rep.identities[t] = len(ids)
        rep.found[t] = sum(1 for n in ids if iris_of[n])
        rep.splits[t] = [{"names": sorted(names_of[n]), "articles": sorted(arts_of[n]), "iris": sorted(iris_of[n])}
                         for n in sorted(ids, key=lambda n: sorted(names_of[n])) if len(iris_of[n]) > 1]
        rep.merges[t] = [{"iri": iri, "identities": [sorted(names_of[n]) for n in sorted(ns, key=lambda n: sorted(names_of[n]))],
                          "articles": sorted(set().union(*(arts_of[n] for n in ns)))}
                         for iri, ns in sorted(denoted.items()) if len(ns) > 1 and type_of[min(ns)] == t]
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", type=Path, help="a store folder or a .trig / .nq file")
    ap.add_argument("gold", type=Path, nargs="+", help="gold JSON Lines files")
    ap.add_argument("--same", type=Path, default=DEFAULT_SAME, help="equivalence file (TYPE, NAME, NAME...)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    a = ap.parse_args(argv)
    try:
        rep = check(a.build, a.gold, a.same)
    except (ValueError, OSError) as e:
        print(f"check_identity: {e}", file=sys.stderr)
        return 2
    print(json.dumps(rep.to_json(), ensure_ascii=False, indent=1) if a.json else rep.summary())
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
