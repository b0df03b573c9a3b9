"""What the bot may do in a Discord channel, worked out as Discord does from the server's roles
and the channel's permission overwrites (discord-api-docs topics/permissions: "Permission
Overwrites"; a thread has its parent channel's), for ``socialops check --online``: a
permission the bot lacks in a channel is named before any card is refused for it (403 code
50013, which does not say which one).

Pure: the caller reads the channel, the server and the bot's member object over REST."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.text import ascii_digits

ADMINISTRATOR = 1 << 3
# without it a member implicitly lacks every other permission in the channel (topics/
# permissions, "Implicit Permissions"): it alone is named then
VIEW_CHANNEL = 1 << 10
MANAGE_THREADS = 1 << 34
# what a card's channel needs (docs/discord.md, "What the bot asks for"), by bit
NEEDED: tuple[tuple[str, int], ...] = (
    ("Send Messages", 1 << 11),
    ("Embed Links", 1 << 14),
    ("Read Message History", 1 << 16),
    ("Create Public Threads", 1 << 35),
    ("Send Messages in Threads", 1 << 38),
)
# a card in a thread: posted with Send Messages in Threads (Send Messages does not apply
# there), its notes replies beside it (a reply needs Read Message History), no thread started
THREAD_NEEDED: tuple[tuple[str, int], ...] = (
    ("Send Messages in Threads", 1 << 38),
    ("Embed Links", 1 << 14),
    ("Read Message History", 1 << 16),
)


def _bits(value: Any) -> int:
    """A permission bit set as Discord writes it (a decimal string); 0 for anything else."""
    text = str(value)
    return int(text) if ascii_digits(text, 20) else 0


def permissions(*, channel: Mapping[str, Any], guild: Mapping[str, Any],
                member_roles: Iterable[str], user_id: str) -> int:
    """The bot's permissions in ``channel``: the server owner and an administrator have all;
    otherwise @everyone's and its roles' permissions, then the channel's overwrites for
    @everyone, for its roles (all of them together) and for the bot itself, in that order."""
    if str(guild.get("owner_id")) == user_id:
        return ~0
    guild_id = str(guild.get("id"))
    roles = {str(r.get("id")): _bits(r.get("permissions"))
             for r in guild.get("roles") or () if isinstance(r, dict)}
    mine = {str(r) for r in member_roles}
    base = roles.get(guild_id, 0)
    for role in mine:
        base |= roles.get(role, 0)
    if base & ADMINISTRATOR:
        return ~0
    overwrites = [o for o in channel.get("permission_overwrites") or () if isinstance(o, dict)]

    def apply(perms: int, chosen: list[dict[str, Any]]) -> int:
        allow = deny = 0
        for o in chosen:
            allow |= _bits(o.get("allow"))
            deny |= _bits(o.get("deny"))
        return (perms & ~deny) | allow

    perms = apply(base, [o for o in overwrites if str(o.get("id")) == guild_id])
    perms = apply(perms, [o for o in overwrites if str(o.get("id")) in mine - {guild_id}])
    return apply(perms, [o for o in overwrites if str(o.get("id")) == user_id])


def lacking(perms: int, *, thread: bool = False, locked: bool = False) -> list[str]:
    """The names of the permissions a card's channel (or ``thread``, with ``perms`` its
    parent channel's) needs that ``perms`` lacks; View Channel alone when it lacks that. A
    ``locked`` thread takes messages only from those who may manage threads."""
    if not perms & VIEW_CHANNEL:
        return ["View Channel"]
    missing = [name for name, bit in (THREAD_NEEDED if thread else NEEDED) if not perms & bit]
    if locked and not perms & MANAGE_THREADS:
        missing.insert(0, "Manage Threads (the thread is locked)")
    return missing
