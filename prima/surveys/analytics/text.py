"""Open-text answers: the most frequent words and two-word phrases, in Indonesian.

Pipeline per text: lowercase → common chat abbreviations expanded ("yg" → "yang", "tdk" → "tidak") →
punctuation and digits stripped → stop words dropped (PySastrawi's list plus our own, minus words that carry
the complaint such as "tidak", "kurang", "lama", "panjang") → each word stemmed with PySastrawi ("antreannya"
→ "antre"). Phrases are adjacent pairs of the remaining stems within one text.

This is the one analytic that reads answers in Python (stemming cannot run in SQL). It streams the texts
with ``.iterator()`` and reads at most ``max_texts`` of them (newest first, default 5 000); the result says
whether the cap cut the reading short.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import pairwise
from typing import Any

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.analytics.csat import answers_in_scope
from prima.surveys.models import ItemKind, Survey

DEFAULT_MAX_TEXTS = 5000
DEFAULT_TOP = 20
MIN_WORD_LENGTH = 2

# Words in PySastrawi's list that matter in service feedback ("tidak ramah", "antre panjang", "kurang jelas").
KEPT_WORDS = frozenset(
    {
        "tidak", "tak", "kurang", "belum", "lama", "lamanya", "kelamaan", "panjang", "baik", "jelas", "cepat",
        "lambat", "mahal", "murah", "ramah", "sulit", "mudah", "enak", "cukup", "terlalu", "masalah", "keterlaluan",
        "percuma", "tepat", "jauh", "dekat", "besar", "kecil",
    }
)  # fmt: skip
EXTRA_STOP_WORDS = frozenset(
    {
        "yg", "nya", "sih", "deh", "dll", "dsb", "dst", "ok", "oke", "oh", "eh", "pun", "kah", "mas", "mbak",
        "bpk", "ibu", "bapak", "pak", "bu", "sy", "aja", "saja", "juga", "udah", "sudah", "gitu", "kayak",
        "kalo", "biar", "dgn", "utk", "dg", "tsb",
    }
)  # fmt: skip
ABBREVIATIONS = {
    "tdk": "tidak", "gak": "tidak", "ga": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
    "blm": "belum", "krg": "kurang", "lbh": "lebih", "sdh": "sudah", "krn": "karena", "bgt": "banget",
    "pelayanannya": "pelayanan",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@cache
def stemmer() -> Any:  # PySastrawi has no type hints
    """PySastrawi's stemmer is costly to build (it loads a dictionary); build it once per process."""
    return StemmerFactory().create_stemmer()


@cache
def stop_words() -> frozenset[str]:
    listed = frozenset(StopWordRemoverFactory().get_stop_words())
    return (listed | EXTRA_STOP_WORDS) - KEPT_WORDS


def tokens(text: str) -> list[str]:
    """The stems of a text's meaningful words, in order."""
    words = (ABBREVIATIONS.get(word, word) for word in _WORD.findall(text.lower()))
    stop = stop_words()
    stem = stemmer().stem
    result = []
    for word in words:
        if word in stop or len(word) < MIN_WORD_LENGTH:
            continue
        stemmed = stem(word)
        if stemmed and stemmed not in stop and len(stemmed) >= MIN_WORD_LENGTH:
            result.append(stemmed)
    return result


@dataclass(frozen=True)
class TextFrequencies:
    texts: int  # texts read
    truncated: bool  # more texts existed than ``max_texts``
    words: tuple[tuple[str, int], ...]  # (stem, count), most frequent first
    phrases: tuple[tuple[str, int], ...]  # ("stem stem", count)


def compute_text_frequencies(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    item_code: str | None = None,
    top: int = DEFAULT_TOP,
    max_texts: int = DEFAULT_MAX_TEXTS,
) -> TextFrequencies:
    """Word and phrase counts over the survey's free-text answers (all text items, or ``item_code``).

    Counts are occurrences (a word repeated in one text counts each time). Ties are broken alphabetically.
    """
    answers = (
        answers_in_scope(survey, unit=unit, service=service, start=start, end=end)
        .filter(item__kind=ItemKind.TEXT)
        .exclude(text="")
    )
    if item_code is not None:
        answers = answers.filter(item__code=item_code)
    words: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    read = 0
    truncated = False
    for text in (
        answers.order_by("-submitted_at", "-id")
        .values_list("text", flat=True)[: max_texts + 1]
        .iterator(chunk_size=500)
    ):
        if read == max_texts:
            truncated = True
            break
        read += 1
        stems = tokens(text)
        words.update(stems)
        phrases.update(f"{first} {second}" for first, second in pairwise(stems))

    def ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counter.items(), key=lambda entry: (-entry[1], entry[0]))[:top])

    return TextFrequencies(texts=read, truncated=truncated, words=ranked(words), phrases=ranked(phrases))
