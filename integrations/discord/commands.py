"""The ``/socialops`` application command as a discord.py ``CommandTree``, built from the verb
registry (``bot.core.verbs``), and the translation of a used command back into the shared text
syntax of ``bot.core.commands``, so validation and usage messages are identical on every
platform.

Shape: ``/socialops <section> <verb> [options]``, one subcommand group per help section
(``tickets``, ``approvals``, ``subscriptions``, ``people``, ``other``). Discord allows 25
subcommands or groups per command and 25 subcommands per group (discord-api-docs
interactions/application-commands); 27 verbs no longer fit one flat command, while five groups
of at most eight leave room for three times as many.

Options are typed where Discord can help (choices for digest and network, a number between -1
and 1 for sentiment) and autocompleted where the bot knows the values (open tickets, pending
approvals, on-call schedules); free text (queries, replies, comments) stays a string and is
parsed by ``parse_command`` exactly as a typed line would be; ``reply`` and ``draft`` take the
typed ``at=`` as an ``at`` option, their text option being the text whole (``parse``), and
``mute``'s duration is read whole as the typed one (``1 h 30 min``). The tree's callbacks do
not read discord.py's converted values: they hand the interaction's raw ``data`` to ``to_line``,
the same translation the HTTP interactions endpoint uses.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

import discord
from discord import app_commands

from bot.core.commands import (
    MAX_LINE,
    QUOTE_FAMILIES,
    QUOTE_MARKS,
    TOO_LONG,
    CommandError,
    ParsedCommand,
    options_in,
    parse_command,
    parse_span,
    time_after_text,
)
from bot.core.errors import Refusal
from bot.core.forms import FORMS, FREE_TEXT, OPTIONS
from bot.core.text import one_line, scrub, truncate
from bot.core.verbs import GROUPS, SPIKES, VERBS, Verb

COMMAND_NAME = "socialops"
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2  # application command option types
DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25  # choices per option, and autocomplete results per answer
CHOICE_NAME_LIMIT = 100
CHOICE_VALUE_LIMIT = 100  # a string choice's value (Application Command Option Choice Structure)
# `reply`'s and `draft`'s option for the typed ``at=``: its own option, so the text option is
# the text whole (one beginning ``at=`` is a post, not a time). Short: it is said twice in the
# command's 4,000 characters
AT = "at"
AT_DESCRIPTION = "Publish at 9:00, tomorrow 9am, in 2h"
_QUOTES = frozenset(QUOTE_MARKS)

# "scheduling": the approvals `schedule` may move and `withdraw` take back, pending or
# approved (waiting for its time)
Kind = Literal["ticket", "approval", "any", "schedule", "scheduling", "subscription",
               "mutable", "digest"]
# what an option's autocomplete offers: (verb, option) pairs first, then option names. The
# flag costs none of the command's 4,000 characters (only names, descriptions and choices do)
COMPLETES: dict[tuple[str, str] | str, Kind] = {
    "ticket": "ticket", "approval": "approval", ("status", "what"): "any",
    ("merge", "into"): "ticket", ("schedule", "approval"): "scheduling",
    ("withdraw", "approval"): "scheduling",
    ("oncall", "schedule"): "schedule", ("unsubscribe", "subscription"): "subscription",
    # what mute and unmute take: the channel's subscriptions, the routes, and each one's
    # spike warnings alone (`spikes route checkout`): the typed line's words, offered
    ("mute", "target"): "mutable", ("unmute", "target"): "mutable",
    # subscribe's digest=: ten values, as choices past the room left of the 4,000 (each
    # choice's name and value count)
    ("subscribe", "digest"): "digest", ("preview", "digest"): "digest",
}

Run = Callable[["discord.Interaction[Any]"], Awaitable[None]]
# (what to offer, what is typed so far, the Discord user asking, the channel asked in) ->
# (value, label) pairs
Complete = Callable[[Kind, str, str, str], Awaitable[list[tuple[str, str]]]]
ChannelOf = Callable[["discord.Interaction[Any]"], str]


def channel_of(interaction: discord.Interaction[Any]) -> str:
    """The channel discord.py read for ``interaction`` ("" when it read none)."""
    return str(interaction.channel_id or "")


def section_name(group: str) -> str:
    """The subcommand group a help section becomes (``Tickets`` -> ``tickets``)."""
    return group.lower()


def completes(verb: str, option: str) -> Kind | None:
    return COMPLETES.get((verb, option)) or COMPLETES.get(option)


def build(*, run: Run, complete: Complete | None = None,
          channel: ChannelOf = channel_of) -> app_commands.Group:
    """The ``/socialops`` group with one subgroup per help section. ``run`` gets every
    invocation (its ``data`` is the raw command); ``complete`` answers autocomplete, told the
    channel ``channel`` reads."""
    root = app_commands.Group(
        # the name is shown beside it: "socialops: " said it twice, 14 of the 4,000
        # characters, which `help`'s topic took
        name=COMMAND_NAME, description="Tickets, approvals, subscriptions",
        # guild channels only: cards and subscriptions live in channels
        allowed_contexts=app_commands.AppCommandContext(guild=True))
    for group in GROUPS:
        sub = app_commands.Group(name=section_name(group), parent=root,  # adds itself
                                 description=group)
        for verb in VERBS.values():
            if verb.group == group and verb.discord:
                sub.add_command(_command(verb, run=run, complete=complete, channel=channel))
    return root


def _command(verb: Verb, *, run: Run, complete: Complete | None,
             channel: ChannelOf) -> app_commands.Command[Any, Any, None]:
    async def callback(interaction: discord.Interaction[Any], **_: Any) -> None:
        await run(interaction)

    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=discord.Interaction)]
    for arg in verb.args:
        kind: Any = app_commands.Range[float, -1.0, 1.0] if arg.number else str
        # a form verb's arguments may all be left out: a modal then asks for them
        required = arg.required and verb.name not in FORMS
        params.append(inspect.Parameter(
            arg.name, inspect.Parameter.KEYWORD_ONLY,
            annotation=kind if required else (kind | None),
            default=inspect.Parameter.empty if required else None))
    times = AT in OPTIONS.get(verb.name, ())
    if times:  # after the text: optional, as the forms' Publish at field
        params.append(inspect.Parameter(AT, inspect.Parameter.KEYWORD_ONLY,
                                        annotation=str | None, default=None))
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    fn: Any = app_commands.describe(
        **{a.name: a.description[:DESCRIPTION_LIMIT] for a in verb.args},
        **({AT: AT_DESCRIPTION} if times else {}))(callback)
    choices = {a.name: [app_commands.Choice(name=a.label(c), value=c) for c in a.allowed()]
               for a in verb.args if 0 < len(a.allowed()) <= CHOICES_LIMIT}
    if choices:  # past the limit Discord refuses the whole command: those stay free text
        fn = app_commands.choices(**choices)(fn)
    if complete is not None:
        auto = {a.name: _completer(kind, complete, channel) for a in verb.args
                if a.name not in choices and (kind := completes(verb.name, a.name))}
        if auto:
            fn = app_commands.autocomplete(**auto)(fn)
    return app_commands.Command(name=verb.name, description=description(verb), callback=fn)


def description(verb: Verb) -> str:
    """A subcommand's description: its usage after the name Discord shows beside it. Every
    name, description and choice of the command counts towards Discord's 4,000 characters, and
    the name said twice in each verb was 200 of them."""
    return (verb.usage.removeprefix(verb.name).strip() or verb.usage)[:DESCRIPTION_LIMIT]


def _completer(kind: Kind, complete: Complete, channel: ChannelOf) -> Callable[
        [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def offer(interaction: discord.Interaction[Any],
                    current: str) -> list[app_commands.Choice[str]]:
        found = await complete(kind, current, str(interaction.user.id), channel(interaction))
        return [app_commands.Choice(name=c["name"], value=c["value"])
                for c in choices_payload(found)]
    return offer


def _objects(options: Any) -> list[dict[str, Any]]:
    """A command's ``options`` as Discord sends them, a list of objects (or none). Raises
    ``TypeError`` for any other shape: such a command cannot be read, and is answered so
    (options of numbers were read as the bare command, which ran ``help``)."""
    if options is None:
        return []
    if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
        raise TypeError("options of a shape Discord never sends")
    return options


def _leaf(data: dict[str, Any]) -> tuple[str, list[dict[str, Any]]] | None:
    """The verb and its options from a command's ``data`` (``/socialops <group> <verb>``);
    None for the bare command. Raises ``ValueError`` for anything that is not ours and
    ``TypeError`` for options that cannot be read."""
    if data.get("name") != COMMAND_NAME:
        raise ValueError(f"not the {COMMAND_NAME} command: {str(data.get('name'))[:40]!r}")
    groups = _objects(data.get("options"))
    if not groups:
        return None
    group = groups[0]
    subs = _objects(group.get("options"))
    if group.get("type") != SUB_COMMAND_GROUP or not subs:
        raise ValueError(f"unknown command {str(group.get('name'))[:40]!r}; try help")
    verb = str(subs[0].get("name", ""))
    if verb not in VERBS or section_name(VERBS[verb].group) != group.get("name"):
        raise ValueError(f"unknown command {verb[:40]!r}; try help")
    return verb, _objects(subs[0].get("options"))


def line_for(verb: str, given: dict[str, Any]) -> str:
    """The typed line for ``verb`` with these option values, in the verb's argument order.
    An option never spills into another: only the verb's last plain argument (a reply's text,
    a query) may hold several words, and a query no options (``ticket: "T-1 T-2"`` made a
    reply to T-1 whose text began with "T-2", as forms did: ``bot.core.forms``)."""
    plain = [a.name for a in VERBS[verb].args if not a.prefix]
    parts = [verb]
    last = ""
    for opt in VERBS[verb].args:
        if opt.name == FREE_TEXT and AT in OPTIONS.get(verb, ()) and given.get(AT) is not None:
            parts.append(_at(str(given[AT]), VERBS[verb].usage))  # right before the text
        value, after, last = given.get(opt.name), last, opt.name
        if value is None:
            continue
        if str(value).strip() == "":  # only whitespace (spaces, U+2028, ...)
            if opt.required:
                continue  # the verb's parser says what is missing, with the usage
            # an option filled in but blank is refused, not dropped: dropping it would run
            # the command without it (every language, realtime) without a word
            raise CommandError(f"{opt.name} is blank: give a value or leave the option out",
                               usage=VERBS[verb].usage)
        text = " ".join(str(value).split()) if opt.prefix else str(value).strip()
        if opt.prefix == SPIKES:  # `min_count=3 max_p=0.1`: each a threshold, as typed
            parts.append(" ".join(SPIKES + w.removeprefix(SPIKES) for w in text.split()))
            continue
        if opt.name == "duration" and opt.name != plain[-1]:
            # mute's: read whole as a typed duration is (`1 h 30 min`), then written on one
            # line, where the typed parser takes the most words that are one duration
            try:
                parse_span(text)
            except Refusal as exc:
                raise CommandError(exc.message, usage=VERBS[verb].usage) from None
            text = " ".join(text.split())
        elif _kind_named(verb, opt.name, text):
            text = " ".join(text.split())
        elif (opt.prefix or opt.name != plain[-1]) and len(text.split()) > 1:
            raise CommandError(f"{opt.name}: one word only, without spaces or line breaks",
                               usage=VERBS[verb].usage)
        if opt.name == "query" and (found := options_in(text)):
            raise CommandError(f"query: {found[0]} is not part of a query: give it as its own "
                               "option", usage=VERBS[verb].usage)
        if after == "duration" and given.get("duration") is not None:
            # quoted, as a person types it, so that `30 spam` after 1h is mute's reason, not
            # the duration's last part (bot.core.commands reads one pair of quotes off it,
            # of a family the reason holds none of: '"a" and "b"' is wrapped in “ ”)
            straight = any(q in text for q in QUOTE_FAMILIES[0])
            text = f"\u201c{text}\u201d" if straight else f'"{text}"'
        parts.append(f"{opt.prefix}{text}" if opt.prefix else text)
    return " ".join(parts)


def _kind_named(verb: str, option: str, text: str) -> bool:
    """mute's ``target`` of two words, ``route s-1`` or ``subscription S-1``: which of the two an
    id naming both means, as the typed line names it (``handlers.subscriptions``); the duration
    after it stays its own option. Any other words would spill into it and are refused, a
    duration too (``route 2h``: the typed line reads the route named route, muted 2h). After
    ``spikes``, the same or ``keyword <word>``: the series whose spike warnings alone are muted
    (``spikes s-1``, ``spikes route s-1``, ``spikes keyword outage``)."""
    words = text.split()
    if verb != "mute" or option != "target":
        return False
    if len(words) >= 2 and words[0].lower() == "spikes":
        words = words[1:]
        if len(words) > 2 and words[0].lower() == "keyword":
            # `spikes keyword "is down"`: a keyword of several words, in quotes as typed
            return _a_quoted_phrase(text.split(None, 2)[2])
        kinds: tuple[str, ...] = ("route", "subscription", "keyword")
        if len(words) == 1:  # `spikes eu-2`: a name, not a duration (`spikes 2h` is refused)
            return not _a_duration(words[0])
    else:
        kinds = ("route", "subscription")
    return len(words) == 2 and words[0].lower() in kinds and not _a_duration(words[1])


def _a_quoted_phrase(text: str) -> bool:
    """``"is down"``: one phrase in one pair of quotes (typographic ones too), nothing after."""
    text = text.strip()
    return any(len(text) > 1 and text[0] in family and text[-1] in family
               and not any(q in text[1:-1] for q in family) for family in QUOTE_FAMILIES)


def _a_duration(word: str) -> bool:
    try:
        parse_span(word)
    except Refusal:
        return False
    return True


def _at(value: str, usage: str) -> str:
    """The ``at`` option as the typed line carries it, ``at="tomorrow 9am"`` (``at=2h`` typed
    in the option is ``2h``); the time itself is read where the typed ``at=`` is."""
    when = " ".join(value.split())
    if when[:3].lower() == "at=":
        when = when[3:].strip()
    if not when:
        raise CommandError("at is blank: give a time (in 2h, tomorrow 9am) or leave the "
                           "option out", usage=usage)
    if _QUOTES.intersection(when):  # they would end the quotes the line carries it in
        raise CommandError("at: the time alone, without quotation marks (tomorrow 9am)",
                           usage=usage)
    return f'at="{when}"'


def given(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The verb and the option values of an application command's ``data`` (``help`` for the
    bare command). Raises ``ValueError`` for a payload that is not our command."""
    leaf = _leaf(data)
    if leaf is None:
        return "help", {}
    verb, options = leaf
    return verb, {str(o.get("name")): o.get("value") for o in options}


