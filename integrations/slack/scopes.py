"""The bot token scopes socialops uses: slack-manifest.yml asks for exactly these (each line
there says why; tests/integrations/slack/test_manifest.py holds the two equal), and
``socialops check --online`` names any the installed app lacks."""

from __future__ import annotations

BOT_SCOPES = ("chat:write", "commands", "reactions:read", "channels:history", "groups:history",
              "channels:read", "groups:read", "users:read", "users:read.email", "usergroups:read")

# Without these the bot does all it does, one way slower: users:read.email (which workspace
# admins often hold back) only lets `link <email>` link at once; without it an admin confirms
# each link (docs/workflows.md); usergroups:read only lets an escalation notice say that a
# user group it pings is disabled or empty (without it the group is pinged as before). An app
# lacking only these is told so, and nothing fails on it.
OPTIONAL_SCOPES = {"users:read.email": "`link <email>` asks an admin to confirm each link "
                                       "instead of linking at once",
                   "usergroups:read": "an escalation notice cannot say when a user group it "
                                      "pings is disabled or has no members"}


def scopes_lacking(header: str | None) -> list[str]:
    """The scopes of ``BOT_SCOPES`` that an answer's ``X-OAuth-Scopes`` header (the token's
    scopes, comma-separated, as Slack sends it with every answer to a token) does not list, in
    the manifest's order. None (no header: a server that does not say) lacks nothing, nor
    does a header that names no scope (blanked by a proxy: a bot token holds at least one)."""
    held = {s.strip() for s in (header or "").split(",")} - {""}
    if not held:
        return []
    return [s for s in BOT_SCOPES if s not in held]
