"""The `socialops` command line (DESIGN §6). Keep command names and flags stable: users script
them. Global options (``-c/--config``, ``-v``, ``--log-level``, ``--json-logs``) are accepted
before or after the command.

Errors: one top-level handler. A mistake the user can fix (a config or rules problem, a missing
file, a bad argument, a port in use, a database another process holds) prints ``error: ...``
lines naming what to fix and exits 1; an unknown command or option, an argument missing or a
value not offered is one line naming the command it was given to, exit 2 (``_Parser``);
output closed early (``socialops audit | head``) ends quietly with 141 like other Unix tools.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import errno
import json
import logging
import re
import signal
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.app.entry import (
    INTERRUPTED,
    STOPPED_STARTING,
    StopWhileStarting,
    interrupt_while_starting,
    reload_while_starting,
    stop_while_starting,
    taken_while_starting,
)
from bot.app.gcpolicy import tune_collector
from bot.app.logs import config_secrets, say_error, setup_logging
from bot.app.meant import command_meant
from bot.core import networks
from bot.core.config import (
    DEFAULT_CONFIG,
    ChannelConfig,
    LoadedConfig,
    config_not_found,
    environment_store_url,
    file_name_problem,
    load_config,
    uses_sqlite,
)
from bot.core.errors import (
    ConfigError,
    ConfigErrors,
    SocialopsError,
    SourceError,
    StoreUnavailable,
    UnknownNetwork,
    UsageError,
    flatten,
)
from bot.core.settings import Settings
from bot.core.text import at_handle, one_line, scrub, truncate
from bot.core.validation import suggest
from bot.core.yamlfile import append_problem, near_name

if TYPE_CHECKING:
    from bot.app.dead_letters import Outcome
    from bot.core.config import SourceBase
    from bot.core.models import Mention
    from bot.core.ports import Store
    from handlers.drafts import DraftQuery

log = logging.getLogger("socialops")

LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]
# what they show is what the bot stored: pointed where no database is, none makes one (`why`
# also asks the network, and answers before the bot's first run)
READERS = ("audit", "report", "outbox", "dead", "drafts")
QUIET_COMMANDS = ("demo", "check", "fetch", "rules", "audit", "discord", "init", "why",
                  "report", "outbox", "dead", "enrich", "model", "drafts")


class _Parser(argparse.ArgumentParser):
    """Arguments the command does not take, or a value it does not offer: one line naming the
    command, what is wrong and where its options are listed, exit 2. Not the help: a newcomer
    read the error at the foot of 40 lines of it, and a script's log kept the 40 lines."""

    _given: tuple[str, ...] = ()  # what this parser was handed, for the words of its errors
    root: argparse.ArgumentParser | None = None  # the `socialops` parser, above a command's

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # no option by the start of its name: `why --json` was read as the global
        # --json-logs and `check --onl` ran the online check (a reviewer's find, 2026-12-07);
        # an option misspelt or cut short is refused with the one meant (``_option_meant``)
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        self._given = tuple(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:  # type: ignore[override]
        for action in self._actions:  # argparse names a missing subcommand by its dest
            if isinstance(action, argparse._SubParsersAction) and action.dest and action.choices:
                unknown = f"argument {action.dest}: invalid choice: "
                if message.startswith(unknown):
                    message = "unknown command " + message.removeprefix(unknown)
                    # `chek`: the one meant, as chat's verbs and the config's keys say it
                    # and what a newcomer guesses (`status`, `explain`, `claim T-3`)
                    typed = re.match(r"unknown command '([^']*)'", message)
                    if typed:
                        message += command_meant(typed[1], parser=self, root=self.root,
                                                 given=self._given)
                    # `socialops --dir out init`: the value of a command's option, given
                    # before the command's name, was read as the command
                    given = self._given
                    named = next((at for at, t in enumerate(given) if t in action.choices),
                                 None)
                    if named is not None and named >= 2 and given[0].startswith("-") and (
                            given[0].split("=")[0] not in self._option_string_actions):
                        command = given[named]
                        early = " ".join(given[:named])
                        message = (f"{early} came before the command; write it after it: "
                                   f"{self.prog} {command} {early}")
                elif message.startswith("the following arguments are required: "):
                    message = message.replace(action.dest,
                                              f"a command ({', '.join(action.choices)})")
                    # `socialops --bogus`: argparse says only that the command is missing
                    if strays := [t for t in self._given if t.startswith("-") and t != "-"
                                  and t.split("=")[0] not in self._option_string_actions]:
                        message = f"unrecognized arguments: {' '.join(strays)}, and {message}"
                    # `socialops -c check`: the command read as the value of an option
                    given = self._given
                    for at in range(1, len(given)):
                        option = self._option_string_actions.get(given[at - 1])
                        if given[at] in action.choices and isinstance(
                                option, argparse._StoreAction):
                            flag, word = given[at - 1], given[at]
                            message = (f"{flag} {word}: {word!r} was read as the value of "
                                       f"{flag}, not as the command; give {flag} its value: "
                                       f"{self.prog} {flag} {option.metavar or 'VALUE'} "
                                       f"{word}")
                            break
        # `rules explain --txt ...`: argparse says what is missing before what it did not know,
        # and --txt, the cause, went unnamed
        if message.startswith(("one of the arguments ", "the following arguments are required: ")):
            strays = [t for t in self._given if t.startswith("--")
                      and t.split("=")[0] not in self._option_string_actions]
            if strays:
                message = (f"unrecognized arguments: {' '.join(strays)}"
                           f"{_option_meant(self, strays)}, and {message}")
        # `--since -5m`: argparse reads a value starting with '-' as the next option
        if (wanted := re.fullmatch(r"argument (?:\S+/)?(--?\S+): expected one argument",
                                   message)) and (option := self._option_string_actions.get(
                                       wanted[1])) is not None:
            given = self._given
            for at, token in enumerate(given[:-1]):
                if token in option.option_strings and given[at + 1].startswith("-"):
                    message += (f" ({given[at + 1]} is read as an option; a value that starts "
                                f"with '-' is written "
                                f"{max(option.option_strings, key=len)}={given[at + 1]})")
                    break
        # `draft ... -hi`: a text that starts with '-' read as the options -h and -i
        if (glued := re.fullmatch(r"argument (\S+): ignored explicit argument '(.*)'",
                                  message)) is not None:
            flag = glued[1].split("/")[0]
            token = next((t for t in self._given if t.startswith(flag) and t != flag),
                         flag + glued[2])
            message = (f"{token} is read as the option {glued[1]}; a text that starts with '-' "
                       f"goes after --: {self.prog} ... -- {token}")
        self.exit(2, f"error: {self.prog}: {message}; see `{self.prog} --help`\n")


class NotOffered(UsageError):
    """What ``_Parser.error`` says of what argparse itself refuses, found by the command's own
    checks after parsing: a value it does not offer (``--by team``), an argument missing or
    one too many. One line naming the command and its ``--help``, exit 2 (README, Command
    line), as argparse's own."""

    def __init__(self, command: str, message: str) -> None:
        super().__init__(f"socialops {command}: {message}; see `socialops {command} --help`")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("socialops")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _global_options() -> _Parser:
    """Options every command takes, before or after its name. SUPPRESS as the default lets the
    occurrence after the command win without the one before being reset to a default."""
    g = _Parser(add_help=False)
    g.add_argument("-c", "--config", metavar="FILE", default=argparse.SUPPRESS,
                   help=f"config file (default: $SOCIALOPS_CONFIG or {DEFAULT_CONFIG})")
    g.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                   help="more log output (-vv for debug)")
    g.add_argument("--log-level", default=argparse.SUPPRESS, choices=LEVELS,
                   type=str.upper)  # --log-level debug as well
    g.add_argument("--json-logs", action="store_true", default=argparse.SUPPRESS,
                   help="log JSON lines")
    return g


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    p = _Parser(prog="socialops", parents=[common],
                description="Social signals into the chat where teams act.")
    p.add_argument("--version", action="version", version=f"socialops {_version()}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def cmd(name: str, help_text: str, parent: argparse._SubParsersAction[_Parser] = sub,
            ) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=help_text, parents=[common])

    d = cmd("demo", "run the whole pipeline on bundled sample data")
    d.add_argument("--quiet", action="store_true", help="print only the summary")
    d.add_argument("--record", metavar="FILE", type=Path,
                   help="also write delivered cards as JSON lines here")

    i = cmd("init", "write a config and rules file to start from (asks, or takes flags)")
    from bot.app.init import add_init_arguments

    add_init_arguments(i)

    r = cmd("run", "run the bot")
    r.add_argument("--role", choices=["all", "web", "worker"], default="all",
                   help="web: serve Slack/Discord interactions and /metrics; worker: poll "
                        "sources and deliver; all (default): both in one process")
    r.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                   help="console workspace: the person typing commands on stdin")
    r.add_argument("--no-stdin", action="store_true", help="do not read commands from stdin")
    r.add_argument("--record", metavar="FILE", type=Path,
                   help="console workspace: record deliveries here")

    c = cmd("check", "validate the config and rules (every problem, one run); exit 1 on error")
    c.add_argument("--online", action="store_true",
                   help="also ask, read-only: Slack and Discord (tokens, scopes, channels, "
                        "bot membership, people's member ids), each publishing account (a "
                        "Mastodon token, a Bluesky app password) and a Redis store (reached, "
                        "AOF, no eviction)")
    c.add_argument("--timeout", default=None, metavar="DURATION",
                   help="with --online: how long the whole online check may take (default "
                        "60s; 90, 90s, 2m); what has not answered by then is named")

    f = cmd("fetch", "poll one source once and print normalised mentions")
    f.add_argument("source_id")
    f.add_argument("--json", action="store_true", help="JSON lines")

    rp = cmd("replay", "push a JSON-lines file of mentions through the pipeline")
    rp.add_argument("file", type=Path)
    rp.add_argument("--record", metavar="FILE", type=Path,
                    help="console workspace: record deliveries here")

    ru = cmd("rules", "test and explain routing rules")
    rsub = ru.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    rt = cmd("test", "unit-test rules against example mentions", rsub)
    rt.add_argument("rules_file", type=Path)
    rt.add_argument("cases_file", type=Path)
    rx = cmd("explain", "which routes fire for a mention, and why", rsub)
    rx.add_argument("--rules", metavar="FILE", type=Path, help="rules file (default: the config's)")
    g = rx.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", help="a post's text")
    g.add_argument("--mention", metavar="FILE", type=Path,
                   help="a file holding one Mention as JSON")
    rx.add_argument("--network", default="mastodon",
                    help=f"one of {', '.join(networks.known())} (default: mastodon)")
    rx.add_argument("--lang", default=None)

    dr = cmd("draft", "draft a post for approval (or every post of a CSV file: --from)")
    dr.add_argument("--network", default=None, help="required without --from")
    dr.add_argument("--account", metavar="SOURCE_ID", default=None,
                    help="source id of the account to post as (required without --from)")
    dr.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                    help="your person id (required)")
    dr.add_argument("--reply-to", metavar="MENTION_ID", default=None, help="mention id to answer")
    dr.add_argument("--at", metavar="WHEN", default=None,
                    help="publish at this time once approved: in 2h, tomorrow 9am, "
                         "2026-12-07T09:00+01:00 (docs/workflows.md, Scheduled publishing)")
    dr.add_argument("--from", dest="from_file", default=None, metavar="FILE",
                    help="a CSV file, one post a row: columns network, account, text and, to "
                         "schedule, at (docs/workflows.md, Drafts from a file)")
    dr.add_argument("text", nargs="?", default=None)

    dft = cmd("drafts", "the drafts not published yet, in the order they go out (as the chat "
                        "verb `drafts`)")
    dft.add_argument("filters", nargs="*", metavar="FILTER",
                     help="pending, approved, failed (either of them), scheduled, mine (with "
                          "--as) or a network; they combine")
    dft.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                     help="whose drafts `mine` lists")
    dft.add_argument("--limit", metavar="N", type=int, default=100,
                     help="rows at most (default 100)")
    dft.add_argument("--format", default="text", help="text (default) or json (a line each)")

    a = cmd("audit", "export the audit log")
    a.add_argument("--since", default=None, help="ISO time or a duration like 2h, 7d")
    a.add_argument("--format", choices=["json", "csv"], default="json")

    w = cmd("why", "why a post was (or was not) seen: by URL, mention id or ticket id")
    w.add_argument("target", help="a post URL, a mention id (mastodon:123), a ticket id (T-3) or "
                   "a digest id (digest-1a2b3c4d: every post of that digest card)")

    rep = cmd("report", "delivery receipts for several days, with a sparkline per row; "
                        "`report tickets`: how fast each route or person acted on tickets")
    rep.add_argument("--since", default="7d", help="a duration like 7d or an ISO date "
                                                   "(default 7d)")
    rsub = rep.add_subparsers(dest="report_command", parser_class=_Parser)
    rt = cmd("tickets", "the team report: tickets opened in a window, claimed, resolved, open, "
                        "time to claim and to resolve, SLA, escalations, reopens", rsub)
    # SUPPRESS: `report --since 3d tickets` keeps the 3d
    rt.add_argument("--since", default=argparse.SUPPRESS,
                    help="the window's start: a duration like 7d or an ISO time (default 7d)")
    rt.add_argument("--until", metavar="TIME", default=None,
                    help="the window's end: a duration ago (1d) or an ISO time (default now)")
    rt.add_argument("--by", default="route", help="route (default), person, priority or tag")
    rt.add_argument("--format", default="text", help="text (default), json or csv")

    ob = cmd("outbox", "deliveries: list the dead ones, send them again")
    osub = ob.add_subparsers(dest="outbox_command", required=True, parser_class=_Parser)
    ol = cmd("list", "list deliveries (the dead ones by default)", osub)
    which = ol.add_mutually_exclusive_group()
    which.add_argument("--dead", action="store_const", dest="status", const="dead",
                       default="dead", help="given up, with the error and the fix (default)")
    which.add_argument("--pending", action="store_const", dest="status", const="pending",
                       help="waiting to be delivered")
    orr = cmd("retry", "send dead deliveries again (once the cause is fixed)", osub)
    target = orr.add_mutually_exclusive_group(required=True)
    target.add_argument("delivery", nargs="?", help="a delivery id (d-1a2b3c4d) or outbox key")
    target.add_argument("--all", action="store_true", help="every dead delivery")
    orr.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                     help="who retries, for the audit log (default: cli:<login>)")

    de = cmd("dead", "dead letters (mentions and timers set aside): list them, process them "
                     "again")
    desub = de.add_subparsers(dest="dead_command", required=True, parser_class=_Parser)
    dl = cmd("list", "list dead letters, with the reason and what to run", desub)
    dl.add_argument("--kind", default=None, help="mention, timer or stream (the Redis mention "
                                                 "stream's; default: all)")
    dl.add_argument("--format", default="text", help="text (default) or json (a line each)")
    drt = cmd("retry", "process dead letters again, once (once the cause is fixed)", desub)
    drt.add_argument("ids", nargs="*", metavar="ID", help="a dead letter's id (mastodon:123, "
                                                          "esc:T-1, 1764601200000-0)")
    drt.add_argument("--all", action="store_true", help="every dead letter (of --kind)")
    drt.add_argument("--kind", default=None, help="mention, timer or stream (default: any)")
    drt.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                     help="who retries, for the audit log (default: cli:<login>)")

    fg = cmd("forget", "erase one author's words and name from the store (GDPR Art. 17; "
                       "docs/storage.md)")
    fg.add_argument("author", help="as the bot names them: mastodon:@name@server, "
                                   "name.bsky.social, did:plc:..., u/name, @handle")
    fg.add_argument("--dry-run", action="store_true", help="count what would be erased")
    fg.add_argument("--as", metavar="PERSON", dest="as_person", default=None,
                    help="who asked, for the audit log (default: cli:<login>)")

    dc = cmd("discord", "Discord helpers")
    dsub = dc.add_subparsers(dest="discord_command", required=True, parser_class=_Parser)
    inv = cmd("invite", "print the bot's invite URL", dsub)
    inv.add_argument("--application-id", metavar="ID", default=None)
    inv.add_argument("--guild-id", metavar="ID", default=None)
    from bot.app import model_cli

    model_cli.register(cmd)
    for command in sub.choices.values():  # a group's errors name the other commands
        command.root = p
        for inner in _subcommands(command):
            inner.root = p
    return p


