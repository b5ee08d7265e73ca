"""Date expressions: datelines, absolute dates and relative expressions.

Part of the text stage. Month and weekday names and relative expressions are
data in the language pack (``lang/<code>/lexicon/months.tsv``,
``relative_dates.tsv``); Hijri dates are converted with the ``hijridate``
package (Umm al-Qura calendar). Relative expressions resolve against the
article's publication date only, never against the machine's clock: without
a base date they stay unresolved (``date=None``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kgbuild.lang import read_lexicon
from kgbuild.model import Span
from kgbuild.text import PhraseMatcher, Token, normalize, remember, tokenize


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text.

    ``span`` is its place in the text; ``date`` the resolved date or ``None``;
    ``tense`` is ``"past"``, ``"future"``, ``"present"`` or ``""`` (a hint for
    the event status); ``relative`` tells whether it needed a base date.
    """

    span: Span
    date: dt.date | None
    tense: str = ""
    relative: bool = False


@functools.lru_cache(maxsize=None)
def _matchers(lang: str) -> tuple[PhraseMatcher, PhraseMatcher]:
    months = PhraseMatcher(prefixes=("و", "ف", "ب", "ل"))
    for row in read_lexicon(lang, "months"):
        months.add(row["surface"], (row["calendar"], int(row["number"])))
    rel = PhraseMatcher(prefixes=("و", "ف", "ب", "ل"))
    for row in read_lexicon(lang, "relative_dates"):
        rel.add(row["surface"], (int(row["offset"]), row["tense"]))
    return months, rel


_NEXT = {"القادم", "المقبل", "القادمه", "المقبله"}
_LAST = {"الماضي", "الماضيه", "المنصرم", "الفائت", "السابق"}
# English: the word before a weekday ("next Monday", "last Friday")
_NEXT_BEFORE = {"next", "coming"}
_LAST_BEFORE = {"last", "past", "previous"}


def _to_date(cal: str, y: int, m: int, d: int) -> dt.date | None:
    try:
        if cal == "hijri":
            from hijridate import Hijri

            g = Hijri(y, m, d).to_gregorian()
            return dt.date(g.year, g.month, g.day)
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def _num(tok: Token | None) -> int | None:
    """The number a token holds; a year may carry its era letter (``2023م``)."""
    if tok is None:
        return None
    if not tok.norm[:1].isdigit():
        return None
    m = _NUM_RE.fullmatch(tok.norm)
    return int(m.group(1)) if m else None


# per language: normalised word → whether a date expression may start at it (bounded memo)
_DATE_WORDS: dict[str, dict[str, bool]] = {}
_NUM_RE = re.compile(r"(\d+)(م|هـ|ه|st|nd|rd|th)?")


def _month_day(toks: list[Token], i: int, months: PhraseMatcher, base: dt.date | None,
               text: str) -> tuple[DateMention, int] | None:
    """English ``MONTH DAY[, YEAR]`` at token i ("Feb 17", "September 3 and
    4", "May 4, 2023", "November 25th, 2024"): the mention and the index after
    it, or None. Without a year the base date's year is used (no base: None)."""
    mm = months.match_at(toks, i)
    if not mm or mm[2][0] != "gregorian":
        return None
    n = len(toks)
    j = i + mm[0]
    if j < n and toks[j].text == ".":
        j += 1
    d = _num(toks[j]) if j < n else None
    if d is None or not 1 <= d <= 31 or re.fullmatch(r"\d{4}", toks[j].norm):
        return None
    last = j
    k = j + 1
    if k < n and toks[k].text == ",":
        k += 1
    year = None
    if k < n and re.fullmatch(r"\d{4}", toks[k].norm):
        year = int(toks[k].norm)
        last = k
    if year is None:
        if base is None:
            return None
        year = base.year
    date = _to_date("gregorian", year, mm[2][1], d)
    b, e = toks[i].begin, toks[last].end
    return DateMention(Span(b, e, text[b:e]), date), last + 1


