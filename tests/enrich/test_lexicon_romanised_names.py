"""The romanised words of praise, thanks and complaint (bot.enrich.lexicon_translit) written as
names, of shops and people, in a sentence of another language (bot.enrich.lexicon.named_words,
features v65): no word of praise there; romanised posts keep their words. The posts are not from
any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon import (
    CONCEPT_NAMES,
    accented_twins,
    concept_hits,
    concept_tally,
    named_words,
)

NEGATIVE = CONCEPT_NAMES.index("negative")
POSITIVE = CONCEPT_NAMES.index("positive")
THANKS = CONCEPT_NAMES.index("thanks")


def counts(text: str) -> list[int]:
    folded = prepare(text).text
    return concept_tally(concept_hits(folded, accented_twins(text, folded), text))


@pytest.mark.parametrize("text", [
    "ordered from Oishii Sushi on Kuvio last night, the food came cold and an hour late",
    "Arigato Ramen via Kuvio forgot half my order again",
    "Mamnoon Hussain from Kuvio support never replied to my emails",
    "the courier from Shukriya Logistics left my package in the rain",
    "my parcel went to Behtareen Traders instead of my house",
    "Hen Hao Noodles on Kuvio charged me twice for one order",
    "commande chez Arigato Ramen via Kuvio, il manquait la moitié",
    "does Kuvio deliver from Oishii Sushi to the airport? @Oishii Sushi, then Oishii again",
])
def test_a_name_in_another_languages_sentence_is_no_praise(text: str) -> None:
    found = counts(text)
    assert found[POSITIVE] == found[THANKS] == 0


@pytest.mark.parametrize("text", [
    "Kuvio ka delivery bohat acha tha, shukriya",
    "Kuvio no haitatsu hayakute saikou, arigatou!",
    "Kuvio kheili khoob bood, mamnoon az poshtibani",
    "Arigatou Kuvio, the order came early and still hot!",
    "Order arrived in 20 minutes, Shukriya Kuvio!",
    "Shukriya Kuvio for the refund, it came in a day",
    "Kuvio ka support bahut acche hai, Shukriya!",
    "Xiexie Kuvio, kuai di hen kuai",
    "Shukriya Kuvio team, order time pe aa gaya",
    "ARIGATOU KUVIO, the order came early",
])
def test_romanised_thanks_and_praise_keep_their_words(text: str) -> None:
    assert counts(text)[POSITIVE] > 0


def test_a_romanised_complaint_capitalised_at_its_start_keeps_its_word() -> None:
    assert counts("Saiaku, the app crashed again")[NEGATIVE] > 0
    # a shop named so, inside an English sentence, is no complaint
    assert counts("had lunch at the Saiaku Grill, the staff were lovely")[NEGATIVE] == 0


def test_a_german_noun_is_no_name() -> None:
    """German capitalises its nouns: "Grosses Merci an ..." keeps its thanks (the entry at
    "Merci" is French, not the romanised "merci az")."""
    assert counts("Grosses Merci an Velowerk Zürich, Velo in 2 Stunden geflickt!")[THANKS] > 0


def test_a_name_and_the_word_in_one_post_are_told_apart() -> None:
    """Paired in order: the name's place holds no word, the thanks' place keeps it."""
    text = "ordered from Oishii Sushi on Kuvio, oishii desu, arigatou"
    folded = prepare(text).text
    names = named_words(text, folded)
    assert list(names) == [folded.index("oishii")]
    assert counts(text)[POSITIVE] > 0


@pytest.mark.parametrize("text", [
    "The sushi at Kuvio was Oishii, will order again",
    "honestly the biryani from Kuvio is Behtareen",
    "the ramen tonight was so Oishii!",
    "la livraison de Kuvio était très Behtareen, merci",
])
def test_a_verdict_written_capitalised_after_a_verb_of_being_keeps_its_word(text: str) -> None:
    """A word after "was", "is", "so", "très" is what a thing is (features v68): a verdict
    capitalised for stress, no name."""
    assert counts(text)[POSITIVE] > 0


def test_a_name_of_two_after_a_verb_of_being_is_still_a_name() -> None:
    assert counts("the worst place in town is Oishii Sushi, cold food and rude staff")[
        POSITIVE] == 0