def _subcommands(parser: argparse.ArgumentParser) -> list[_Parser]:
    return [p for a in parser._actions if isinstance(a, argparse._SubParsersAction)
            for p in a.choices.values()]


def _value_taken_for_the_command(parser: argparse.ArgumentParser,
                                 given: Sequence[str]) -> None:
    """`socialops --dir rules init`: an option of a command given before its name, whose value
    names another command, was read as that command, and the command meant as its own:
    `socialops rules: unknown command 'init'` (a newcomer's review, 2026-12-07). Said as
    `--dir out init` is (``_Parser.error``): where the option goes."""
    commands = next(a.choices for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction))
    assert isinstance(commands, dict)
    taken = next((at for at, t in enumerate(given) if t in commands), None)
    if taken is None or taken < 1 or taken + 1 >= len(given):
        return
    option, meant = given[taken - 1], given[taken + 1]
    if (not option.startswith("-") or option in parser._option_string_actions
            or meant not in commands or option not in commands[meant]._option_string_actions):
        return
    early = " ".join(given[:taken + 1])
    parser.error(f"{early} came before the command; write it after it: "
                 f"{parser.prog} {meant} {early}")


def _option_meant(sub: argparse.ArgumentParser, extras: Sequence[str]) -> str:
    """`init --yse`: the command's own option the first unknown one misspells, as a misspelt
    command is said with the one meant; "" when none is near."""
    options = [o for o in sub._option_string_actions if o.startswith("--")]
    for extra in extras:
        typed = extra.split("=")[0]
        if not typed.startswith("--") or typed == "--":
            continue
        if near := suggest(typed, options):
            return f"; did you mean {near}?"
        # an option cut short (`--json` for --json-logs), which argparse no longer completes
        if started := sorted(o for o in options if o.startswith(typed)):
            return f"; did you mean {' or '.join(started)}?"
    return ""


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = build_parser()
    _value_taken_for_the_command(parser, sys.argv[1:] if argv is None else argv)
    args, extras = parser.parse_known_args(argv)
    if extras:
        # Name the unknown argument at the command it was given to, however deep (`report
        # tickets --bogus` was said at `report`, under report's help)
        sub: argparse.ArgumentParser = parser
        while True:
            actions = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
            name = getattr(args, actions[0].dest, None) if actions else None
            if name is None:
                break
            sub = actions[0].choices[name]
        # `socialops --yes init`: an option of the command, given before its name
        if early := [e for e in extras if e.split("=")[0] in sub._option_string_actions]:
            sub.error(f"{' '.join(early)} came before the command; write "
                      f"{'them' if len(early) > 1 else 'it'} after it: "
                      f"{sub.prog} {' '.join(early)}")
        sub.error(f"unrecognized arguments: {' '.join(extras)}{_option_meant(sub, extras)}")
    if not hasattr(args, "config"):
        args.config = Settings.read().config or DEFAULT_CONFIG
    if not str(args.config).strip():  # Path("") is ".", the current folder
        raise UsageError(f"-c/--config: the config path is empty; pass the config file "
                         f"(-c {DEFAULT_CONFIG}), or leave -c out to read {DEFAULT_CONFIG}")
    if str(args.config) == "-" and args.command != "check":
        raise UsageError(f"-c -: only `socialops check` reads the config from stdin; pass the "
                         f"config file (-c {DEFAULT_CONFIG})")
    args.config = Path(args.config)
    for name, value in vars(args).items():  # after the config: a path, kept as the OS gave it
        if isinstance(value, Path) and (problem := file_name_problem(str(value))):
            # a name too long was a traceback from the first exists()
            said = ("-c/--config" if name == "config" else name.upper() if name in _POSITIONAL
                    else f"--{name.replace('_', '-')}")
            raise UsageError(f"{said}: {problem}")
        setattr(args, name, _text(value))
    args.json_logs = bool(getattr(args, "json_logs", False))
    default = "WARNING" if args.command in QUIET_COMMANDS else "INFO"
    verbose = int(getattr(args, "verbose", 0) or 0)
    level = LEVELS[max(0, LEVELS.index(default) - verbose)]
    args.explicit_level = getattr(args, "log_level", None) or (level if verbose else None)
    args.log_level = args.explicit_level or default
    return args