def find_dates(text: str, base: dt.date | None = None, lang: str = "ar",
               start: int = 0, end: int | None = None,
               tokens: list[Token] | None = None) -> list[DateMention]:
    """Find date expressions in ``text[start:end]``.

    Recognised (English pack): ``MONTH DAY[, YEAR]`` ("Feb 17", "May 4,
    2023"), ``DAY MONTH [YEAR]`` with ordinals ("30th September, 2010"), ISO
    dates, ``M/D/YYYY`` when ``D/M`` is impossible, relative words ("today",
    "last night", "yesterday") and weekdays ("on Friday": the latest Friday
    on or before the base date; "next Monday", "last Friday").

    Recognised (Arabic pack): ``DAY MONTH [YEAR] [م|هـ]`` with Egyptian,
    Levantine or Maghrebi month names and optional separators (``,`` ``-``
    ``/``), Hijri ``DAY HIJRI-MONTH YEAR هـ``, ISO ``YYYY-MM-DD``, numeric
    ``DD/MM/YYYY``, relative expressions from ``relative_dates.tsv``, and
    weekdays (``يوم الأحد الماضي`` → the previous Sunday, ``الثلاثاء القادم``
    → the next Tuesday, a bare weekday → the latest such day on or before the
    base date; a weekday right after a relative word, ``غداً الأربعاء``, is
    part of it and takes its date). A month without a year takes the base
    date's year.

    Input: the text, the base (publication) date or ``None``.
    Output: mentions in text order; offsets into ``text``.
    """
    months, rel = _matchers(lang)
    toks = tokens if tokens is not None else tokenize(text, start, end)
    if tokens is not None:
        toks = [t for t in toks if t.begin >= start and (end is None or t.end <= end)]
    out: list[DateMention] = []
    i = 0
    n = len(toks)
    opens = _DATE_WORDS.setdefault(lang, {})
    while i < n:
        t = toks[i]
        may = opens.get(t.norm)
        if may is None:
            may = remember(opens, t.norm, bool(t.norm[:1].isdigit() or months.readings(t.norm) or rel.readings(t.norm)))
        if not may:
            i += 1  # no branch below can start at a word that is no number, month, weekday or relative word
            continue
        # ISO date
        m = re.fullmatch(r"(\d{4})", t.norm)
        if m and i + 4 < n and toks[i + 1].text == "-" and toks[i + 3].text == "-":
            y, mo, d = int(t.norm), _num(toks[i + 2]), _num(toks[i + 4])
            if mo and d:
                date = _to_date("gregorian", y, mo, d)
                if date:
                    out.append(DateMention(Span(t.begin, toks[i + 4].end, text[t.begin:toks[i + 4].end]), date))
                    i += 5
                    continue
        # numeric D/M/YYYY
        d = _num(t)
        if d is not None and i + 4 < n and toks[i + 1].text == "/" and toks[i + 3].text == "/":
            mo, y = _num(toks[i + 2]), _num(toks[i + 4])
            if mo and y and y > 1000:
                date = _to_date("hijri" if y < 1600 else "gregorian", y, mo, d)
                if date is None and lang == "en":
                    date = _to_date("gregorian", y, d, mo)  # US order: 2/17/2019
                if date:
                    out.append(DateMention(Span(t.begin, toks[i + 4].end, text[t.begin:toks[i + 4].end]), date))
                    i += 5
                    continue
        # English MONTH DAY [, YEAR]
        if lang == "en":
            md = _month_day(toks, i, months, base, text)
            if md is not None:
                out.append(md[0])
                i = md[1]
                continue
        # DAY MONTH [YEAR]
        if d is not None and 1 <= d <= 31 and i + 1 < n:
            j = i + 1
            while j < n and toks[j].text in ("-", ",", "،", "/"):
                j += 1
            mm = months.match_at(toks, j)
            if mm and mm[2][0] in ("gregorian", "hijri"):
                cal, mon = mm[2]
                k = j + mm[0]
                while k < n and toks[k].text in ("-", ",", "،", "/"):
                    k += 1
                year = _num(toks[k]) if k < n else None
                if year is not None and toks[k].norm.endswith("ه"):
                    cal = "hijri"
                last = k if year else k - 1
                while last >= 0 and not toks[last].is_word:
                    last -= 1
                if year is None:
                    year = base.year if base else None
                    last = j + mm[0] - 1
                if year is not None:
                    # trailing era letters: م (Gregorian) or هـ (Hijri)
                    if last + 1 < n and toks[last + 1].norm in ("م", "ه", "هـ"):
                        if toks[last + 1].norm != "م":
                            cal = "hijri"
                        last += 1
                    date = _to_date(cal, year, mon, d)
                    b, e = t.begin, toks[last].end
                    out.append(DateMention(Span(b, e, text[b:e]), date))
                    i = last + 1
                    continue
        # relative expressions
        mr = rel.match_at(toks, i)
        if mr:
            offset, tense = mr[2]
            k = i + mr[0]
            # a weekday right after names the same day ("غداً الأربعاء", "اليوم الثلاثاء", "tomorrow,
            # Wednesday"): one mention, dated by the relative word, not the weekday's latest past date
            k2 = k + 1 if k < n and toks[k].text in (",", "،") else k
            mw = months.match_at(toks, k2) if k2 < n else None
            if mw and mw[2][0] == "weekday":
                k = k2 + mw[0]
            b, e = t.begin, toks[k - 1].end
            date = base + dt.timedelta(days=offset) if base else None
            out.append(DateMention(Span(b, e, text[b:e]), date, tense, True))
            i = k
            continue
        # weekdays
        mw = months.match_at(toks, i)
        if mw and mw[2][0] == "weekday" and not (i > 0 and toks[i - 1].norm in ("عبد", "وعبد")):
            # "عبد الأحد" is a name, not Sunday
            wd = mw[2][1]
            k = i + mw[0]
            direction = 0
            if k < n and toks[k].norm in _NEXT:
                direction, k = 1, k + 1
            elif k < n and toks[k].norm in _LAST:
                direction, k = -1, k + 1
            b = t.begin
            if i > 0 and toks[i - 1].norm in ("يوم", "ويوم"):
                b = toks[i - 1].begin
            elif lang == "en" and i > 0 and toks[i - 1].norm in _NEXT_BEFORE | _LAST_BEFORE:
                direction = 1 if toks[i - 1].norm in _NEXT_BEFORE else -1
                b = toks[i - 1].begin
            e = toks[k - 1].end
            date = None
            if base:
                if direction > 0:
                    delta = (wd - base.weekday()) % 7 or 7
                    date = base + dt.timedelta(days=delta)
                elif direction < 0:
                    delta = (base.weekday() - wd) % 7 or 7
                    date = base - dt.timedelta(days=delta)
                else:
                    date = base - dt.timedelta(days=(base.weekday() - wd) % 7)
            tense = "future" if direction > 0 else "past" if direction < 0 else ""
            # a weekday directly followed by an absolute date is part of it
            k2 = k
            while k2 < n and toks[k2].text in (",", "،", "-"):
                k2 += 1
            if k2 < n and _num(toks[k2]) is not None:
                i = k
                continue
            out.append(DateMention(Span(b, e, text[b:e]), date, tense, True))
            i = k
            continue
        i += 1
    return out


def parse_dateline(line: str, lang: str = "ar") -> dt.date | None:
    """Parse a dateline such as ``"الأربعاء, 22 يناير - 2025"`` or
    ``"2025-01-22"`` into a date; ``None`` when the line holds no complete
    absolute date (relative words are not resolved: there is no base)."""
    for m in find_dates(line, None, lang):
        if m.date and not m.relative:
            return m.date
    return None


def is_month_word(word: str, lang: str = "ar") -> bool:
    """True when ``word`` (any spelling) is a month or weekday name."""
    months, _ = _matchers(lang)
    return normalize(word) in {k[0] for k in months._phrases}  # noqa: SLF001
