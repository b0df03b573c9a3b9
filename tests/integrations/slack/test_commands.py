"""bot.core.commands: the /socialops text syntax shared by Slack, Discord and the console.
(Lives beside the Slack tests because Slack is its first caller.)"""

from __future__ import annotations

import pytest

from bot.core.commands import USAGE, CommandError, ParsedCommand, help_text, parse_command


def interaction_of(line: str):  # type: ignore[no-untyped-def]
    return parse_command(line).interaction(workspace="acme", channel="C1", user="U1")


@pytest.mark.parametrize(
    ("line", "action", "target", "args"),
    [
        ("claim T-3", "claim", "T-3", ()),
        ("CLAIM t-3", "claim", "T-3", ()),
        ("unclaim T-3", "unclaim", "T-3", ()),
        ("resolve T-3", "resolve", "T-3", ()),
        ("reopen T-3", "reopen", "T-3", ()),
        ("snooze T-3 2h", "snooze", "T-3", ("2h",)),
        ("snooze T-3", "snooze", "T-3", ()),
        ("reply T-3 Sorry,  we are on it!", "reply", "T-3", ("Sorry,  we are on it!",)),
        ("approve A-1", "approve", "A-1", ()),
        ("edit A-1 new text here", "edit", "A-1", ("new text here",)),
        ("unsubscribe S-4", "unsubscribe", "S-4", ()),
        ("mute S-4 30m", "mute", "S-4", ("30m",)),
        ("mute S-4 1d launch week, expected noise", "mute", "S-4",
         ("1d", "launch week, expected noise")),
        ("mute outage-route 2h", "mute", "outage-route", ("2h",)),
        ("explain mastodon:109", "explain", "mastodon:109", ()),
        ("explain https://bsky.app/profile/x/post/1", "explain",
         "https://bsky.app/profile/x/post/1", ()),
        ("explain why is this so slow", "explain", "why is this so slow", ()),
        ("list", "list", None, ()),
        ("status", "status", None, ()),
        ("help", "help", None, ()),
        ("   ", "help", None, ()),
    ],
)
def test_verbs(line: str, action: str, target: str | None, args: tuple[str, ...]) -> None:
    i = interaction_of(line)
    assert (i.action, i.target, i.args, i.via) == (action, target, args, "command")
    assert (i.workspace, i.channel, i.user) == ("acme", "C1", "U1")


def test_unclaim_can_hand_over() -> None:
    i = interaction_of("unclaim T-3 to=bo")
    assert (i.action, i.target, i.options) == ("unclaim", "T-3", {"to": "bo"})
    with pytest.raises(CommandError, match="to=<person id>"):
        parse_command("unclaim T-3 bo")


def test_approve_carries_the_hash_of_the_text() -> None:
    i = interaction_of("approve A-1 3F2A9C1B0D4E5F60")
    assert (i.action, i.target, i.args, i.options) == (
        "approve", "A-1", (), {"sha256": "3f2a9c1b0d4e5f60"})
    assert interaction_of("approve A-1").options == {}  # answered with the text to confirm
    for bad in ("approve A-1 3f2a9c", "approve A-1 not-a-hash-at-all", "approve A-1 abc def"):
        with pytest.raises(CommandError, match="content sha256"):
            parse_command(bad)


def test_a_lone_surrogate_never_leaves_the_parser() -> None:
    i = interaction_of("reply T-3 sorry \ud83d we are on it\u2028really")
    assert i.args == ("sorry \ufffd we are on it\nreally",)


def test_reject_carries_the_comment() -> None:
    i = interaction_of("reject A-1 Not our tone; see the guide")
    assert (i.target, i.comment) == ("A-1", "Not our tone; see the guide")


def test_draft_keeps_network_account_and_text() -> None:
    i = interaction_of("draft Mastodon brand-main Hello (world) \"quoted\"")
    assert i.target is None
    assert i.args == ("mastodon", "brand-main", 'Hello (world) "quoted"')


@pytest.mark.parametrize(
    ("line", "query", "options"),
    [
        ('subscribe "new york" AND (outage OR down) NOT test',
         '"new york" AND (outage OR down) NOT test', {}),
        ("subscribe acme digest=Daily lang=EN,pl sentiment<-0.3 sentiment>-0.9", "acme",
         {"digest": "daily", "lang": "en,pl", "sentiment<": "-0.3", "sentiment>": "-0.9"}),
        ("subscribe digest=hourly acme outage", "acme outage", {"digest": "hourly"}),
        ('subscribe "lang=en is a phrase" x', '"lang=en is a phrase" x', {}),
        ("subscribe “smart quotes” OR foo", '"smart quotes" OR foo', {}),
        ("subscribe café OR 東京 lang=ja", "café OR 東京", {"lang": "ja"}),
    ],
)
def test_subscribe(line: str, query: str, options: dict[str, str]) -> None:
    parsed = parse_command(line)
    assert parsed == ParsedCommand(action="subscribe", args=(query,), options=options)
    assert interaction_of(line).options == options


@pytest.mark.parametrize(
    ("line", "reason", "usage_of"),
    [
        ("frobnicate", "unknown command", None),
        ("claim", "needs an id", "claim"),
        ("claim banana", "is not an id", "claim"),
        ("claim T-3 now", "takes only an id", "claim"),
        ("snooze T-3 later", "bad duration", "snooze"),
        ("mute S-1", "duration", "mute"),
        ("mute S-1 forever", "duration", "mute"),
        ("reply T-3", "needs the text", "reply"),
        ("reject A-1", "needs a comment", "reject"),
        ("draft mastodon main", "network, an account and the text", "draft"),
        ("subscribe", "needs a query", "subscribe"),
        ("subscribe lang=en", "needs a query", "subscribe"),
        ('subscribe "open quote', "quote is not closed", "subscribe"),
        ("subscribe (a OR b", "parentheses", "subscribe"),
        ("subscribe a) OR (b", "parentheses", "subscribe"),
        ("subscribe x digest=fortnightly", "hourly, daily or weekly", "subscribe"),
        ("subscribe x lang=english!", "language codes", "subscribe"),
        ("subscribe x sentiment<-3", "from -1 to 1", "subscribe"),
        ("subscribe x sentiment<abc", "from -1 to 1", "subscribe"),
        ("list everything", "takes no arguments", "list"),
        ("explain", "say what to explain", "explain"),
        ("x" * 5_000,
         "longer than 4,000 characters, the most a chat command carries; shorten", None),
    ],
)
def test_errors_carry_reason_and_usage(line: str, reason: str, usage_of: str | None) -> None:
    with pytest.raises(CommandError) as info:
        parse_command(line)
    assert reason in info.value.reason
    if usage_of:
        assert info.value.usage == USAGE[usage_of]
        assert str(info.value).endswith("usage: " + USAGE[usage_of])


def test_help_lists_every_verb() -> None:
    text = help_text()
    for usage in USAGE.values():
        assert usage in text