_POSITIONAL = frozenset({"file", "rules_file", "cases_file"})  # the paths given without a flag


def _text(value: object) -> object:
    """An argument that is text (an id, a URL, a draft), with every byte the terminal gave
    that is not UTF-8 as U+FFFD. Python hands such bytes over as lone surrogates (PEP 383),
    which no store, log or network can write: `socialops why` of a URL typed in a Latin-1
    terminal ended in a traceback from SQLite. Paths (``type=Path``) keep them, since they
    name the file."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_text(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parse(argv)
        # `run`: a SIGTERM while the config is read unwinds and exits 0 (bot.app.entry sets
        # it before the imports when started as `socialops`); another command ends on it
        # and a SIGHUP (reload the rules) never ends it
        if args.command == "run":
            signal.signal(signal.SIGTERM, stop_while_starting)
            signal.signal(signal.SIGHUP, reload_while_starting)
        elif signal.getsignal(signal.SIGTERM) is stop_while_starting:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
        # the modules the parser needed are in: Ctrl-C is Python's own again (asyncio.run
        # then cancels the command's task on it), once a signal it dropped is looked at
        taken = taken_while_starting()
        if taken is not None:
            return taken
        if signal.getsignal(signal.SIGINT) is interrupt_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        setup_logging(level=args.log_level, json_format=args.json_logs)
        tune_collector()
        code = _dispatch(args)
        sys.stdout.flush()  # here, so that output lost (a full disk) is said, not exit 0
        return code
    except StopWhileStarting:
        logging.getLogger("bot.app.cli").info(STOPPED_STARTING)
        return 0
    except ConfigError as exc:
        for one in flatten(exc):
            say_error(str(one))
        return 1
    except StoreUnavailable as exc:
        say_error(f"store unavailable: {exc}")
        return 1
    except NotOffered as exc:
        say_error(str(exc))
        return 2
    except SocialopsError as exc:
        say_error(str(exc))
        return 1
    except FileNotFoundError as exc:
        named = isinstance(exc.filename, str) and exc.filename
        near = near_name(Path(exc.filename)) if named else ""
        say_error(f"{exc.filename or exc}: file not found{near}")
        return 1
    except IsADirectoryError as exc:
        say_error(f"{exc.filename or ''}: is a directory, not a file; name a file")
        return 1
    except PermissionError as exc:
        say_error(f"{exc.filename or ''}: {exc.strerror}")
        return 1
    except BrokenPipeError:  # the reader went away (`| head`): nothing left to say to it
        from integrations.console.workspace import OUTPUT_CLOSED, silence_stdout

        silence_stdout()
        return OUTPUT_CLOSED
    except KeyboardInterrupt:
        return INTERRUPTED
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _NO_ROOM:
            raise
        # a write to standard output (no file name: an open stream) where there is no room,
        # `socialops audit > audit.jsonl` on a full disk: one line, as any mistake
        from integrations.console.workspace import silence_stdout

        silence_stdout()
        say_error(f"cannot write the output: {exc.strerror} (where standard output goes: a "
                  "full disk, a disk quota or a file size limit?); what was printed is "
                  "incomplete: free space there, or send it elsewhere")
        return 1
    except Exception:  # a stop signal's exception as another one (bot.app.entry)?
        taken = taken_while_starting()
        if taken is None:
            raise
        return taken


# the errors of a write with no room for it: a full disk, a used-up quota, a file size limit
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _load(args: argparse.Namespace) -> LoadedConfig:
    if not args.config.exists():
        raise UsageError(config_not_found(args.config))
    loaded = load_config(args.config)
    cfg = loaded.config
    setup_logging(level=args.explicit_level or (args.log_level if args.command != "run"
                                                else cfg.logging.level),
                  json_format=args.json_logs or cfg.logging.json_format,
                  secrets=config_secrets(cfg))
    return loaded


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    from bot.app import model_cli

    if cmd in model_cli.COMMANDS:
        return model_cli.run(args)
    record = getattr(args, "record", None)
    if record is not None:
        from bot.core.yamlfile import not_a_file

        problem = not_a_file(record)
        if problem:  # cards are appended to it: each would fail on its own, as a warning
            raise UsageError(f"--record {record}: {problem}; name a file to append the cards "
                             "to, e.g. cards.jsonl")
        if problem := append_problem(record):  # under a file, read-only: the same, exit 0
            raise UsageError(f"--record {problem}")
    if cmd == "demo":
        from bot.app.demo import run_demo

        return asyncio.run(run_demo(sys.stdout, quiet=args.quiet, record=args.record))
    if cmd == "init":
        from bot.app.init import run_init

        return run_init(args, out=sys.stdout)
    if cmd == "check":
        from bot.app.check import online_deadline, run_check
        from bot.core.config import STDIN
        from bot.core.yamlfile import MAX_BYTES

        # `-c -`: the config on stdin (`cat socialops.yaml | socialops check -c -`); one byte
        # past the limit is enough to refuse it
        deadline = online_deadline(args.timeout, online=args.online)
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if str(args.config) == "-" else None
        return asyncio.run(run_check(STDIN if raw is not None else args.config,
                                     online=args.online, out=sys.stdout, err=sys.stderr,
                                     raw=raw, deadline=deadline))
    if cmd == "rules" and args.rules_command == "test":
        return _rules_test(args)
    if cmd == "replay" and not args.file.is_file():
        from bot.core.yamlfile import not_a_file

        what = not_a_file(args.file) or "file not found"
        raise UsageError(f"{args.file}: {what} (a JSON-lines file of mentions; see "
                         "docs/replay-format.md)")
    if cmd == "rules" and args.mention is not None and not args.mention.is_file():
        raise UsageError(f"--mention {args.mention}: " + (
            "is a directory, not a file; name a file holding one mention as JSON"
            if args.mention.is_dir() else "file not found"))
    if cmd == "discord":  # the URL takes ids only: a secret not exported yet does not stop it
        return _discord_invite(_invite_config(args), args)
    if cmd == "draft":
        _draft_arguments(args)
    loaded = _load(args)
    now = datetime.now(UTC)
    tickets = cmd == "report" and args.report_command == "tickets"
    # the team report's --since is its window's, read with its --until below
    since = parse_since(args.since, now) if cmd == "audit" or (
        cmd == "report" and not tickets) else None
    window = _ticket_window(args, now) if tickets else None  # the values before the store
    if cmd == "dead":
        _dead_arguments(args)
    query = _drafts_query(loaded, args) if cmd == "drafts" else None
    if cmd in READERS or cmd == "why":
        from bot.app.lock import database_to_read

        database_to_read(loaded)
    if cmd == "run":
        from bot.app.serve import serve
        from bot.core.settings import environ

        if args.role == "web" and uses_sqlite(
                loaded.config.store, redis_url_env=environment_store_url(environ())):
            # no worker can start beside it (SQLite serves one process): nothing would poll
            # or deliver, for ever, and only `role web: interactions only` said so
            raise UsageError("--role web answers chat only, and on SQLite no worker can run "
                             "beside it (the database serves one process): nothing would "
                             "poll or deliver; run `socialops run` (role all) on SQLite, or "
                             "move the store to Redis to split web and worker "
                             "(docs/scaling.md)")
        if args.as_person is not None:
            _typing_person(loaded, args.as_person)
        return asyncio.run(serve(loaded, as_person=args.as_person, stdin=not args.no_stdin,
                                 record=args.record, role=args.role))
    if cmd == "fetch":
        return asyncio.run(_fetch(loaded, args.source_id, as_json=args.json, out=sys.stdout))
    if cmd == "replay":
        from bot.app.demo import replay_file
        from bot.app.lock import one_process

        with one_process(loaded):  # not beside a `run` on the same database
            return asyncio.run(replay_file(loaded, args.file, out=sys.stdout,
                                           record=args.record))
    if cmd == "rules":
        return _rules_explain(loaded, args)
    if cmd == "draft":
        return asyncio.run(_draft(loaded, args))
    if cmd == "audit":
        return asyncio.run(_audit(loaded, since=since, fmt=args.format, out=sys.stdout))
    if cmd == "why":
        return asyncio.run(_why(loaded, args.target, out=sys.stdout))
    if window is not None:
        return asyncio.run(_ticket_report(loaded, args, window, out=sys.stdout))
    if cmd == "report":
        assert since is not None
        return asyncio.run(_report(loaded, since, out=sys.stdout))
    if cmd == "outbox":
        return asyncio.run(_outbox(loaded, args, out=sys.stdout))
    if cmd == "dead":
        return asyncio.run(_dead(loaded, args, out=sys.stdout, err=sys.stderr))
    if cmd == "forget":
        return asyncio.run(_forget(loaded, args, out=sys.stdout))
    if query is not None:
        return asyncio.run(_drafts(loaded, args, query, out=sys.stdout))
    raise AssertionError(cmd)


def _declared_person(loaded: LoadedConfig, who: str) -> str:
    """``--as WHO`` of a command that acts (drafts, retries) in someone's name: a person id
    from ``people:``, else one line naming them (a typo would draft for nobody, or write a
    name nobody has into the audit log)."""
    people = sorted(p.id for p in loaded.config.people)
    if who not in people:
        raise UsageError(f"--as {who[:40]!r}: no such person; name a person id as in "
                         f"{loaded.path} (people: {', '.join(people) or 'none declared'})")
    return who


def _typing_person(loaded: LoadedConfig, who: str) -> None:
    """`run --as WHO`: in a console a person types their person id or their console identity;
    anyone else was taken, and every command typed then refused as not linked."""
    from handlers.identity import Directory

    cfg = loaded.config
    consoles = frozenset(w.name for w in cfg.workspaces if w.type == "console") or frozenset(
        {"console"})
    directory = Directory(cfg.people, consoles=consoles)  # as the console links them
    if not any(directory.configured(ws, who) for ws in consoles):
        ids = ", ".join(sorted(p.id for p in cfg.people)) or "none declared"
        raise UsageError(f"--as {who[:40]!r}: no such person; name a person id as in "
                         f"{loaded.path} (people: {ids})")


def terminal_zone(loaded: LoadedConfig) -> str | None:
    """The clock a command run in a terminal says its times on beside UTC: the workspaces'
    ``timezone:`` when every workspace names that one; else None, UTC alone (with workspaces
    on different clocks, or one on none, which one the reader keeps is not known)."""
    zones = {w.timezone for w in loaded.config.workspaces}
    return next(iter(zones)) if len(zones) == 1 else None


async def _why(loaded: LoadedConfig, target: str, *, out: TextIO) -> int:
    from bot.app.compose import open_app

    async with open_app(loaded, read_only=True) as app:
        assert app.why is not None
        reply = await app.why.why(target, zone=terminal_zone(loaded), whole=True)
    if not reply.ok:
        raise UsageError(reply.text)
    out.write(_CHAT_RETRY.sub(r"`socialops outbox retry \1`", reply.text) + "\n")
    return 0


# a dead card's fix as the chat's `why` says it: `retry d-1a2b3c4d` is the chat's verb, which
# no shell runs; the command line's is `socialops outbox retry` (as `outbox list --dead` says)
_CHAT_RETRY = re.compile(r"`retry (d-[0-9a-f]{8})`")


async def _report(loaded: LoadedConfig, since: datetime, *, out: TextIO) -> int:
    from bot.app.compose import open_app

    async with open_app(loaded, read_only=True) as app:
        assert app.receipts is not None
        out.write(await app.receipts.report(since) + "\n")
    return 0


def _ticket_window(args: argparse.Namespace, now: datetime) -> tuple[datetime, datetime]:
    """The team report's window, checked before the store is opened: each mistake one line."""
    from bot.core.errors import Refusal
    from handlers.ticket_report import BY, BY_USAGE, FORMATS, window

    if args.by not in BY:
        raise NotOffered("report tickets", f"--by {args.by[:40]!r}: {BY_USAGE}")
    if args.format not in FORMATS:
        raise NotOffered("report tickets", f"--format {args.format[:40]!r}: use text, json or csv")
    try:
        return window(args.since, args.until, now, names=("--since", "--until"))
    except Refusal as exc:
        raise UsageError(exc.message) from None


