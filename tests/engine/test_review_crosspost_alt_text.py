"""A post cross-posted from Mastodon with a picture or a poll (a senior review of 05f448af).
05f448af reads a status's poll options and attachment descriptions as lines after its text, so
rules match them; the cross-post fingerprint read them too, and the same words by the same
person on Bluesky, X or Reddit (whose alt text is not read) were no longer the Mastodon
status's cross-post: two cards for one post, as before that change one. The fingerprint is
the post's own words: a Mastodon status and its copy elsewhere are one post again."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path

from bot.core.ports import Store
from bot.engine.pipeline import fingerprint
from integrations.social.mastodon.parse import normalize_status
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness, mention

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
WORDS = "I love the new release, the sync is so much faster now"


def status(*, alt: str | None = None, poll: list[str] | None = None) -> dict[str, object]:
    raw = json.loads((REAL / "status_edited_cw_mention_customemoji_gifv.json").read_text())
    s = copy.deepcopy(raw)
    s["content"], s["spoiler_text"] = f"<p>{WORDS}</p>", ""
    s["account"]["acct"], s["account"]["display_name"] = "kasia", "Kasia :blobcat:"
    if alt is None:
        s["media_attachments"] = []
    else:
        s["media_attachments"][0].update(type="image", description=alt)
    s["poll"] = None if poll is None else {
        "id": "1", "options": [{"title": o, "votes_count": 0} for o in poll]}
    return s


async def test_a_mastodon_status_with_alt_text_and_its_bluesky_copy_are_one_post(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    toot = normalize_status(status(alt="Screenshot of the sync settings, love it"),
                            source="test")
    assert "Image description: Screenshot" in toot.text  # read for the rules, as 05f448af
    assert await h.pipeline.process(toot) is not None
    copy_ = mention("9", WORDS, network="bluesky", handle="kasia.bsky.social",
                    author_id="did:plc:k", clock=clock)
    # posted beside it, as a cross-post is (the recorded status's date is its own), by an
    # account showing her name (a server's custom emoji is no part of it)
    copy_ = copy_.model_copy(update={"created_at": toot.created_at + timedelta(minutes=2),
                                     "author": copy_.author.model_copy(
                                         update={"display_name": "Kasia 🐱"})})
    assert await h.pipeline.process(copy_) is None
    assert h.pipeline.tally.crossposts == 1


def test_the_fingerprint_is_the_posts_own_words() -> None:
    plain = normalize_status(status(), source="test")
    pictured = normalize_status(status(alt="a cat"), source="test")
    polled = normalize_status(status(poll=["yes", "no"], alt="a cat"), source="test")
    assert pictured.text != plain.text and polled.text != plain.text
    assert fingerprint(plain) is not None
    assert fingerprint(plain) == fingerprint(pictured) == fingerprint(polled)
    # a status that is only a picture has no words of its own, as before 05f448af
    only = normalize_status(status(alt="the acme app says error 500 at checkout again")
                            | {"content": ""}, source="test")
    assert only.text.startswith("Image description: ") and fingerprint(only) is None
