"""The words of many texts at once (digests.text.corpus) read exactly as ``words`` reads
each text alone: a big table's row search and vocabulary depend on it."""

from __future__ import annotations

import random

from digests.text import words
from digests.text.corpus import Corpus, all_words

TEXTS = [
    "Germany's defence minister said it won't send trainers.",
    "“We’re not ruling it out,” the Élysée said — for now.",
    "Die Bundesregierung lehnt die Entsendung von Ausbildern ab (Straße).",
    "Україна вітає рішення",  # a script that folds to no ASCII
    "'quoted' and o''brien and rock 'n' roll, the 1990s' end",
    "",
    "EU-Mission EUMAM: mandate until 2026",
]


def _expected(texts: list[str]) -> list[frozenset[str]]:
    return [frozenset(words(t)) for t in texts]


def test_a_corpus_finds_each_word_in_exactly_the_texts_that_hold_it() -> None:
    corpus = Corpus(TEXTS)
    each = _expected(TEXTS)
    assert corpus.vocabulary == frozenset().union(*each)
    assert corpus.holding(["germany"]) == {0}
    assert corpus.holding(["ruling", "ausbildern"]) == {1, 2}
    assert corpus.holding(words("Україна")) == {3}
    assert corpus.holding(["germanys", "s", "trainers."]) == set()  # no possessive left
    for word in corpus.vocabulary:
        assert corpus.holding([word]) == {n for n, ws in enumerate(each) if word in ws}, word


def test_a_corpus_reads_any_mix_of_apostrophes_marks_and_scripts_as_words_does() -> None:
    pick = random.Random(7)
    alphabet = "ab's' ’-.É1ßЖ\u00a0"
    for _ in range(3000):
        texts = [
            "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 14)))
            for _ in range(pick.randint(1, 6))
        ]
        each = _expected(texts)
        corpus = Corpus(texts)
        assert corpus.vocabulary == frozenset().union(*each), texts
        for word in corpus.vocabulary:
            assert corpus.holding([word]) == {n for n, ws in enumerate(each) if word in ws}
        assert all_words(texts) == corpus.vocabulary
