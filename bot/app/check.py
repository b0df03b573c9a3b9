"""``socialops check``: every problem of every stage in one run, like ``amtool check-config``.

The config is a file (``-c FILE``) or stdin (``-c -``: relative paths in it resolve against the
current folder). Stages: the config file (YAML, schema, references, chat settings, files, URLs),
then the rules
file it names (a missing one is reported at the config line that names it), then, with
``--online``, Slack and Discord themselves (``bot.app.online``) and a Redis store (what ``run``
refuses at start, read-only). Each problem is one line,
``file:line: field: message``; the last line counts them. Exit 0 when there are none, 1
otherwise.
"""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.core.confcheck import environment_problems, source_advice
from bot.core.config import (
    ChannelConfig,
    LoadedConfig,
    backfill_note,
    config_not_found,
    environment_store_url,
    inspect_config,
    port_overridden,
    uses_sqlite,
)
from bot.core.durations import fixed_all_year, seconds, written
from bot.core.errors import ConfigError, UsageError, flatten
from bot.core.models import STRANDED_CHANNEL, Subscription
from bot.core.settings import environ
from bot.core.text import one_line, quoted_cut
from bot.core.validation import without_follow_ons
from bot.core.yamlfile import append_problem, unreadable
from bot.store.readable import natural_order
from bot.store.sqlite import network_share, write_problem
from bot.store.sqlite_schema import file_refusal, file_subscriptions_in
from handlers.tickets import names_nobody


def pipe_problem(path: Path) -> str | None:
    """A config path that is a pipe (``-c /dev/stdin`` with a pipe on stdin, ``-c <(...)``, a
    named pipe), said with what to pass instead: ``check`` refuses to open one, since a named
    pipe with no writer would hang it, but reads stdin with ``-c -``."""
    try:
        fifo = stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return None
    return (f"{path}: is a pipe; to check a config piped in, pass -c - "
            f"(cat socialops.yaml | socialops check -c -)") if fifo else None


# the whole of --online (every workspace, publishing account and the Redis store, asked at
# once) within this many seconds: a server that takes a connection and never answers holds
# each of its calls for TIMEOUT, and its calls come one after another
ONLINE_DEADLINE = 60.0
# --timeout's most: a check that may wait longer is a hung one to the person running it
LONGEST_DEADLINE = 3600.0


def online_deadline(typed: str | None, *, online: bool) -> float:
    """``check --timeout``: the seconds the whole of ``--online`` may take, written as a
    duration (``90``, ``90s``, ``2m``: a bare number is seconds); ``ONLINE_DEADLINE`` when not
    given. ``UsageError`` in one line for one that is no duration, 0, past an hour, or given
    without ``--online`` (it bounds nothing then)."""
    if typed is None:
        return ONLINE_DEADLINE
    if not online:
        raise UsageError(f"--timeout {quoted_cut(typed, 40)}: it bounds check --online; add "
                         "--online, or leave --timeout out")
    try:
        out = seconds(typed)
    except ValueError as exc:
        raise UsageError(f"--timeout: {exc}") from None
    if not 0 < out <= LONGEST_DEADLINE:
        raise UsageError(f"--timeout {quoted_cut(typed, 40)}: give more than 0 and at most "
                         f"{written(LONGEST_DEADLINE)} (default {ONLINE_DEADLINE:g}s)")
    return out


