"""Key points for a digest: the sentences that best summarise a developing story.

The method is LexRank-style extractive summarisation, arranged so that its cost
stays linear in the number of articles:

1. Every sentence becomes a TF-IDF vector over content words (lowercased tokens,
   stopwords dropped, stems in the article's language). IDF is computed over all sentences
   of all articles, so vectors from different outlets live in one space.
2. Within each article, sentences form a cosine-similarity graph and PageRank
   (power iteration) gives each one a centrality: how much of what the article
   says it represents. Graphs are per article (~20 nodes), never corpus-wide.
3. Across articles, each sentence is compared with the story centroid (the sum
   of the articles' mean sentence vectors, the sentence's own article discounted):
   one sparse dot product per sentence. This favours what other reports
   corroborate over an article's aside.
4. Relevance = recency weight × centrality^½ × story similarity^½ (a geometric
   mean: a sentence must do well on both); newer articles count more because
   the story develops.
5. The final list is chosen by maximal marginal relevance over a shortlist of
   the most relevant candidates, and near-duplicates (the same wire sentence in
   two outlets) are dropped outright.

Sentences are kept in flat arrays ("sentence id" = index into them) and the
sparse TF-IDF matrix as sorted (sentence, term, weight) triples, so most of the
work is a handful of numpy calls over the whole corpus; only the small
per-article graphs are built in a Python loop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from digests.model import ArticleText
from digests.text import language_of, stem, stopwords, word_list, words

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# --- tuning ---------------------------------------------------------------------

MIN_WORDS = 6  # shorter "sentences" are datelines, captions, "Read more." …
MAX_WORDS = 70  # longer ones (often missegmented paragraphs) are cut to this

DAMPING = 0.85  # the usual PageRank damping factor
PAGERANK_TOL = 1e-8  # L1 change between iterations; scores are compared, not printed
PAGERANK_MAX_ITER = 200

# Relevance = centrality^w × story-similarity^(1-w): a weighted geometric mean, so
# a sentence must do well on both. (With a sum, the core of an off-topic article -
# a side story, a pasted-in ad - scored high on centrality alone.)
CENTRALITY_WEIGHT = 0.5
# Centrality of a graph with this many sentences keeps half of its spread; see
# _relative_centrality.
CENTRALITY_SHRINK = 8.0

# Recency weight = FLOOR + (1 - FLOOR) × 0.5 ** (age / HALF_LIFE). The floor keeps
# the background facts of the first reports listable when nothing newer covers
# them, while a newer article still beats an older one saying the same thing.
HALF_LIFE_DAYS = 14.0
RECENCY_FLOOR = 0.5

MMR_LAMBDA = 0.7  # relevance vs. novelty trade-off in MMR
# Cosine at or above this counts as the same point. Paraphrases of one fact by two
# outlets measured 0.5-0.87 on the sample articles, distinct facts of the same
# story at most ~0.4.
DUPLICATE_SIMILARITY = 0.5

# Function words of the article's language, plus (for English) the reporting words in
# nearly every news sentence that say nothing about its content ("said", "according").
STOPWORDS = {
    "en": stopwords("en") | word_list("reporting-en"),
    "de": stopwords("de"),
}

# Raw tokens as written (lowercased only); each distinct one is folded and stemmed once.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class KeyPoint:
    sentence: str
    article: str  # ArticleText.slug
    source: str
    published: date | None
    score: float


# --- text → terms ---------------------------------------------------------------


class _Vocabulary:
    """Maps raw tokens to term ids; each distinct token is normalised only once.

    Words are folded and stemmed in their article's language (Snowball English or
    German), so "soldiers"/"soldier" and "Soldaten"/"Soldat" meet."""

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}  # stem → id
        # per language: raw token → id, or -1 for a stopword
        self._tokens: dict[str, dict[str, int]] = {lang: {} for lang in STOPWORDS}

    def __len__(self) -> int:
        return len(self.terms)

    def _lookup(self, token: str, lang: str) -> int:
        folded = words(token)
        word = folded[0] if folded else ""
        if len(word) < 2 or word in STOPWORDS[lang]:
            term_id = -1
        else:
            key = stem(word, lang)
            term_id = self.terms.setdefault(key, len(self.terms))
        self._tokens[lang][token] = term_id
        return term_id

    def ids(self, sentence: str, lang: str = "en") -> list[int]:
        """Term ids of the content words of ``sentence``, repeats included."""
        # Comprehensions rather than a loop: this runs once per token of the
        # corpus and is the hottest spot of a large digest.
        tokens = self._tokens[lang]
        ids = [
            tokens[t] if t in tokens else self._lookup(t, lang)
            for t in _TOKEN.findall(sentence.lower())
        ]
        return [i for i in ids if i >= 0]


def _language(article: ArticleText) -> str:
    """The article's language, from the function words of its title and first sentences."""
    return language_of(words(" ".join((article.title, *article.sentences[:3]))))


