"""``clean`` reads no more of a text than its cut can keep (a hostile-content review,
2026-12-07). It processed all of a 10 MB text (every regex, the marks, the joiners, the
blank runs) before cutting it to its 20,000 characters: about 2 s of CPU on the event loop
for one post, one name, one slash command. Now it reads ``clean_read(limit)`` characters
(four for each it may keep, and a margin: what it drops is invisible) and says the rest was
cut. A draft, which ``as_shown`` keeps whole, is refused past ``MAX_DRAFT_READ`` before any
of it is cleaned. The work is counted (the characters ``scrub``, clean's first pass, is
given), never timed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import bot.core.text as text_module
from bot.core.errors import Refusal
from bot.core.models import Author, Mention
from bot.core.text import MAX_TEXT, clean, flat, normalise

HUGE = "héllo wörld \u200b " * 700_000  # 10 MB of words and zero-width spaces


@pytest.fixture
def read() -> Iterator[list[int]]:
    """The length of every text ``clean``'s first pass (``scrub``) is given."""
    seen: list[int] = []
    real = text_module.scrub

    def counting(text: str) -> str:
        seen.append(len(text))
        return real(text)

    text_module.scrub = counting  # type: ignore[assignment]
    try:
        yield seen
    finally:
        text_module.scrub = real  # type: ignore[assignment]


def test_clean_reads_a_bound_of_a_huge_text(read: list[int]) -> None:
    out = clean(HUGE)
    assert read and max(read) <= 5 * MAX_TEXT, max(read)
    assert len(out) <= MAX_TEXT and out.endswith("…")
    assert out.startswith("héllo wörld  héllo wörld")  # the zero-width spaces dropped


def test_a_cut_read_says_it_was_cut(read: list[int]) -> None:
    """What is read holds nothing but zero-width spaces: the text is no shorter than the
    limit for that, and is marked as cut, not shown as if whole."""
    assert clean("\u200b" * 10 * MAX_TEXT + "hidden words") == "…"
    assert clean("ok " + "\u200b" * 10 * MAX_TEXT + "more") == "ok…"
    assert clean("short\u200b text") == "short text"  # a text read whole is unchanged


def test_a_mention_s_text_and_a_name_on_one_line_read_a_bound(read: list[int]) -> None:
    m = Mention(id="mastodon:1", network="mastodon", source="m", url="https://s.example/1",
                author=Author(id="1", handle="kasia"), text=HUGE,
                created_at=datetime(2026, 12, 7, tzinfo=UTC))
    assert len(normalise(m).text) <= MAX_TEXT
    assert len(flat(HUGE)) <= MAX_TEXT
    assert max(read) <= 5 * MAX_TEXT, max(read)


def test_a_huge_draft_is_refused_before_it_is_cleaned(read: list[int]) -> None:
    from handlers.approvals import draft_text

    with pytest.raises(Refusal) as refused:
        draft_text(HUGE)
    assert not read, read
    message = refused.value.message
    assert "\n" not in message and f"{len(HUGE):,} characters" in message, message


async def test_a_huge_draft_or_edit_is_refused_in_one_line(read: list[int], store: object,
                                                           clock: object) -> None:
    """Through the approvals handler on a real store: a draft (a slash command's, a form's,
    the CLI's text) and an edit of one, refused naming the text, nothing read."""
    from tests.handlers.test_publish_same_text_again import service

    class Unused:  # the account's publisher: nothing here is published
        network = "mastodon"

        async def post_problem(self, text: str) -> None:
            return None

    process = service(store, clock, Unused())  # type: ignore[arg-type]
    approval, reply = await process.draft(text=HUGE, network="mastodon", account="masto",
                                          author="alice")
    assert approval is None and not reply.ok and reply.field == "text", reply
    assert "\n" not in reply.text and "shorten it" in reply.text, reply.text
    approval, _ = await process.draft(text="We are on it", network="mastodon",
                                      account="masto", author="alice")
    assert approval is not None
    read.clear()
    edited = await process.edit(approval.id, "alice", HUGE)
    assert not edited.ok and "more than a draft may be" in edited.text, edited
    assert not read or max(read) <= 5 * MAX_TEXT