async def run_check(path: Path, *, online: bool, out: TextIO, err: TextIO,
                    env: Mapping[str, str] | None = None, raw: bytes | None = None,
                    deadline: float = ONLINE_DEADLINE) -> int:
    """``raw``: the config's bytes, read from stdin (``-c -``); ``path`` is then ``STDIN``.
    ``deadline``: seconds the whole of ``online`` may take; each check not answered by then
    is a problem naming it."""
    problems: list[ConfigError] = []
    loaded: LoadedConfig | None = None
    if raw is None and not path.exists():  # noqa: ASYNC240 (one stat, before anything runs)
        err.write(f"{config_not_found(path)}\n")
        return 1
    if raw is None and (pipe := pipe_problem(path)):
        err.write(pipe + "\n")
        return 1
    env = environ() if env is None else env
    try:
        loaded, found = inspect_config(path, env=env, raw=raw)
        problems += found
        if loaded is not None:  # not what only follows from a value refused above
            problems += without_follow_ons(environment_problems(loaded, env), found)
            problems += without_follow_ons(_store_file(loaded, env), found)
            problems += without_follow_ons(_appended_files(loaded), found)
    except ConfigError as exc:  # unreadable or unparsable: nothing more to look at
        problems += flatten(exc)
    rules_note = "no rules file"
    warnings: list[ConfigError] = []  # what works as it is, one way slower: said, exit 0
    asked = False  # Slack and Discord, once the files themselves are right
    if loaded is not None:
        rules_note, found = _rules(loaded, env=env)
        problems += found
        warnings += _backfills(loaded)
        warnings += _store_share(loaded, env)
        warnings += _of_sources_that_run(source_advice(loaded), problems)
        warnings += _fixed_zones(loaded)
        if (why := port_overridden(loaded.config, env)) is not None:
            warnings.append(loaded.error(("http", "port"), why))
        warnings += _steps_naming_nobody(loaded, problems)
        if online and not problems:
            from bot.app.online import check_online

            loop = asyncio.get_running_loop()
            ends = loop.time() + deadline
            problems += await check_online(loaded, warnings=warnings, deadline=deadline)
            problems += await _redis_within(loaded, env, max(0.0, ends - loop.time()),
                                            deadline)
            asked = True
            rules_note += _answered(loaded, env)
    # in file order, then line order: how people read and fix them
    problems.sort(key=lambda p: (p.file != str(path), p.file or "", p.line or 0))
    for problem in problems:
        err.write(f"{problem}\n")
    for warning in warnings:
        err.write(f"{warning} (a warning: nothing stops on it)\n")
    if problems:
        # tokens and channels are asked about only once the files are right: say so
        waits = " (--online asks Slack and Discord once there are none)" if (
            online and not asked) else ""
        err.write(f"{len(problems)} problem(s) found; fix them and run socialops check "
                  f"again{waits}\n")
        return 1
    assert loaded is not None
    cfg = loaded.config
    if cfg.sources and loaded.rules_path() is None:
        # only chat subscriptions route then: almost always a forgotten key, but a team that
        # only subscribes from chat may mean it, so a warning and no refusal
        err.write(f"{loaded.path}: warning: no rules: key, so the mentions of the "
                  f"{len(cfg.sources)} source(s) reach only the channels that subscribe from "
                  "chat (subscribe <query>), none by routes; add rules: rules.yaml "
                  "(socialops init writes one) unless that is what you mean\n")
    if cfg.sources and not any(sc.enabled for sc in cfg.sources):
        # 'OK: 2 source(s)', and the bot would start and read nothing, saying so only in its
        # log: every one set enabled: false (a staging copy's) is seldom meant, never refused
        said = loaded.error(("sources",), "every source is enabled: false, so the bot reads "
                            "no network; set enabled: true on the one to read")
        err.write(f"{said} (a warning: nothing stops on it)\n")
    out.write(f"{loaded.path}: OK: {len(cfg.sources)} source(s), {len(cfg.workspaces)} "
              f"workspace(s), {len(cfg.channels)} channel(s), {len(cfg.people)} people; "
              f"{rules_note}"
              # 'OK: 0 source(s)' read as all well, and the bot then read nothing; a team may
              # run it for approvals and chat alone, so it is said here, never refused
              + ("; no source, so the bot reads no network: add one under sources: "
                 "(docs/networks.md)" * (not cfg.sources)) + "\n")
    return 0


def _of_sources_that_run(advice: list[ConfigError], problems: list[ConfigError]
                         ) -> list[ConfigError]:
    """The advice on sources with no problem of their own: how one that cannot run yet would
    run is said once it can (a Reddit source without its client id is that line alone)."""
    refused = {(p.file, _source_of(p.field)) for p in problems if _source_of(p.field)}
    return [a for a in advice if (a.file, _source_of(a.field)) not in refused]


def _source_of(field: str | None) -> str | None:
    """``sources[2]`` of a field ``sources[2].user_agent``; None for a field of no source."""
    head = (field or "").split(".", 1)[0]
    return head if head.startswith("sources[") else None


def _backfills(loaded: LoadedConfig) -> list[ConfigError]:
    """Each enabled source whose ``backfill_minutes`` ``run`` reads only as far back as the
    dedup window (``within_dedup``), said at its key before anything runs."""
    ttl = loaded.config.store.dedup_ttl_hours
    return [loaded.error(("sources", i, "backfill_minutes"), note)
            for i, sc in enumerate(loaded.config.sources)
            if sc.enabled and (note := backfill_note(sc, ttl))]


