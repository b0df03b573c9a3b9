"""Something lost, gone missing or blocked names a fault in the languages the corpus lacks
(bot/enrich/lexicon_lost.py), as "lost", "perdu", "потеряли" and "紛失" did in its own. The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts


def faults(text: str) -> int:
    return concept_counts(features.prepare(text).text)[CONCEPT_NAMES.index("fault")]


@pytest.mark.parametrize("text", [
    "Paketet från Zoomtel försvann på vägen",
    "Mitt kort är spärrat sedan i går",
    "Pakken er forsvundet, og kortet er spærret",
    "Pakkaus katosi matkalla, tili on lukittu",
    "Balík zmizel a účet mi zablokovali, vlastně zablokoval",
    "A csomag elveszett, a kártyát letiltották",
    "Coletul a dispărut și cardul e blocat",
    "Το δέμα χάθηκε και η κάρτα μπλοκαρίστηκε",
    "החבילה נעלמה והכרטיס נחסם",
    "بسته گم شد و کارتم مسدود شده",
    "পার্সেলটা হারিয়ে গেছে",
    "பார்சல் தொலைந்து போனது",
    "Kifurushi kimepotea, na akaunti imezuiwa",
    "Nawawala yung parcel ko, na-block pa yung card",
    "Bungkusan saya kehilangan, kad disekat",
    "मेरी डिलीवरी रास्ते में खो गई",
    "Hàng của tôi bị thất lạc",
    "Bưu điện làm mất kiện hàng của tôi",  # the post office lost my parcel
])
def test_lost_missing_or_blocked_is_a_fault(text: str) -> None:
    # before: no word of fault in these languages, so "lovely crew but my bag is lost" had
    # only its praise
    assert faults(text) >= 1, text


@pytest.mark.parametrize("text", [
    "Det varade länge och lasted well",  # Swedish "låst" folds to the start of "lasted"
    "אבדוק את זה מחר",  # "I will check it tomorrow": begins like "אבד" (lost)
    "ParcelGo ने नया गोदाम खोला",  # "opened": begins like "खो" (lost)
    "Đây là bí mật của shop",  # "a secret" folds like "bị mất" (lost)
    "Máy lạnh này làm mát phòng rất nhanh",  # "cooling" folds like "làm mất" (lost)
])
def test_words_that_only_look_lost_are_not_faults(text: str) -> None:
    assert faults(text) == 0, text


@pytest.mark.parametrize("text", [
    "הבעיה נעלמה אחרי העדכון, תודה רבה",  # the problem disappeared after the update, thanks
    "Problemet försvann efter uppdateringen, tack",
    "Problemet forsvandt efter opdateringen, tak",
    "Ongelma katosi päivityksen jälkeen, kiitos",
    "Problém zmizel po aktualizaci, díky",
    "Minden gondom eltűnt az új apptól, imádom",
    "Mulțumesc, problema a dispărut după actualizare",
    "Tatizo limepotea baada ya sasisho, asante sana",
])
def test_a_problem_that_disappeared_went_away(text: str) -> None:
    # before, the verb of disappearing counted as a fault beside the problem it took away, and
    # the Hebrew, Hungarian and Swahili posts came out complaint/negative
    counts = concept_counts(features.prepare(text).text)
    assert counts[CONCEPT_NAMES.index("resolved")] == 1, text
    assert counts[CONCEPT_NAMES.index("fault")] == (1 if "tatizo" in text.lower() else 0), text


def test_a_thing_that_disappeared_is_still_a_fault() -> None:
    assert faults("הצוות היה נהדר, אבל המזוודה שלי נעלמה") == 1  # my suitcase disappeared
    assert faults("Personalen var trevlig men väskan försvann") == 1
    assert faults("Jag har ett problem, paketet försvann") == 1  # a clause apart