async def _ticket_report(loaded: LoadedConfig, args: argparse.Namespace,
                         window: tuple[datetime, datetime], *, out: TextIO) -> int:
    from handlers.ticket_report import RENDER, team_report

    since, until = window
    async with _reading(loaded) as store:
        tickets = await store.tickets_opened(since, until)
    text = RENDER[args.format](team_report(tickets, since=since, until=until, by=args.by))
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


OUTBOX_LISTED = 10_000  # deliveries `outbox list` prints; the count says how many there are


async def _outbox(loaded: LoadedConfig, args: argparse.Namespace, *, out: TextIO) -> int:
    from bot.app.compose import open_app
    from bot.core.cards import delivery_id
    from bot.core.keys import lane_name
    from bot.core.when import on_clock
    from handlers.deliveries import NOTHING_DEAD

    zone = terminal_zone(loaded)  # each next attempt on the config's clock too
    # `outbox list` reads; `outbox retry` writes, and opens the store as `run` does
    async with open_app(loaded, read_only=args.outbox_command == "list") as app:
        deliveries = app.deliveries
        assert deliveries is not None
        if args.outbox_command == "list":
            items = await app.store.list_outbox(status=args.status, limit=OUTBOX_LISTED)
            if args.status == "dead":
                out.write(deliveries.listing(items, shown=len(items)).replace(
                    "`retry <id>` (or `retry all`)",
                    "`socialops outbox retry <id>` (or --all)") + "\n")
            else:
                for i in items:
                    out.write(f"{delivery_id(i.key)} to {i.workspace}:{i.channel} "
                              f"({lane_name(i.lane)}), attempt "
                              f"{i.attempts + 1} at {i.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
                              f"{on_clock(i.next_attempt_at, zone)}: "
                              f"{truncate(i.card.title, 80)!r}"
                              + (f" (last error: {one_line(i.last_error, 200)})"
                                 if i.last_error else "")
                              + "\n")
                total = (await app.store.outbox_counts())["pending"]
                out.write(f"{len(items)} pending\n" if total <= len(items) else
                          f"{total} pending, the first {len(items)} listed\n")
            return 0
        import getpass

        actor = (_declared_person(loaded, args.as_person) if args.as_person is not None
                 else f"cli:{getpass.getuser()}")
        reply = await deliveries.retry("all" if args.all else args.delivery, actor)
        if args.all and reply.text == NOTHING_DEAD:  # nothing went wrong: said, exit 0
            out.write(reply.text + "\n")
            return 0
        if not reply.ok:
            raise UsageError(reply.text)
        if "nothing to retry" in reply.text:  # a notice that is news no more, settled
            out.write(reply.text + "\n")
            return 0
        out.write(reply.text + f"; a running bot delivers {'them' if args.all else 'it'} at its "
                  "next turn\n")
    return 0


