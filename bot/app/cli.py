"""The `socialops` command line (DESIGN §6). Keep command names and flags stable: users script
them. Unknown commands or arguments print help and exit 2; configuration errors print
``file:line: field: message`` and exit 1."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.app.logs import config_secrets, setup_logging
from bot.core.config import DEFAULT_CONFIG, ChannelConfig, LoadedConfig, load_config
from bot.core.errors import ConfigError, SocialopsError, StoreUnavailable

log = logging.getLogger("socialops")


class _Parser(argparse.ArgumentParser):
    """Prints the full help, not just usage, when arguments are wrong."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_help(sys.stderr)
        self.exit(2, f"\n{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="socialops", description="Social signals into the chat where teams act.")
    p.add_argument("--log-level", default=None, choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument("--json-logs", action="store_true", help="log JSON lines")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_config(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", "-c", default=os.environ.get("SOCIALOPS_CONFIG",
                                                                 DEFAULT_CONFIG),
                        help=f"config file (default: $SOCIALOPS_CONFIG or {DEFAULT_CONFIG})")

    d = sub.add_parser("demo", help="run the whole pipeline on bundled sample data")
    d.add_argument("--quiet", action="store_true", help="print only the summary")
    d.add_argument("--record", type=Path, help="also write delivered cards as JSON lines here")

    r = sub.add_parser("run", help="run the bot")
    with_config(r)
    r.add_argument("--as", dest="as_person", default=None,
                   help="console workspace: the person typing commands on stdin")
    r.add_argument("--no-stdin", action="store_true", help="do not read commands from stdin")
    r.add_argument("--record", type=Path, help="console workspace: record deliveries here")

    c = sub.add_parser("check", help="validate the config and rules; exit 1 on error")
    with_config(c)

    f = sub.add_parser("fetch", help="poll one source once and print normalised mentions")
    f.add_argument("source_id")
    with_config(f)
    f.add_argument("--json", action="store_true", help="JSON lines")

    rp = sub.add_parser("replay", help="push a JSON-lines file of mentions through the pipeline")
    rp.add_argument("file", type=Path)
    with_config(rp)
    rp.add_argument("--record", type=Path, help="console workspace: record deliveries here")

    ru = sub.add_parser("rules", help="test and explain routing rules")
    rsub = ru.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    rt = rsub.add_parser("test", help="unit-test rules against example mentions")
    rt.add_argument("rules_file", type=Path)
    rt.add_argument("cases_file", type=Path)
    with_config(rt)
    rx = rsub.add_parser("explain", help="which routes fire for a mention, and why")
    with_config(rx)
    rx.add_argument("--rules", type=Path, help="rules file (default: the config's)")
    g = rx.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", help="a post's text")
    g.add_argument("--mention", type=Path, help="a file holding one Mention as JSON")
    rx.add_argument("--network", default="mastodon")
    rx.add_argument("--lang", default=None)

    dr = sub.add_parser("draft", help="draft a post for approval")
    with_config(dr)
    dr.add_argument("--network", required=True)
    dr.add_argument("--account", required=True, help="source id of the account to post as")
    dr.add_argument("--as", dest="as_person", required=True, help="your person id")
    dr.add_argument("--reply-to", default=None, help="mention id to answer")
    dr.add_argument("text")

    a = sub.add_parser("audit", help="export the audit log")
    with_config(a)
    a.add_argument("--since", default=None, help="ISO time or a duration like 2h, 7d")
    a.add_argument("--format", choices=["json", "csv"], default="json")

    dc = sub.add_parser("discord", help="Discord helpers")
    dsub = dc.add_subparsers(dest="discord_command", required=True, parser_class=_Parser)
    inv = dsub.add_parser("invite", help="print the bot's invite URL")
    with_config(inv)
    inv.add_argument("--application-id", default=None)
    inv.add_argument("--guild-id", default=None)
    from bot.app import model_cli

    model_cli.register(sub, parser_class=_Parser)
    return p


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # Name the unknown argument under the help of the command it was given to.
        sub: argparse.ArgumentParser = parser
        for name in (args.command, getattr(args, "rules_command", None),
                     getattr(args, "discord_command", None)):
            actions = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
            if name is None or not actions:
                break
            sub = actions[0].choices[name]
        sub.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    json_logs = bool(args.json_logs)
    level = args.log_level or ("WARNING" if args.command in ("demo", "check", "fetch", "rules",
                                                              "audit", "discord", "enrich",
                                                              "model") else "INFO")
    setup_logging(level=level, json_format=json_logs)
    try:
        return _dispatch(args, level=level, json_logs=json_logs)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except StoreUnavailable as exc:
        print(f"error: store unavailable: {exc}", file=sys.stderr)
        return 1
    except SocialopsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _load(args: argparse.Namespace, *, level: str, json_logs: bool) -> LoadedConfig:
    loaded = load_config(args.config)
    cfg = loaded.config
    setup_logging(level=args.log_level or (level if args.command != "run" else cfg.logging.level),
                  json_format=json_logs or cfg.logging.json_format,
                  secrets=config_secrets(cfg))
    return loaded


def _dispatch(args: argparse.Namespace, *, level: str, json_logs: bool) -> int:
    cmd = args.command
    from bot.app import model_cli

    if cmd in model_cli.COMMANDS:
        return model_cli.run(args)
    if cmd == "demo":
        from bot.app.demo import run_demo

        return asyncio.run(run_demo(sys.stdout, quiet=args.quiet, record=args.record))
    if cmd == "rules" and args.rules_command == "test":
        return _rules_test(args, level=level, json_logs=json_logs)
    loaded = _load(args, level=level, json_logs=json_logs)
    if cmd == "check":
        return _check(loaded)
    if cmd == "run":
        from bot.app.serve import serve

        return asyncio.run(serve(loaded, as_person=args.as_person, stdin=not args.no_stdin,
                                 record=args.record))
    if cmd == "fetch":
        return asyncio.run(_fetch(loaded, args.source_id, as_json=args.json, out=sys.stdout))
    if cmd == "replay":
        from bot.app.demo import replay_file

        return asyncio.run(replay_file(loaded, args.file, out=sys.stdout, record=args.record))
    if cmd == "rules":
        return _rules_explain(loaded, args)
    if cmd == "draft":
        return asyncio.run(_draft(loaded, args))
    if cmd == "audit":
        return asyncio.run(_audit(loaded, since=args.since, fmt=args.format, out=sys.stdout))
    if cmd == "discord":
        return _discord_invite(loaded, args)
    raise AssertionError(cmd)


def _check(loaded: LoadedConfig) -> int:
    cfg = loaded.config
    rules_path = loaded.rules_path()
    n_routes = "no rules file"
    if rules_path is not None:
        from bot.app.compose import escalation_policies
        from rules import load_rules

        ruleset = load_rules(rules_path, channels=cfg.channels,
                             escalations=set(escalation_policies(loaded)))
        n_routes = f"rules OK ({rules_path})"
        del ruleset
    print(f"{loaded.path}: OK: {len(cfg.sources)} source(s), {len(cfg.workspaces)} "
          f"workspace(s), {len(cfg.channels)} channel(s), {len(cfg.people)} people; {n_routes}")
    return 0


async def _fetch(loaded: LoadedConfig, source_id: str, *, as_json: bool, out: TextIO) -> int:
    from bot.app.compose import build_app

    try:
        loaded.config.source(source_id)
    except KeyError:
        known = ", ".join(s.id for s in loaded.config.sources) or "none"
        raise ConfigError(f"no source {source_id!r} (known: {known})",
                          file=str(loaded.path), field="sources") from None
    app = await build_app(loaded)
    try:
        source = app.sources[source_id]
        mentions = await source.poll()
        for m in mentions:
            if as_json:
                out.write(m.model_dump_json(exclude={"raw"}) + "\n")
            else:
                out.write(f"{m.created_at:%Y-%m-%d %H:%M} {m.id} @{m.author.handle}: "
                          f"{' '.join(m.text.split())[:160]}\n")
        skipped = getattr(source, "skipped", 0)
        n_skipped = len(skipped) if isinstance(skipped, list) else int(skipped or 0)
        print(f"{len(mentions)} mention(s), {n_skipped} skipped", file=sys.stderr)
        # fetch is a dry look: cursors are not committed
        app.cursors[source_id].rollback()
    finally:
        await app.close()
    return 0


def _channels_and_escalations(
        loaded: LoadedConfig) -> tuple[Mapping[str, ChannelConfig], set[str]]:
    from bot.app.compose import escalation_policies

    return dict(loaded.config.channels), set(escalation_policies(loaded))


def _rules_test(args: argparse.Namespace, *, level: str, json_logs: bool) -> int:
    from bot.enrich import Enricher
    from rules.cli import rules_test

    channels, escalations = _config_for_rules(args)
    enricher = Enricher()
    return rules_test(args.rules_file, args.cases_file, channels=channels,
                      escalations=escalations, facts_factory=enricher.facts, out=sys.stdout)


def _config_for_rules(
        args: argparse.Namespace) -> tuple[Mapping[str, ChannelConfig], set[str]]:
    """Rules name channels from the config; without a config file, any name is accepted."""
    if Path(args.config).exists():
        return _channels_and_escalations(load_config(args.config))
    from rules.cli import permissive_channels

    return permissive_channels(), set()


def _rules_explain(loaded: LoadedConfig, args: argparse.Namespace) -> int:
    from bot.core.models import Author, Mention
    from bot.enrich import Enricher
    from rules.cli import rules_explain

    rules_path = args.rules or loaded.rules_path()
    if rules_path is None:
        raise ConfigError("no rules file: pass --rules or set rules: in the config",
                          file=str(loaded.path), field="rules")
    now = datetime.now(UTC)
    if args.mention:
        mention = Mention.model_validate_json(args.mention.read_text(encoding="utf-8"))
    else:
        mention = Mention(id=f"{args.network}:explain", network=args.network, source="explain",
                          text=args.text, language=args.lang, created_at=now,
                          author=Author(id="explain", handle="someone"))
    channels, escalations = _channels_and_escalations(loaded)
    return rules_explain(Path(rules_path), mention, channels=channels,
                         escalations=escalations, facts_factory=Enricher().facts, now=now,
                         out=sys.stdout)


async def _draft(loaded: LoadedConfig, args: argparse.Namespace) -> int:
    from bot.app.compose import build_app

    app = await build_app(loaded)
    try:
        approval = await app.approvals.draft(text=args.text, network=args.network,
                                             account=args.account, author=args.as_person,
                                             reply_to=args.reply_to)
        await app.outbox.drain()
        print(f"{approval.id} drafted; waiting for approval in "
              f"{loaded.config.approvals.channel or '(no approvals channel configured)'}")
    except ValueError as exc:
        raise ConfigError(str(exc), field="--account") from None
    finally:
        await app.close()
    return 0


def parse_since(text: str | None, now: datetime) -> datetime | None:
    if not text:
        return None
    from handlers.dispatch import parse_duration

    try:
        return now - parse_duration(text)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since {text!r}: use an ISO time (2026-11-20T09:00) or a "
                          "duration (2h, 7d)") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


