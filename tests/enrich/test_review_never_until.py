"""A failure denied "until" it came (review of 9b5562ed, ``lexicon_plain.NEVER_FAILS``): "never
let me down" was made one phrase of praise, its word of fault no longer counted; but "Kestrel
has never let me down until this week" is a customer saying it finally did, and the shipped
model now read it as positive praise where the release before read a negative complaint (each
post below, both releases run). The phrase followed by until/till/before is no denial: the
words are counted as before the change. English only: "hasta ahora", "bis heute", "do dziś"
after the phrase mean "so far" as often as "until now"."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Kestrel has never let me down until this week",
    "Kestrel never let me down until now",
    "Kestrel has never let me down... until this week, no signal for 3 days",
    "Kestrel never failed me before today",
    "Kestrel hasn't let me down until today. Three days no internet.",
    "Kestrel never let me down till yesterday",
    "Kestrel never once let me down, until the router died",
])
def test_a_failure_denied_until_it_came_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative"), text


@pytest.mark.parametrize("text", [
    "Kestrel never fails me, fast as always",
    "Kestrel hasn't let me down yet",
    "Kestrel never let me down. Before them I had three outages a month",
])
def test_a_failure_denied_is_still_praise(text: str) -> None:
    assert predict(text)[1] == "positive", text