def _drafts_query(loaded: LoadedConfig, args: argparse.Namespace) -> DraftQuery:
    """`socialops drafts`' mistakes, each one line, before the store is opened."""
    from bot.core.errors import Refusal
    from handlers.drafts import parse_filters

    if args.format not in ("text", "json"):
        raise NotOffered("drafts", f"--format {args.format[:40]!r}: use text or json")
    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: give 1 or more")
    try:
        query = parse_filters(args.filters)
    except Refusal as exc:
        raise UsageError(exc.message) from None
    if query.mine and args.as_person is None:
        raise NotOffered("drafts", "mine: say whose with --as PERSON (a person id)")
    if args.as_person is not None:  # a typo lists nothing
        _declared_person(loaded, args.as_person)
    return replace(query, limit=args.limit)


async def _drafts(loaded: LoadedConfig, args: argparse.Namespace, query: DraftQuery, *,
                  out: TextIO) -> int:
    """The planner from the store alone; times on the approvals channel's workspace's clock,
    as `socialops draft --at` reads them."""
    from handlers.drafts import Planner, json_line

    cfg = loaded.config
    home = cfg.channels.get(cfg.approvals.channel or "")
    zone = next((w.timezone for w in cfg.workspaces
                 if home is not None and w.name == home.workspace), None)
    async with _reading(loaded) as store:
        planner = Planner(store, clock=lambda: datetime.now(UTC))
        page = await planner.page(query, args.as_person)
    if args.format == "json":
        for row in page.rows:
            out.write(json_line(row, planner.clock()) + "\n")
        if page.total > len(page.rows):  # stdout is data: the rest is said beside it
            sys.stderr.write(f"… and {page.total - len(page.rows)} more (--limit N)\n")
        return 0
    out.write(planner.render(page, zone=zone, narrow="socialops drafts [FILTER ...] "
                                                     "[--limit N]") + "\n")
    return 0


