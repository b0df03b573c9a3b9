"""Forms (Slack modals, Discord modals) for the verbs whose arguments are easier to fill in
than to type: ``reply``, ``draft`` and ``subscribe``. A form is the verb's arguments as fields;
its submission becomes the same command line a person would type (``line``) and goes through
``parse_command`` and the dispatcher like any other, so validation and answers are the
commands' own. ``reply`` and ``draft`` end with an optional field for an option, the time to
publish at (``at=``): the line carries it quoted right before the text, as a person types it.

A field never spills into another. A one-word field (an id, a network, an account, a digest,
the languages) must be exactly one word: ``T-1 T-2`` in the ticket field is refused, not read as
the ticket T-1 and a text starting "T-2". Free text (a reply, a post) is taken whole, as
written, and never read for options or words of another field. The query may hold several words
but no options (``lang=en`` belongs in the Languages field).

``errors`` says which field a bad submission is wrong in: each field is tried alone, with the
others replaced by a value known to be good, so "parentheses in the query do not match" lands
on the query and "lang takes language codes like en,pl" on the languages. ``parse`` builds the
command from the fields themselves; ``line`` is the same command as a person would type it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.commands import (
    QUOTE_FAMILIES,
    CommandError,
    ParsedCommand,
    options_in,
    parse_command,
)
from bot.core.text import is_blank, scrub
from bot.core.verbs import VERBS, Arg

FREE_TEXT = "text"  # the one free-text field: the verb's last argument, kept as written


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
    word: str = ""  # a one-word field: what the word is ("ticket id"); empty: several words
    option: bool = False  # an option of the verb (``at=``), not one of its arguments

    @property
    def free(self) -> bool:
        return self.arg == FREE_TEXT

    @property
    def choices(self) -> tuple[str, ...]:
        """The values it takes (a pick-one list), read when asked: a network plugin may
        register after this table is built. Empty: free text."""
        return _arg(self.verb, self.arg).allowed() if self.verb and not self.option else ()


def _arg(verb: str, name: str) -> Arg:
    return next(a for a in VERBS[verb].args if a.name == name)


def _fields(verb: str, *fields: Field) -> tuple[Field, ...]:
    out = []
    for f in fields:
        if f.option:  # always optional; the line carries it before the free text
            if f.arg not in OPTIONS.get(verb, ()):
                raise ValueError(f"{verb}: {f.arg}= is not one of its options")
            out.append(Field(arg=f.arg, label=f.label, sample=f.sample,
                             placeholder=f.placeholder, max_length=f.max_length,
                             optional=True, verb=verb, word=f.word, option=True))
            continue
        arg = _arg(verb, f.arg)  # a form names only real arguments: fails at import
        if f.arg == FREE_TEXT and VERBS[verb].args[-1].name != FREE_TEXT:
            raise ValueError(f"{verb}: free text must be the last argument (it takes the rest "
                             "of the line)")
        out.append(Field(arg=f.arg, label=f.label, sample=f.sample,
                         placeholder=f.placeholder, multiline=f.multiline,
                         max_length=f.max_length, optional=not arg.required, verb=verb,
                         word=f.word))
    return tuple(out)


# The options a form may carry as a field: ``at=`` (``bot.core.commands``), typed right before
# the text of ``reply`` and ``draft``.
OPTIONS = {"reply": ("at",), "draft": ("at",)}
_AT_LABEL = "Publish at (empty: once approved)"
_AT_HINT = "in 2h, 17:30, tomorrow 9am, mon 09:00"
# quotes would end the ``at="..."`` the line carries the time in
_QUOTES = frozenset("".join(QUOTE_FAMILIES))

FORMS: dict[str, tuple[Field, ...]] = {
    "reply": _fields(
        "reply",
        Field("ticket", "Ticket", "T-1", placeholder="T-12", max_length=24,
              word="ticket id"),
        Field("text", "Your reply (it goes through approval)", "x", multiline=True,
              placeholder="Or a saved reply: :refund (the replies command lists them)"),
        Field("at", _AT_LABEL, "2h", placeholder=_AT_HINT, max_length=60, option=True)),
    "draft": _fields(
        "draft",
        Field("network", "Network", "mastodon", max_length=20, word="network"),
        Field("account", "Account that posts it", "x", placeholder="as in socialops.yaml",
              max_length=64, word="account"),
        Field("text", "The post (it goes through approval)", "x", multiline=True),
        Field("at", _AT_LABEL, "2h", placeholder=_AT_HINT, max_length=60, option=True)),
    "subscribe": _fields(
        "subscribe",
        Field("query", "Query", "x", placeholder='"new york" AND (outage OR down)',
              max_length=1_000),
        # free text since weekly:<day> (ten values): the placeholder says them, as its
        # pick-list of hourly and daily did
        Field("digest", "Digest (empty: every match as it comes)", "hourly",
              placeholder="hourly, daily, weekly (Mondays), weekly:friday (or another day)",
              max_length=20, word="digest"),
        Field("lang", "Languages (empty: all)", "en", placeholder="en,pl", max_length=60,
              word="list of language codes (en,pl)")),
}
TITLES = {"reply": "Reply to a ticket", "draft": "Draft a post", "subscribe": "Subscribe"}


def _value(values: Mapping[str, str | None], name: str) -> str:
    """A field's value as the line carries it: free text kept as typed, the rest on one line."""
    raw = scrub(str(values.get(name) or ""))
    return raw.strip() if name == FREE_TEXT else " ".join(raw.split())


