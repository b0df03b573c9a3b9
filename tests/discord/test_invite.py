from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.discord.invite import invite_url

# Bit positions from Discord's permissions table, written out independently of discord.py.
BITS = {"ADD_REACTIONS": 6, "VIEW_CHANNEL": 10, "SEND_MESSAGES": 11, "EMBED_LINKS": 14,
        "READ_MESSAGE_HISTORY": 16, "USE_APPLICATION_COMMANDS": 31,
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
    assert "guild_id" not in parse_qs(urlsplit(invite_url("1")).query)


@pytest.mark.parametrize("bad", ["abc", "1&scope=admin"])
def test_ids_must_be_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        invite_url(bad)