def _dead_arguments(args: argparse.Namespace) -> None:
    """`dead list` and `dead retry`'s mistakes, each one line, before the store is opened."""
    from bot.app.dead_letters import KINDS

    if args.kind is not None and args.kind not in KINDS:
        raise NotOffered(f"dead {args.dead_command}",
                         f"--kind {args.kind[:40]!r}: use mention, timer or stream")
    if args.dead_command == "list":
        if args.format not in ("text", "json"):
            raise NotOffered("dead list", f"--format {args.format[:40]!r}: use text or json")
        return
    if args.all and args.ids:
        raise NotOffered("dead retry", "give ids or --all, not both")
    if not args.all and not args.ids:
        raise NotOffered("dead retry", "name the dead letters to retry (`socialops dead retry "
                         "ID`), or --all; `socialops dead list` lists them")


async def _forget(loaded: LoadedConfig, args: argparse.Namespace, *, out: TextIO) -> int:
    """`socialops forget AUTHOR`: find, count, erase in one transaction (``handlers.erasure``)."""
    import getpass

    from bot.app.compose import open_app
    from handlers.erasure import Malformed, parse

    try:
        parse(args.author)  # before the store: a mistake is one line, whatever the store
    except Malformed as exc:
        raise UsageError(str(exc)) from None
    actor = (_declared_person(loaded, args.as_person) if args.as_person is not None
             else f"cli:{getpass.getuser()}")
    if args.explicit_level is None:  # its outcome is its line
        logging.disable(logging.ERROR)
    async with open_app(loaded) as app:
        assert app.erasure is not None
        reply = await app.erasure.reply(args.author, actor=actor, dry_run=args.dry_run)
    if not reply.ok:
        raise UsageError(reply.text)
    out.write(reply.text.replace("(dry run)", "(--dry-run)") + "\n")
    return 0


async def _dead(loaded: LoadedConfig, args: argparse.Namespace, *, out: TextIO,
                err: TextIO) -> int:
    """`socialops dead list` (the store alone) and `dead retry` (the app, for its pipeline
    and timers; the cards it queues are delivered by the running bot)."""
    from bot.app import dead_letters as D

    if args.kind == D.STREAM and loaded.config.store.backend != "redis":
        raise UsageError(f"--kind stream: the Redis mention stream's dead letters, and "
                         f"{loaded.path} keeps a {loaded.config.store.backend} store, which has "
                         "no stream; leave --kind out, or use mention or timer")
    if args.dead_command == "list":
        async with _reading(loaded) as store:
            items, more = await D.listed(store, D.stream_of(store), args.kind)
        if args.format == "json":
            for d in items:
                out.write(D.json_line(d) + "\n")
            if more:
                err.write(D.more_note(len(items), args.kind) + "\n")
        else:
            out.write(D.listing(items, kind=args.kind, more=more,
                                zone=terminal_zone(loaded)) + "\n")
        return 0
    import getpass

    from bot.app.compose import open_app

    actor = (_declared_person(loaded, args.as_person) if args.as_person is not None
             else f"cli:{getpass.getuser()}")
    if args.explicit_level is None:  # each outcome is its line: the same said in logs is noise
        logging.disable(logging.ERROR)
    async with open_app(loaded) as app:
        letters = D.DeadLetters(app.store, pipeline=app.pipeline, timers=app.timers,
                                audit=app.audit, dead_days=loaded.config.store.retention.dead_days,
                                stream=D.stream_of(app.store), queue=loaded.config.store.queue,
                                zone=terminal_zone(loaded))
        if args.all:  # a page at a time, each said as it is done: thousands take minutes
            done, again = 0, set[tuple[str, str]]()
            async for d in letters.each(args.kind, skip=again):
                o = await letters.retry(d, actor)
                if o.ok:
                    done += 1
                else:
                    again.add((d.kind, d.id))
                _said(o, out=out, err=err)
            failed = len(again)
            if (held := await letters.held_back(args.kind)) is not None:  # one line, not each
                failed += held[0]
                _said(held[1], out=out, err=err)
            if not done + failed:  # nothing went wrong: said, exit 0, as `outbox retry --all`
                what = {None: "dead letters", D.STREAM: "dead letters of the mention stream"
                        }.get(args.kind, f"dead {args.kind}s")
                out.write(f"No {what} to retry.\n")
                return 0
            out.write(f"{done} of {done + failed} dead letters processed again\n")
            return 1 if failed else 0
        targets = [await letters.find(i, args.kind) for i in dict.fromkeys(args.ids)]
        outcomes = [t if isinstance(t, D.Outcome) else await letters.retry(t, actor)
                    for t in targets]
    failed_ = [o for o in outcomes if not o.ok]
    if len(outcomes) == 1 and failed_:
        raise UsageError(failed_[0].text)
    for o in outcomes:
        _said(o, out=out, err=err)
    if len(outcomes) > 1:
        out.write(f"{len(outcomes) - len(failed_)} of {len(outcomes)} dead letters processed "
                  "again\n")
    return 1 if failed_ else 0


def _said(o: Outcome, *, out: TextIO, err: TextIO) -> None:
    """A retry's outcome, its line, at once (a long `--all` says how far it is)."""
    if o.ok:
        out.write(o.text + "\n")
        out.flush()
    else:
        err.write(f"error: {o.text}\n")
        err.flush()


async def _fetch(loaded: LoadedConfig, source_id: str, *, as_json: bool, out: TextIO) -> int:
    from bot.app.compose import open_app

    try:
        chosen = loaded.config.source(source_id)
    except KeyError:
        known = ", ".join(s.id for s in loaded.config.sources) or "none"
        raise ConfigError(f"no source {source_id!r} (known: {known})",
                          file=str(loaded.path), field="sources") from None
    if not chosen.enabled:  # it is never built: it was a KeyError from app.sources
        raise UsageError(f"source {source_id!r} has enabled: false in {loaded.path}; set it to "
                         f"true (or leave it out) to fetch it")
    # a dry look: nothing routed, so its whole backfill window is read (run reads at most the
    # dedup window's)
    async with _fetch_store(loaded, chosen) as store, open_app(loaded.reading_whole(),
                                                               store=store) as app:
        source = app.sources[source_id]
        # where `run` left off: fetch reads on from it, so "0 mention(s)" after a run said
        # nothing of why (a newcomer's review, 2026-12-06)
        resumed = await app.cursors[source_id].get_cursor(source_id) is not None
        app.cursors[source_id].begin()  # fetch is a dry look: its cursor writes are dropped
        try:
            mentions = await source.poll()
        except SourceError as exc:  # unreachable, refused, unreadable: one line, where to fix
            from bot.app.reach import source_failed

            raise source_failed(loaded, source_id, exc) from None
        app.cursors[source_id].end()
        for m in mentions:
            if as_json:
                out.write(m.model_dump_json(exclude={"raw"}) + "\n")
            else:  # for a terminal: a post's escape sequences could retitle or clear it
                out.write(f"{m.created_at:%Y-%m-%d %H:%M} {one_line(m.id, 400)} "
                          f"{at_handle(m.author.handle)}: {one_line(m.text, 160)}\n")
        skipped = getattr(source, "skipped", 0)
        n_skipped = getattr(skipped, "total", len(skipped)) if isinstance(skipped, list) \
            else int(skipped or 0)
        since = (f" new since source {source_id}'s cursor, where the bot (socialops run, on "
                 "this store) has read up to" if resumed and not mentions else "")
        print(f"{len(mentions)} mention(s){since}, {n_skipped} skipped", file=sys.stderr)
    return 0


