"""Ask ↔ offer text matching: lemmas in Dutch and English, cosine of TF-IDF vectors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netweave.insights import MetricSettings
from netweave.insights.matching import lemmas, paired_similarity, vectorise

PAIRS = Path(__file__).parent.parent / "data" / "asks-offers" / "pairs.tsv"


def test_dutch_and_english_words_become_their_lemmas_without_stop_words():
    assert lemmas("Wie heeft ervaring met warmtepompen in huurwoningen?", "nl") == [
        "warmtepomp",
        "huurwoning",
    ]
    assert lemmas("Who can help us with heat pumps?", "en") == ["heat", "pump"]


def test_an_inflected_offer_matches_its_ask_better_than_an_unrelated_one():
    texts = [
        "Wie heeft ervaring met warmtepompen in huurwoningen?",
        "Ik adviseer over de warmtepomp in een huurwoning.",
        "Ik geef les over voedselbanken en armoede.",
    ]
    vectors = vectorise(texts, ["nl"] * 3)
    match, unrelated = paired_similarity(vectors[[0, 0]], vectors[[1, 2]])
    assert match > 0.5
    assert unrelated == pytest.approx(0.0)


def test_a_text_without_content_words_matches_nothing():
    vectors = vectorise(["Wie kan ons helpen?", "Ik help graag."], ["nl", "nl"])
    assert paired_similarity(vectors[[0]], vectors[[1]]).tolist() == [0.0]


def test_on_the_labelled_set_matches_are_found_and_non_matches_are_not():
    # 212 hand-made Dutch and English pairs (tests/data/asks-offers/README.md).
    pairs = list(csv.DictReader(PAIRS.open(encoding="utf-8"), delimiter="\t"))
    threshold = MetricSettings().text_match_threshold
    found = {"tp": 0, "fp": 0, "fn": 0}
    for language in ("en", "nl"):
        rows = [r for r in pairs if r["language"] == language]
        texts = sorted({r["ask"] for r in rows} | {r["offer"] for r in rows})
        vectors = vectorise(texts, [language] * len(texts))
        asks = vectors[[texts.index(r["ask"]) for r in rows]]
        offers = vectors[[texts.index(r["offer"]) for r in rows]]
        for row, similarity in zip(rows, paired_similarity(asks, offers), strict=True):
            said, truth = similarity >= threshold, row["match"] == "1"
            found["tp"] += said and truth
            found["fp"] += said and not truth
            found["fn"] += truth and not said
    precision = found["tp"] / (found["tp"] + found["fp"])
    recall = found["tp"] / (found["tp"] + found["fn"])
    assert precision >= 0.95
    assert recall >= 0.85
