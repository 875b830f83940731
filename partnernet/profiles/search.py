"""Ranking partners for a lead described in plain words: BM25F with English stemming.

Each ideal-client profile is one document, carrying its member's profile fields
too; a member ranks by their best-matching document, so the reason shown is the
ideal client that fits. Fields are weighted (criteria, industries and triggers
count most, the bio least) and length-normalised per field, as in BM25F
(Robertson & Zaragoza, "The Probabilistic Relevance Framework", 2009).
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup, escape

FIELD_WEIGHTS: Mapping[str, float] = {
    "criteria": 3.0,
    "industries": 3.0,
    "triggers": 2.5,
    "category": 2.0,
    "title": 1.5,
    "decision_makers": 1.5,
    "specific_ask": 1.5,
    "company_size": 1.0,
    "geography": 1.0,
    "talkable_difference": 1.0,
    "business_name": 0.5,
    "bio": 0.5,
}
K1 = 1.2
B = 0.75

_STOPWORD_TEXT = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves looking need needs want
wants someone somebody like
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """The stems of the meaningful words of `text`, in order."""
    return [stem(w) for w in _WORD.findall(text or "") if w.casefold() not in STOPWORDS]


@dataclass(frozen=True)
class Document:
    """What one ideal-client profile (with its member's profile) says, field by field."""

    member_id: int
    key: int | None  # the ideal-client profile's id; None for a member without one
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Hit:
    member_id: int
    key: int | None
    score: float
    matched: frozenset[str]  # the query's stems this member's best document contains


class Index:
    """An immutable BM25F index over documents; build once, query many times."""

    def __init__(self, documents: Iterable[Document]):
        self.documents = list(documents)
        tfs: list[dict[str, Counter]] = []
        lengths: list[dict[str, int]] = []
        totals: Counter = Counter()
        df: Counter = Counter()
        # A member's profile fields recur in each of their documents: count each text once.
        counted: dict[str, Counter] = {}
        for doc in self.documents:
            per_field = {}
            for f in FIELD_WEIGHTS:
                text = doc.fields.get(f) or ""
                if text not in counted:
                    counted[text] = Counter(terms(text))
                per_field[f] = counted[text]
            sizes = {f: sum(c.values()) for f, c in per_field.items()}
            tfs.append(per_field)
            lengths.append(sizes)
            totals.update(sizes)
            df.update(set().union(*(c.keys() for c in per_field.values())))
        n = len(self.documents)
        self._avg = {f: (totals[f] / n if n else 0.0) or 1.0 for f in FIELD_WEIGHTS}
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # A term's pseudo frequency in a document (its field counts, weighted and length-
        # normalised, summed) does not depend on the query: computed once here, a search
        # only visits the documents that contain one of its terms.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, (per_field, sizes) in enumerate(zip(tfs, lengths, strict=True)):
            pseudo: dict[str, float] = {}
            for field, weight in FIELD_WEIGHTS.items():
                if per_field[field]:
                    norm = 1 - B + B * sizes[field] / self._avg[field]
                    for term, count in per_field[field].items():
                        pseudo[term] = pseudo.get(term, 0.0) + weight * count / norm
            for term, pseudo_tf in pseudo.items():
                self._postings.setdefault(term, []).append((i, pseudo_tf))

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """Members ranked by their best document's score for `text`; ties by member id."""
        query = set(terms(text))
        scores: dict[int, float] = {}
        matched: dict[int, set[str]] = {}
        for term in query:
            idf = self._idf.get(term)
            if not idf:
                continue
            for i, pseudo_tf in self._postings[term]:
                scores[i] = scores.get(i, 0.0) + idf * pseudo_tf / (K1 + pseudo_tf)
                matched.setdefault(i, set()).add(term)
        best: dict[int, Hit] = {}
        for i in sorted(scores):  # in document order: a member's first best document wins
            doc, score = self.documents[i], scores[i]
            current = best.get(doc.member_id)
            if current is None or score > current.score:
                best[doc.member_id] = Hit(doc.member_id, doc.key, score, frozenset(matched[i]))
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.member_id))
        return ranked[:limit]


def highlight(text: str, stems: Iterable[str]) -> Markup:
    """`text`, escaped, with the words whose stem is in `stems` wrapped in <mark>."""
    wanted = set(stems)
    out: list[str] = []
    pos = 0
    for match in _WORD.finditer(text or ""):
        word = match.group()
        if word.casefold() not in STOPWORDS and stem(word) in wanted:
            out.append(str(escape(text[pos:match.start()])))
            out.append(f"<mark>{escape(word)}</mark>")
            pos = match.end()
    out.append(str(escape((text or "")[pos:])))
    return Markup("".join(out))  # noqa: S704 - every piece above was escaped


def excerpt(text: str, stems: Iterable[str], width: int = 160) -> Markup:
    """Up to `width` characters of `text` around its first matching word, highlighted."""
    text = text or ""
    if len(text) <= width:
        return highlight(text, stems)
    wanted = set(stems)
    first = next((m.start() for m in _WORD.finditer(text)
                  if m.group().casefold() not in STOPWORDS and stem(m.group()) in wanted), 0)
    start = max(0, first - width // 4)
    if start:  # begin on a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return escape(prefix) + highlight(text[start:end], wanted) + escape(suffix)


def words(text: str) -> list[str]:
    """The words of `text` as typed (no punctuation)."""
    return _WORD.findall(text or "")


def mentions(text: str, stems: Iterable[str]) -> bool:
    wanted = set(stems)
    return any(t in wanted for t in terms(text))