@asynccontextmanager
async def _fetch_store(loaded: LoadedConfig, source: SourceBase
                       ) -> AsyncIterator[Store | None]:
    """The store ``fetch`` reads beside: the config's when it is there (where ``run`` left its
    cursors), else (no ``run`` yet on SQLite) one of its own in a temporary folder, thrown
    away after: fetch made an empty database at ``store.path`` nobody meant (a newcomer's
    review, 2026-12-07). A source that keeps its login in the store (Bluesky's session) reads
    beside the config's always: thrown away, every fetch logged in anew, and a PDS allows an
    account 300 logins a day, its `run`'s among them. None: ``open_app`` opens the config's."""
    from bot.app.lock import no_database_yet

    if source.keeps_session or not no_database_yet(loaded):
        yield None
        return
    import tempfile

    from bot.core.config import StoreConfig
    from bot.store import open_store

    with tempfile.TemporaryDirectory(prefix="socialops-fetch-") as folder:
        yield await open_store(StoreConfig(backend="sqlite", path=f"{folder}/fetch.db"),
                               redis_url=None, clock=lambda: datetime.now(UTC))


def _channels_and_escalations(
        loaded: LoadedConfig) -> tuple[Mapping[str, ChannelConfig], set[str]]:
    from bot.app.escalations import escalation_policies

    return dict(loaded.config.channels), set(escalation_policies(loaded))


def _rules_test(args: argparse.Namespace) -> int:
    from bot.enrich import Enricher
    from rules.cli import rules_test

    channels, escalations = _config_for_rules(args)
    enricher = Enricher()
    return rules_test(args.rules_file, args.cases_file, channels=channels,
                      escalations=escalations, facts_factory=enricher.facts, out=sys.stdout)


def _config_for_rules(
        args: argparse.Namespace) -> tuple[Mapping[str, ChannelConfig], set[str]]:
    """Rules name channels from the config; without a config file, any name is accepted."""
    if args.config.exists():
        return _channels_and_escalations(load_config(args.config))
    from rules.cli import escalations_named_in, permissive_channels

    return permissive_channels(), escalations_named_in(args.rules_file)


def _rules_explain(loaded: LoadedConfig, args: argparse.Namespace) -> int:
    from bot.enrich import Enricher
    from rules.cli import rules_explain

    rules_path = args.rules or loaded.rules_path()
    if rules_path is None:
        raise ConfigError("no rules file: pass --rules or set rules: in the config",
                          file=str(loaded.path), field="rules")
    now = datetime.now(UTC)
    mention = _explain_mention(args, now)
    channels, escalations = _channels_and_escalations(loaded)
    return rules_explain(Path(rules_path), mention, channels=channels,
                         escalations=escalations, facts_factory=Enricher().facts, now=now,
                         out=sys.stdout)


def _explain_mention(args: argparse.Namespace, now: datetime) -> Mention:
    from pydantic import ValidationError

    from bot.core.models import Author, Mention

    if args.mention is None:
        args.network = _network(args.network)
        return Mention(id=f"{args.network}:explain", network=args.network, source="explain",
                       text=args.text, language=args.lang, created_at=now,
                       author=Author(id="explain", handle="someone"))
    try:
        text = args.mention.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
        # a replay file: JSON lines, its first a whole object (a pretty-printed mention's first
        # line is "{" alone); a broken line further on is still a replay file's
        if len(lines) > 1 and lines[0].lstrip().startswith("{") \
                and lines[0].rstrip().endswith("}"):
            raise UsageError(
                f"--mention {args.mention}: {len(lines)} mentions, one a line (JSON lines, as "
                "replay reads them); explain takes one: put the one to explain in a file of "
                "its own, or give its text with --text")
        # one mention, pretty-printed or on one line among a replay file's # comments
        return Mention.model_validate_json(lines[0] if len(lines) == 1 else text)
    except UnicodeDecodeError:
        raise UsageError(f"--mention {args.mention}: not UTF-8 text") from None
    except ValidationError as exc:
        from integrations.replay.source import skip_reason  # the replay file's words

        raise UsageError(f"--mention {args.mention}: not a Mention: {skip_reason(exc)}; see "
                         "docs/replay-format.md for the fields") from None


def _network(name: str) -> str:
    """The network named, in any case (`Mastodon`, as the chat's `draft` takes it)."""
    if name.lower() in networks.known():
        return name.lower()
    try:
        return networks.network(name)
    except UnknownNetwork as exc:  # twitter: did you mean x? (as rules and chat say)
        raise UsageError(f"--network: {exc.message}") from None


def _draft_arguments(args: argparse.Namespace) -> None:
    """`draft`'s missing or clashing arguments, one line, before the config is read: a post's
    (--network, --account, TEXT) or a file of them (--from), and --as either way."""
    if args.from_file is not None:
        given = [flag for flag, value in (("--network", args.network), ("--account",
                 args.account), ("--at", args.at), ("--reply-to", args.reply_to),
                 ("a text", args.text)) if value is not None]
        if given:
            raise NotOffered("draft", f"--from takes each post's network, account, time and "
                             f"text from its rows: give no {', '.join(given)} with it")
    wanted = (("--as", args.as_person),) if args.from_file is not None else (
        ("--network", args.network), ("--account", args.account), ("--as", args.as_person),
        ("text", args.text))
    if missing := [flag for flag, value in wanted if value is None]:
        other = " (or --from FILE.csv with --as)" if args.from_file is None else ""
        raise NotOffered("draft", f"the following arguments are required: "
                         f"{', '.join(missing)}{other}")


async def _draft(loaded: LoadedConfig, args: argparse.Namespace) -> int:
    from bot.app.lock import beside_run
    from bot.core.text import is_blank, scrub

    if args.from_file is None:
        if (several := networks.one_a_draft(args.network,
                                            lambda n: f"--network {n}")) is not None:
            raise UsageError(f"--network: {several}")
        args.network = _network(args.network)  # before building anything
    _declared_person(loaded, args.as_person)
    if args.from_file is not None:
        with beside_run(loaded) as running:
            return await _drafted_from(loaded, args, running=running)
    if is_blank(scrub(args.text)):
        raise UsageError("TEXT: the draft is empty (or only invisible characters)")
    reply_to: str | None = args.reply_to
    if reply_to is not None and not reply_to.startswith(f"{args.network}:"):
        raise UsageError(f"--reply-to {reply_to[:80]!r}: not a {args.network} mention id "
                         f"({args.network}:<id>, as `socialops why <url>` shows it)")
    with beside_run(loaded) as running:
        return await _drafted(loaded, args, reply_to=reply_to, running=running)