def _eligible(sentence: str) -> str | None:
    """The sentence as ranked and shown: None if too short, capped if too long.

    Very long "sentences" are usually missegmented paragraphs or lists: they make
    unreadable digest lines, and by covering many of the story's terms at once they
    would align with the (diffuse) centroid better than any real sentence.
    """
    words = sentence.split()
    if len(words) < MIN_WORDS:
        return None
    if len(words) <= MAX_WORDS:
        return " ".join(words)
    return " ".join(words[:MAX_WORDS]).rstrip(",;:–—-") + " …"


# --- per-article graph ------------------------------------------------------------


def _pagerank(similarities: FloatArray) -> FloatArray:
    """PageRank over a stack of weighted, undirected graphs of equal size.

    ``similarities`` has shape (graphs, n, n); the result has shape (graphs, n),
    each row summing to 1. Articles with the same number of sentences are ranked
    in one batch, which turns a thousand tiny power iterations into a few dozen
    numpy calls. Sentences with no similar neighbour ("dangling" rows) spread
    their vote evenly, the standard fix that keeps the transition matrix stochastic.
    """
    n = similarities.shape[-1]
    row_sums = similarities.sum(axis=-1, keepdims=True)
    safe_sums = np.where(row_sums > 0, row_sums, 1.0)
    transition = np.where(row_sums > 0, similarities / safe_sums, 1.0 / n)
    rank = np.full(similarities.shape[:-1], 1.0 / n)
    teleport = (1.0 - DAMPING) / n
    for _ in range(PAGERANK_MAX_ITER):
        # r ← (1-d)/n + d·Pᵀr, written as the row vector r·P for every graph at once.
        new_rank = teleport + DAMPING * np.matmul(rank[:, None, :], transition)[:, 0, :]
        converged = np.abs(new_rank - rank).sum(axis=-1).max() < PAGERANK_TOL
        rank = new_rank
        if converged:
            break
    return rank


def _relative_centrality(rank: FloatArray) -> FloatArray:
    """PageRank made comparable across articles of different lengths.

    Raw PageRank sums to 1, so it shrinks as articles grow; ``rank × n`` is the
    score relative to an average sentence of the same article (1.0 = average).
    In a four-sentence article that ratio rests on a few shared words and swings
    wildly, so it is pulled toward 1.0 the smaller the graph is.
    """
    n = rank.shape[0]
    ratio: FloatArray = rank * n
    shrunk: FloatArray = 1.0 + (ratio - 1.0) * (n / (n + CENTRALITY_SHRINK))
    return shrunk


def _recency_weights(articles: Sequence[ArticleText], today: date | None) -> FloatArray:
    dated = [a.published for a in articles if a.published is not None]
    if not dated:
        return np.ones(len(articles))
    if today is None:
        today = max(dated)
    # An undated article is treated as the oldest dated one: it should not
    # outrank news whose date we know to be recent.
    oldest_age = max(0, (today - min(dated)).days)
    ages = np.array(
        [
            oldest_age if a.published is None else max(0, (today - a.published).days)
            for a in articles
        ],
        dtype=np.float64,
    )
    return RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (ages / HALF_LIFE_DAYS)


# --- ranking ----------------------------------------------------------------------


@dataclass
class _Corpus:
    """Eligible sentences of all articles, flattened (index = sentence id)."""

    text: list[str]  # capped sentence text
    article: IntArray  # index of the article in the input sequence
    position: IntArray  # index of the sentence in ArticleText.sentences
    # Sparse L2-normalised TF-IDF matrix as triples sorted by (sentence, term):
    # row_start[s]:row_start[s + 1] are sentence s's entries.
    term: IntArray
    weight: FloatArray
    row_start: IntArray

    def vector(self, sentence: int) -> dict[int, float]:
        start, end = self.row_start[sentence], self.row_start[sentence + 1]
        return dict(
            zip(self.term[start:end].tolist(), self.weight[start:end].tolist(), strict=True)
        )


