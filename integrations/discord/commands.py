"""The ``/socialops`` application command: its registration payload (one subcommand per verb,
the same verbs as Slack and the console) and the translation of a used command back into the
shared text syntax of ``bot.core.commands``, so validation and usage messages are identical on
every platform.

Options are typed where Discord can help (choices for digest and network, a number for
sentiment); free text (queries, replies, comments) stays a string and is parsed by
``parse_command`` exactly as a typed line would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.commands import USAGE, ParsedCommand, parse_command
from bot.core.models import NETWORKS

COMMAND_NAME = "socialops"
STRING, NUMBER = 3, 10  # application command option types
SUB_COMMAND = 1
DESCRIPTION_LIMIT = 100


@dataclass(frozen=True)
class Opt:
    name: str
    description: str
    required: bool = True
    kind: int = STRING
    prefix: str | None = None  # keyed options become "<prefix><value>", e.g. "digest=hourly"
    choices: tuple[str, ...] = ()


_TICKET = Opt("ticket", "Ticket id, e.g. T-12")
_APPROVAL = Opt("approval", "Approval id, e.g. A-3")
_DURATION = Opt("duration", "How long: 30m, 2h or 1d")

VERBS: dict[str, tuple[Opt, ...]] = {
    "subscribe": (
        Opt("query", 'Keywords or a boolean query, e.g. "new york" AND outage'),
        Opt("digest", "Collect matches into a digest", False, prefix="digest=",
            choices=("hourly", "daily")),
        Opt("lang", "Only these languages, e.g. en,pl", False, prefix="lang="),
        Opt("sentiment_below", "Only posts more negative than this (-1..1)", False, NUMBER,
            prefix="sentiment<"),
        Opt("sentiment_above", "Only posts more positive than this (-1..1)", False, NUMBER,
            prefix="sentiment>"),
    ),
    "unsubscribe": (Opt("subscription", "Subscription id, e.g. S-2"),),
    "list": (),
    "mute": (
        Opt("target", "Subscription id (S-2) or route name"),
        _DURATION,
        Opt("reason", "Why (shown in list and audit)", False),
    ),
    "explain": (Opt("what", "A mention id, a post URL or some text"),),
    "status": (),
    "help": (),
    "claim": (_TICKET,),
    "unclaim": (_TICKET,),
    "resolve": (_TICKET,),
    "reopen": (_TICKET,),
    "snooze": (_TICKET, Opt("duration", "How long: 30m, 2h or 1d (default 1h)", False)),
    "reply": (_TICKET, Opt("text", "Your reply; it goes through approval")),
    "draft": (
        Opt("network", "Where to post", choices=NETWORKS),
        Opt("account", "Which configured account posts it"),
        Opt("text", "The post"),
    ),
    "approve": (_APPROVAL, Opt("sha256", "The content sha256 shown on the card (binds your "
                                          "approval to that text)", False)),
    "reject": (_APPROVAL, Opt("comment", "Why (the author sees this)")),
    "edit": (_APPROVAL, Opt("text", "The new text")),
}


def _option_payload(opt: Opt) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": opt.kind,
        "name": opt.name,
        "description": opt.description[:DESCRIPTION_LIMIT],
        "required": opt.required,
    }
    if opt.choices:
        out["choices"] = [{"name": c, "value": c} for c in opt.choices]
    if opt.kind == NUMBER:
        out["min_value"], out["max_value"] = -1, 1
    return out


def command_payload() -> list[dict[str, Any]]:
    """The body of ``PUT /applications/{id}[/guilds/{guild}]/commands``."""
    return [{
        "name": COMMAND_NAME,
        "type": 1,
        "description": "socialops: tickets, approvals and subscriptions",
        "contexts": [0],  # guild channels only: cards and subscriptions live in channels
        "options": [
            {
                "type": SUB_COMMAND,
                "name": verb,
                "description": f"/{COMMAND_NAME} {USAGE[verb]}"[:DESCRIPTION_LIMIT],
                "options": [_option_payload(o) for o in opts],
            }
            for verb, opts in VERBS.items()
        ],
    }]


def to_line(data: dict[str, Any]) -> str:
    """The typed-line equivalent of an application command's ``data``.

    Raises ``ValueError`` for a payload that is not our command."""
    if data.get("name") != COMMAND_NAME:
        raise ValueError(f"not the {COMMAND_NAME} command: {str(data.get('name'))[:40]!r}")
    subs = data.get("options") or []
    if not subs or not isinstance(subs[0], dict):
        return "help"
    verb = str(subs[0].get("name", ""))
    if verb not in VERBS:
        raise ValueError(f"unknown command {verb[:40]!r}; try help")
    given = {str(o.get("name")): o.get("value") for o in subs[0].get("options") or []
             if isinstance(o, dict)}
    parts = [verb]
    for opt in VERBS[verb]:
        value = given.get(opt.name)
        if value is None or str(value).strip() == "":
            continue
        text = " ".join(str(value).split()) if opt.prefix else str(value).strip()
        parts.append(f"{opt.prefix}{text}" if opt.prefix else text)
    return " ".join(parts)


def parse(data: dict[str, Any]) -> ParsedCommand:
    """Raises ``bot.core.commands.CommandError`` (a ValueError) with usage on bad input."""
    return parse_command(to_line(data))