def to_line(data: dict[str, Any]) -> str:
    """The typed-line equivalent of an application command's ``data``.

    Raises ``ValueError`` for a payload that is not our command."""
    return line_for(*given(data))


def _focused_option(data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The verb and the focused option of an autocomplete's ``data``; None when no option is
    focused. Raises ``ValueError`` like ``to_line``."""
    leaf = _leaf(data)
    if leaf is None:
        return None
    verb, options = leaf
    return next(((verb, o) for o in options if o.get("focused")), None)


def focused(data: dict[str, Any]) -> tuple[Kind, str] | None:
    """What an autocomplete interaction asks for: the kind of id and what is typed so far
    (None when the focused option completes nothing). Raises ``ValueError`` like
    ``to_line``."""
    asked = _focused_option(data)
    if asked is None:
        return None
    verb, option = asked
    kind = completes(verb, str(option.get("name")))
    return (kind, str(option.get("value") or "")) if kind else None


def uncompleted(data: dict[str, Any]) -> tuple[str, str] | None:
    """The verb and the focused option of an autocomplete about an option of ours that
    completes nothing (the command Discord holds is another version's); None otherwise, a
    command not ours included."""
    try:
        asked = _focused_option(data)
    except (ValueError, TypeError):
        return None
    if asked is None:
        return None
    verb, option = asked
    name = str(option.get("name"))
    return None if completes(verb, name) else (verb, name[:32])


def choices_payload(found: list[tuple[str, str]]) -> list[dict[str, str]]:
    """An autocomplete answer's ``choices``: at most 25, each named in at most 100 characters,
    a longer label (a draft's text) cut between user-perceived characters and ending in '…'
    (a plain slice split an emoji sequence and did not say the text went on). A value past
    Discord's 100 characters, which no id of ours is, would get the whole answer refused:
    that choice is left out rather than offered cut, naming another id."""
    return [{"name": truncate(label, CHOICE_NAME_LIMIT) or value, "value": value}
            for value, label in found if 0 < len(value) <= CHOICE_VALUE_LIMIT][:CHOICES_LIMIT]


def parse(data: dict[str, Any]) -> ParsedCommand:
    """Raises ``bot.core.commands.CommandError`` (a ValueError) with usage on bad input.

    A ``reply``'s or ``draft``'s text option is the text whole, as a form's text field is
    (``bot.core.forms.parse``): the line is parsed with a stand-in for it, so a text beginning
    ``at=`` is never read as a time (the ``at`` option is)."""
    verb, values = given(data)
    line = line_for(verb, values)
    text = values.get(FREE_TEXT)
    if verb not in OPTIONS or text is None or not str(text).strip():
        return parse_command(line)
    if len(line) > MAX_LINE:
        raise CommandError(TOO_LONG)
    if (late := time_after_text(str(text))) is not None:  # `:refund at=2h`: those words drafted
        when = late[0][3:].strip(QUOTE_MARKS)
        raise CommandError(f"at= ends the text: give the time in the at option ({when[:40]}) "
                           f"and the text alone ({one_line(late[1], 40)})",
                           usage=VERBS[verb].usage)
    parsed = parse_command(line_for(verb, {**values, FREE_TEXT: "x"}))
    return parsed.model_copy(update={"args": (*parsed.args[:-1], scrub(str(text)).strip())})


# seconds an autocomplete's choices are waited for: Discord takes the answer within 3 and it
# cannot be deferred (interactions, Responding to an Interaction), so a slow store offers none
AUTOCOMPLETE_WITHIN = 2.0
MISSING_ACCESS = 50001  # a guild's commands without the applications.commands scope
DAILY_CREATES = 30034  # "Max number of daily application command creates has been reached"


def refused_line(exc: discord.HTTPException, guild: int | None) -> str:
    """What to do about Discord refusing to register ``/socialops``, in one line: the
    ERROR said only Discord's words ("403 Forbidden (error code: 50001): Missing Access"),
    and /socialops never appeared (topics/opcodes-and-status-codes, JSON Error Codes)."""
    where = f"in server {guild}" if guild is not None else "globally"
    said = f"{exc.status} code {exc.code}: {one_line(exc.text or '', 120)}"
    if exc.code == MISSING_ACCESS and guild is not None:
        return (f"Discord refused to register /socialops {where} ({said}): the bot was added "
                "without the applications.commands scope; add the bot again with the URL "
                "`socialops discord invite` prints (it asks for the applications.commands "
                "scope; no need to remove the bot first)")
    if exc.code == DAILY_CREATES:
        return (f"Discord refused to register /socialops {where} ({said}): Discord allows "
                "200 command creates a day: /socialops is registered again at the next start "
                "after the limit resets (within a day); buttons and reactions work meanwhile")
    return f"registering /socialops failed {where} ({said})"


def late_line(workspace: str, kind: str) -> str:
    """The INFO line of an autocomplete whose choices the store did not give in time."""
    return (f"discord {workspace}: autocomplete for {kind} not answered within "
            f"{AUTOCOMPLETE_WITHIN:.0f} s (the store slow); offered nothing")
