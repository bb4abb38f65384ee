r"""Ask ↔ offer text matching in Dutch and English.

Each ask and offer becomes a TF-IDF vector over the *lemmas* of its words, so that
"warmtepompen" meets "warmtepomp" and "heat pumps for social housing" meets "a heat pump in
social housing":

1. words: runs of at least two letters, lower-cased (a hyphen splits: "EHBO-cursus");
2. lemma: ``simplemma.lemmatize(word, lang=language)`` in the listing's own language (a
   dictionary lemmatiser shipped inside the package: nothing is downloaded);
3. stop words of Dutch and English (the ``stop-words`` package) and :data:`REQUEST_WORDS`
   ("help", "ervaring", "zoeken": words that say that someone asks, not what) are dropped;
4. features: each lemma, and the character 4-grams of each lemma padded with a space
   (" warm", "warm", "armt", …), so that the parts of Dutch compounds meet ("smartphone" and
   "smartphonelessen", "sloopafval" and "bouwafval"); weighted by scikit-learn's
   ``TfidfVectorizer`` (sublinear term frequency, smoothed idf) fitted on the texts being
   compared, rows L2-normalised.

The match of an ask :math:`a` and an offer :math:`o` is the cosine of their vectors,

.. math:: m(a, o) = \frac{x_a \cdot x_o}{\lVert x_a\rVert\,\lVert x_o\rVert} \in [0, 1],

and the pair *matches* when :math:`m \ge` ``text_match_threshold`` (settings, 0.2).

Texts in different languages share only the words the languages share (names, loan words):
matching across Dutch and English needs a translation or an embedding model, which netweave
does not download. The labelled set in ``tests/data/asks-offers/`` and
``benchmarks/text_matching.py`` measure precision and recall against plain TF-IDF on the
raw words.

References
----------
Salton, G., Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
*Information Processing & Management* 24, 513–523.
Barbaresi, A. (2023). Simplemma: a simple multilingual lemmatizer for Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import simplemma
from stop_words import get_stop_words

__all__ = ["LANGUAGES", "REQUEST_WORDS", "lemmas", "paired_similarity", "vectorise"]

LANGUAGES: tuple[str, ...] = ("nl", "en")
"""Languages of asks and offers; a text in another language is lemmatised as Dutch."""

REQUEST_WORDS: frozenset[str] = frozenset(
    # Lemmas that say *that* someone asks or offers, not *what*: in every ask and offer, they
    # would make any two look alike in a small network where idf cannot tell yet.
    [
        "advies",
        "adviseren",
        "advice",
        "advise",
        "delen",
        "denken",
        "ervaring",
        "experience",
        "expertise",
        "glad",
        "graag",
        "happy",
        "hebben",
        "help",
        "helpen",
        "iemand",
        "kennis",
        "knowledge",
        "know",
        "kunnen",
        "look",
        "looking",
        "meedenken",
        "need",
        "nodig",
        "offer",
        "share",
        "someone",
        "vraag",
        "vragen",
        "weten",
        "willen",
        "zoeken",
    ]
)

_STOP_WORDS = REQUEST_WORDS | {w for language in LANGUAGES for w in get_stop_words(language)}


_WORD = re.compile(r"[^\W\d_]{2,}")
NGRAM = 4


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    # Lemmas repeat across the texts of a network: caching saves most dictionary look-ups.
    return str(simplemma.lemmatize(word, lang=language)).lower()


def lemmas(text: str, language: str) -> list[str]:
    """The content lemmas of ``text`` in ``language`` ("nl" or "en"), in order.

    >>> lemmas("Wie heeft ervaring met warmtepompen?", "nl")
    ['ervaring', 'warmtepomp']
    """
    language = language if language in LANGUAGES else LANGUAGES[0]
    kept = (_lemma(word, language) for word in _WORD.findall(text.lower()))
    return [lemma for lemma in kept if lemma not in _STOP_WORDS]


def _features(lemma_list: list[str]) -> list[str]:
    grams = [
        padded[i : i + NGRAM]
        for padded in (f" {lemma} " for lemma in lemma_list)
        for i in range(len(padded) - NGRAM + 1)
    ]
    return lemma_list + grams


def vectorise(texts: Sequence[str], languages: Sequence[str]) -> sp.csr_matrix:
    """TF-IDF vectors (rows L2-normalised) of ``texts``, idf fitted on these texts.

    Returns a ``len(texts)`` × vocabulary sparse matrix; a text without content words is a
    zero row (it matches nothing).
    """
    documents = [_features(lemmas(t, lang)) for t, lang in zip(texts, languages, strict=True)]
    if not any(documents):
        return sp.csr_matrix((len(documents), 0))
    # Imported here: scikit-learn takes about 1.9 s to import, and every process that loads
    # the apps' template tags (the web server, each CLI command, a report) would pay it at
    # start, though few ever match a text.
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(
        analyzer=lambda features: features, sublinear_tf=True, smooth_idf=True, norm="l2"
    )
    return sp.csr_matrix(vectoriser.fit_transform(documents))


def paired_similarity(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
    """Cosine of row ``i`` of ``left`` and row ``i`` of ``right`` (both L2-normalised)."""
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()