def _fixed_zones(loaded: LoadedConfig) -> list[ConfigError]:
    """Each zone of the file that is a region's abbreviation fixed all year (``EST``: -05:00 in
    July too, not New York's clock), said at its key: it runs as written (a clock that never
    changes is no mistake), but a team writing it for New York is an hour off from March."""
    cfg = loaded.config
    keyed: list[tuple[tuple[str | int, ...], str | None]] = [
        *((("workspaces", i, "timezone"), w.timezone) for i, w in enumerate(cfg.workspaces)),
        *((("schedules", i, "timezone"), s.timezone) for i, s in enumerate(cfg.schedules)),
        (("digests", "timezone"), cfg.digests.timezone),
        (("health", "timezone"), cfg.health.timezone),
        (("health", "receipt_timezone"), cfg.health.receipt_timezone)]
    return [loaded.error(key, why) for key, zone in keyed
            if zone and (why := fixed_all_year(zone))]


def _steps_naming_nobody(loaded: LoadedConfig, problems: list[ConfigError]
                         ) -> list[ConfigError]:
    """Each escalation step that names nobody to ping and no channel, said at its key: it runs
    (its notice says nobody was pinged), but a page that reaches nobody is what PagerDuty
    refuses a rule for, and a lead would learn it only from the first notice. A step with a
    key refused (``dm_users:``, a misspelt ``notify_user:``) has lost whom it meant: that
    problem is said alone."""
    found = [loaded.error(("escalations", i, "steps", n), why)
             for i, chain in enumerate(loaded.config.escalations)
             for n, step in enumerate(chain.steps)
             if (why := names_nobody(step, n, chain.name))]
    refused = [(p.file, p.field) for p in problems if p.field]
    return [w for w in found
            if not any(file == w.file and (field == w.field or field.startswith(f"{w.field}."))
                       for file, field in refused)]


def _appended_files(loaded: LoadedConfig) -> list[ConfigError]:
    """The files `run` appends to that this user cannot write (a console's card log, a
    sandbox's posts: on a read-only file system, in a folder read-only to it), said here:
    `run` warned at each card, or failed each approved post. Not asked by every command that
    reads the config, since an operator may read it as another user."""
    problems = []
    for i, w in enumerate(loaded.config.workspaces):
        record = getattr(w, "record", None)
        if record and (why := append_problem(loaded.resolve(record))):
            problems.append(loaded.error(("workspaces", i, "record"), why))
    for i, sc in enumerate(loaded.config.sources):
        if sc.publish == "sandbox" and (why := append_problem(loaded.resolve(sc.sandbox_path))):
            problems.append(loaded.error(("sources", i, "sandbox_path"), why))
    return problems


def _store_file(loaded: LoadedConfig, env: Mapping[str, str]) -> list[ConfigError]:
    """The SQLite file `run` would refuse as it stands (``sqlite_schema.refusal``: a later
    release's, or one too old to upgrade; a file or folder it cannot write), said at
    ``store.path`` in `run`'s words; read without writing to it."""
    store = loaded.config.store
    if not uses_sqlite(store, redis_url_env=environment_store_url(env)):
        return []
    why = file_refusal(Path(store.path))
    if why:
        return [loaded.error(("store", "path"), f"{store.path}: {why}")]
    why = write_problem(Path(store.path))  # `run` refuses it at start (bot.app.lock)
    if why:
        return [loaded.error(("store", "path"), why)]
    return [loaded.error(("store", "path"), message) for message in _stranded(
        file_subscriptions_in(Path(store.path), STRANDED_CHANNEL),
        loaded.config.discord_names())]


def _store_share(loaded: LoadedConfig, env: Mapping[str, str]) -> list[ConfigError]:
    """A SQLite file on a network file system, said at ``store.path`` (``network_share``)."""
    store = loaded.config.store
    if not uses_sqlite(store, redis_url_env=environment_store_url(env)):
        return []
    why = network_share(Path(store.path))
    return [loaded.error(("store", "path"), why)] if why else []


def _stranded(stored: list[str], discord: frozenset[str]) -> list[str]:
    """The subscriptions ``stored`` (their JSON) for the channel "None" of the ``discord``
    workspaces, which can never deliver (``Subscription.stranded``), each with its fix; named,
    never removed: they are people's. Elsewhere a channel so named is a real one (the console
    prints to any channel). Read from a SQLite file offline, from Redis with ``--online``."""
    found: list[tuple[str, str, str]] = []
    for raw in stored:
        try:
            sub = Subscription.model_validate_json(raw)
        except ValueError:  # a damaged record: the store says so when it reads it
            continue
        if sub.workspace not in discord:
            continue
        found.append((one_line(sub.id, 40), one_line(sub.workspace, 80),
                      one_line(sub.query, 80)))
    found.sort(key=lambda f: natural_order(f[0]))
    return [f"subscription {sub_id} ({workspace}, query {query!r}) is for the channel "
            f"\"None\" (saved so by a release before 2026-11-30) and can never deliver: "
            f"remove it with 'unsubscribe {sub_id}' in any channel of {workspace}, and "
            "subscribe again where it should post" for sub_id, workspace, query in found]


