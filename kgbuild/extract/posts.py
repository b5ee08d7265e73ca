"""Posts component: every title of the language pack's ``roles`` lexicon in
the text, with the phrase that completes it.

Shapes::

    Doc.tokens --roles.tsv--> Doc.posts = [Post(i, j, row, prefix, end)]

A post is a candidate only: whether someone holds it, and where, is decided
by :mod:`kgbuild.extract.memberships`. The complement (tokens ``[j, end)``)
is what follows the title up to the next person mention, punctuation other
than a hyphen, or :data:`MAX_COMPLEMENT` tokens: "وزير الخارجية | السعودي",
"director | of the Central Intelligence Agency".
"""

from __future__ import annotations

from dataclasses import dataclass

import functools

from kgbuild.extract.doc import Doc, scan
from kgbuild.lang import read_lexicon
from kgbuild.model import PERSON

#: At most this many tokens after a title belong to its complement.
MAX_COMPLEMENT = 8


@dataclass(frozen=True)
class Post:
    """A title in the text: tokens ``[i, j)``, its lexicon ``row`` (key,
    number, scope …), the clitic ``prefix`` of its first word, and the end
    ``end`` of its complement (tokens ``[j, end)``)."""

    i: int
    j: int
    row: dict
    prefix: str
    end: int

    @property
    def key(self) -> str:
        return self.row["key"]


def find_posts(doc: Doc) -> list[Post]:
    """Find the titles of ``kgbuild/lang/<lang>/lexicon/roles.tsv`` in the
    document (longest match, left to right) and store them in ``doc.posts``.
    A title inside a person's name is skipped. Output: the posts."""
    out = []
    toks = doc.tokens
    n = len(toks)
    matches = doc.__dict__.get("_title_matches")
    if matches is None:  # the lexicon scan is done once; complements follow the current mentions
        matches = doc.__dict__["_title_matches"] = scan(doc.lang, "roles", toks)
    for m in matches:
        inside = doc.mention_of[m.i]
        if inside >= 0 and doc.mentions[inside].type == PERSON and doc.mentions[inside].i < m.i:
            continue
        end = m.j
        while end < n and end - m.j < MAX_COMPLEMENT and doc.sent_of[end] == doc.sent_of[m.i]:
            t = toks[end]
            if not t.is_word and t.text not in "-–":
                break
            mo = doc.mention_of[end]
            if mo >= 0 and doc.mentions[mo].type == PERSON:
                break
            end += 1
        out.append(Post(m.i, m.j, m.row, m.prefix, end))
    doc.posts = out
    return out


@functools.lru_cache(maxsize=4096)
def singular_title(lang: str, title: str, key: str, scope: str) -> str:
    """The singular title of a plural one: the first entry of the roles
    lexicon with the same key and scope, singular and as many words ("نواب
    الرئيس" → "نائب الرئيس"); the title itself when there is none."""
    n = len(title.split())
    for r in read_lexicon(lang, "roles"):
        if r["key"] == key and r.get("number") == "sg" and r.get("scope") == scope and len(r["surface"].split()) == n:
            return r["surface"]
    return title
