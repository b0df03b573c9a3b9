"""``socialops init``: write a ``socialops.yaml`` and a ``rules.yaml`` that pass ``socialops
check``, from a few answers (asked on a terminal, or given as flags; ``--yes`` takes the
defaults for anything not given).

The defaults need no account anywhere: the bundled sample mentions as a replay source, the
console workspace, three channels, one person. Network sources are written with ``publish:
sandbox``, so approvals can be tried end to end without posting anything; secrets are written
as ``${NAME}`` references and listed at the end, never into the file.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import shlex
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.core import networks
from bot.core.confcheck import (
    ROLES,
    application_id_problem,
    channel_id_problem,
    guild_id_problem,
    member_id_problem,
)
from bot.core.errors import ConfigError, ConfigErrors, UnknownNetwork, UsageError
from bot.core.networks import Starter
from bot.core.text import fold

SAMPLE = Path(__file__).parent / "sample" / "mentions.jsonl"
SAMPLE_SOURCE = "sample"  # the bundled mentions, as a replay source
DEFAULT_CHANNELS = ("support", "approvals", "ops")


def add_init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", type=Path, default=Path("."), help="where to write (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--yes", "-y", action="store_true",
                   help="ask nothing: defaults for everything not given as a flag")
    p.add_argument("--source", action="append", default=None, metavar="TYPE[:WHAT]",
                   help="repeatable: sample (bundled mentions), or a network and what to "
                        "follow there (a hashtag, query, subreddit or feed URL), e.g. "
                        f"mastodon:acme; networks: {', '.join(networks.known())} "
                        "(default: sample)")
    p.add_argument("--brand", action="append", default=None, metavar="WORD",
                   help="repeatable: words that name your brand (default: acme, acmecloud)")
    p.add_argument("--workspace", choices=["console", "slack", "discord"], default=None,
                   help="where cards go (default: console, this terminal)")
    p.add_argument("--slack-mode", choices=["socket", "http"], default=None,
                   help="socket (default: no public URL needed) or http")
    p.add_argument("--discord-application-id", default=None, metavar="ID")
    p.add_argument("--discord-guild-id", default=None, metavar="ID",
                   help="the Discord server the bot serves: /socialops appears there at once "
                        "(without it the command is global, which Discord may take an hour "
                        "to show)")
    p.add_argument("--channel", action="append", default=None, metavar="NAME=ID",
                   help="repeatable: support, approvals and ops (Slack: C0123ABCD; Discord: "
                        "a channel id number)")
    p.add_argument("--person", action="append", default=None, metavar="ID=MEMBER_ID[:ROLE]",
                   help="repeatable: a person and their member id (Slack U0123ABCD, Discord "
                        "a user id number); role agent, lead, approver or admin")


@dataclass
class Answers:
    sources: list[tuple[str, str]] = field(default_factory=list)
    brand: list[str] = field(default_factory=list)
    workspace: str = "console"
    slack_mode: str = "socket"
    discord_application_id: str | None = None
    discord_guild_id: str | None = None
    channels: dict[str, str] = field(default_factory=dict)
    people: list[tuple[str, str, str]] = field(default_factory=list)


Ask = Callable[[str, str], str]


def _console_ask(question: str, default: str) -> str:
    answer = input(f"{question} [{default}]: ").strip()
    return answer or default


def gather(args: argparse.Namespace, *, ask: Ask | None) -> Answers:
    """Flags first; what they leave open is asked (``ask``) or defaulted (``ask`` None)."""

    def value(given: str | None, question: str, default: str) -> str:
        if given is not None:
            return given
        return ask(question, default) if ask is not None else default

    a = Answers()
    sources = args.source or value(None, "Sources (comma-separated; sample, or NETWORK:WHAT "
                                   f"such as {', '.join(_examples())})", "sample").split(",")
    # every refused value in one run, one line each, before anything is written: a misspelt
    # network was said alone, and the flags' other mistakes waited for the next run
    refused: list[ConfigError] = []
    raw_sources: list[str] = []
    for raw in (s.strip() for s in sources if s.strip()):
        kind, _, what = raw.partition(":")
        if kind != SAMPLE_SOURCE:
            starter = _starters().get(kind)
            if starter is None:
                refused.append(ConfigError(_unknown_source(raw, kind)))
                continue
            if not starter.optional and not what:
                refused.append(ConfigError(f"--source {raw}: say what to follow, e.g. "
                                           f"{kind}:acme"))
                continue
        raw_sources.append(raw)
        a.sources.append((kind, what))
    a.brand = [w.strip() for w in args.brand] if args.brand else [w.strip() for w in value(
        None, "Words that name your brand (comma-separated)", "acme, acmecloud").split(",")
        if w.strip()]
    # what rules.yaml could not load (`check` refused the file init had just written)
    if not a.brand:
        raise UsageError("no brand words given; name your brand, e.g. acme, acmecloud")
    if empty := [w for w in a.brand if not fold(w)]:
        raise UsageError(f"--brand {empty[0]!r}: a brand word cannot be empty; name your "
                         "brand, e.g. --brand acme")
    # what `check` refuses in the rules file init writes (--brand x: X, the network, wrote
    # ours: ["x"], a keyword of one letter): refused before anything is written. Imported
    # here: every command builds init's arguments, and the rules engine is the most of
    # what importing this module cost them (`--help`, `why`, `audit` load no rules)
    from rules.query import ONLY_STARS, one_character, only_stars

    for word in a.brand:
        if (why := ONLY_STARS if only_stars(word) else one_character(word)) is not None:
            raise UsageError(f"--brand {word!r}: {why}")
    refused += [ConfigError(f"--source {raw}: {problem}")
                for raw, (kind, what) in zip(raw_sources, a.sources, strict=True)
                if kind != SAMPLE_SOURCE
                for problem in _source_problems(raw, kind, what or a.brand[0])]
    if refused and ask is not None:  # asked on a terminal: before the next questions
        raise ConfigErrors(refused)
    a.workspace = value(args.workspace, "Chat workspace (console, slack, discord)", "console")
    if a.workspace not in ("console", "slack", "discord"):
        raise UsageError(f"workspace {a.workspace!r}: console, slack or discord")
    if a.workspace == "slack":
        a.slack_mode = value(args.slack_mode, "Slack mode (socket: no public URL; http)",
                             "socket")
        if a.slack_mode not in ("socket", "http"):
            raise UsageError(f"Slack mode {a.slack_mode!r}: socket or http")
    if a.workspace == "discord":
        a.discord_application_id = value(args.discord_application_id,
                                         "Discord application id (General Information)", "")
        a.discord_application_id = a.discord_application_id.strip() or None
        if a.discord_application_id and (
                problem := application_id_problem(a.discord_application_id)):
            refused.append(ConfigError(f"--discord-application-id: {problem}"))
        a.discord_guild_id = value(args.discord_guild_id, "Discord server id (optional: "
                                   "/socialops appears there at once; right-click the server "
                                   "-> Copy Server ID)", "").strip() or None
        if a.discord_guild_id and (problem := guild_id_problem(a.discord_guild_id)):
            refused.append(ConfigError(f"--discord-guild-id: {problem}"))
    example = "C0123ABCD" if a.workspace == "slack" else "112233445566778899"
    given = dict(_pair(c, "--channel", form=(
        f"NAME=ID ({', '.join(DEFAULT_CHANNELS[:-1])} or {DEFAULT_CHANNELS[-1]}, and the "
        f"channel's id), e.g. {DEFAULT_CHANNELS[0]}="
        f"{DEFAULT_CHANNELS[0] if a.workspace == 'console' else example}"))
        for c in args.channel or [])
    missing = [name for name in DEFAULT_CHANNELS if name not in given]
    if a.workspace == "console":
        given.update((name, name) for name in missing)
    elif missing and ask is None:  # every one in one line, not one per run
        flags = " ".join(f"--channel {name}=ID" for name in missing)
        refused.append(ConfigError(
            f"{flags} {'is' if len(missing) == 1 else 'are'} needed for {a.workspace} (each "
            f"channel's id, e.g. {example}, not its name)"))
    elif ask is not None:
        for name in missing:
            given[name] = ask(f"{a.workspace.capitalize()} channel id for {name!r} (e.g. "
                              f"{example})", "")
    for name, cid in given.items():
        problem = channel_id_problem(a.workspace, cid) or _name_problem(name, "a channel name")
        if problem:
            refused.append(ConfigError(f"--channel {name}={cid}: {problem}"))
    a.channels = given
    member = "U0123ABCD" if a.workspace == "slack" else "223344556677889900"
    people = args.person or ([] if ask is None else [
        p for p in [ask(f"A person: ID=MEMBER_ID[:ROLE] (e.g. ana={member}:admin)", "")] if p])
    for raw in people:
        typed = raw.partition("=")[0].strip() or "bob"
        pid, platform = _pair(raw, "--person", form=(
            "ID=MEMBER_ID[:ROLE] (a person id, their Slack or Discord member id, and a "
            f"role), e.g. {typed}={member}:agent"))
        platform_id, _, role = platform.partition(":")
        role = role or "admin"
        problem = (_name_problem(pid, "a person id")
                   or member_id_problem(a.workspace, platform_id)
                   or (None if role in ROLES else f"{role!r} is not a role: one of "
                       f"{', '.join(ROLES)}"))
        if problem:
            refused.append(ConfigError(f"--person {raw}: {problem}"))
        a.people.append((pid, platform_id, role))
    if not a.people and a.workspace != "console":
        refused.append(ConfigError("--person ID=MEMBER_ID[:ROLE] is needed: someone must be "
                                   "able to claim and approve (their Slack or Discord member "
                                   "id)"))
    if refused:
        raise ConfigErrors(refused)
    if not a.people:  # the console: you, and a second person to approve what you draft
        a.people += [("me", "me", "admin"), (REVIEWER, REVIEWER, "approver")]
    return a


REVIEWER = "reviewer"  # the console's second person: a draft needs someone else's approval


def _name_problem(name: str, what: str) -> str | None:
    if any(c.isspace() for c in name) or len(name) > 64:
        return f"{name[:40]!r} is not {what}: one word of at most 64 characters, no spaces"
    return None


class _Placeholders(dict[str, str]):
    """Every ``${NAME}`` a starter writes, set: init writes the reference, not the secret."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return "placeholder"


