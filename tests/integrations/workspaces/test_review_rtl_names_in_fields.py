"""Right-to-left authors' names in a card's fields are isolated (FSI ... PDI) too, on Slack and
Discord, as the title's and the author line's are (test_rtl_author_isolated.py).

A spike card's Authors field is "name count, name count": unisolated, an Arabic or Hebrew name
took the count after it and the names after that into its run. Laid out by the Unicode
Bidirectional Algorithm (checked with python-bidi 0.6.12, the unicode-bidi crate),
"@kasia 11, @محمد 5, @علي 3, @bob 2" shows as (visual order, left to right)
"@kasia 11, @3 يلع@ ,5 دمحم, @bob 2": the counts change sides and the "@" of one name stands
at the other. Isolated, each name keeps its count after it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.core.cards import Card, CardField
from bot.core.text import FSI, PDI, right_to_left_names
from bot.enrich.bursts import Driver, breakdown
from bot.enrich.spikes import Spike
from handlers.spikes import spike_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ARABIC, HEBREW = "محمد", "שרה"


def _card(first: str = ARABIC, second: str = HEBREW) -> Card:
    origins = ([(5, "kasia", "pl", "Mastodon")] * 11 + [(5, first, "ar", "Mastodon")] * 5
               + [(5, second, "he", "Bluesky")] * 3 + [(5, "bob", "en", "Bluesky")] * 2)
    return spike_card(Spike(kind="route", key="mentions", window_start=T0, window_minutes=10,
                            count=21, usual=1.2, top_terms=("awaria",),
                            samples=("acme awaria",), mean_sentiment=-0.5,
                            made_of=breakdown(origins, oldest=0, count=21)))


def _discord_authors(card: Card) -> str:
    fields = discord_render(card).embed.to_dict()["fields"]
    return next(f["value"] for f in fields if f["name"] == "Authors")


def _slack_authors(card: Card) -> str:
    for block in render_card(card).blocks:
        cells = block.get("fields") or []
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            if "Authors" in label["text"]:
                return str(value["text"])
    raise AssertionError("no Authors field")


@pytest.mark.parametrize("shown", [_discord_authors, _slack_authors],
                         ids=["discord", "slack"])
def test_each_right_to_left_author_in_the_authors_field_is_isolated(shown: object) -> None:
    value = shown(_card())  # type: ignore[operator]
    assert f"{FSI}\\@{ARABIC}{PDI} 5" in value or f"{FSI}@{ARABIC}{PDI} 5" in value, value
    assert f"{FSI}\\@{HEBREW}{PDI} 3" in value or f"{FSI}@{HEBREW}{PDI} 3" in value, value
    assert value.count(FSI) == value.count(PDI) == 2
    assert "kasia 11" in value and f"{FSI}@kasia" not in value  # a left-to-right name as it is


@pytest.mark.parametrize("shown", [_discord_authors, _slack_authors],
                         ids=["discord", "slack"])
def test_an_authors_own_isolate_markers_and_bidi_controls_are_not_kept(shown: object) -> None:
    # a name holding the noncharacters a renderer turns into isolates, and bidi controls
    value = shown(_card("\ufdd0" + ARABIC, "\u202e" + HEBREW + "\u2069"))  # type: ignore[operator]
    assert "\ufdd0" not in value and "\ufdd1" not in value
    assert not set(value) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
    assert value.count(FSI) == value.count(PDI)


@pytest.mark.parametrize("shown", ["discord", "slack"])
def test_the_author_of_the_post_a_spike_answers_is_isolated_in_why(shown: str) -> None:
    spike = Spike(kind="route", key="mentions", window_start=T0, window_minutes=10, count=6,
                  usual=1.2, top_terms=(), samples=("x",), mean_sentiment=None,
                  driver=Driver(kind="post", target="mastodon:1", n=5, posts=6,
                                url="https://m.example/@a/1", author=ARABIC))
    card = spike_card(spike)
    if shown == "discord":
        why = next(f["value"] for f in discord_render(card).embed.to_dict()["fields"]
                   if f["name"] == "Why")
    else:
        why = next(b for b in render_card(card).blocks if b.get("fields"))["fields"][1]["text"]
    assert f"by {FSI}\\@{ARABIC}{PDI}\\:" in why or f"by {FSI}@{ARABIC}{PDI}:" in why, why


@pytest.mark.parametrize("shown", ["discord", "slack"])
def test_a_networks_markers_in_any_field_become_no_isolate(shown: str) -> None:
    # the noncharacters a renderer turns into isolates, sent in a field naming nobody
    card = Card(kind="alert", key="k", title="t", text="x",
                fields=(CardField(name="In reply to", value="\ufdd0a\ufdd1 b \ufdd0c"),))
    if shown == "discord":
        value = discord_render(card).embed.to_dict()["fields"][-1]["value"]
    else:
        value = next(b for b in render_card(card).blocks if b.get("fields"))["fields"][1]["text"]
    assert not set(value) & {FSI, PDI, "\ufdd0", "\ufdd1"}, value


def test_a_field_naming_nobody_right_to_left_is_stored_as_before() -> None:
    """A card queued by this release is read by the release before (a rollback with cards in
    the outbox): a field without right-to-left names is written without ``names``."""
    plain = CardField(name="Authors", value="@kasia 11, @bob 5",
                      names=right_to_left_names(["@kasia", "@bob"]))
    assert "names" not in plain.to_json()
    mixed = CardField(name="Authors", value="@kasia 11, @محمد 5",
                      names=right_to_left_names(["@kasia", "@محمد"]))
    assert json.loads(mixed.to_json())["names"] == ["@محمد"]
    assert CardField.from_json(mixed.to_json()) == mixed
