"""Short replies in a thread (bot/enrich/lexicon_thread.py): the "again" of a thing working
again is no repeat, a device that will not start a fault, asking for the old
design back a complaint, Swahili "ila" a contrast, and a bare status report ("works now.",
"läuft wieder") other (lexicon.status_chatter). The sentences were written for these tests,
not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import status_chatter
from bot.enrich.model import shipped_model
from tests.enrich.reading import count


@pytest.mark.parametrize("text", [
    "die Seite läuft wieder bei mir",
    "the app is working again for me",
    "funziona di nuovo, almeno qui a Torino",
    "вже працює у Львові",
    "voltou a funcionar aqui em Recife",
    "funkar igen här i Malmö",
])
def test_working_again_is_no_repeat(text: str) -> None:
    assert count(text, "again") == 0


@pytest.mark.parametrize("text", [
    "still down again, third time this week",  # a repeat with no fix
    "schon wieder kein Netz",
    "знову не працює",
])
def test_a_repeat_without_a_fix_still_counts(text: str) -> None:
    assert count(text, "again") >= 1


@pytest.mark.parametrize("text", [
    "the reader won't start a session since 8am",
    "mein Thermostat startet nicht mehr",
    "le boîtier ne démarre plus depuis hier",
    "у меня тоже, терминал не запускается",
    "ekspres nie startuje od rana",
    "cihaz başlamıyor, yardım",
    "η εφαρμογή δεν ξεκινά από το πρωί",
    "kifaa kinakwama kila asubuhi",
])
def test_a_device_that_will_not_start_is_a_fault(text: str) -> None:
    assert count(text, "fault") >= 1


@pytest.mark.parametrize("text", [
    "please bring back the old icon",
    "bitte das alte Logo zurück",
    "верните старое меню",
    "oddajcie starą ikonę",
    "vreau înapoi meniul vechi",
    "前の方が良かった",
])
def test_asking_for_the_old_one_back_is_a_complaint_word(text: str) -> None:
    assert count(text, "negative") >= 1


def test_swahili_ila_opens_a_contrast() -> None:
    assert count("bei ni nzuri, ila usafirishaji unachelewa sana", "contrast") == 1


def test_the_model_reads_working_again_as_no_complaint() -> None:
    model = shipped_model()
    for text in ("the app is working again for me", "вже працює у Львові"):
        assert model.predict(text).intent != "complaint", text


def test_the_model_reads_a_same_here_that_will_not_start_as_a_complaint() -> None:
    model = shipped_model()
    for text in ("bei mir auch, das Terminal startet nicht", "u mnie też, ekspres nie startuje"):
        prediction = model.predict(text)
        assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text


@pytest.mark.parametrize("text", [
    "das WLAN läuft wieder nicht",
    "de app werkt weer niet",
    "geht wieder nicht, zum dritten Mal",
])
def test_working_again_then_a_negation_fails_again(text: str) -> None:
    assert count(text, "again") >= 1


@pytest.mark.parametrize("text", ["works now.", "läuft wieder", "вже працює", "funkar igen"])
def test_bare_status_chatter_is_other_and_neutral(text: str) -> None:
    assert status_chatter(features.prepare(text).text)
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == ("other", "neutral"), text


@pytest.mark.parametrize("text", [
    "works now, thanks!",  # thanks: praise
    "läuft wieder nicht",  # fails again
    "works now? mine still spins",  # asked
    "back online but my saved cards are gone",  # a turn, a fault
    "Acme works again after the update, finally a proper fix for the sync and battery drain",
])
def test_a_status_report_with_more_in_it_is_no_chatter(text: str) -> None:
    assert not status_chatter(features.prepare(text).text)


def test_a_status_report_with_thanks_is_praise() -> None:
    assert shipped_model().predict("läuft wieder, danke euch!").intent == "praise"


@pytest.mark.parametrize("text", [
    "@acme any update",
    "alguma novidade sobre o meu pedido",
    "kuna habari yoyote kuhusu tiketi yangu",
    "may update na po sa refund ko",
    "জমার কোনো আপডেট আছে",
])
def test_a_short_reply_asking_for_news_without_its_mark_asks(text: str) -> None:
    """Features v46: a short reply asking for news of one's case, no mark, is surely asked."""
    assert features.cues(text, features.prepare(text))[features.CUES.index("question")] == 1.0


@pytest.mark.parametrize("text", [
    "any update, still waiting since Monday",  # a repeat: a complaint's follow-up
    "how lovely the new app is",  # a word of feeling
    "where is my parcel",  # a question's word, no news asked for: the corpus's complaint
    "any update on this? I have been waiting a long time for the promised refund of my order",
])
def test_a_reply_that_says_more_than_asking_is_not_made_surely_asked(text: str) -> None:
    cue = features.cues(text, features.prepare(text))[features.CUES.index("question")]
    assert cue < 1.0 or "?" in text


def test_italian_che_bello_is_praise() -> None:
    """Features v47: "che bello" (how nice) is a word of praise; the lexicon had "bellissimo"."""
    text = "che bello il nuovo menu!"
    assert count(text, "positive") == 1
    assert shipped_model().predict(text).intent == "praise"


def test_italian_wish_with_bello_stays_a_wish() -> None:
    assert count("sarebbe bello avere il tema scuro", "positive") == 0


# A review of features v45 to v47 (features v48), from a reviewer's probes written before
# anything was run (tests/data/probe_neighbours.tsv's last block): the rules' words met in
# other uses.

@pytest.mark.parametrize("text", [
    "läuft wieder extrem langsam seit heute morgen",  # how it runs: more than a status
    "Works now 🙌",  # an emoji says how the author feels
    "works now 🙄 for ten minutes",
    "works now!! you guys rock",  # a compliment
])
def test_a_status_report_that_says_how_it_went_is_no_chatter(text: str) -> None:
    assert not status_chatter(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Der Fehler ist wieder da, genauso wie letzte Woche",  # "is back" of the fault: again
    "app not working again",  # a negation before: it fails again
    "is Velora not working again",
])
def test_a_fault_back_again_still_counts_again(text: str) -> None:
    assert count(text, "again") >= 1


@pytest.mark.parametrize("text", [
    "the show won't start until 8 so grab dinner first",
    "Sale won't start until Monday",
    "I'm not starting another series until I finish this one",
    "they won't charge you for the upgrade",
    "Kasko not charging a fee this month",
    "Das Konzert startet nicht vor 20 Uhr",
    "El partido no arranca hasta las nueve",
    "Kowalski nie startuje w wyborach",
    "Maç saat 9'dan önce başlamıyor",
])
def test_a_start_put_off_or_a_fee_waived_is_no_fault(text: str) -> None:
    assert count(text, "fault") == 0


@pytest.mark.parametrize("text", [
    "update on my garden: tomatoes finally red",  # a heading, then what it says
    "Weekly digest: any news about the Velora merger",
    "status of my refund: approved",
])
def test_a_heading_with_a_phrase_of_news_is_not_surely_asked(text: str) -> None:
    assert features.cues(text, features.prepare(text))[features.CUES.index("question")] < 1.0


def test_italian_wish_with_molto_bello_stays_a_wish() -> None:
    assert count("Sarebbe molto bello avere la modalità scura nell'app", "positive") == 0


def test_you_guys_rock_is_praise() -> None:
    assert count("works now!! you guys rock", "positive") == 1
