"""Which Slack workspaces a request may come from: the one the bot's token belongs to.

The signing secret is the app's, not a workspace's: an app with public distribution, or one
installed in several workspaces of an Enterprise Grid org, receives correctly signed requests
from every workspace it is installed in, at the same request URL. socialops holds one bot token
and acts in that token's workspace, so a request from any other workspace is refused: without
this, a person of another workspace could claim, resolve or approve this workspace's tickets.

The bot's own installation is what ``auth.test`` says of its token (``team_id``,
``enterprise_id``, ``is_enterprise_install``; docs.slack.dev/reference/methods/auth.test). The
workspace a request is for is read as bolt reads it to pick an installation's token
(``slack_bolt.request.internals.extract_team_id`` / ``extract_enterprise_id``): a slash
command's ``team_id`` and ``enterprise_id``, an interaction's ``team.id`` (``user.team_id``
when ``team`` is null, as on an org-wide install) and ``enterprise.id`` or
``team.enterprise_id``, a view's ``app_installed_team_id``, and an event's
``authorizations[0]`` before its top-level ``team_id``. ``authorizations`` names the
installation an event is delivered for, which keeps events from a shared (Slack Connect)
channel, delivered for this installation, accepted.

An org-wide install (``is_enterprise_install: true``) is one token for every workspace of the
org it is added to: "your app's token now can represent installations in many workspaces" and
events carry "is_enterprise_install ... to indicate that the event is being sent to an
organization-wide installation" (api.slack.com/enterprise/apps/changes-apis; the sample
``oauth.v2.access`` answer of api.slack.com/enterprise/apps/reference has ``"team": null`` and
the org's ``enterprise.id``). So with an org token a request from any workspace of the same
``enterprise_id`` is ours; with a workspace token (a Grid workspace's included) only the
token's own ``team_id`` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# the one line a person of another workspace reads; it names neither workspace
REFUSED = ("socialops is not set up for this Slack workspace: this request was not acted on. "
           "Ask the admin of the workspace that runs it.")
# the same, where a select menu shows it: an option's text holds at most 75 characters
REFUSED_OPTION = "socialops is not set up for this Slack workspace"


@dataclass(frozen=True)
class Installation:
    """Where the bot's token acts (from ``auth.test``)."""

    team_id: str | None
    enterprise_id: str | None
    org_wide: bool

    @classmethod
    def of(cls, auth_test: dict[str, Any]) -> Installation:
        return cls(team_id=_id(auth_test.get("team_id")),
                   enterprise_id=_id(auth_test.get("enterprise_id")),
                   org_wide=auth_test.get("is_enterprise_install") is True)

    def refuses(self, *, team_id: str | None, enterprise_id: str | None) -> str | None:
        """Why a request for workspace ``team_id`` (of org ``enterprise_id``) is not this
        installation's (a word of ours: a metric label), or None when it is."""
        if self.org_wide and self.enterprise_id is not None:
            if _id(enterprise_id) == self.enterprise_id:
                return None
            return "another_org" if _id(enterprise_id) else "no_org"
        if self.team_id is None:
            return "own_workspace_unknown"  # auth.test named none: nothing is known to be ours
        if _id(team_id) is None:
            return "no_workspace"
        return None if team_id == self.team_id else "another_workspace"


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


__all__ = ["REFUSED", "REFUSED_OPTION", "Installation"]
