from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.discord.invite import invite_url

# Bit positions from Discord's permissions table, written out independently of discord.py.
BITS = {"VIEW_CHANNEL": 10, "SEND_MESSAGES": 11, "EMBED_LINKS": 14,
        "READ_MESSAGE_HISTORY": 16, "MENTION_EVERYONE": 17,
        "CREATE_PUBLIC_THREADS": 35, "SEND_MESSAGES_IN_THREADS": 38}


def test_invite_has_exactly_the_permissions_and_scopes() -> None:
    url = urlsplit(invite_url("1000000000000000002", guild_id="1000000000000000003"))
    q = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert int(q["permissions"][0]) == sum(1 << b for b in BITS.values())
    assert q["scope"] == ["bot applications.commands"]
    assert q["client_id"] == ["1000000000000000002"]
    assert q["guild_id"] == ["1000000000000000003"]


def test_without_guild_the_user_picks_one() -> None:
    assert "guild_id" not in parse_qs(urlsplit(invite_url("1000000000000000002")).query)


@pytest.mark.parametrize("bad", ["abc", "1&scope=admin", "123", "1" * 21, "１" * 18])
def test_ids_must_be_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        invite_url(bad)


def test_invite_asks_for_nothing_the_bot_does_not_use() -> None:
    perms = int(parse_qs(urlsplit(invite_url("1000000000000000002")).query)["permissions"][0])
    assert not perms & (1 << 6), "Add Reactions: the bot never reacts"
    assert not perms & (1 << 31), "Use Application Commands: the scope registers commands"
    assert perms & (1 << 17), "Mention Everyone: pinging a non-mentionable role needs it"


def test_the_discord_page_states_the_same_bitfield() -> None:
    from pathlib import Path

    page = (Path(__file__).parents[3] / "docs/discord.md").read_text(encoding="utf-8")
    perms = parse_qs(urlsplit(invite_url("1000000000000000002")).query)["permissions"][0]
    assert f"Invite permissions (bitfield `{perms}`)" in page