def _source_problems(raw: str, kind: str, what: str) -> list[str]:
    """What ``socialops check`` would refuse in the source ``--source kind:what`` writes (its
    type's keys, URLs): refused before anything is written."""
    from pydantic import ValidationError

    from bot.core.validation import field_problem
    from bot.core.yamlfile import parse_yaml

    keys = _starter(kind, raw).keys(_q(what))
    try:
        data = parse_yaml("\n".join(keys), "<init>", env=_Placeholders()).data or {}
        cls = networks.source_config(kind)
        config = cls.model_validate({"id": kind, "type": kind, **data, "publish": "sandbox"})
    except ConfigError as exc:
        return [exc.message]
    except ValidationError as exc:
        return [field_problem(exc.errors()[0], model=cls)]
    return [problem for _, problem in config.problems(resolve=Path)]


def _starters() -> dict[str, Starter]:
    """What init can write for each network, from its package (``bot.core.networks``)."""
    found: dict[str, Starter] = {}
    for name in networks.known():
        try:
            starter = networks.spec(name).starter
        except UnknownNetwork:  # registered, but its package is not installed
            continue
        if starter is not None:
            found[name] = starter
    return found


def _unknown_source(raw: str, kind: str) -> str:
    """The line for ``--source`` naming no network init writes: the types, and the one most
    likely meant (``mastadon``, ``twitter``, ``samples``)."""
    types = (SAMPLE_SOURCE, *_starters())
    near = networks.meant(kind, (SAMPLE_SOURCE,))
    return (f"--source {raw}: the type is one of {', '.join(types)}"
            + (f"; did you mean {near}?" if near in types else ""))


