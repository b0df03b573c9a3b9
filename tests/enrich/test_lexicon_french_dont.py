"""French "dont" (of which, whose) is no English "dont" typed without its apostrophe, and
"déteste" (hates), with or without its accent, is a word of complaint (features v62). The
posts are not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts

NEGATION = CONCEPT_NAMES.index("negation")
NEGATIVE = CONCEPT_NAMES.index("negative")
POSITIVE = CONCEPT_NAMES.index("positive")


def counts(text: str) -> list[int]:
    return concept_counts(prepare(text).text)


@pytest.mark.parametrize("text", [
    "l'appli dont je parlais est vraiment géniale",
    "le colis dont la boîte était intacte est arrivé, parfait",
    "la livraison dont tout le monde parle est top",
    "Le service client dont j'avais besoin a été génial",
])
def test_french_dont_holds_no_negation(text: str) -> None:
    assert counts(text)[NEGATION] == 0


@pytest.mark.parametrize("text", [
    "i dont like the new app",
    "dont buy from them",
    "they dont care at all",
    "dont leave us waiting, dont make me call again, dont understand why",
    "dont take the update, dont say i didnt warn you",
])
def test_english_dont_is_still_dont(text: str) -> None:
    assert counts(text) == counts(text.replace("dont", "don't"))
    assert any(counts(text))


@pytest.mark.parametrize("text", [
    "je déteste la nouvelle version",
    "je deteste cette mise a jour",
    "franchement je les déteste",
])
def test_deteste_is_a_word_of_complaint(text: str) -> None:
    assert counts(text)[NEGATIVE] > 0


@pytest.mark.parametrize("text", [
    # a verb after it (the subject after the verb), "dont acte", a count (review of v62)
    "l'appli dont parlait Marie est vraiment géniale",
    "la fonction dont rêvent les clients est enfin là, super",
    "les options dont dispose l'appli sont top",
    "Kuvio a répondu à ma demande, dont acte.",
    "12 avis sur Kuvio, dont deux négatifs",
])
def test_french_dont_before_a_verb_acte_or_a_count_holds_no_negation(text: str) -> None:
    assert counts(text)[NEGATION] == 0


@pytest.mark.parametrize("text", [
    "dont wait for support, they never answer",
    "dont present this as a fix",
    "dont act like the outage never happened",
])
def test_english_dont_before_like_sounding_words_is_still_dont(text: str) -> None:
    assert counts(text) == counts(text.replace("dont", "don't"))
    assert counts(text)[NEGATION] > 0
