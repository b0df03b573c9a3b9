"""The praised long wait (``bot.enrich.lexicon_wait``) fuzzed with numbers written as people
write them (a fuzzing review, 2026-12-06): its clauses were cut at every comma and point, so
"me encanta esperar 1,5 horas" held "esperar 1" and "5 horas" in two clauses, neither a long
wait, and the sarcasm read as praise, where "2 horas" is a complaint. A comma, point or colon
between digits is a number's (``lexicon_charges`` cuts its clauses so for "$49.99"). And a
length of two digits was no length: digits fold one by one ("10 heures" is "00 heures") and
"0 heures" was looked for at a word's start, so "j'adore attendre 10 heures" read as praise."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.enrich.features import prepare
from bot.enrich.lexicon_wait import long_wait
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "me encanta esperar 1,5 horas al teléfono con Kestrel",
    "j'adore attendre 2,5 heures au téléphone avec Kestrel",
    "adoro aspettare 1,5 ore al telefono con Kestrel",
    "j'adore attendre 10 heures au téléphone avec Kestrel",
    "adoro aspettare 12 ore al telefono con Kestrel",
])
def test_praise_of_a_long_wait_of_any_number_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


# a wait and its length apart by a number of any spelling: the same clause
@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=1, max_value=99), part=st.integers(min_value=0, max_value=99),
       mark=st.sampled_from([",", ".", ":"]),
       said=st.sampled_from(["me encanta esperar {} horas", "j'adore attendre {} heures",
                             "love waiting {} hours", "uwielbiam czekać {} godziny",
                             "suka banget nunggu {} jam", "adoro aspettare {} ore"]))
@example(whole=1, part=5, mark=",", said="me encanta esperar {} horas")
@example(whole=1, part=10, mark=",", said="j'adore attendre {} heures")
def test_a_wait_of_any_number_of_hours_is_a_long_wait(whole: int, part: int, mark: str,
                                                   said: str) -> None:
    assert long_wait(prepare(said.format(f"{whole}{mark}{part}")).text)
    assert long_wait(prepare(said.format(whole)).text)