def _starter(kind: str, raw: str) -> Starter:
    starters = _starters()
    if kind not in starters:
        raise UsageError(_unknown_source(raw, kind))
    return starters[kind]


def _examples() -> list[str]:
    return [f"{name}:{starter.what}" for name, starter in _starters().items()]


def _pair(raw: str, flag: str, *, form: str) -> tuple[str, str]:
    """``NAME=VALUE`` of ``flag``; else one line saying the ``form`` it takes (it said "write
    NAME=VALUE" of every flag: for --person, which name, which value?)."""
    name, sep, value = raw.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise UsageError(f"{flag} {raw!r}: write {form}")
    return name.strip(), value.strip()


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")  # the variables a starter's keys use


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def render_config(a: Answers) -> tuple[str, list[str]]:
    """The config text and the environment variables it needs."""
    env: list[str] = []
    out = [f"# socialops.yaml, written by `socialops init` on {datetime.now(UTC):%Y-%m-%d}.",
           "# Reference: docs/configuration.md. Check it with `socialops check`.",
           "", "sources:"]
    used: Counter[str] = Counter()
    for kind, what in a.sources:
        used[kind] += 1  # rss, rss-2, rss-3: the second feed source is not "rss-5"
        sid = kind if used[kind] == 1 else f"{kind}-{used[kind]}"
        if kind == SAMPLE_SOURCE:
            out += ["  - id: sample            # the bundled sample day of mentions, replayed",
                    "    type: replay", "    path: mentions.jsonl", "    interval: 2s"]
            continue
        out += [f"  - id: {sid}", f"    type: {kind}"]
        keys = _starter(kind, kind).keys(_q(what or a.brand[0]))
        out += [f"    {line}" for line in keys]
        env += [name for line in keys for name in _ENV_REF.findall(line) if name not in env]
        out.append("    interval: 5m")
        if networks.spec(kind).publisher is not None:  # feeds and Hacker News post nothing
            out.append("    publish: sandbox         # approved posts are recorded, not sent; "
                       "set network to post")
    out += ["", "workspaces:"]
    ws = a.workspace
    if ws == "console":
        out += ["  - {name: console, type: console}   # cards are printed in this terminal"]
    elif ws == "slack":
        out += ["  - name: slack", "    type: slack", "    bot_token: ${SLACK_BOT_TOKEN}"]
        env.append("SLACK_BOT_TOKEN")
        if a.slack_mode == "socket":
            out += ["    mode: socket", "    app_token: ${SLACK_APP_TOKEN}"]
            env.append("SLACK_APP_TOKEN")
        else:
            out += ["    mode: http", "    signing_secret: ${SLACK_SIGNING_SECRET}"]
            env.append("SLACK_SIGNING_SECRET")
    else:
        out += ["  - name: discord", "    type: discord", "    token: ${DISCORD_BOT_TOKEN}"]
        if a.discord_application_id:
            out.append(f"    application_id: {_q(a.discord_application_id)}")
        if a.discord_guild_id:
            out.append(f"    guild_id: {_q(a.discord_guild_id)}")
        env.append("DISCORD_BOT_TOKEN")
    out += ["", "channels:                    # names the rules use -> workspace + channel id"]
    for name, cid in a.channels.items():
        out.append(f"  {name}: {{workspace: {ws}, id: {_q(cid)}}}")
    out += ["", "people:"]
    for pid, platform_id, role in a.people:
        out.append(f"  - {{id: {_q(pid)}, role: {role}, groups: [support], "
                   f"identities: {{{ws}: {_q(platform_id)}}}}}")
        if ws == "console" and pid == REVIEWER:  # nobody approves their own draft
            out[-1] += f"  # `as {REVIEWER}` in the console approves what you drafted"
    out += ["", "approvals:", "  channel: approvals", "  expire_hours: 48", "  steps:",
            '    - {approvers: ["role:admin", "role:lead", "role:approver"], mode: any}',
            "", "escalations:", "  - name: support-default", "    steps:",
            "      - {after_minutes: 30, notify_groups: [support]}",
            "", "rules: rules.yaml", "ops_channel: ops", "",
            "store:", "  backend: sqlite", "  path: ./data/socialops.db"]
    if ws == "slack" and a.slack_mode == "http":
        out += ["", "http:", "  port: 8080                 # /slack/events, /healthz, /metrics"]
    return "\n".join(out) + "\n", env


