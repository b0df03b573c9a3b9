"""A brand's name is read as words of a language: lingua, asked about the whole post, gave a
post naming a company the name's language. With no function word backing its answer, the
post's words without its names are read again (bot.enrich.language._unnamed). The posts are
not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    # lingua on the whole post: German 1.0, Dutch 1.0, Polish 0.79, German 0.57
    ("Wettstein Versicherung never answers emails", "en"),
    ("Groenewegen Taxi never showed up", "en"),
    ("Kowalczyk Media fixed my issue fast", "en"),
    ("Fenwick Rail treno cancellato ancora", "it"),
    # mostly common English words once the names are left out: Turkish 0.69, Icelandic
    ("Acme is hiring in Paris", "en"),
    ("Dekker Vision refund still pending", "en"),
    # the regular forms of a common English word are common English words: French 0.56,
    # Swedish 0.90 ("prices" and "shares" were not among them)
    ("Acme raises prices again", "en"),
    ("Acme shares drop after outage", "en"),
    # "falls" and "stock" are German words too (lingua: German 0.76)
    ("Acme stock falls 5%", "en"),
    # the words of news (2026-12-05): Dutch 0.90, Portuguese 0.72
    ("Acme fined $2M over data breach", "en"),
    ("Acme data center outage", "en"),
    # people's names in news and thanks, the post's other words common English ones
    # (2026-12-05): Estonian 0.83, French 0.55, Dutch 1.0 with "ø", Polish 1.0 with "ó",
    # Polish 0.67 with "ć", Dutch 0.90 with "ö"
    ("Acme names Maria Lopez head of European sales", "en"),
    ("Acme revenue up 12%", "en"),
    ("Acme CEO Henrik Søndergaard steps down", "en"),
    ("Acme taps Tomasz Wójcik to lead Polish unit", "en"),
    ("Acme's new ad features Zlatan Ibrahimović", "en"),
    ("Acme's Ingrid Bergström talks AI at SXSW", "en"),
])
def test_a_name_does_not_name_the_language(detector: LanguageDetector, text: str,
                                           language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    # a name in letters beyond ASCII tells its language: not left out
    ("Türk Telekom modem yine bozuldu", "tr"),
    ("Śnieżka Kurier zgubił paczkę", "pl"),
    # German writes its nouns capitalised: what is left is still German
    ("Die Lieferung von Paketblitz kam wieder zu spät", "de"),
    ("Paketblitz Lieferung verspätet seit Montag", "de"),
    ("Kundenservice von Telewelle antwortet nie", "de"),
    # English's words among a Dutch post's, names aside: still Dutch
    ("Zentrix app is echt traag", "nl"),
    ("Hallo Zentrix app werkt niet", "nl"),
    ("falls jemand weiß warum Acme nicht geht", "de"),
    ("de server van Acme ligt eruit", "nl"),
    ("Acme heeft een nieuwe CEO", "nl"),
    ("Neuer Job bei Acme, mega happy", "de"),
    ("Il customer care di Acme è pessimo", "it"),
    # a function word backs lingua: asked once
    ("my refund from Zorblatt is late", "en"),
])
def test_names_that_say_the_language_or_a_backed_answer_stay(detector: LanguageDetector,
                                                             text: str, language: str) -> None:
    assert detector.detect(text)[0] == language
