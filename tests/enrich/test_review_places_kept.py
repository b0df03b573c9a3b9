"""A post's places are kept for the rules that ask again (``lexicon._places``, a performance
review: the model's cues, then ``concept_counts`` in the checks of its answer, each found
the job cuts and the verbs of disappearing afresh in the same text). What is kept is what a
fresh reading finds, for each automaton apart, whatever was read in between."""

from __future__ import annotations

from bot.enrich import features, lexicon
from bot.enrich.corpus import load_corpus

AUTOMATA = (lexicon._automaton, lexicon._cuts_automaton, lexicon._gone_automaton,
            lexicon._voice_automaton, lexicon._wish_automaton)


def test_kept_places_are_a_fresh_reading_for_each_automaton() -> None:
    texts = [features.prepare(t).text for t in (
        "acme outage again, nothing loads",
        "Acme will cut 1,200 jobs, the problem disappeared",
        "sorry to hear that, please DM us your order number",
        "would be nice if the app had a dark mode",
        "reklamacja: nie działa od wczoraj",
    )] + [features.prepare(p.text).text for p in load_corpus()[:300]]
    fresh = lexicon._places.__wrapped__
    for _ in range(2):  # the second round reads what the first kept
        for text in texts:
            for automaton in AUTOMATA:
                auto = automaton()
                assert lexicon._places(text, auto) == fresh(text, auto)


def test_kept_places_cannot_be_changed_by_a_caller() -> None:
    text = features.prepare("acme outage again, nothing loads").text
    places = lexicon._places(text, lexicon._automaton())
    assert isinstance(places, tuple) and places
    assert lexicon._places(text, lexicon._automaton()) is places