def render_rules(a: Answers) -> str:
    brand = ", ".join(_q(w) for w in a.brand)
    return f"""# rules.yaml, written by `socialops init`. Reference: docs/rules.md.
# Routes are tried in order; the first match wins unless `continue: true`.
brands:
  ours: [{brand}]

routes:
  - name: spam
    match: {{query: '"free followers" OR airdrop OR "crypto giveaway"'}}
    action: drop
  - name: outage
    match:
      brand: [ours]
      any: [outage, "is down", "not working", hacked, breach]
    channel: support
    group_by: [brand]
    group_wait: 2m
    cooldown: 15m
    continue: true
  - name: support
    match: {{brand: [ours], intent: [complaint, question]}}
    action: ticket
    channel: support
    sla: 1h
    escalation: support-default
  - name: mentions
    match: {{brand: [ours]}}
    channel: support
"""


def run_init(args: argparse.Namespace, *, out: TextIO, ask: Ask | None = None) -> int:
    interactive = not args.yes and sys.stdin is not None and sys.stdin.isatty()
    answers = gather(args, ask=ask or (_console_ask if interactive else None))
    target: Path = args.dir
    _make_folder(target)
    config_path, rules_path = target / "socialops.yaml", target / "rules.yaml"
    existing = [p for p in (config_path, rules_path) if p.exists()]
    if existing and not args.force:
        raise UsageError(f"{existing[0]} already exists; pass --force to overwrite it, or "
                         "--dir DIR to write elsewhere")
    config_text, env = render_config(answers)
    written = [config_path, rules_path]
    try:
        config_path.write_text(config_text, encoding="utf-8")
        rules_path.write_text(render_rules(answers), encoding="utf-8")
        if any(kind == "sample" for kind, _ in answers.sources):
            shutil.copyfile(SAMPLE, target / "mentions.jsonl")
            written.append(target / "mentions.jsonl")
    except OSError as exc:  # a folder that exists but takes no files (/proc/1, read-only)
        raise UsageError(f"--dir {target}: cannot be written ({_why(exc)}); choose a folder "
                         "you can write to") from None
    out.write(f"wrote {', '.join(str(p) for p in written)}\n")
    if env:
        out.write("set these environment variables (secrets stay out of the file): "
                  f"{' '.join(env)}\n")
    # store.path is read from the folder socialops runs in: `-c DIR/socialops.yaml` from here
    # would make the database here, so the way on is through the folder
    into = ("" if target.resolve() == Path.cwd().resolve()
            else f"cd {shlex.quote(str(target))}, then ")
    out.write(f"next: {into}socialops check, then socialops run\n")
    return 0


def _make_folder(target: Path) -> None:
    """``--dir`` as a folder, made when missing; one line when it cannot be."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"--dir {target} is a file, not a folder; name a folder (it is made "
                         "when missing)")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a/b where a is a file
        raise UsageError(f"--dir {target}: part of the path is a file, not a folder") from None
    except OSError as exc:
        raise UsageError(f"--dir {target}: cannot be created ({_why(exc)}); choose a folder "
                         "you can write to") from None


def _why(exc: OSError) -> str:
    # ENOENT on a folder that exists: a system folder (/proc/1) that takes no new files
    return ("it takes no new files" if exc.errno == errno.ENOENT
            else str(exc.strerror or exc))
