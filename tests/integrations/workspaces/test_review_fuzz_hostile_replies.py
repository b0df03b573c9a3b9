"""Every answer (``why``, a subscription's confirmation, a list, a refusal quoting what was
typed, a ticket's history) reaches chat as a ``Reply``, rendered by one function per platform:
Slack's ``render_text`` and Discord's ``reply_payload``. Text drawn from pieces of hostile
input (Slack's ``<!channel>``, ``<!here|x>``, ``<@U…>``, ``<#C…|x>``, ``<!subteam^…>``,
Discord's ``@everyone``, ``<@&…>``, ``<@!…>``, masked links, invisible and bidi characters, a
lone surrogate, NUL, fullwidth ＠) and of any text, each read back as the platform shows it
(``slack_view``, ``discord_view``): no ping, no link, no formatting, every limit kept.
Derandomized: the same draws on every run."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.cards import Reply
from integrations.discord.inbound import reply_payload
from integrations.slack.render import render_text
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.test_slack_contract import slack_view

PIECES = ["<!channel>", "<!here|x>", "<@U123>", "<#C1|x>", "<!subteam^S1>", "<!everyone>",
          "@everyone", "@here", "<@&123456789012345678>", "<@!123456789012345678>",
          "<@123456789012345678>", "\u200b@everyone", "\uff20everyone", "@\u00adhere",
          "[https://bank.com](https://evil.example)", "<https://evil.example|bank>",
          "https://evil.example/x", "**bold**", "__u__", "~~s~~", "||spoiler||", "`code`",
          "```\nblock\n```", "> quote", "# heading", "-# small", "- item", "1. item",
          "*it*", "_it_", "&amp;", "&lt;!channel&gt;", "\\", "\\@everyone", "\ud800", "\x00",
          "\u202e", "\u2066", "\u2069", "\u200f", "\n", " ", "\t", "<t:1:R>", "</cmd:1>",
          "<:e:1>", ":smile:", "\U0001F469\u200d\U0001F4BB", "e\u0301", "\u2800", "\u3164"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
                 max_size=40).map("".join)
# answers of every length, up to past both platforms' whole message
LONG = st.tuples(TEXTS, st.sampled_from([0, 1, 2_000, 12_000, 40_000])).map(
    lambda t: t[0] + ("<!channel> @everyone " * (t[1] // 21)))


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=LONG)
def test_an_answer_pings_links_and_formats_nothing_on_slack(text: str) -> None:
    msg = render_text(text)
    shown = slack_view({"text": msg.text, "blocks": msg.blocks})
    assert shown.problems == ()
    assert shown.pings == frozenset()
    assert shown.links == frozenset()
    assert shown.styles == ()


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=LONG)
def test_an_answer_pings_links_and_formats_nothing_on_discord(text: str) -> None:
    body = reply_payload(Reply(text=text))
    assert body["allowed_mentions"] == {"parse": []}
    shown = discord_view({"content": body["content"]},
                         allowed_mentions=body["allowed_mentions"])
    assert shown.problems == ()
    assert shown.pings == frozenset()
    assert shown.links == frozenset()
    assert shown.styles == ()
