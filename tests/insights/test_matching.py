"""Ask ↔ offer text matching: lemmas in Dutch and English, cosine of TF-IDF vectors."""

from __future__ import annotations

import pytest

from netweave.insights.matching import lemmas, paired_similarity, vectorise


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