async def _audit(loaded: LoadedConfig, *, since: str | None, fmt: str, out: TextIO) -> int:
    from bot.store import open_store

    store = await open_store(loaded.config.store, redis_url=os.environ.get("REDIS_URL") or None,
                             clock=lambda: datetime.now(UTC))
    try:
        events = await store.audit_since(parse_since(since, datetime.now(UTC)))
    finally:
        await store.close()
    if fmt == "json":
        for e in events:
            out.write(e.model_dump_json() + "\n")
    else:
        w = csv.writer(out)
        w.writerow(["at", "actor", "action", "object_type", "object_id", "detail", "before",
                    "after"])
        for e in events:
            w.writerow([e.at.isoformat(), e.actor, e.action, e.object_type, e.object_id,
                        e.detail, json.dumps(e.before) if e.before else "",
                        json.dumps(e.after) if e.after else ""])
    return 0


def _discord_invite(loaded: LoadedConfig, args: argparse.Namespace) -> int:
    from bot.core.config import DiscordWorkspaceConfig
    from integrations.discord.invite import invite_url

    app_id = args.application_id
    guild = args.guild_id
    for w in loaded.config.workspaces:
        if isinstance(w, DiscordWorkspaceConfig):
            app_id = app_id or w.application_id
            guild = guild or w.guild_id
    if not app_id:
        raise ConfigError("no Discord application id: set application_id on the discord "
                          "workspace or pass --application-id", file=str(loaded.path),
                          field="workspaces")
    print(invite_url(app_id, guild_id=guild))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
