"""A Mastodon status's language with a described picture or a poll (a senior review of
05f448af, which reads poll options and attachment descriptions as lines after the status's
text). Detection read those lines as the author's words: an English description (and the
English labels "Image description:", "Poll:") outweighed a short post in Polish or German, so
the post was read as English (its language routes, its sentiment model, its translation),
and a post too short to detect ("👍 ok") took the description's language, not the one its
server declared. Its language is its own words'; the lines beside them are not read for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.enrich import Enricher
from integrations.social.mastodon.parse import normalize_status

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def status(content: str, *, declared: str | None, alt: str | None = None,
           poll: tuple[str, ...] = ()) -> Any:
    s = json.loads((REAL / "status_edited_cw_mention_customemoji_gifv.json").read_text())
    s.update(content=f"<p>{content}</p>", spoiler_text="", language=declared)
    if alt is None:
        s["media_attachments"] = []
    else:
        s["media_attachments"][0].update(type="image", description=alt)
    s["poll"] = {"id": "1", "options": [{"title": o, "votes_count": 0} for o in poll]} \
        if poll else None
    return normalize_status(s, source="m")


ENGLISH_ALT = ("A screenshot of the mobile app's sign-in screen showing a red banner that says "
               "something went wrong, please try again later")


@pytest.mark.parametrize(("content", "declared", "expected"), [
    ("nie mogę się zalogować od rana", "pl", "pl"),
    ("seit heute früh geht die Anmeldung nicht", "de", "de"),
    ("nie mogę się zalogować od rana", None, "pl"),
])
def test_an_english_description_does_not_make_the_post_english(
        enricher: Enricher, content: str, declared: str | None, expected: str) -> None:
    m = status(content, declared=declared, alt=ENGLISH_ALT,
               poll=("works for me", "broken for me too"))
    assert "Image description: A screenshot" in m.text  # rules still read it (05f448af)
    assert enricher.facts(m).language() == expected


def test_a_post_too_short_to_detect_keeps_its_declared_language(enricher: Enricher) -> None:
    m = status("👍 ok", declared="pl", alt="a furry cube breakdancing in the rain all night")
    assert enricher.facts(m).language() == "pl"
