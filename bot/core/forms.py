"""Forms (Slack modals, Discord modals) for the verbs whose arguments are easier to fill in
than to type: ``reply``, ``draft`` and ``subscribe``. A form is the verb's arguments as fields;
its submission becomes the same command line a person would type (``line``) and goes through
``parse_command`` and the dispatcher like any other, so validation and answers are the
commands' own.

``errors`` says which field a bad submission is wrong in: each field is tried alone, with the
others replaced by a value known to be good, so "parentheses in the query do not match" lands
on the query and "lang takes language codes like en,pl" on the languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.commands import CommandError, ParsedCommand, parse_command
from bot.core.verbs import VERBS, Arg


@dataclass(frozen=True)
class Field:
    arg: str  # the verb's argument (and the field's id on every platform)
    label: str
    sample: str  # a value that always parses, to test the other fields alone
    placeholder: str = ""
    multiline: bool = False
    max_length: int = 3_000
    optional: bool = False  # from the verb's argument
    verb: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        """The values it takes (a pick-one list), read when asked: a network plugin may
        register after this table is built. Empty: free text."""
        return _arg(self.verb, self.arg).allowed() if self.verb else ()


def _arg(verb: str, name: str) -> Arg:
    return next(a for a in VERBS[verb].args if a.name == name)


def _fields(verb: str, *fields: Field) -> tuple[Field, ...]:
    out = []
    for f in fields:
        arg = _arg(verb, f.arg)  # a form names only real arguments: fails at import
        out.append(Field(arg=f.arg, label=f.label, sample=f.sample,
                         placeholder=f.placeholder, multiline=f.multiline,
                         max_length=f.max_length, optional=not arg.required, verb=verb))
    return tuple(out)


FORMS: dict[str, tuple[Field, ...]] = {
    "reply": _fields(
        "reply",
        Field("ticket", "Ticket", "T-1", placeholder="T-12", max_length=24),
        Field("text", "Your reply (it goes through approval)", "x", multiline=True)),
    "draft": _fields(
        "draft",
        Field("network", "Network", "mastodon", max_length=20),
        Field("account", "Account that posts it", "x", placeholder="as in socialops.yaml",
              max_length=64),
        Field("text", "The post (it goes through approval)", "x", multiline=True)),
    "subscribe": _fields(
        "subscribe",
        Field("query", "Query", "x", placeholder='"new york" AND (outage OR down)',
              max_length=1_000),
        Field("digest", "Digest (empty: every match as it comes)", "hourly", max_length=10),
        Field("lang", "Languages (empty: all)", "en", placeholder="en,pl", max_length=60)),
}
TITLES = {"reply": "Reply to a ticket", "draft": "Draft a post", "subscribe": "Subscribe"}


def _value(values: Mapping[str, str | None], name: str) -> str:
    """A field's value as the line carries it: free text kept as typed, the rest on one line."""
    raw = str(values.get(name) or "")
    return raw.strip() if name == "text" else " ".join(raw.split())


def line(verb: str, values: Mapping[str, str | None]) -> str:
    """The typed line for a submitted form (empty optional fields left out)."""
    parts = [verb]
    for arg in VERBS[verb].args:
        text = _value(values, arg.name)
        if text:
            parts.append(f"{arg.prefix}{text}" if arg.prefix else text)
    return " ".join(parts)


def errors(verb: str, values: Mapping[str, str | None]) -> dict[str, str]:
    """Field -> what is wrong with it (one line each); empty when the submission parses."""
    fields = FORMS[verb]
    found: dict[str, str] = {}
    for f in fields:
        if not f.optional and not _value(values, f.arg):
            found[f.arg] = "Required."
        elif f.choices and _value(values, f.arg) not in ("", *f.choices):
            found[f.arg] = f"One of {', '.join(f.choices)}."
    for f in fields:
        if f.arg in found or not _value(values, f.arg):
            continue
        alone = {g.arg: (values.get(g.arg) if g is f else g.sample) for g in fields}
        try:
            parse_command(line(verb, alone))
        except CommandError as exc:
            found[f.arg] = exc.reason
    if not found:
        try:
            parse_command(line(verb, values))
        except CommandError as exc:  # only the fields together are wrong: say it on the first
            found[fields[0].arg] = exc.reason
    return {f.arg: found[f.arg] for f in fields if f.arg in found}  # in the form's order


def parse(verb: str, values: Mapping[str, str | None]) -> ParsedCommand | dict[str, str]:
    """The command a submission means, or its errors by field."""
    problems = errors(verb, values)
    return problems or parse_command(line(verb, values))


def missing(verb: str, given: Mapping[str, str | None]) -> bool:
    """Whether a command for a form verb lacks a required argument (so a form should ask)."""
    return verb in FORMS and any(a.required and not str(given.get(a.name) or "").strip()
                                 for a in VERBS[verb].args)
