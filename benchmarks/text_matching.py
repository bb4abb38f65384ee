"""Ask ↔ offer matching against plain TF-IDF on the labelled set in tests/data/asks-offers.

Run: ``.venv/bin/python benchmarks/text_matching.py``.

Both methods score each labelled (ask, offer) pair by the cosine of their vectors, fitted on all
texts of the set in the pair's language:

- **ours**: :mod:`netweave.insights.matching` (simplemma lemmas, Dutch and English stop words and
  request words dropped, lemma uni- and bigrams, sublinear TF-IDF);
- **plain TF-IDF**: scikit-learn's ``TfidfVectorizer()`` with its defaults on the raw words.

A pair is called a match when the cosine is at least the default ``text_match_threshold``.
Reported per language and overall: precision, recall and F1 at that threshold, and the average
precision over all thresholds (independent of the threshold). Writes
``benchmarks/results/text_matching.json``.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from netweave.insights import MetricSettings
from netweave.insights.matching import paired_similarity, vectorise

PAIRS = Path(__file__).parent.parent / "tests" / "data" / "asks-offers" / "pairs.tsv"
RESULTS = Path(__file__).parent / "results" / "text_matching.json"


def read_pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def cosines(rows: list[dict[str, str]], method: str) -> np.ndarray:
    """Cosine of each pair; vectors fitted on the distinct texts of ``rows`` (one language)."""
    texts = sorted({r["ask"] for r in rows} | {r["offer"] for r in rows})
    index = {text: i for i, text in enumerate(texts)}
    if method == "ours":
        matrix = vectorise(texts, [rows[0]["language"]] * len(texts))
    else:
        matrix = sp.csr_matrix(TfidfVectorizer().fit_transform(texts))
    asks = matrix[[index[r["ask"]] for r in rows]]
    offers = matrix[[index[r["offer"]] for r in rows]]
    return paired_similarity(asks, offers)


def scores(labels: np.ndarray, similarity: np.ndarray, threshold: float) -> dict[str, float]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        labels, similarity >= threshold, average="binary", zero_division=0.0
    )
    return {
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "average_precision": float(average_precision_score(labels, similarity)),
    }


def main() -> None:
    pairs = read_pairs()
    threshold = MetricSettings().text_match_threshold
    report: dict[str, object] = {
        "pairs": len(pairs),
        "threshold": threshold,
        "scikit_learn": sklearn.__version__,
        "load": os.getloadavg(),
        "command": "python benchmarks/text_matching.py",
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    for method in ("ours", "plain_tfidf"):
        labels_all, similarity_all = [], []
        for language in ("en", "nl"):
            rows = [r for r in pairs if r["language"] == language]
            labels = np.array([int(r["match"]) for r in rows])
            similarity = cosines(rows, method)
            results.setdefault(language, {})[method] = scores(labels, similarity, threshold)
            labels_all.append(labels)
            similarity_all.append(similarity)
        results.setdefault("all", {})[method] = scores(
            np.concatenate(labels_all), np.concatenate(similarity_all), threshold
        )
    report["results"] = results
    print(f"{len(pairs)} labelled pairs, threshold {threshold}")
    print(f"{'set':4s} {'method':12s} {'prec':>6s} {'recall':>6s} {'F1':>6s} {'AP':>6s}")
    for subset, methods in results.items():
        for method, r in methods.items():
            print(
                f"{subset:4s} {method:12s} {r['precision']:6.3f} {r['recall']:6.3f} "
                f"{r['f1']:6.3f} {r['average_precision']:6.3f}"
            )
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
