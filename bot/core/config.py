"""The socialops configuration file (DESIGN §6): schema and loading.

One YAML file, default ``socialops.yaml``. Secrets come from the environment as ``${NAME}``.
Every model forbids unknown fields, so a typo is an error naming file, line and field rather
than a silently ignored setting. This module and ``bot.settings`` are the only readers of the
environment.

Sources are the open part: what every source has is ``SourceBase`` here, and each source type's
own keys are its config class in its own package, found by name through the network registry
(``bot.core.networks``). ``config_model`` builds the schema for the types a file uses.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Union, get_origin
from urllib.parse import SplitResult, urlsplit, urlunsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    create_model,
    field_validator,
    model_validator,
)

from bot.core import replies
from bot.core.durations import HINT, end_of_day, named_zone, no_such_day, seconds, written
from bot.core.errors import ConfigError, ConfigErrors
from bot.core.languages import language_problem
from bot.core.redact import redact_url
from bot.core.settings import environ
from bot.core.text import ascii_digits, fold, grapheme_cut, quoted_cut
from bot.core.validation import (
    StandIn,
    add_hint,
    register_union_tags,
    suggest,
    validate_all,
    without_follow_ons,
)
from bot.core.yamlfile import YamlDoc, load_yaml, parse_yaml_bytes

DEFAULT_CONFIG = "socialops.yaml"


def config_not_found(path: Path) -> str:
    """What a command says of a config file that is not there: the default one is written by
    ``socialops init``, or another is named with -c; one already named (-c, or
    ``SOCIALOPS_CONFIG``) is a path to put right, which "pass -c FILE" would not say."""
    if path == Path(DEFAULT_CONFIG):
        if (there := _config_near()) is not None:  # `init --dir bot`, then `check` here
            return (f"{path}: config file not found here; {there / path} is there: cd "
                    f"{there} first (socialops reads a relative store.path from the folder "
                    f"it runs in), or pass -c FILE")
        return (f"{path}: config file not found; write one with `socialops init`, or pass "
                "-c FILE")
    # `-c socialops.yml` beside the socialops.yaml init wrote: the one meant
    try:
        beside = [p.name for p in path.parent.iterdir() if p.suffix in (".yaml", ".yml")
                  and p.is_file()] if path.parent.is_dir() else []
    except OSError:
        beside = []
    near = suggest(path.name, beside)
    meant = f" did you mean {path.parent / near if path.parent != Path() else near}?" \
        if near is not None else ""
    return (f"{path}: config file not found;{meant} check the path given to -c (or "
            "SOCIALOPS_CONFIG), or write one with `socialops init`")

def _config_near(*, looked: int = 200) -> Path | None:
    """The folder, the one above or one just below the current folder (the first ``looked``
    entries), that holds the default config; None when none does or it cannot be read."""
    try:
        if (Path("..") / DEFAULT_CONFIG).is_file():
            return Path("..")
        for at, entry in enumerate(Path().iterdir()):
            if at >= looked:
                break
            if entry.is_dir() and (entry / DEFAULT_CONFIG).is_file():
                return Path(entry.name)
    except OSError:
        return None
    return None


# --- time spans --------------------------------------------------------------------------------
# Every time span in the config takes a number in the unit its name says (`interval: 60`,
# `expire_hours: 48`) or a duration like the rules file's (`interval: 5m`, `expire_hours: 2d`).

_WHOLE_MINUTES_HINT = "expected whole minutes such as 30, or a duration such as 5m, 1h or 1d"


def _span(unit_seconds: float, *, whole: bool = False) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, bool):  # YAML's yes/no/true/false: pydantic would read 1.0 or 0.0
            seconds(value)  # raises, saying so
        if isinstance(value, str) and not value.strip().lstrip("-").replace(".", "").isdigit():
            written = value.strip()
            try:
                value = seconds(value) / unit_seconds
            except ValueError as exc:
                said = str(exc)
                if whole and unit_seconds == 60.0 and said.endswith(HINT):
                    # its first example, 30s, is no whole minutes: refused next
                    raise ValueError(said[:-len(HINT)] + _WHOLE_MINUTES_HINT) from None
                raise
            if whole:
                if value != int(value):
                    unit, letter = ("seconds", "s") if unit_seconds == 1 else ("minutes", "m")
                    raise ValueError(f"{written} is not whole {unit}; write e.g. "
                                     f"{max(1, round(value))}{letter}")
                value = int(value)
        return value

    return convert


def _port(value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, int) or (
            isinstance(value, str) and value.strip().isdigit())):
        raise ValueError(f"{quoted_cut(str(value))} is not a port number (1-65535)")
    return value


Port = Annotated[int, BeforeValidator(_port), Field(ge=1, le=65535)]

# YAML 1.2's own spellings of true and false; text, as a ``${NAME}`` gives them, is read too
_TRUE, _FALSE = ("true", "True", "TRUE"), ("false", "False", "FALSE")


def _flag(value: Any) -> Any:
    """A switch is true or false. pydantic's lax bool read ``"yes"``, ``on``, ``1`` and ``"n"``
    as true or false, where the file is YAML 1.2 (``yes`` is text there): a switch written so
    is refused, one line saying what to write."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in _TRUE + _FALSE:
        return value.strip() in _TRUE
    # a list or a map written for a switch is named cut, as any value in a one-line error
    # (a list of 2,000 words was a line of 108,000 characters)
    shown = quoted_cut(value) if isinstance(value, str) else _cut(repr(value))
    raise ValueError(f"{shown} is not true or false; write true or false")


def _cut(shown: str, limit: int = 40) -> str:
    return shown if len(shown) <= limit else shown[:grapheme_cut(shown, limit)] + "…"


Flag = Annotated[bool, BeforeValidator(_flag)]
OptionalFlag = Annotated[bool | None, BeforeValidator(_flag)]
Seconds = Annotated[float, BeforeValidator(_span(1.0))]
Minutes = Annotated[float, BeforeValidator(_span(60.0))]
WholeMinutes = Annotated[int, BeforeValidator(_span(60.0, whole=True))]
WholeSeconds = Annotated[int, BeforeValidator(_span(1.0, whole=True))]
Hours = Annotated[float, BeforeValidator(_span(3600.0))]
Days = Annotated[float, BeforeValidator(_span(86400.0))]
# whole minutes that may be null: converted before the union, so a bound is checked on the
# number of minutes (`WholeMinutes | None` checked it on the text as written, and its refusal
# could not say the bound in the units written: "'31d' ... less than or equal to 43200")
WholeMinutesOrNone = Annotated[int | None, BeforeValidator(_span(60.0, whole=True))]


def _name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
        raise ValueError(f"{quoted_cut(value)} is not a name: 1 to 64 letters, digits and _ . - "
                         "(no spaces)")
    return value


Name = Annotated[str, AfterValidator(_name)]

_NAME_MAX, _PATH_MAX = 255, 4095  # bytes: Linux's NAME_MAX and PATH_MAX (less its NUL)


def file_name_problem(value: str) -> str | None:
    """Why the system cannot open ``value`` as a path, in one line, else None: a NUL byte
    (Python refuses it, "embedded null byte"), a part longer than 255 bytes or the whole longer
    than 4095 ("File name too long"); each was a traceback from the first ``exists()`` that
    met it."""
    if "\0" in value:
        return "a path cannot hold a NUL byte (\\0); write the file's name"
    raw = value.encode("utf-8", "surrogateescape")
    if len(raw) > _PATH_MAX:
        return (f"a path of {len(raw)} bytes is longer than the system's limit ({_PATH_MAX}); "
                "use a shorter one")
    long = max(raw.split(b"/"), key=len)
    if len(long) > _NAME_MAX:
        return (f"{quoted_cut(long.decode('utf-8', 'replace'))} is a name of {len(long)} "
                f"bytes, longer than the system's limit ({_NAME_MAX}) for one name in a path; "
                "use a shorter one")
    return None


# a drive letter (`C:\\data`, `D:/bots`) or a UNC share (`\\\\server\\share`): a path copied
# from Windows, which on Linux or macOS is one file name, made in the folder socialops runs in
_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]|\\\\")


