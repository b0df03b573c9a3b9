"""Croatian, Serbian and Bosnian "zašto" beside a fault (``lexicon_why.asks_why_at_fault``),
which the dev halves of the sixth and seventh reviews' labelled files read as a question: a
reproach, a complaint, negative. The sentences were written for the class, not taken from the
files; beside them, "zašto" asking a fact with no fault in view stays a question, as
``tests/data/probe_neighbours.tsv`` labels it, and Swahili "kwa nini" beside a fault stays the
complaint ``lexicon_why`` makes it."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Zašto Zentro aplikacija stalno pada?",
    "Zašto se Zentro aplikacija ruši nakon ažuriranja?",
    "Zašto mi Zentro još nije vratio novac?",
    "Zasto Zentro ne mogu da platim karticom?",
    "Kwa nini app ya Zentro haifanyi kazi tangu jana?",
])
def test_why_beside_a_fault_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Zasto mi je racun kod Zentra veci nego prosli mesec?",
    "Zašto Zentro ima novu boju logotipa?",
])
def test_why_without_a_fault_stays_a_question(text: str) -> None:
    assert predict(text) == ("question", "neutral")
