"""A customer's tip to other customers reads ``other`` and not negative (``lexicon_tips``,
through ``model.rule_takes``): a tip names the fault it works around or the good it does, and
the model, whose corpus has no tip, read such posts as complaints or praise. The sentences
were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon_tips import peer_tip
from bot.enrich.model import rule_takes, shipped_model


@pytest.mark.parametrize("text", [
    "Pro tip for anyone with an Acme router: if the light blinks red, unplug it for 30 seconds,"
    " it never fails",
    "Tipp für alle mit Acme-Karte: Das Limit lässt sich in der App ändern, ohne Anruf bei der"
    " Hotline.",
    "Dica pra quem tem conta na Acme: o cartão virtual resolve quando o físico é recusado",
    "Consiglio per chi ha la fibra Acme: se cade la linea, riavviate il modem dall'app",
    "Συμβουλή για όσους έχουν Acme: αν η εφαρμογή κολλάει, αδειάστε την προσωρινή μνήμη.",
    "Patarimas Acme klientams: jei programėlė neveikia, išvalykite talpyklą.",
    "@mila_k clear the app's cache and log in again, that fixed it for me",
    "@pablo_r borra la app de Acme y vuelve a instalarla, así se arregló",
])
def test_a_tip_to_other_customers_is_other_and_not_negative(text: str) -> None:
    prediction = shipped_model().predict(text)
    assert prediction.intent == "other" and prediction.polarity != "negative", prediction


@pytest.mark.parametrize("text", [
    "@acme had the same outage again today",  # "the same" told to the company
    "Tip: why does Acme charge a fee for every transfer?",  # a question in the head
    "My tip for Acme management after three weeks without a working line: hire people",  # long
    "Acme is down again: third time this week",  # no word of a tip
    "worked for me until the update, now it crashes",  # no handle: a customer's own post
])
def test_what_is_no_tip_is_left_to_the_model(text: str) -> None:
    prepared = prepare(text)
    assert not peer_tip(prepared.text, handles=prepared.handles)


def test_a_tip_with_a_link_is_left_to_the_model() -> None:
    prepared = prepare("Tip for Acme users: the fix is here https://example.com/fix")
    assert peer_tip(prepared.text, handles=prepared.handles)
    assert not rule_takes(prepared)


@pytest.mark.parametrize("text", [
    "Tip: don't fly Brunnet, they lost my bag twice and never answered",
    "Pro tip: avoid Acme at all costs, they charged me twice and refuse a refund",
    "Hint: your app is broken again",
    "Tip for everyone: cancel your Acme subscription before they raise prices again, total scam",
    "Consejo: no compren en Tiendix, me estafaron",
    "@acme worked for me yesterday but today it crashes every time, fix it",
])
def test_a_warning_to_other_customers_is_still_a_complaint(text: str) -> None:
    """A tip's head on a warning ("Tip: don't fly Brunnet, they lost my bag") is a complaint
    told to other customers, and "worked for me" told to the company with a fault after it is
    one too: the model reads them as strongly negative, and the tip rule leaves those to it
    (``TIP_NEGATIVE``). The sentences were written for this test."""
    prediction = shipped_model().predict(text)
    assert prediction.intent == "complaint" and prediction.polarity == "negative", prediction


@pytest.mark.parametrize("text", [
    "@ana_r a mí me sirvió reinstalar la app, ahora va más rápido",  # más folds to mas
    "@rui_m limpa o cache e entra de novo, funcionou pra mim, e fica mais rápido",  # more
    "@piet_v log opnieuw in via de website, werkte bij mij, tot nu toe geen problemen meer",
    "@ivan_k у меня помогло обновить приложение до последней версии",  # до: to the version
    "@ola_k u mnie zadziałało: aplikacja ma opcję resetu w ustawieniach",  # Polish ma: has
    "@jonas_b hat bei mir geholfen: App bis zur neuesten Version aktualisieren",
    "@budi_s hapus cache lalu login lagi, berhasil buat aku sampai sekarang",  # until now
])
def test_a_turn_word_in_its_other_sense_leaves_a_tip_a_tip(text: str) -> None:
    """A turn word after "worked for me" has other senses in the tip languages (Spanish "más"
    folded to "mas", Portuguese "mais" more, Dutch "tot nu toe" so far, Russian "до" to a
    version, Polish "ma" has, German "bis zur", Indonesian "sampai sekarang"): a turn hands
    the reply to the model only when the model reads it surely negative (``TIP_NEGATIVE``),
    as a tip's head does. The sentences were written for this test."""
    prediction = shipped_model().predict(text)
    assert prediction.intent == "other" and prediction.polarity != "negative", prediction
