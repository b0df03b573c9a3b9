"""Languages the dev half of ``tests/fixtures/enrich_review10_labelled.jsonl`` (2026-12-07)
named wrong, each class with sentences written for it, not taken from the file: Serbian and
Croatian told by how they spell "at all", "we would like" and "luggage" (ekavian "uopšte",
"hteli", "prtljag"; Croatian "uopće", "htjeli", "prtljaga"), Galician by "dous", "quen",
"algunha", "liña", "móbil", "pechar", Slovak by "prišiel", "vôbec", "aplikácia", Catalan by
"mòbil", "vespre", "està", "malament", Malay by "teruk" and Indonesian's "biaya", "tutup"."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    ("Hteli smo da platimo račun ali sajt ne radi", "sr"),
    ("Usluga uopšte nije dobra, čekam satima", "sr"),
    ("Izgubili su mi prtljag na letu za Beograd", "sr"),
    ("Htjeli smo platiti račun, ali stranica ne radi", "hr"),
    ("Usluga uopće nije dobra, čekam satima", "hr"),
    ("Opet je prtljaga izgubljena", "hr"),
    ("Levou dous meses e ninguén me respondeu", "gl"),
    ("Con quen teño que falar para cambiar a liña?", "gl"),
    ("O móbil apagouse e ninguén me axuda", "gl"),
    ("Zamestnanec mi vôbec nepomohol", "sk"),
    ("Balík prišiel rozbitý, čo teraz?", "sk"),
    ("Aplikácia sa stále zasekáva", "sk"),
    ("El mòbil s'apaga cada vespre", "ca"),
    ("No està malament el servei d'aquí", "ca"),
    ("Perkhidmatan ni teruk betul", "ms"),
    ("Berapa biaya kirim paket ke Medan?", "id"),
])
def test_the_words_that_tell_a_language(detector: LanguageDetector, text: str,
                                        language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    ("Quanto custa o pacote de dois meses?", "pt"),
    ("¿Con quién tengo que hablar para cambiar la línea?", "es"),
    ("Balík přišel rozbitý, co teď?", "cs"),
    ("Aplikace se pořád zasekává", "cs"),
    ("Ta aplikacja w ogóle nie działa", "pl"),
    ("El móvil se apaga cada noche", "es"),
    ("Está tudo bem com o meu celular", "pt"),
])
def test_the_neighbours_keep_their_language(detector: LanguageDetector, text: str,
                                            language: str) -> None:
    assert detector.detect(text)[0] == language