def _build_corpus(articles: Sequence[ArticleText]) -> _Corpus | None:
    vocabulary = _Vocabulary()
    text: list[str] = []
    article_of: list[int] = []
    position_of: list[int] = []
    token_terms: list[int] = []
    token_sentence: list[int] = []
    for index, article in enumerate(articles):
        lang = _language(article)
        for position, raw in enumerate(article.sentences):
            sentence = _eligible(raw)
            if sentence is None:
                continue
            ids = vocabulary.ids(sentence, lang)
            if not ids:
                continue
            token_terms.extend(ids)
            token_sentence.extend([len(text)] * len(ids))
            text.append(sentence)
            article_of.append(index)
            position_of.append(position)
    if not text:
        return None

    # Term frequencies: one (sentence, term) key per token, counted by np.unique,
    # which also sorts the triples by sentence and then term.
    n_terms = len(vocabulary)
    keys, tf = np.unique(
        np.asarray(token_sentence, dtype=np.int64) * n_terms
        + np.asarray(token_terms, dtype=np.int64),
        return_counts=True,
    )
    sentence_of, term = np.divmod(keys, n_terms)
    # Smoothed IDF over sentences (as scikit-learn does it): always positive, so a
    # term in every sentence still counts a little instead of vanishing.
    df = np.bincount(term, minlength=n_terms)
    idf = np.log((1.0 + len(text)) / (1.0 + df)) + 1.0
    weight = tf * idf[term]
    norms = np.sqrt(np.bincount(sentence_of, weights=weight * weight, minlength=len(text)))
    weight /= norms[sentence_of]
    row_start = np.searchsorted(sentence_of, np.arange(len(text) + 1))
    return _Corpus(
        text=text,
        article=np.asarray(article_of, dtype=np.int64),
        position=np.asarray(position_of, dtype=np.int64),
        term=term,
        weight=weight,
        row_start=row_start,
    )


def _centralities(corpus: _Corpus) -> FloatArray:
    """In-article LexRank centrality of every sentence (see _relative_centrality)."""
    centrality = np.ones(len(corpus.text))
    # Sentences of one article are contiguous, so each article is a slice.
    boundaries = np.flatnonzero(np.diff(corpus.article)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(corpus.text)]))
    by_size: dict[int, list[tuple[int, FloatArray]]] = {}
    for first, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - first == 1:
            continue  # a lone sentence is exactly average
        lo, hi = corpus.row_start[first], corpus.row_start[end]
        columns, local = np.unique(corpus.term[lo:hi], return_inverse=True)
        rows = np.repeat(np.arange(end - first), np.diff(corpus.row_start[first : end + 1]))
        matrix = np.zeros((end - first, len(columns)))
        matrix[rows, local] = corpus.weight[lo:hi]  # (sentence, term) pairs are unique
        similarity = matrix @ matrix.T  # cosine: rows are unit length
        np.fill_diagonal(similarity, 0.0)  # no self-votes in the graph
        by_size.setdefault(end - first, []).append((first, similarity))
    for size, graphs in by_size.items():
        ranks = _pagerank(np.stack([similarity for _, similarity in graphs]))
        for (first, _), rank in zip(graphs, ranks, strict=True):
            centrality[first : first + size] = _relative_centrality(rank)
    return centrality


def _story_similarity(corpus: _Corpus, sentence_of: IntArray) -> FloatArray:
    """Cosine of every sentence with the story centroid, own article discounted.

    The centroid is the sum of the articles' mean sentence vectors, so every
    article votes once however long it is. A sentence is compared with the other
    articles' votes plus 1/N of its own article's: with many articles, what counts
    is being corroborated by other reports (otherwise a tight off-topic article,
    whose sentences all repeat its own words, matches its own share of the centroid
    best); with a single article, its own mean is all there is.

    Everything is computed on the sparse triples, so the cost is linear in the
    number of words: per sentence one dot product, per article two.
    """
    n_terms = int(corpus.term.max()) + 1
    triple_article = corpus.article[sentence_of]
    sentences_per_article = np.bincount(corpus.article)
    n_articles = int(np.count_nonzero(sentences_per_article))
    # Mean vector of each article as sparse (article, term) entries.
    keys = triple_article * n_terms + corpus.term
    entries, entry_of = np.unique(keys, return_inverse=True)
    entry_article, entry_term = np.divmod(entries, n_terms)
    mean = np.bincount(
        entry_of, weights=corpus.weight / sentences_per_article[triple_article]
    ).astype(np.float64)
    centroid = np.bincount(entry_term, weights=mean, minlength=n_terms)

    # Effective centroid for article a: C - own·m_a, own = 1 - 1/N.
    own = 1.0 - 1.0 / n_articles
    dot = np.bincount(
        sentence_of,
        weights=corpus.weight * (centroid[corpus.term] - own * mean[entry_of]),
        minlength=len(corpus.text),
    )
    # |C - own·m_a|² = |C|² - 2·own·(C·m_a) + own²·|m_a|², per article.
    centroid_dot_mean = np.bincount(entry_article, weights=centroid[entry_term] * mean)
    mean_squared = np.bincount(entry_article, weights=mean * mean)
    norm_squared = (
        float(centroid @ centroid) - 2.0 * own * centroid_dot_mean + own * own * mean_squared
    )
    norm = np.sqrt(np.clip(norm_squared, 0.0, None))[corpus.article]
    similarity: FloatArray = np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 1e-12)
    return np.clip(similarity, 0.0, None)  # rounding can leave tiny negatives