async def _redis_within(loaded: LoadedConfig, env: Mapping[str, str], left: float,
                        deadline: float) -> list[ConfigError]:
    """``_redis`` in what is ``left`` of the whole check's ``deadline``; one line if it is
    not answered by then."""
    env_url = environment_store_url(env)
    if uses_sqlite(loaded.config.store, redis_url_env=env_url) or not (
            loaded.config.store.redis_url or env_url):
        return []  # no Redis to ask: nothing to wait for
    try:
        return await asyncio.wait_for(_redis(loaded, env), timeout=left)
    except TimeoutError:
        said = (f"Redis did not answer within {deadline:g} s, the bound of the whole check "
                "--online (--timeout); check this machine's network (or proxy), or the URL")
        if loaded.config.store.redis_url:
            return [loaded.error(("store", "redis_url"), said)]
        file = str(loaded.path) if loaded.path is not None else None
        return [ConfigError(f"REDIS_URL in the environment: {said}", file=file)]


async def _redis(loaded: LoadedConfig, env: Mapping[str, str]) -> list[ConfigError]:
    """What ``run`` would refuse at start about the Redis store (not reached, a refused
    password or database, no AOF, eviction, a later release's data), asked read-only, one line
    each: at ``store.redis_url`` when the config names it, else as the environment's."""
    store = loaded.config.store
    env_url = environment_store_url(env)
    url = store.redis_url or env_url
    if uses_sqlite(store, redis_url_env=env_url) or not url:
        return []
    from bot.store.redis import named_by, store_problems

    found = [named_by(problem, store)
             for problem in await store_problems(url, queue=store.queue,
                                                 require_persistence=not store.accept_data_loss)]
    if not found and (discord := loaded.config.discord_names()):
        from bot.store.redis import subscriptions_in

        found = _stranded(await subscriptions_in(url, workspaces=sorted(discord),
                                                 channel=STRANDED_CHANNEL), discord)
    if store.redis_url:
        return [loaded.error(("store", "redis_url"), message) for message in found]
    file = str(loaded.path) if loaded.path is not None else None
    return [ConfigError(f"REDIS_URL in the environment: {message}", file=file)
            for message in found]


def _answered(loaded: LoadedConfig, env: Mapping[str, str]) -> str:
    """Who ``--online`` asked, named: a Slack-only config is not told Discord answered."""
    kinds = {w.type for w in loaded.config.workspaces}
    asked = [name for kind, name in (("slack", "Slack"), ("discord", "Discord"))
             if kind in kinds]
    if not uses_sqlite(loaded.config.store, redis_url_env=environment_store_url(env)):
        asked.append("Redis")
    from bot.app.online import publishing_accounts

    networks = {getattr(source, "type", "") for _, source in publishing_accounts(loaded)}
    asked += [name for kind, name in (("mastodon", "Mastodon"), ("bluesky", "Bluesky"))
              if kind in networks]
    if not asked:
        return "; no Slack or Discord workspace to ask"
    named = ", ".join(asked[:-1]) + " and " + asked[-1] if len(asked) > 1 else asked[0]
    return f"; {named} answered"


def _rules(loaded: LoadedConfig,
           env: Mapping[str, str] | None) -> tuple[str, list[ConfigError]]:
    from bot.app.escalations import escalation_policies
    from rules.loader import inspect_rules

    rules_path = loaded.rules_path()
    if rules_path is None:
        return "no rules file", []
    if not rules_path.is_file() or unreadable(rules_path):
        return "", []  # reported at the config line naming it (bot.core.confcheck)
    # channels and chains the config declares but its schema refused (reported there) count
    # as declared, so the rules are not also told they are unknown (placeholders, not
    # validated: the name may be what the schema refused)
    channels: dict[str, ChannelConfig] = {
        name: ChannelConfig.model_construct(workspace="(refused)", id=name)
        for name in loaded.written("channels")}
    channels.update(loaded.config.channels)
    escalations = set(escalation_policies(loaded)) | loaded.written("escalations", "name")
    try:
        _, problems = inspect_rules(rules_path, channels=channels, escalations=escalations,
                                    env=env, people=None if loaded.unsure(
                                        "people", "id") else loaded.people_ids(),
                                    groups=loaded.group_names(), now=datetime.now(UTC),
                                    sources={sc.id for sc in loaded.config.sources}
                                    | loaded.written("sources", "id"))
    except ConfigError as exc:
        return "", flatten(exc)
    return f"rules OK ({rules_path})", problems