def windows_path_problem(value: str) -> str | None:
    """Why a path of the config written as Windows writes one (a drive letter, a UNC share)
    cannot be meant, else None: socialops runs on Linux or macOS, where `C:\\data\\x.db` is a
    file of that name in the current folder (a newcomer's review, 2026-12-06: `run` made
    `./C:\\data\\socialops.db` and check said OK)."""
    if not _WINDOWS_PATH.match(value):
        return None
    return (f"{quoted_cut(value)} is a Windows path; socialops runs on Linux or macOS, where it "
            "is one file of that name in the folder socialops runs in: write it with / as "
            "those do (./data/..., or absolute: /srv/socialops/...)")


def _file_name(value: str) -> str:
    if (problem := file_name_problem(value) or windows_path_problem(value)) is not None:
        raise ValueError(problem)
    return value


FileName = Annotated[str, AfterValidator(_file_name)]


def _reply_text(value: str) -> str:
    problem = replies.template_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


ReplyText = Annotated[str, AfterValidator(_reply_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sources -----------------------------------------------------------------------------------
# Each source type's config class lives in its own package (integrations/social/<network>/
# config.py, integrations/replay/config.py) and is found through bot.core.networks; the schema
# of ``sources:`` is built from the types a file uses (``config_model``).

YamlPath = tuple[str | int, ...]
Problem = tuple[YamlPath, str]  # (where, relative to what was checked; what is wrong)


class SourceBase(Strict):
    """What every source has, on any network. A source type's class adds ``type:
    Literal[<its name>]`` and its own keys."""

    type: str
    id: Name
    interval: Seconds = Field(default=60.0, gt=0, le=7 * 86400, description="between polls")
    backfill_minutes: WholeMinutes = Field(
        default=60, ge=0, le=100 * 366 * 1440,
        description="first run: only mentions newer than this"
    )
    enabled: Flag = True
    timeout: Seconds = Field(default=20.0, gt=0, le=600)
    user_agent: str | None = None
    # "sandbox": approved posts for this account are recorded (sandbox_path, the log) and never
    # sent, so approvals can be tried on read-only networks (RSS, Hacker News) or with
    # read-only credentials
    publish: Literal["network", "sandbox"] = "network"
    sandbox_path: FileName = "./data/sandbox-posts.jsonl"

    @model_validator(mode="before")
    @classmethod
    def _one_as_a_list(cls, data: Any) -> Any:
        """A single value where the source takes a list (``hashtags: acme``, ``subreddits:
        acme``, ``urls: https://...``) is that list of one, as the rules file reads
        ``network: x``: it was refused with "should be a list", the intent clear."""
        if not isinstance(data, dict):
            return data
        lists = {name for name, field in cls.model_fields.items()
                 if get_origin(field.annotation) is tuple}
        return {key: [value] if key in lists and isinstance(value, str) else value
                for key, value in data.items()}

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        """What ``socialops check`` can find wrong in this source's own keys without asking
        the network (URLs, files, and for an enabled source what it cannot poll without: the
        credentials its streams need, something to follow), each at its key's path inside
        the source; ``resolve`` turns a path written in the config into one relative to the
        config file. Without the last, a source passed check and failed at its first poll (a
        refused request) or, worse, polled nothing and stayed quiet."""
        return iter(())

    def advice(self) -> Iterator[Problem]:
        """What works as written but one way worse than meant (``socialops check`` says each
        as a warning, at its key's path inside the source): nothing, unless a source says."""
        return iter(())

    @property
    def keeps_session(self) -> bool:
        """Whether its reads log in with a session kept in the store (``SessionVault``), one a
        network allows only so many new ones of a day: nothing, unless a source says."""
        return False

    @property
    def posts_only(self) -> bool:
        """Whether it is an account only posted as (approvals), which follows nothing on
        purpose."""
        return self.publish == "sandbox"


def within_dedup(sc: SourceBase, dedup_ttl_hours: float) -> SourceBase:
    """``sc`` with its ``backfill_minutes`` no longer than the store remembers a post as seen
    (``store.dedup_ttl_hours``, in whole minutes): a re-read of a longer window (a lost or
    unreadable cursor, a renamed source, a Redis that lost its data) would find posts whose
    done marks have expired, and alert them again. A replay source reads its file as it is."""
    most = int(dedup_ttl_hours * 60)
    if sc.type == "replay" or sc.backfill_minutes <= most:
        return sc
    return sc.model_copy(update={"backfill_minutes": most})


def backfill_note(sc: SourceBase, dedup_ttl_hours: float) -> str | None:
    """What ``within_dedup`` does to ``sc``, in one line (``run``'s log at start and
    ``check``'s warning at the key), or None when it reads its window whole."""
    read = within_dedup(sc, dedup_ttl_hours)
    if read is sc:
        return None
    wanted = written(sc.backfill_minutes * 60)
    return (f"source {sc.id} reads {written(read.backfill_minutes * 60)} back, not {wanted}: "
            f"store.dedup_ttl_hours ({written(dedup_ttl_hours * 3600)}) is how long a post is "
            "remembered as seen, and a re-read of a longer window (a lost cursor, a renamed "
            "source, a Redis that lost its data) would alert the older posts again; raise "
            f"store.dedup_ttl_hours to {wanted} to read {wanted} back")


class Own(NamedTuple):
    """One of a platform's own hosts, as seen by a key that takes an address there: ``right``
    is the URL the key takes at the platform; ``what`` (when set) is what this host is if the
    URL is not under ``path`` on it (the web site, the platform's other address). A URL on it
    with plain http or ws is refused, said to carry credentials unless ``credentials`` is False
    (an API that takes none, such as Algolia's for Hacker News)."""

    right: str
    what: str = ""
    path: str = ""
    credentials: bool = True


def blank_problems(key: str, values: Iterable[str], *, why: str) -> Iterator[Problem]:
    """An empty (or blank) search or keyword in a list, one line each: a template's "" or a
    deleted word's quotes. ``why`` is what the network makes of it."""
    for i, value in enumerate(values):
        if not value.strip():
            yield (key, i), f"is empty: {why}; write what to search for, or remove it"
        elif not fold(value):
            # a zero-width space, a soft hyphen, a variation selector: kept by ``strip`` but
            # dropped by ``fold``, as keywords are read (the prefilter found no keyword left
            # and let every post through)
            shown = " ".join(f"U+{ord(ch):04X}" for ch in value[:5])
            yield (key, i), (f"holds only invisible characters ({shown}), which is empty: "
                             f"{why}; write what to search for, or remove it")


def url_problems(path: YamlPath, url: str | None, *,
                 schemes: Iterable[str] = ("http", "https"), base: bool = False,
                 adds: Iterable[str] = (),
                 own: Mapping[str, Own] | None = None) -> Iterator[Problem]:
    """``url`` (when set) is a full URL with one of ``schemes`` and a host. ``base``: request
    paths are appended to it (so it takes no query nor fragment, nor any of the paths in
    ``adds``, which the requests add themselves); ``own``: the platform's hosts, each with
    the URL this key takes there."""
    if url is None:
        return
    # said with its password hidden (a Redis URL's, a feed's basic auth): the problems are
    # found in the URL as written, and each is said in the shown one, which parses alike
    shown = redact_url(url)
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a [bracketed] host that is no IPv6 address, or an unclosed one
        yield path, f"{quoted_cut(shown, 80)} has no valid host name or IP address"
        return
    allowed = tuple(schemes)
    if parts.scheme not in allowed or not (parts.netloc or parts.scheme == "unix"):
        scheme = "https" if "https" in allowed else allowed[0]
        if not url.strip():  # `url: ""` (or an empty ${NAME}): "did you mean 'https://'?"
            yield path, f"is empty; write a full {scheme} URL"
            return
        hint = f"{scheme}://{shown.strip()}" if "://" not in url else None
        if (account := _ACCOUNT.fullmatch(url.strip())) is not None:
            # a fediverse account's address (@acme@mastodon.social), as profiles show it:
            # 'https://@acme@mastodon.social' was the URL offered
            yield path, (f"{quoted_cut(shown, 80)} is an account's address, not a URL; did "
                         f"you mean its server, '{scheme}://{account[1]}'?")
            return
        yield path, (f"{quoted_cut(shown, 80)} is not a full {'/'.join(allowed)} URL"
                     + (f"; did you mean {hint!r}?" if hint else ""))
    elif any(c.isspace() or ord(c) < 32 for c in url.strip()):
        yield path, (f"{quoted_cut(shown, 80)} has a space in it; remove it (or write %20 where "
                     "the address really has one)")
    elif problem := ((parts.scheme != "unix" and _url_host_problem(parts))
                     or _base_problem(urlsplit(shown.strip()), base=base, adds=adds,
                                      own=own or {})):
        yield path, f"{quoted_cut(shown, 80)} {problem}"


# @user@host (or user@host): an account on a server, where a URL was meant
_ACCOUNT = re.compile(r"@?[^@/:\s]+@([^@/:\s]+\.[^@/:\s]+)")


def _base_problem(parts: SplitResult, *, base: bool, adds: Iterable[str],
                  own: Mapping[str, Own]) -> str | None:
    """What makes a well-formed URL the wrong one for its key (see ``url_problems``). Each
    passed check and every request failed: a query or fragment had the request's path
    appended after it, an /api/v1 written in was asked as /api/v1/api/v1/..."""
    if base and (parts.query or parts.fragment):
        right = urlunsplit(parts._replace(query="", fragment=""))
        what = f"a query (?{parts.query[:40]})" if parts.query else (
            f"a fragment (#{parts.fragment[:40]})")
        return (f"has {what}; a base URL takes none (each request adds its own path and "
                f"parameters after it): write {right!r}")
    trimmed = parts.path.rstrip("/")
    for suffix in adds if base else ():
        if trimmed.lower().endswith(suffix.lower()):
            right = urlunsplit(parts._replace(path=trimmed[:-len(suffix)]))
            return (f"ends in {suffix}, which socialops adds to every request itself; write "
                    f"{right!r}")
    site = own.get((parts.hostname or "").rstrip("."))
    if site is None:
        return None
    if site.what and not (site.path and trimmed.lower().startswith(site.path)):
        return f"is {site.what}; write {site.right!r}"
    secure = {"http": "https", "ws": "wss"}.get(parts.scheme)
    if secure is not None:
        right = urlunsplit(parts._replace(scheme=secure))
        why = " (credentials are sent there)" if site.credentials else ""
        return (f"is plain {parts.scheme}; {parts.hostname} takes {secure} only{why}: "
                f"write {right!r}")
    return None


def _url_host_problem(parts: SplitResult) -> str | None:
    try:
        parts.port  # noqa: B018 (raises ValueError on a port that is not one)
    except ValueError:
        return "has a port that is not one (1-65535)"
    try:
        _host(parts.hostname or "")
    except ValueError:
        return f"has no valid host name or IP address after {parts.scheme}://"
    return None


# The discriminated union's tag for a source whose type no class validates.
_UNKNOWN_TYPE = "(unknown source type)"


class _UnknownSourceType(BaseModel):
    """Stands in for a source whose ``type:`` is missing, unknown, or registered but not
    importable, so its one error is at ``type:`` and names the known types (and nothing is
    said about keys that type's class would have checked)."""

    model_config = ConfigDict(extra="allow")
    type: Any = Field(default=None, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"a source is a mapping (id:, type:, ...), not {str(data)[:40]!r}")
        return data

    @field_validator("type")
    @classmethod
    def _refuse(cls, value: Any) -> Any:
        from bot.core import networks

        if value is None:
            raise ValueError(f"every source needs a type: one of "
                             f"{', '.join(networks.source_types())}")
        networks.source_config(str(value))  # raises UnknownNetwork, saying why
        raise ValueError(f"source type {value!r} was registered while this file was read; "
                         "run again")


# --- workspaces --------------------------------------------------------------------------------


def _timezone(value: Any) -> Any:
    named_zone(str(value))
    return str(value)


class WorkspaceBase(Strict):
    name: Name
    # scheduled posts (``schedule A-3 17:30``): times typed here are read on this clock, and
    # cards and answers show them on it beside UTC
    timezone: Annotated[str | None, BeforeValidator(
        lambda v: v if v is None else _timezone(v))] = None
    reactions: dict[str, str] = Field(
        default_factory=lambda: {
            "eyes": "claim",
            "white_check_mark": "resolve",
            "+1": "approve",
            "x": "reject",
        },
        description="emoji name -> action",
    )


class ConsoleWorkspaceConfig(WorkspaceBase):
    type: Literal["console"]
    record: str | None = Field(
        default=None, description="append every delivered card as a JSON line here"
    )
    width: int | None = Field(default=None, ge=20, le=1000)
    channel: str | None = Field(
        default=None, description=("the channel (a name under channels:) that typed commands "
                                   "run in; default: the first channel of this workspace"))


def _credential(value: str) -> str:
    """A token, key or secret as platforms issue them: printable ASCII without spaces. Anything
    else came with a copy (a zero-width or no-break space, a line break, a typographic dash):
    sent in a header it ended `check --online` and `run` in a traceback (headers are ASCII),
    and in a signing secret it would fail every signature. The message never shows the value.

    Blanks at either end (a line break after it, as `kubectl create secret --from-file`,
    `echo secret > file` or a copied line leaves it) are taken off: none of these holds a
    blank anywhere, so they are the paste's alone (a Slack signing secret with a line break
    after it was refused until 2026-12-07). One inside is still refused, with its place."""
    value = pasted_ends_off(value)
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        # docker --env-file keeps an env file's quotes: then the Slack prefix check said only
        # 'starts with xoxb-' of a token that reads as if it did, and a Discord token passed
        raise ValueError(f"is wrapped in quotes ({value[0]}...{value[0]}), which no token has "
                         "(an env file read by docker --env-file keeps them); write it "
                         "without them")
    if (hook := webhook_of(value)) is not None or value.lower().startswith(
            ("https://", "http://")):
        # a webhook's address, which the platform's setup pages show beside the token: taken,
        # every start failed on it (Discord's "Improper token"), where check said OK
        what = f"{hook}'s address" if hook else "a web address"
        raise ValueError(f"is {what}, not a token: socialops posts as its bot, so this key "
                         "takes the token or secret it names, copied from the app's settings "
                         "(docs/slack.md, docs/discord.md, docs/networks.md)")
    if value[:7].lower() == "bearer ":
        # copied from a request's Authorization header (the platforms' docs show them so):
        # the character check below said only 'holds U+0020 (a space) at character 7'
        raise ValueError(f"starts with '{value[:6]} ', the Authorization header's word; write "
                         "the token alone (socialops adds it)")
    for n, ch in enumerate(value, 1):
        if not "!" <= ch <= "~":
            raise ValueError(f"holds U+{ord(ch):04X} ({_character(ch)}) at character {n}, which "
                             "no token has (it came with the copy?); paste it again without it")
    return value


# a webhook's address, which posts into one channel without a bot (no buttons, reactions or
# commands): Slack's incoming webhooks and Workflow Builder's, GovSlack's, Discord's
_WEBHOOK = re.compile(r"(?i)^(?:https?://)?(?:(?P<slack>hooks\.slack(?:-gov)?\.com)/"
                      r"|(?:ptb\.|canary\.)?(?P<discord>discord(?:app)?\.com)/api/"
                      r"(?:v\d+/)?webhooks/)")


def webhook_of(value: str) -> str | None:
    """"a Slack incoming webhook" or "a Discord webhook" when ``value`` is the address of one,
    else None."""
    found = _WEBHOOK.match(value.strip())
    if found is None:
        return None
    return "a Slack incoming webhook" if found["slack"] else "a Discord webhook"


def pasted_ends_off(value: str) -> str:
    """A secret without the blanks a paste or a file leaves at its ends: what every token,
    key, secret and password the config takes goes through."""
    return value.strip(" \t\r\n")


def _password(value: str) -> str:
    """An account's password (Reddit's script app account, or a Bluesky account's own password
    written as its app password): its ends as ``_credential``'s, but a space, and any letter,
    may be inside, as a person chose it. A character no one types (a control character, a
    zero-width or other invisible one) came with the copy: refused with its place, the value
    never shown."""
    value = pasted_ends_off(value)
    for n, ch in enumerate(value, 1):
        if not (ch.isprintable() or ch == " ") or unicodedata.category(ch) == "Cf":
            raise ValueError(f"holds U+{ord(ch):04X} ({_character(ch)}) at character {n}, "
                             "which no password has (it came with the copy?); paste it again "
                             "without it")
    return value


def _character(ch: str) -> str:
    """What a character is, in words, for an error: its Unicode name, else its kind."""
    if ch == " ":
        return "a space"
    if name := unicodedata.name(ch, ""):
        return name.lower()
    if unicodedata.category(ch) == "Cc":
        return "a control character"
    if "\udc80" <= ch <= "\udcff":  # how Python carries a byte that is not UTF-8 (PEP 383)
        return "a byte that is not UTF-8"
    return "no character"


# a faulty one is said, and "x" stands in for it so its workspace's other checks still run
Credential = Annotated[str, AfterValidator(_credential), StandIn("x")]
# a person's password: see ``_password``
Password = Annotated[str, AfterValidator(_password), StandIn("x")]


def _long_secret(value: str) -> str:
    """A secret of our own choosing (not a platform's token): long enough not to be guessed."""
    if len(value) < 16:
        raise ValueError(f"is {len(value)} characters; use at least 16 (e.g. the output of "
                         "`openssl rand -hex 32`)")
    return value


def _without_bot_prefix(value: str) -> str:
    """discord.py adds ``Bot `` itself; a token pasted from an Authorization header has it."""
    if value[:4].lower() == "bot ":
        raise ValueError("write the token without the 'Bot ' prefix (socialops adds it)")
    return value


# checked before the characters, or the prefix's space would be all the error said
DiscordToken = Annotated[str, AfterValidator(_without_bot_prefix), AfterValidator(_credential),
                         StandIn("x")]


class SlackWorkspaceConfig(WorkspaceBase):
    type: Literal["slack"]
    bot_token: Credential
    signing_secret: Credential | None = None
    app_token: Credential | None = None  # xapp-..., enables Socket Mode
    api_url: str = "https://slack.com/api/"
    mode: Literal["socket", "http"] = "http"


class DiscordWorkspaceConfig(WorkspaceBase):
    type: Literal["discord"]
    token: DiscordToken
    application_id: str | None = None
    public_key: str | None = None
    api_url: str = "https://discord.com/api/v10"
    # the gateway websocket (process-wide in discord.py, like api_url)
    gateway_url: str = "wss://gateway.discord.gg/"
    # the web client a posted card's link opens (/channels/<server>/<channel>/<message>)
    web_url: str = "https://discord.com"
    guild_id: str | None = None


WorkspaceConfig = Annotated[
    ConsoleWorkspaceConfig | SlackWorkspaceConfig | DiscordWorkspaceConfig,
    Field(discriminator="type"),
]
register_union_tags("console", "slack", "discord")


def _channel_id(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write the channel's id (Slack C0123ABCD, a Discord id "
                         "number, or for the console any word, such as the channel's name)")
    control = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if control is not None:
        # no chat's id holds one, and the stores keep a channel's lanes apart by U+001F
        raise ValueError(f"holds the control character U+{ord(control):04X}; write the "
                         "channel's id as the chat shows it")
    return value


class ChannelConfig(Strict):
    workspace: str
    id: Annotated[str, AfterValidator(_channel_id)]


# --- people, approvals, escalations ------------------------------------------------------------


def _email(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        raise ValueError(f"{quoted_cut(value, 60)} is not an email address (name@example.com)")
    return value


class PersonConfig(Strict):
    id: str
    name: str | None = None
    email: Annotated[str | None, AfterValidator(_email)] = Field(default=None, description=(
        "what `link <email>` matches, to link a chat account to this person"))
    role: Literal["agent", "lead", "approver", "admin"] = "agent"
    groups: tuple[str, ...] = ()
    identities: dict[str, str] = Field(
        default_factory=dict, description="workspace name -> platform user id"
    )


class ApprovalStepConfig(Strict):
    approvers: tuple[str, ...] = Field(min_length=1)
    mode: Literal["any", "all"] = "any"


def _some_steps(steps: tuple[ApprovalStepConfig, ...]) -> tuple[ApprovalStepConfig, ...]:
    if not steps:  # a draft with no step to decide it could never be approved
        raise ValueError("needs at least 1 step, e.g. steps: [{approvers: [role:approver]}] "
                         "(leave steps out for that default)")
    return steps


class ApprovalsConfig(Strict):
    channel: str | None = None
    steps: Annotated[tuple[ApprovalStepConfig, ...], AfterValidator(_some_steps)] = (
        ApprovalStepConfig(approvers=("role:approver",)),)
    expire_hours: Hours = Field(default=48, gt=0, le=24 * 366)
    # how long a process owns an approval it is publishing; a process that dies mid-publish
    # holds it this long before another one looks for the post and finishes the job. It must
    # outlast a publisher's network calls (post, then a look after an ambiguous answer), or a
    # slow live attempt is overtaken and the network may get the post twice.
    publish_lease_seconds: Seconds = Field(default=120.0, gt=0, le=86400)


class EscalationStepConfig(Strict):
    # a refused delay is stood in for (nothing names it): the step's people, channel and
    # schedule are still checked in the same run
    after_minutes: Annotated[WholeMinutes, StandIn(0)] = Field(ge=0, le=366 * 1440)
    notify_groups: tuple[str, ...] = ()
    notify_users: tuple[str, ...] = ()
    channel: str | None = None
    schedule: str | None = Field(default=None, description=(
        "ping whoever this on-call schedule has on call when the step's notice is sent"))


CLAIM_TIMEOUT_MOST = 30 * 1440  # minutes: 30d


def _claim_timeout(value: Any) -> Any:
    """A chain's ``claim_timeout`` of zero, refused in words: PagerDuty's users write 0 for "no
    acknowledgement timeout", which PagerDuty says by leaving it unset; here a 0 would release
    every claim the moment it is made. The range's refusal named no unit ("0 is out of range:
    must be greater than or equal to 1"), nor how to have none; a bare number past the top is
    said in minutes too. Anything else goes on to the span's own reading."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    typed = str(value).strip()
    bare = isinstance(value, int | float) or typed.isdigit()
    try:
        minutes = float(typed) if bare else seconds(typed) / 60
    except ValueError:
        return value
    shown = f"{typed} minutes" if bare else typed
    if minutes == 0:
        raise ValueError(f"{shown} would release every claim at once: write 1m to 30d (e.g. "
                         "4h), or leave claim_timeout out (or null) for a claim held until "
                         "someone acts")
    if bare and minutes > CLAIM_TIMEOUT_MOST:
        raise ValueError(f"{shown} is too long: at most 30d")
    return value


ClaimTimeout = Annotated[WholeMinutesOrNone, BeforeValidator(_claim_timeout)]


class EscalationConfig(Strict):
    name: str
    steps: tuple[EscalationStepConfig, ...] = Field(min_length=1)
    repeat: int = Field(default=0, ge=0, le=100)
    batch_seconds: WholeSeconds = Field(default=30, ge=0, le=3600, description=(
        "steps firing for one channel within this many seconds are posted as one notice"))
    # PagerDuty's acknowledgement timeout: a claim held this long unresolved is released and
    # the chain starts again from its first step; None: a claim holds until someone acts
    claim_timeout: ClaimTimeout = Field(default=None, ge=1, le=CLAIM_TIMEOUT_MOST, description=(
        "minutes a claim may hold a ticket unresolved before it is released (`4h`)"))


# --- runtime -----------------------------------------------------------------------------------


class RetentionConfig(Strict):
    """How long the store keeps what it no longer needs (docs/storage.md)."""

    sent_hours: Hours = Field(default=72, gt=0, le=24 * 3660,
                              description="delivered outbox items")
    message_refs_days: Days = Field(
        default=30, gt=0, le=3660,
        description="where a card was posted; older cards are re-posted")
    audit_days: Days | None = Field(default=None, gt=0, le=36600,
                                    description="None keeps every row")
    traces_days: Days = Field(default=7, gt=0, le=366,
                              description="what happened to each post: `why`, previews")
    dead_days: Days | None = Field(
        default=30, gt=0, le=36600,
        description="dead deliveries and dead letters, from when they died; None keeps them")
    prune_minutes: Minutes = Field(default=10, gt=0, le=1440, description="how often to prune")


def _home(value: str) -> str:
    """A path with a leading ``~`` (or ``~user``) as the home folder it names, as a shell
    reads it: written so in YAML, socialops made a folder named ``~`` where it ran, which
    ``rm -rf ~`` then clears the home of."""
    # os.path's, not pathlib's: with no home to read (HOME unset, a user not in passwd)
    # it leaves the path as written, where pathlib's raises RuntimeError
    return os.path.expanduser(value) if value.startswith("~") else value


class StoreConfig(Strict):
    backend: Literal["sqlite", "redis"] | None = None  # None: redis when REDIS_URL is set
    path: Annotated[str, AfterValidator(_file_name),
                    AfterValidator(_home)] = "./data/socialops.db"
    redis_url: str | None = None
    # Redis must persist writes (AOF); true runs on a Redis without AOF, accepting that its
    # restart loses state
    accept_data_loss: Flag = False
    dedup_ttl_hours: Hours = Field(default=72, gt=0, le=24 * 366)
    # how long a dead process keeps a source or a channel before another takes over
    lease_seconds: Seconds = Field(default=30.0, gt=0, le=3600)
    # Redis only: mentions flow through a stream shared by every process (bot/store/queue.py)
    queue: Flag = True
    queue_visibility_seconds: Seconds = Field(default=60.0, gt=0, le=86400)
    queue_max_deliveries: int = Field(default=5, ge=1, le=1000)
    retention: RetentionConfig = RetentionConfig()


class OutboxConfig(Strict):
    per_channel_per_second: float = Field(default=1.0, gt=0, le=1000)
    burst: int = Field(default=5, ge=1, le=1000, description="messages a channel may take at "
                       "once after a pause, above the steady pace (catching up after an outage); "
                       "also how many of a channel's waiting cards one claim takes (at most 50)")
    catch_up: float = Field(default=2.0, ge=1.0, le=100, description="while a channel's oldest "
                            "waiting card is over 15 s late, deliver this many times faster "
                            "than the pace (a 429 still pauses it), so a backlog drains even "
                            "when alerts keep arriving at the pace; not on Slack, whose 1 "
                            "message a second per channel allows short bursts only (burst)")
    give_up_after_minutes: Minutes = Field(
        default=24 * 60, gt=0, le=30 * 1440,
        description="a failing item is dead-lettered after this long")
    backoff_base: Seconds = Field(default=1.0, gt=0, le=3600)
    backoff_max: Seconds = Field(default=30.0, gt=0, le=86400)


# RFC 1123 labels, and "_", which Docker service names and some internal DNS zones use
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")


def _host(value: str) -> str:
    """A host name or an IP address, by its spelling only: whether it resolves is the
    server's business when it binds (``bot.app.http``), not ``check``'s."""
    import ipaddress

    text = value.strip()
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    name = text.removesuffix(".")
    if not name.isascii():  # an international domain name: its ASCII form is what resolves
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            name = ""
    labels = name.split(".")
    # a last label of digits alone is an IP address mistyped (0.0.0.0.0, 10.0.300.1): no
    # top-level domain is numeric (RFC 3696 section 2), and a resolver would never find it
    if name and len(name) <= 253 and all(_HOST_LABEL.fullmatch(p) for p in labels) \
            and not labels[-1].isdigit():
        return text
    raise ValueError(_host_mistake(text) or (
        f"{quoted_cut(value, 60)} is not a host name or IP address; write e.g. 0.0.0.0 (every "
        "interface) or 127.0.0.1 (this machine only)"))


def _host_mistake(text: str) -> str | None:
    """What to write for a host written as an address is (``[::]`` as nginx's ``listen`` and
    a URL bracket it, a URL, ``host:port``), or None: the generic refusal offered the IPv4
    ones for an IPv6 address already meant."""
    import ipaddress

    shown = quoted_cut(text, 60)
    if "://" in text:
        try:
            host = urlsplit(text).hostname
        except ValueError:  # an unclosed [ : the generic refusal
            return None
        return (f"{shown} is a URL; write its host alone, {host}, and the port in http.port"
                if host else None)
    if text.startswith("[") and text.endswith("]"):
        try:
            ipaddress.IPv6Address(text[1:-1])
        except ValueError:
            return None
        return (f"{shown} is an IPv6 address in brackets, as a URL writes it; write it without "
                f"them: \"{text[1:-1]}\"")
    host, _, port = text.rpartition(":")
    if host and port.isdigit() and ":" not in host:
        return f"{shown} holds a port; write {host}, and the port in http.port"
    return None


class HttpConfig(Strict):
    # every interface; 127.0.0.1 to serve only this machine
    host: Annotated[str, AfterValidator(_host)] = "0.0.0.0"
    port: Port | None = None  # else PORT from the environment; no server when neither
    # connections held at once (bot.app.connections); past it, a new one closes the least
    # recently active. Raise it above what a reverse proxy in front keeps open, or the
    # proxy's pooled connections are closed and reopened. Each held connection may cost up to
    # 0.5 MB while a client sends its headers (64 lines of 8 KB).
    max_connections: int = Field(default=256, ge=1, le=16_384, strict=True)
    # /metrics and the detail of /healthz and /readyz (source and workspace names, errors,
    # counts) for every address; by default only for this machine (bot.app.http), since the
    # port is the one Slack's request URL reaches, open to anyone
    public_details: Flag = False
    # a shared secret: a request with "Authorization: Bearer <it>" gets /metrics and those
    # details from any address (a Prometheus on another machine); ${NAME} from the environment
    metrics_token: Annotated[Credential, AfterValidator(_long_secret)] | None = None
    # after a SIGTERM, how long the server keeps answering (/readyz 503, "stopping") before it
    # closes: Kubernetes removes the pod from its Service's endpoints only as it sends the
    # signal, and requests routed meanwhile were refused. At most 20 s, so the drain and the
    # stop's own bounds fit in Heroku's 30 s and Kubernetes' default grace period
    drain_seconds: Seconds = Field(default=5.0, ge=0, le=20)


def _upper(value: Any) -> Any:
    """A name read in either case, as ``--log-level`` reads it."""
    return value.strip().upper() if isinstance(value, str) else value


class LoggingConfig(Strict):
    level: Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR"],
                     BeforeValidator(_upper)] = "INFO"
    json_format: Flag = Field(default=False, alias="json")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SpikesConfig(Strict):
    """Explained spike alerts (bot/enrich/spikes.py)."""

    enabled: Flag = True
    channel: str | None = None  # where keyword spikes go; route/subscription spikes go to theirs
    window_minutes: WholeMinutes = Field(default=10, ge=1, le=1440)
    min_count: int = Field(default=5, ge=1, le=1_000_000)
    threshold: float = Field(default=3.0, gt=1.0, le=1000)
    max_p: float = Field(default=1e-4, gt=0, le=1,
                         description="and no likelier than this at the usual Poisson rate")
    half_life_minutes: Minutes = Field(default=35.0, gt=0, le=30 * 1440,
                                       description="baseline EWMA half-life")
    cooldown_minutes: Minutes = Field(default=30.0, ge=0, le=30 * 1440)
    warmup_minutes: Minutes = Field(default=60.0, ge=0, le=30 * 1440)
    # the clock whose hours of the day and week the usual is learnt per (unset: health's,
    # ``HealthConfig.hours_zone``): on UTC's, the morning the clocks changed rang
    timezone: Annotated[str | None, BeforeValidator(
        lambda v: v if v is None else _timezone(v))] = None


def _clock_time(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list | tuple | dict):  # at: [08:30, 17:00] was said as its repr
        kind = "a mapping" if isinstance(value, dict) else "a list"
        raise ValueError(f"should be one time of day, not {kind}; write HH:MM, e.g. \"09:00\"")
    text = str(value).strip()
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if not m:
        # 9am, 5:30 pm, 12 AM as people write them: the 24-hour time they mean (a file is
        # read by machines and people in other countries: written one way only)
        twelve = re.fullmatch(r"(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?m\.?", text,
                              re.IGNORECASE)
        meant = "09:00" if twelve is None else (
            f"{int(twelve[1]) % 12 + (12 if twelve[3].lower() == 'p' else 0):02d}:"
            f"{twelve[2] or '00'}")
        # 0900, 1730: a 24-hour time without its colon, which YAML reads as a number (900;
        # 0000 as 0): the time meant, where "e.g. 09:00" said nothing of it
        bare = re.fullmatch(r"([01]?\d|2[0-3])([0-5]\d)|0", text) \
            if twelve is None and isinstance(value, int | str) \
            and not isinstance(value, bool) else None
        if bare is not None:
            raise ValueError(f"{quoted_cut(text)} is not a time of day; write HH:MM, with its "
                             f"colon: \"{int(bare[1] or 0):02d}:{bare[2] or '00'}\"")
        raise ValueError(f"{quoted_cut(text)} is not a time of day; write HH:MM, "
                         + (f"e.g. \"{meant}\"" if twelve is None else
                            f"on the 24-hour clock: \"{meant}\""))
    return f"{int(m.group(1)):02d}:{m.group(2)}"


class HealthConfig(Strict):
    """Source health alerts and delivery receipts (docs/never-silent.md)."""

    quiet_alerts: Flag = True
    expected_posts: float = Field(
        default=10.0, ge=2, le=10_000,
        description="a source is quiet when this many posts were expected since its last one "
                    "and none came (at 10, the chance of a false alarm is e^-10)")
    min_quiet_minutes: WholeMinutes = Field(default=30, ge=1, le=30 * 1440)
    warmup_hours: Hours = Field(default=24, ge=0, le=90 * 24,
                                description="learn this long before judging a source quiet")
    half_life_days: Days = Field(default=7, gt=0, le=365,
                                 description="how fast the usual volume follows a change")
    failing_polls: int = Field(default=3, ge=1, le=1000,
                               description="failed polls in the window before an alert")
    failing_share: float = Field(default=0.5, gt=0, le=1,
                                 description="share of the window's polls that failed")
    receipt_at: Annotated[str | None, BeforeValidator(_clock_time)] = Field(
        default="09:00", description="daily delivery receipt to the ops channel; null: none")
    receipt_timezone: Annotated[str, BeforeValidator(_timezone)] = "UTC"
    # the clock whose hours of the day the usual volume is learnt per: people post by their
    # local clocks, so on UTC a daylight-saving change shifts a source's day by an hour
    timezone: Annotated[str | None, BeforeValidator(
        lambda v: v if v is None else _timezone(v))] = None

    @property
    def hours_zone(self) -> str:
        """``timezone``, else ``receipt_timezone`` (the team's clock, UTC unless set)."""
        return self.timezone or self.receipt_timezone


class DigestsConfig(Strict):
    """When digests are posted (docs/rules.md, "Digests")."""

    at: Annotated[str, BeforeValidator(_clock_time)] = Field(
        default="09:00", description="daily digests come at this time; hourly ones at its "
                                     "minute of each hour")
    # unset: each digest on the clock of the workspace it posts in (workspaces[].timezone),
    # else UTC; a Warsaw team's 09:00 came at 09:00 UTC, 10:00 or 11:00 there by the season
    timezone: Annotated[str | None, BeforeValidator(
        lambda v: v if v is None else _timezone(v))] = None


class DigestSummaryConfig(Strict):
    """The optional OpenAI-compatible summary hook for digests (off unless url is set)."""

    url: str | None = None  # e.g. http://localhost:8080/v1/chat/completions
    model: str = "gpt-4o-mini"
    api_key: Credential | None = None
    timeout: Seconds = Field(default=10.0, gt=0, le=600)


def _language_code(value: str) -> str:
    """A language as posts are labelled with it (``en``): ``english``, ``en-US`` or ``"en "``
    were taken, matched no post, and every post in the team's own language was translated."""
    if (problem := language_problem(value)) is not None:
        raise ValueError(problem)
    return value.strip().lower()


LanguageCode = Annotated[str, AfterValidator(_language_code)]


class ModelEndpointConfig(Strict):
    """The optional OpenAI-compatible model endpoint (integrations/llm/endpoint.py); off unless url
    is set. ``features`` says what it may do: classify intent and polarity, translate posts,
    suggest reply drafts. Any failure or timeout falls back to the embedded model."""

    url: str | None = None  # e.g. http://localhost:8080/v1/chat/completions
    model: str = "local"
    api_key: Credential | None = None
    timeout: Seconds = Field(default=5.0, gt=0, le=120)
    features: tuple[Literal["classify", "translate", "reply"], ...] = ("translate", "reply")
    team_languages: tuple[LanguageCode, ...] = Field(
        default=("en",), description="posts in these languages are not translated")
    translate_to: str = Field(default="English", min_length=1, max_length=40)


# --- on-call schedules (bot.core.oncall) -------------------------------------------------------


def _instant(value: Any) -> Any:
    """An ISO date and time; without an offset it is the schedule's wall-clock time."""
    text = str(value).strip()
    return _iso_instant(value, text)


def _end_instant(value: Any) -> Any:
    """``_instant`` that ends something (an override's ``until``): ISO 8601's end of a day,
    ``2026-12-24T24:00`` as calendars write it, is the next day's 00:00 on the schedule's wall
    clock (its offset kept), so a day the clocks change is covered whole and no more."""
    text = str(value).strip()
    fixed = None if isinstance(value, datetime) else end_of_day(text)
    return _iso_instant(fixed or value, fixed or text, shown=text)


def _iso_instant(value: Any, text: str, *, shown: str | None = None) -> Any:
    shown = text if shown is None else shown
    try:
        at = value if isinstance(value, datetime) else datetime.fromisoformat(text)
    except ValueError:
        if (fixed := end_of_day(text)) is not None:
            raise ValueError(f"{quoted_cut(text)} is not a time: 24:00 is 00:00 of the next "
                             f"day; write {fixed}") from None
        if (day := no_such_day(text[:10])) is not None:  # 2027-02-29: as a typed time says it
            raise ValueError(f"{quoted_cut(text)} is not a time: {day}") from None
        raise ValueError(f"{quoted_cut(text)} is not a time; write an ISO date and time such as "
                         "2026-12-07T09:00 (in the schedule's timezone) or "
                         "2026-12-07T09:00+01:00") from None
    if not 1970 <= at.year <= 9000:  # far from the calendar's ends, whatever the zone
        raise ValueError(f"{quoted_cut(shown)} is not a time a schedule takes: its year is 1970 "
                         "to 9000")
    return at


def _shift(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value} is not a shift length: write it with its unit, e.g. 12h, "
                         "1d or 1w")
    total = seconds(value)
    if total < 3600 or total % 60:
        raise ValueError(f"{str(value).strip()[:20]} is not a shift length: at least 1h, in "
                         "whole minutes (e.g. 8h, 12h, 1d or 1w)")
    return total


Instant = Annotated[datetime, BeforeValidator(_instant)]
# what ``validate_all`` puts in place of a refused time nothing names, while ``check`` runs
STOOD_IN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
EndInstant = Annotated[datetime, BeforeValidator(_end_instant)]


class ScheduleOverrideConfig(Strict):
    """Someone on call instead of the rotation from ``from`` until ``until``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    person: str
    # a refused time is stood in for, so that the override's person is still checked in the
    # same run; its times' own checks (overlaps) pass it by: ``stood_in``
    from_: Annotated[Instant, StandIn(STOOD_IN_TIME)] = Field(alias="from")
    until: Annotated[EndInstant, StandIn(STOOD_IN_TIME)]

    def stood_in(self) -> bool:
        """A time of it was refused (``validate_all`` put ``STOOD_IN_TIME`` in its place)."""
        return STOOD_IN_TIME in (self.from_, self.until)


def _rotation(people: Any) -> Any:
    """Before the field's ``min_length``, which the JSON schema shows (``minItems: 1``) and
    whose own words, "at least 1 item(s)", name no person."""
    if isinstance(people, list | tuple) and not people:
        raise ValueError("a rotation names at least one person id from people: (people: "
                         "[alice, bob])")
    return people


class ScheduleConfig(Strict):
    """An on-call rotation: ``people`` in turn, ``shift`` each, counted from ``start`` on the
    wall clock of ``timezone``; an override wins over it."""

    name: Name
    people: Annotated[tuple[str, ...], Field(min_length=1), BeforeValidator(_rotation)]
    # a refused start, shift or time zone is stood in for (nothing names them), so that
    # `check` says the schedule's people and announce channel in the same run
    start: Annotated[Instant, StandIn("2026-01-01T00:00:00Z")]
    shift: Annotated[float, BeforeValidator(_shift), StandIn("1d")]
    timezone: Annotated[str, BeforeValidator(_timezone), StandIn("UTC")] = "UTC"
    overrides: tuple[ScheduleOverrideConfig, ...] = ()
    # a channel (a name under channels:) where each handoff is said as it happens, pinging
    # the person going on call (handlers.oncall.Handoffs)
    announce: str | None = None


class Config(Strict):
    # the values a ``${NAME}`` put in a URL's path or query (YamlDoc.url_secrets): secrets
    # (``bot.app.logs.config_secrets``) under any key, as a private feed's token in its URL
    _url_secrets: tuple[str, ...] = PrivateAttr(default=())

    # each source is an instance of its type's class: the schema a file is read with is
    # ``config_model(data)``, which validates every source by the class of its ``type:``
    sources: tuple[SourceBase, ...] = ()
    workspaces: tuple[WorkspaceConfig, ...] = (
        ConsoleWorkspaceConfig(name="console", type="console"),
    )
    channels: dict[str, ChannelConfig] = Field(default_factory=dict)
    people: tuple[PersonConfig, ...] = ()
    # group name -> workspace -> platform group id (a Slack user group "S0…", a Discord role id);
    # a group without one is pinged as its members
    groups: dict[str, dict[str, str]] = Field(default_factory=dict)
    approvals: ApprovalsConfig = ApprovalsConfig()
    escalations: tuple[EscalationConfig, ...] = ()
    # on-call rotations an escalation step names (``schedule:``) and `oncall` shows
    schedules: tuple[ScheduleConfig, ...] = ()
    # saved replies: name -> template (bot.core.replies), drafted with `reply T-3 :name`;
    # a name is checked by confcheck, at its own line
    replies: dict[str, ReplyText] = Field(default_factory=dict)
    rules: FileName | None = None  # path of the routes file, relative to this file
    ops_channel: str | None = None
    spikes: SpikesConfig = SpikesConfig()
    health: HealthConfig = HealthConfig()
    digests: DigestsConfig = DigestsConfig()
    digest_summary: DigestSummaryConfig = DigestSummaryConfig()
    model_endpoint: ModelEndpointConfig = ModelEndpointConfig()
    store: StoreConfig = StoreConfig()
    outbox: OutboxConfig = OutboxConfig()
    http: HttpConfig = HttpConfig()
    logging: LoggingConfig = LoggingConfig()

    def discord_names(self) -> frozenset[str]:
        """The names of the Discord workspaces: only there was a subscription saved for the
        channel "None" (``Subscription.stranded``)."""
        return frozenset(w.name for w in self.workspaces
                         if isinstance(w, DiscordWorkspaceConfig))

    def workspace(self, name: str) -> WorkspaceConfig:
        for w in self.workspaces:
            if w.name == name:
                return w
        raise KeyError(name)

    def source(self, source_id: str) -> SourceBase:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


def config_model(data: Any = None) -> type[Config]:
    """The schema to read ``data`` (a config file's mapping) with: ``Config`` whose
    ``sources:`` are validated by the config classes of the source types the file uses, each
    imported from its package on first use (``bot.core.networks``). A type no registry entry
    gives, or whose package is missing, is one error at its ``type:``."""
    from bot.core import networks

    used: set[str] = set()
    sources = data.get("sources") if isinstance(data, dict) else None
    for item in sources if isinstance(sources, list) else ():
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            used.add(item["type"])
    classes: list[tuple[str, type[SourceBase]]] = []
    for name in sorted(used):
        try:
            classes.append((name, networks.source_config(name)))
        except ValueError:  # UnknownNetwork, or a spec its package declares wrongly
            continue  # said at its `type:` by _UnknownSourceType
    return _config_model(tuple(classes))


@functools.lru_cache(maxsize=64)
def _config_model(classes: tuple[tuple[str, type[SourceBase]], ...]) -> type[Config]:
    # one model per set of types: built once, like any pydantic model (building is the slow
    # part of pydantic, validating is fast)
    names = frozenset(name for name, _ in classes)

    def tag(value: Any) -> str:
        found = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
        return found if isinstance(found, str) and found in names else _UNKNOWN_TYPE

    members: list[Any] = [Annotated[cls, Tag(name)] for name, cls in classes]
    members.append(Annotated[_UnknownSourceType, Tag(_UNKNOWN_TYPE)])
    register_union_tags(*names, _UNKNOWN_TYPE)  # not fields a person wrote (bot.core.validation)
    source: Any = Annotated[Union[tuple(members)], Discriminator(tag)]  # noqa: UP007
    model: type[Config] = create_model(
        "Config", __base__=Config, __module__=__name__, sources=(tuple[source, ...], ()))
    return model


class LoadedConfig:
    """A validated Config plus where it came from, for resolving relative paths and errors."""

    def __init__(self, config: Config, doc: YamlDoc | None, path: Path | None, *,
                 whole_backfill: bool = False) -> None:
        self.config = config
        self.doc = doc
        self.path = path
        # each source reads its whole backfill_minutes, past the dedup window (``fetch``)
        self.whole_backfill = whole_backfill

    def reading_whole(self) -> LoadedConfig:
        """This config for ``fetch``, a dry look that routes nothing: each source reads its
        whole ``backfill_minutes``, however long the dedup window."""
        return LoadedConfig(self.config, self.doc, self.path, whole_backfill=True)

    def as_read(self, sc: SourceBase) -> SourceBase:
        """``sc`` as a source built from this config reads it: its backfill window no longer
        than the dedup window (``within_dedup``) unless read whole. The one place the window
        is cut: the sources ``run`` builds and what ``why`` says of them (``check`` warns of
        it with ``backfill_note``)."""
        if self.whole_backfill:
            return sc
        return within_dedup(sc, self.config.store.dedup_ttl_hours)

    @property
    def from_stdin(self) -> bool:
        """Read from stdin (``check -c -``): relative paths resolve in the current folder."""
        return self.path == STDIN

    def resolve(self, relative: str) -> Path:
        """A path the config names, relative to the config's folder; a leading ``~`` is the
        home folder (``_home``)."""
        p = Path(_home(relative))
        if p.is_absolute() or self.path is None:
            return p
        return self.path.parent / p

    def rules_path(self) -> Path | None:
        return self.resolve(self.config.rules) if self.config.rules else None

    def written(self, section: str, key: str | None = None) -> set[str]:
        """The names the file declares under ``section`` (its keys, or each item's ``key``),
        valid or not: a reference to a name whose definition was refused is not also
        reported as unknown. That includes a section or a key written misspelt (``chanels:``,
        ``{di: carol}``) and the first of a section written twice: each is one mistake,
        reported once where it is written."""
        found: set[str] = set()
        for value in self._sections(section):
            if key is None:
                found |= {str(k) for k in value} if isinstance(value, dict) else set()
                continue
            for item in value if isinstance(value, list) else []:
                if not isinstance(item, dict):
                    continue
                names = [item[key]] if key in item else [
                    v for k, v in item.items() if suggest(str(k), [key]) == key]
                found |= {str(n) for n in names if n is not None}
        return found

    def _sections(self, section: str) -> list[Any]:
        """What the file writes as ``section``: the section, a misspelling of its name, and
        an earlier occurrence that a second one replaced."""
        doc = self.doc
        data = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict):
            return []
        known = [f.alias or name for name, f in Config.model_fields.items()]
        out = [data[section]] if section in data else []
        out += [v for k, v in data.items()
                if str(k) not in known and suggest(str(k), known) == section]
        return out + doc.shadowed.get((section,), [])

    def unsure(self, section: str, key: str) -> bool:
        """Whether a name under ``section`` (each item's ``key``) was left empty by an unset
        ``${NAME}``: the name it will have is unknown, so references to that section cannot
        be told unknown (that would repeat the variable's line)."""
        doc = self.doc
        return doc is not None and any(
            len(u) == 3 and u[0] == section and u[2] == key for u in doc.unset)

    def people_ids(self) -> set[str]:
        """Person ids a rule's ``mention: users`` may name (written ones included)."""
        return {p.id for p in self.config.people} | self.written("people", "id")

    def group_names(self) -> set[str]:
        """Group names a rule's ``mention: groups`` or an escalation may name: under
        ``groups:`` or in a person's ``groups:`` (written ones included)."""
        cfg = self.config
        found = set(cfg.groups) | {g for p in cfg.people for g in p.groups} | self.written(
            "groups")
        data = self.doc.data if self.doc is not None else None
        people = data.get("people") if isinstance(data, dict) else None
        for person in people if isinstance(people, list) else ():
            groups = person.get("groups") if isinstance(person, dict) else None
            if isinstance(groups, list):
                found |= {str(g) for g in groups}
            elif isinstance(groups, str):
                found.add(groups)
        return found

    def error(self, path: tuple[str | int, ...], message: str) -> ConfigError:
        if self.doc is None:
            return ConfigError(message, field=".".join(map(str, path)))
        return self.doc.error(path, message)


add_hint("dm_users", "dm_users is not supported (socialops sends no direct messages); use "
         "notify_users to ping those people in the ticket's channel, or channel: to post the "
         "escalation to another channel")
# Grafana OnCall's "working hours" and PagerDuty's layer restrictions, as their users write them
for _key in ("working_hours", "restrictions", "layers"):
    add_hint(_key, "working hours are not supported: a schedule's rotation has someone on "
             "call at every hour; shorter shifts with a person named for each (alice 09:00 to "
             "17:00 on weekdays, carol the rest) do the same: docs/workflows.md, Working "
             "hours", under=ScheduleConfig)
# how often a digest comes is its route's, in the rules file: digests: here says only when
# its windows end (a newcomer wrote digests: {interval: 1d}, told only 'unknown field')
add_hint("interval", "how often a digest comes is its route's, in the rules file (interval: "
         "1d on a route with action: digest, or digest=daily on a subscription); digests: here "
         "says when windows end (at:, timezone:)", under=DigestsConfig)
# the releases of 2026-11-23 gave a card up after so many attempts; since 2026-11-29 by age
add_hint("max_attempts", "max_attempts was removed: a failing card is given up by its age, not "
         "by its attempts; set give_up_after_minutes instead (default 1d)", under=OutboxConfig)
# the rules file's own keys (rules.schema.RulesFile: tests/app/test_check_wrong_file.py holds
# the two equal), written in socialops.yaml; rules/schema.py sends this file's the other way
RULES_FILE_KEYS = ("brands", "time_intervals", "routes", "silences", "inhibit_rules")
for _key in RULES_FILE_KEYS:
    # a config with routes: has, as a rule, no rules: yet: the key and a file to give it
    add_hint(_key, f"{_key} belongs in the rules file (the file rules: names in "
             "socialops.yaml, e.g. rules: rules.yaml), not in socialops.yaml: move it there",
             under=Config)


STDIN = Path("<stdin>")  # the name of a config read from stdin (``check -c -``)


def inspect_config(
    path: str | Path, *, env: Mapping[str, str] | None = None, raw: bytes | None = None
) -> tuple[LoadedConfig | None, list[ConfigError]]:
    """Every problem in the config file, in one pass: YAML (duplicate keys, unset variables),
    schema, references, chat settings, files and URLs; and the config as far as it could be
    built (None when the schema left nothing usable). A file that cannot be read or parsed at
    all raises its one ConfigError. ``raw``: the file's bytes, read already (``check -c -``
    reads them from stdin): ``path`` only names it then (``STDIN``, whose folder is the
    current one, where its relative paths resolve)."""
    from bot.core.confcheck import check_config, unused_unset

    env = environ() if env is None else env
    if raw is None and Path(path).is_dir():
        # `-c ~/bot`, the folder `init --dir` wrote to: the file is one step away
        inside = Path(path) / DEFAULT_CONFIG
        raise ConfigError(
            f"is a directory, not a config file; pass the file: -c {inside}" if inside.is_file()
            else f"is a directory, not a config file; pass the config file in it (-c "
                 f"{inside}), or write one there with `socialops init --dir {path}`",
            file=str(path))
    doc = (load_yaml(path, env=env, bare_refs=True) if raw is None
           else parse_yaml_bytes(raw, str(path), env=env, bare_refs=True))
    errors = list(doc.problems)
    if doc.data is None:
        # every setting has a default, so an empty file would start a bot that does nothing
        return None, [*errors, ConfigError(
            "the file is empty (or only comments); write a config with `socialops init`, or "
            "see docs/configuration.md", file=doc.file)]
    if not isinstance(doc.data, dict):
        return None, [*errors, doc.error(
            (), "the config file must be a mapping (sources:, workspaces:, channels:, ...)")]
    if _is_rules_file(doc.data):
        name = Path(path).name
        return None, [*errors, doc.error((), (
            f"this is a rules file (routes:, brands:, ...), not a config; pass the config "
            f"(socialops -c socialops.yaml ...) and name this file in it: rules: {name}"))]
    config, schema_errors = validate_all(config_model(doc.data), doc)
    errors += schema_errors
    if config is None:
        return None, errors
    config._url_secrets = tuple(doc.url_secrets)
    loaded = LoadedConfig(config, doc, Path(path))
    errors += without_follow_ons(
        check_config(loaded, redis_url_env=environment_store_url(env)), schema_errors)
    return loaded, unused_unset(loaded, errors)


_RULES_SECTIONS = frozenset(RULES_FILE_KEYS)


def _is_rules_file(data: dict[str, Any]) -> bool:
    """A rules file given where the config was meant: only rules sections, routes among them
    (each would otherwise be its own "unknown field")."""
    keys = {str(k) for k in data}
    return "routes" in keys and keys <= _RULES_SECTIONS


def load_config(path: str | Path, *, env: Mapping[str, str] | None = None) -> LoadedConfig:
    """The validated config; every problem found raises together (ConfigErrors)."""
    loaded, errors = inspect_config(path, env=env)
    if errors:
        raise ConfigErrors(errors)
    assert loaded is not None
    return loaded


def http_port(config: Config, env: Mapping[str, str] | None = None) -> int | None:
    """``http.port``, else ``PORT`` from the environment (Heroku-style platforms set it), else
    None (no HTTP server)."""
    if config.http.port is not None:
        return config.http.port
    raw = (environ() if env is None else env).get("PORT", "").strip()
    if not raw:
        return None
    if not ascii_digits(raw, 5) or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"PORT={raw[:20]!r} in the environment is not a port (1-65535)")
    return int(raw)


def port_overridden(config: Config, env: Mapping[str, str] | None = None) -> str | None:
    """Why the ``PORT`` the environment gives is not served, when ``http.port`` names another:
    a platform sends the process's traffic to ``PORT`` (Heroku stops a web dyno that has not
    bound it within 60 s), so a port set in a shared config is said, never silently served."""
    raw = (environ() if env is None else env).get("PORT", "").strip()
    if config.http.port is None or not ascii_digits(raw, 5) or int(raw) == config.http.port:
        return None
    return (f"{config.http.port} is served, not PORT={int(raw)}, which the environment gives "
            "this process (Heroku's router, honcho and foreman send its traffic there); leave "
            "http.port out of the config to serve PORT")


def environment_store_url(env: Mapping[str, str] | None = None) -> str | None:
    return (environ() if env is None else env).get("REDIS_URL") or None


def uses_sqlite(store: StoreConfig, *, redis_url_env: str | None) -> bool:
    """The one rule for the backend: ``backend:`` when it is written, else Redis when
    ``REDIS_URL`` is set, else SQLite (the store, the SQLite lock and ``check`` ask it)."""
    return store.backend == "sqlite" or (store.backend is None and not redis_url_env)


def as_dict(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