def rank_key_points(
    articles: Sequence[ArticleText], limit: int = 6, *, today: date | None = None
) -> list[KeyPoint]:
    """The ``limit`` most representative, mutually distinct sentences of the story.

    ``today`` anchors the recency weight; it defaults to the newest publication
    date among the articles, so the same input always gives the same output.
    Results are sorted by score, descending; ties go to the newer article, then
    to the article slug and the sentence position.
    """
    if limit <= 0 or not articles:
        return []
    corpus = _build_corpus(articles)
    if corpus is None:
        return []
    n_sentences = len(corpus.text)
    sentence_of = np.repeat(np.arange(n_sentences), np.diff(corpus.row_start))

    story = _story_similarity(corpus, sentence_of)
    best_story = float(story.max())
    story /= best_story if best_story > 0 else 1.0  # best sentence = 1, for display

    centrality = _centralities(corpus)
    centrality /= centrality.max()

    recency = _recency_weights(articles, today)[corpus.article]
    score = recency * centrality**CENTRALITY_WEIGHT * story ** (1.0 - CENTRALITY_WEIGHT)

    # Deterministic order: score, then newer article, then slug, then position.
    newness = np.array(
        [a.published.toordinal() if a.published is not None else 0 for a in articles],
        dtype=np.int64,
    )[corpus.article]
    slug_rank = np.empty(len(articles), dtype=np.int64)
    slug_rank[sorted(range(len(articles)), key=lambda i: articles[i].slug)] = np.arange(
        len(articles)
    )
    order = np.lexsort((corpus.position, slug_rank[corpus.article], -newness, -score))

    chosen = _select_mmr(corpus, order, score, limit)
    rank_of = np.empty(n_sentences, dtype=np.int64)
    rank_of[order] = np.arange(n_sentences)
    points = []
    for sentence in sorted(chosen, key=lambda s: int(rank_of[s])):
        source = articles[int(corpus.article[sentence])]
        points.append(
            KeyPoint(
                sentence=corpus.text[sentence],
                article=source.slug,
                source=source.source,
                published=source.published,
                score=round(float(score[sentence]), 6),
            )
        )
    return points


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())  # unit vectors


def _select_mmr(corpus: _Corpus, order: IntArray, score: FloatArray, limit: int) -> list[int]:
    """Greedy maximal marginal relevance over the whole story, read lazily.

    A candidate's marginal value, ``λ·score − (1 − λ)·redundancy``, is never above
    ``λ·score``; candidates come in descending score, so each step stops reading as
    soon as ``λ·score`` falls to the best value found. The choice is exactly that of
    MMR over every sentence — the first points do not depend on how many are asked
    for — while a step reads only the few candidates that could still win. Sentences
    that repeat a chosen one (cosine ≥ ``DUPLICATE_SIMILARITY``) are dropped for good.
    """
    top = float(score[order[0]]) or 1.0
    selected_vectors: list[dict[int, float]] = []
    selected: list[int] = []
    # Candidates read so far, in rank order: [sentence, vector, redundancy, checked],
    # ``checked`` being how many of the selected the redundancy was measured against.
    pool: list[list[Any]] = []
    ranked = order.tolist()
    taken = 0
    while len(selected) < limit:
        best: int | None = None
        best_value = float("-inf")
        i = 0
        while True:
            if i == len(pool):
                if taken == len(ranked):
                    break
                sentence = ranked[taken]
                taken += 1
                pool.append([sentence, corpus.vector(sentence), 0.0, 0])
            entry = pool[i]
            bound = MMR_LAMBDA * float(score[entry[0]]) / top
            if bound <= best_value:
                break  # no candidate from here on can beat the best
            for vector in selected_vectors[entry[3] :]:
                entry[2] = max(entry[2], _cosine(entry[1], vector))
            entry[3] = len(selected_vectors)
            if entry[2] >= DUPLICATE_SIMILARITY:
                pool.pop(i)
                continue
            value = bound - (1.0 - MMR_LAMBDA) * entry[2]
            if value > best_value:  # strictly: a tie goes to the better-ranked one
                best, best_value = i, value
            i += 1
        if best is None:
            break
        sentence, vector, _, _ = pool.pop(best)
        selected.append(sentence)
        selected_vectors.append(vector)
    return selected
