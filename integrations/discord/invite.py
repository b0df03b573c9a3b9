"""The invite URL that adds the bot to a server with exactly the permissions it uses.

Permissions, and why:
- View Channel: see the channels cards are posted to.
- Send Messages: post cards.
- Embed Links: cards are embeds; without it Discord strips them.
- Read Message History: edit our cards and find them again after a crash (``find``).
- Mention Everyone: a route may ping a role that is not "mentionable"; Discord delivers that ping
  only from a sender with this permission. ``allowed_mentions`` (``parse: []`` plus the route's
  own users and roles) still keeps ``@everyone``, ``@here`` and other roles in post text silent.
- Create Public Threads: each card's history thread.
- Send Messages in Threads: history notes in that thread.
Scopes: ``bot`` (join the server) and ``applications.commands`` (register ``/socialops``).

Not asked for: Add Reactions (the bot never adds a reaction; people reacting need no
permission of the bot's) and Use Application Commands (it governs members using commands;
registering them takes the ``applications.commands`` scope).
"""

from __future__ import annotations

from urllib.parse import urlencode

import discord

from bot.core.confcheck import is_snowflake

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    mention_everyone=True,
    create_public_threads=True,
    send_messages_in_threads=True,
)


def invite_url(application_id: str, *, guild_id: str | None = None) -> str:
    if not is_snowflake(application_id):  # as `check` reads the config's
        raise ValueError(f"a Discord application id is a number of 17 to 20 digits, not "
                         f"{application_id[:40]!r} (General Information -> Application ID in "
                         "the Developer Portal)")
    query = {
        "client_id": application_id,
        "permissions": str(PERMISSIONS.value),
        "scope": " ".join(SCOPES),
    }
    if guild_id:
        if not is_snowflake(guild_id):
            raise ValueError(f"a Discord server id is a number of 17 to 20 digits, not "
                             f"{guild_id[:40]!r} (in Discord, with Developer Mode on: "
                             "right-click the server -> Copy Server ID)")
        query["guild_id"] = guild_id
        query["disable_guild_select"] = "true"
    return f"{AUTHORIZE_URL}?{urlencode(query)}"