async def _drafted(loaded: LoadedConfig, args: argparse.Namespace, *, reply_to: str | None,
                   running: str | None) -> int:
    """The draft written; its card delivered here unless ``running`` (the pid of a ``run`` on
    the same SQLite file) delivers it: this process would be that one's lease owner too, take
    over the channel it is posting in, and post its card again."""
    from bot.app.compose import open_app
    from bot.core import replies
    from bot.core.commands import SCHEDULE_OFF
    from bot.core.errors import Refusal
    from handlers.approvals import NO_CARD, draft_text, in_reply_to, left_out

    async with open_app(loaded) as app:
        context, mention = "", None
        if reply_to is not None:  # what the approvers see it answers, as a ticket's reply shows
            trace = await app.store.get_trace(reply_to)
            if trace is None:
                raise UsageError(f"--reply-to {reply_to[:80]}: no post with that id was fetched "
                                 "(or longer ago than store.retention.traces_days)")
            context = in_reply_to(trace.author, trace.text)
            # as a reply drafted on the ticket: Mastodon notifies only the accounts it
            # mentions, the post's author and those the post names (its signal keeps them;
            # a post no longer kept is its trace's author alone)
            signal = await app.store.get_signal(reply_to)
            post = signal.mention if signal is not None else None
            mention = await app.approvals.reply_opening(
                args.account, args.network, post.author.handle if post else trace.author,
                post.handles if post else (), args.text)
        text = args.text if mention is None else f"{mention} {args.text}"
        at = None
        # `--at off`, as a past time's refusal offers it (and `schedule A-3 off` takes it): none
        if args.at is not None and args.at.strip().lower() != SCHEDULE_OFF:
            try:
                at = app.approvals.when(args.at)
            except Refusal as exc:
                raise UsageError(f"--at {exc.message}") from None
        # the account's network first: an account typed for another network is what to fix,
        # not the reply a post on its network would need
        if (wrong := app.approvals.network_problem(args.account, args.network)) is not None:
            raise ConfigError(wrong, field="--account")
        if reply_to is None and (wrong := app.approvals.new_post_problem(args.account)):
            raise ConfigError(f"{wrong}; nothing was drafted", field="--reply-to")
        # before the text: refused, a reply from the wrong server is told as too long else
        if reply_to is not None and (wrong := await app.approvals.read_elsewhere(
                reply_to, args.account)):
            raise ConfigError(wrong, field="--account")
        approval, reply = await app.approvals.draft(text=text, network=args.network,
                                                    account=args.account, author=args.as_person,
                                                    reply_to=reply_to, reply_context=context,
                                                    publish_at=at)
        if approval is None and mention is not None and await app.approvals.draft_problem(
                args.text, network=args.network, account=args.account) is None:
            # what was typed fits; with the mention added it does not
            raise ConfigError(replies.mention_refused(reply.text, mention, args.network),
                              field="TEXT")
        if approval is None:  # an account no publisher has, else the text (too long, blank)
            raise ConfigError(reply.text, field="--account" if args.account not in
                              app.approvals.publishers else "TEXT")
        if running is None:
            await app.outbox.drain()
        channel = loaded.config.approvals.channel
        said = "" if mention is None else (
            f" (it starts with {mention}: {networks.display_name(args.network)} notifies only "
            "the accounts a reply mentions)")
        print(f"{approval.id} drafted{said}; waiting for approval" + (f" in {channel}" if channel
                                                                 else "")
              + (f"; it publishes at {app.approvals.shown(at)} once approved"
                 if at is not None else "") + ("" if channel else f"; {NO_CARD}")
              + (f" (the running socialops process, pid {running}, posts its card)"
                 if running is not None else "") + left_out(draft_text(text)[1]))
    return 0


async def _drafted_from(loaded: LoadedConfig, args: argparse.Namespace, *,
                        running: str | None) -> int:
    """``draft --from FILE``: every row checked, then drafted (``bot.app.bulk``); the cards
    delivered here unless a running process delivers them (``_drafted``)."""
    from bot.app import bulk
    from bot.app.compose import open_app

    path = Path(args.from_file)
    async with open_app(loaded) as app:
        rows = await bulk.read_plan(path, app.approvals, app.store, author=args.as_person)
        failed = await bulk.draft_plan(rows, app.approvals, app.store, author=args.as_person,
                                       where=args.from_file, say=print)
        if running is None:
            await app.outbox.drain()
    return 1 if failed else 0


def parse_since(text: str | None, now: datetime, *, flag: str = "--since") -> datetime | None:
    """An ISO time or a duration before ``now``, as ``flag`` (which the errors name) takes it."""
    if text is None:
        return None
    from bot.core.durations import time_before
    from bot.core.errors import Refusal
    from bot.core.when import shown_at

    try:
        start = time_before(text, now, name=flag)
    except Refusal as exc:
        raise UsageError(exc.message) from None
    if start > now:  # an empty answer and exit 0 (a newcomer's find), as `report tickets` says
        raise UsageError(f"{flag} {text} is still to come: it is {shown_at(start, None)}, and "
                         f"now is {shown_at(now, None)}; give an earlier start")
    return start


@asynccontextmanager
async def _reading(loaded: LoadedConfig) -> AsyncIterator[Store]:
    """The store alone, for a command that only reads it (``audit``, ``report tickets``):
    beside a running bot too, since SQLite's readers never wait for its writer, and nothing
    else (sources, outbox, workspaces) is built; read-only (``open_store``)."""
    from bot.store import open_store

    store = await open_store(loaded.config.store, redis_url=Settings.read().redis_url,
                             clock=lambda: datetime.now(UTC), read_only=True)
    try:
        yield store
    finally:
        await store.close()


async def _audit(loaded: LoadedConfig, *, since: datetime | None, fmt: str,
                 out: TextIO) -> int:
    async with _reading(loaded) as store:
        events = await store.audit_since(since)
    from handlers.audit import csv_cell, json_line

    if fmt == "json":
        for e in events:
            out.write(json_line(e) + "\n")
    else:
        w = csv.writer(out)
        w.writerow(["at", "actor", "action", "object_type", "object_id", "detail", "before",
                    "after"])
        for e in events:
            w.writerow([csv_cell(c) for c in (
                e.at.isoformat(), e.actor, e.action, e.object_type, e.object_id, e.detail,
                json.dumps(e.before) if e.before else "", json.dumps(e.after) if e.after else "")])
    return 0


def _invite_config(args: argparse.Namespace) -> LoadedConfig | None:
    """The config as ``discord invite`` reads it: its application and guild ids. Problems
    elsewhere (a token whose variable is not exported, on the machine of whoever adds the bot
    to the server) are not the invite's; problems of those ids are, and so is every problem
    when no Discord workspace could be read and ``--application-id`` is not given."""
    from bot.core.config import DiscordWorkspaceConfig, inspect_config
    from bot.core.settings import environ

    if not args.config.exists():
        return None if args.application_id else _load(args)  # _load: "file not found"
    loaded, problems = inspect_config(args.config, env=environ())
    readable = loaded is not None and any(
        isinstance(w, DiscordWorkspaceConfig) for w in loaded.config.workspaces)
    mine = [p for p in problems if (not readable and not args.application_id)
            or (p.field or "").endswith((".application_id", ".guild_id"))]
    if mine:
        raise ConfigErrors(mine)
    return loaded


def _discord_invite(loaded: LoadedConfig | None, args: argparse.Namespace) -> int:
    from bot.core.config import DiscordWorkspaceConfig
    from integrations.discord.invite import invite_url

    app_id = args.application_id
    guild = args.guild_id
    for w in loaded.config.workspaces if loaded is not None else ():
        if isinstance(w, DiscordWorkspaceConfig):
            app_id = app_id or w.application_id
            guild = guild or w.guild_id
    if not app_id:
        raise UsageError("no Discord application id: set application_id on the discord "
                         "workspace or pass --application-id")
    try:
        print(invite_url(app_id, guild_id=guild))
    except ValueError as exc:  # says where in Discord to find the id it refused
        raise UsageError(str(exc)) from None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
