"""The ``/socialops`` application command: its registration payload (one subcommand per verb,
the same verbs as Slack and the console) and the translation of a used command back into the
shared text syntax of ``bot.core.commands``, so validation and usage messages are identical on
every platform.

Options are typed where Discord can help (choices for digest and network, a number for
sentiment); free text (queries, replies, comments) stays a string and is parsed by
``parse_command`` exactly as a typed line would be.
"""

from __future__ import annotations

from typing import Any

from bot.core.commands import ParsedCommand, parse_command
from bot.core.verbs import VERBS, Arg

COMMAND_NAME = "socialops"
STRING, NUMBER = 3, 10  # application command option types
SUB_COMMAND = 1
DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25


def _option_payload(arg: Arg) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": NUMBER if arg.number else STRING,
        "name": arg.name,
        "description": arg.description[:DESCRIPTION_LIMIT],
        "required": arg.required,
    }
    choices = arg.allowed()
    if 0 < len(choices) <= CHOICES_LIMIT:  # past the limit Discord refuses the whole command
        out["choices"] = [{"name": c, "value": c} for c in choices]
    if arg.number:
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
                "name": name,
                "description": f"/{COMMAND_NAME} {verb.usage}"[:DESCRIPTION_LIMIT],
                "options": [_option_payload(a) for a in verb.args],
            }
            for name, verb in VERBS.items()
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
    for opt in VERBS[verb].args:
        value = given.get(opt.name)
        if value is None or str(value).strip() == "":
            continue
        text = " ".join(str(value).split()) if opt.prefix else str(value).strip()
        parts.append(f"{opt.prefix}{text}" if opt.prefix else text)
    return " ".join(parts)


def parse(data: dict[str, Any]) -> ParsedCommand:
    """Raises ``bot.core.commands.CommandError`` (a ValueError) with usage on bad input."""
    return parse_command(to_line(data))
