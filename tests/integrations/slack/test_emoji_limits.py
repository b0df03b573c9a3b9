"""Slack's limits with text made of emoji. Slack says "characters" and never in which unit;
a character past U+FFFF (most emoji) is 1 code point but 2 UTF-16 code units, so socialops
measures in UTF-16 units (``bot.core.text.utf16_len``), the larger, and the fake counts in them
too: a card, a thread line or an answer of emoji at every limit is still taken. Measured in
code points, a 150-emoji header was 300 units, a 3,000-emoji section 6,000."""

from __future__ import annotations

from bot.core.cards import Button, Card, CardField
from bot.core.text import utf16_len
from integrations.slack.escape import cut, plain, plain_cut
from integrations.slack.render import MAX_CARD_TEXT, render_card, render_text, text_size
from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import FakeSlack, block_errors

CH = "C111"
EMOJI = "\U0001F525"  # 🔥: 1 code point, 2 UTF-16 code units


def test_the_fake_counts_utf16_code_units() -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": EMOJI * 75}}
    assert block_errors([header]) == []
    header["text"]["text"] = EMOJI * 76  # 76 code points, 152 units
    assert block_errors([header]) == ["must be less than 151 characters "
                                      "[json-pointer:/blocks/0/text/text]"]


def test_the_cut_functions_measure_utf16_code_units() -> None:
    assert utf16_len(plain(EMOJI * 200, 150)) <= 150
    body, was_cut = plain_cut(EMOJI * 5_000, 3_000)
    assert was_cut and utf16_len(body) <= 3_000 and body.endswith("…")
    assert utf16_len(cut(EMOJI * 5_000, 3_000)) <= 3_000
    assert utf16_len(cut("a" + EMOJI * 100, 10)) <= 10  # no half of a surrogate pair
    assert plain(EMOJI * 75, 150) == EMOJI * 75  # what fits is not cut


def emoji_card() -> Card:
    buttons = tuple(Button(action="claim", label=EMOJI * 75, target=f"T-{n}") for n in range(5))
    return Card(kind="alert", key="K-1", title=EMOJI * 400, text=(EMOJI * 9 + " ") * 2_000,
                url="https://example.com/post/1", network="x", network_name=EMOJI * 40,
                author=EMOJI * 200, author_url="https://example.com/u",
                badges=tuple(EMOJI * 60 for _ in range(20)), route=EMOJI * 120,
                status=EMOJI * 80,
                fields=tuple(CardField(name=EMOJI * 100, value=EMOJI * 3_000)
                             for _ in range(10)),
                footer=EMOJI * 5_000, buttons=buttons)


async def test_a_card_of_emoji_at_every_limit_is_accepted(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    message = render_card(emoji_card())
    assert block_errors(message.blocks) == []
    assert text_size(message.blocks) <= MAX_CARD_TEXT
    [header] = [b for b in message.blocks if b["type"] == "header"]
    assert 140 <= utf16_len(header["text"]["text"]) <= 150  # cut, and to the limit
    ref = await slack_ws.post(CH, emoji_card())
    assert fake_slack.message(CH, ref.message_id) is not None


async def test_a_thread_line_and_an_answer_of_emoji_are_accepted(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    lines = "\n".join(EMOJI * 50 for _ in range(400))  # 20,000 emoji, 40,400 units
    for text in (EMOJI * 20_000, lines):
        message = render_text(text)
        assert block_errors(message.blocks) == []
        assert text_size(message.blocks) <= MAX_CARD_TEXT
        assert utf16_len(message.text) <= 40_000
    ref = await slack_ws.post(CH, Card(kind="ticket", key="T-1", title="t"))
    await slack_ws.post_text(CH, EMOJI * 20_000, thread_ts=ref.message_id)
    assert len(fake_slack.messages[CH]) == 2