def _option(values: Mapping[str, str | None], name: str) -> str:
    """An option's field as the line carries it: ``at=2h`` typed in the field is ``2h``."""
    value = _value(values, name)
    return value[len(name) + 1:].strip() if value.lower().startswith(f"{name}=") else value


def line(verb: str, values: Mapping[str, str | None]) -> str:
    """The typed line for a submitted form (empty optional fields left out)."""
    parts = [verb]
    for arg in VERBS[verb].args:
        if arg.name == FREE_TEXT:  # ``at="tomorrow 9am"`` right before the text
            parts += [f'{f.arg}="{_option(values, f.arg)}"' for f in FORMS[verb]
                      if f.option and _option(values, f.arg)]
        text = _value(values, arg.name)
        if text:
            parts.append(f"{arg.prefix}{text}" if arg.prefix else text)
    return " ".join(parts)


def preview_line(values: Mapping[str, str | None]) -> str:
    """The ``preview`` line of a filled-in subscribe form: what its query matches (7 days and
    the latest matches, the form's preview field). Without the digest and spike options
    ``preview`` takes since 2026-12-07 (the cards a digest would have posted, a busiest
    window), as the form showed it before; typed, they are asked for."""
    return line("preview", {k: v for k, v in values.items() if k not in ("digest", "spikes")})


def errors(verb: str, values: Mapping[str, str | None]) -> dict[str, str]:
    """Field -> what is wrong with it (one line each); empty when the submission parses."""
    fields = FORMS[verb]
    found: dict[str, str] = {}
    for f in fields:
        value = _value(values, f.arg)
        if not f.optional and is_blank(value):  # "" too; and a braille blank draws nothing
            found[f.arg] = "Required."
        elif f.option and _QUOTES.intersection(value):
            found[f.arg] = "Without quotation marks: the time alone (tomorrow 9am)."
        elif f.choices and value not in ("", *f.choices):
            found[f.arg] = f"One of {', '.join(f.choices)}."
        elif not f.word and not f.free and not f.option and (options := options_in(value)):
            found[f.arg] = (f"{options[0]} is not part of a query: write only the query here "
                            "(the form has its own fields for the options)")
    for f in fields:
        words = _value(values, f.arg).split()
        if f.arg in found or not words:
            continue
        # a one-word field is tried on its first word: "order 3" is wrong as an id already
        mine = words[0] if f.word else values.get(f.arg)
        alone = {g.arg: (mine if g is f else g.sample) for g in fields}
        try:
            parse_command(line(verb, alone))
        except CommandError as exc:
            found[f.arg] = exc.reason
            continue
        if f.word and len(words) > 1:  # the rest would spill into the next field
            found[f.arg] = f"Only one {f.word} here, without spaces or line breaks."
    if not found:
        # the free text is set in whole (``parse``), never read: one starting ``at=`` is a
        # post, not a time for a Publish at field left empty
        together = {**values, **{f.arg: f.sample for f in fields if f.free}}
        try:
            parse_command(line(verb, together))
        except CommandError as exc:  # only the fields together are wrong: say it on the first
            found[fields[0].arg] = exc.reason
    return {f.arg: found[f.arg] for f in fields if f.arg in found}  # in the form's order


def parse(verb: str, values: Mapping[str, str | None]) -> ParsedCommand | dict[str, str]:
    """The command a submission means, or its errors by field."""
    problems = errors(verb, values)
    if problems:
        return problems
    free = next((f for f in FORMS[verb] if f.free), None)
    if free is None:  # every field checked alone above: the line holds each where it was
        return parse_command(line(verb, values))
    # The free text is set in whole after the other fields are read: it is never parsed.
    other = {**values, free.arg: free.sample}
    parsed = parse_command(line(verb, other))
    return parsed.model_copy(update={"args": (*parsed.args[:-1], _value(values, free.arg))})


def missing(verb: str, given: Mapping[str, str | None]) -> bool:
    """Whether a command for a form verb lacks a required argument (so a form should ask)."""
    return verb in FORMS and any(a.required and not str(given.get(a.name) or "").strip()
                                 for a in VERBS[verb].args)
