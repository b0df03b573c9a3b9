"""The Redis store: several bot processes share one state (DESIGN §5).

Every read-modify-write is one Lua script (``bot.store.redis_lua``), atomic across processes:
``apply`` (one decision's effects), outbox claim and settle, leases, timer take-over, dedup
claims. Logical expiry times come from the injected clock (tests advance it); each key also
carries a real Redis TTL a little longer than its logical one, so memory stays bounded.

Durability: Redis must persist writes (AOF) or a restart loses cursors, tickets and the outbox.
``connect`` checks and refuses a server without AOF unless the config accepts losing data. An
``epoch`` key written once per data set lets processes notice a Redis that lost its data anyway.

Redis errors become ``StoreError``; a server that cannot be reached at start-up is
``StoreUnavailable``. The client retries a dropped connection, so a short outage is ridden out.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import logging
import secrets
import socket
import ssl
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import redis.asyncio as aioredis
from pydantic_core import PydanticSerializationError, to_json
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import (
    AuthenticationError,
    BusyLoadingError,
    NoPermissionError,
    OutOfMemoryError,
    ReadOnlyError,
    RedisError,
    ResponseError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.core import keys as LK
from bot.core.cards import OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.errors import (
    StoreDown,
    StoreError,
    StoreUnavailable,
    WriteConflict,
    chain,
    in_chain,
)
from bot.core.jsonbody import loads
from bot.core.models import (
    ACTIVE,
    ERASED_AUTHOR,
    Approval,
    AuditEvent,
    MessageRef,
    Signal,
    SignalBrief,
    Subscription,
    Ticket,
    Trace,
)
from bot.core.ports import Clock, DeadItem, DueTimer, RoutingChange
from bot.core.redact import redact_url
from bot.core.text import one_line
from bot.store import layout as L
from bot.store import redis_lua as lua
from bot.store.coalesce import (
    coalesced,
    posted_as,
    replaceable,
    sent_with,
    settles,
    shown_with,
    shows,
    superseded,
    takes_in,
)
from bot.store.readable import FAILURES, ByIdParsed, Unreadable, natural_order, text_field

T = TypeVar("T")
log = logging.getLogger(__name__)
# where the URL is set, in the fixes of messages about the Redis it names; a caller that knows
# which of the two named it says that one instead (``named_by``)
URL_SETTING = "REDIS_URL (or store.redis_url)"
SLACK = 60  # seconds of real TTL beyond the logical one
CUSTOMER_HISTORY = 200
ROUTING_LOG = 2000
SERIES_TTL = L.SERIES_BUCKETS * 60
SOURCE_SERIES = LK.SOURCE_SERIES
CLAIMED_KEPT = 10_000  # claimed outbox items remembered for their settle, at most
PRUNE_BATCH = 500  # entries one pruning script call looks at, at most
# dead letters one script call reads: each holds a whole post, and reading 500 of 20,000
# characters (HSCAN's copy alone) held Redis 0.15 s; 100 about 0.03
DEAD_LETTER_BATCH = 100
# audit events one script call reads, at most: each is decoded (about 2 KB of JSON with the
# record before and after): 200 in about 5 ms on a shared 2-CPU machine, 500 in 15 to 19
AUDIT_BATCH = 200
# The layout a data set is stamped with: raise it with a change that leaves data an older
# release would misread, so that release refuses it; a field added to a stored record is one
# (records forbid unknown fields: tests/store/stored_fields.txt says when). 2: tickets and
# route hits carry a priority; 3: tickets carry tags; 4: tickets may be merged (``merged``,
# ``merged_into``, status merged); 5: on-call overrides made in chat (``override:O-<n>``),
# which layout 4 never reads, and would page the person who handed the shift away; 6: a
# channel's edits of cards already shown wait in a lane of their own (``outbox:chan:`` of the
# channel and "edits"), whose message refs layout 5 would not find, and post a second card;
# 7: approvals carry ``next_try_at`` (when one waiting for its next publish try is tried again);
# 8: posts carry their author's edits and delete (``Mention.revision``, ``revised_at``, ``edits``);
# 9: who took a post down (``Mention.removed_by``) and a card field's right-to-left names
# (``CardField.names``), in stream entries, signals, traces, dead letters and queued cards;
# 10: the claim timeout a ticket's holder took it under (``Ticket.claim_timeout_minutes``);
# 11: the address of the post a reply from another server's account answers
# (``Approval.reply_url``), a subscription's own spike thresholds (``Subscription.spikes``)
# and a card's right-to-left names in its lines (``Card.text_names``);
# 12: the chain a claim took its timeout from, when renamed since its ticket opened
# (``Ticket.claim_timeout_chain``);
# 13: that a card was deleted from its channel (``MessageRef.gone``) and a weekly digest's day
# (``Subscription.digest_day``, ``RouteHit.digest_day``).
LAYOUT = 13
OPENED_MARGIN = 1.0  # seconds read around a window of tickets; their stored times decide


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _chan(workspace: str, channel: str) -> str:
    return f"{workspace}\x00{channel}"


def _card(item: OutboxItem) -> tuple[str, str, str]:
    """The card an outbox item shows, in its channel (what ``outbox_held`` keys)."""
    return item.workspace, item.channel, item.card.key


class NotPersistent(StoreUnavailable):
    pass


def _user(url: str) -> str:
    """The Redis user a URL signs in as (``default`` without one)."""
    try:
        return unquote(urlsplit(url).username or "") or "default"
    except ValueError:
        return "default"


async def _info(client: aioredis.Redis, url: str, section: str) -> Any:
    """``INFO section``; refused (``NOPERM``: an ACL user without ``@dangerous``, as managed
    Redis services and least-privilege set-ups make them), a ``NotPersistent`` that says which
    permission to grant. It said "check its password and database number", which were right."""
    try:
        return await client.info(section)
    except NoPermissionError:
        user = _user(url)
        raise NotPersistent(
            f"Redis at {redact_url(url)}: its user {user!r} may not run INFO (NOPERM), which "
            "socialops reads at start to check that writes persist (AOF) and are never "
            f"evicted; grant it: ACL SETUSER {user} +info (the rest of @dangerous stays "
            "denied), or set store.accept_data_loss: true to run without those checks"
        ) from None


# How long a start waits for a Redis still loading its data set into memory (after a restart,
# an AOF or RDB file of gigabytes takes minutes), and how often it says it still waits
LOADING_SECONDS = 600.0
LOADING_SAID_EVERY = 30.0


async def _loaded_percent(url: str) -> str:
    """How far a loading Redis is, as ``INFO persistence`` says it, or "" when it does not
    say. Asked on a connection of its own: it answers INFO while loading, but not the PING
    the store's client checks its connections with first."""
    try:
        client = aioredis.Redis.from_url(url, protocol=2, decode_responses=True,
                                         socket_connect_timeout=2.0, socket_timeout=5.0,
                                         retry=Retry(NoBackoff(), 0))
    except (ValueError, RedisError):
        return ""
    try:
        info: Any = await client.info("persistence")
    except (RedisError, OSError):
        return ""
    finally:
        await client.aclose()
    done = info.get("loading_loaded_perc")
    return f" ({float(done):.0f}% done)" if done is not None else ""


async def await_loaded(client: aioredis.Redis, url: str, *,
                       seconds: float = LOADING_SECONDS) -> None:
    """PING ``client`` until its Redis has loaded its data set. A Redis just restarted answers
    every command but a few with ``LOADING`` until it has: ``run`` started beside it (a compose
    file, a reboot) stopped at once saying "cannot reach Redis ...; start redis-server there".
    It now waits up to ``seconds``, saying so in a log line every ``LOADING_SAID_EVERY``."""
    start = time.monotonic()
    said = -LOADING_SAID_EVERY
    while True:
        try:
            await client.ping()
            if said >= 0:
                log.info("Redis at %s has loaded its data set", redact_url(url))
            return
        except BusyLoadingError:
            waited = time.monotonic() - start
            if waited >= seconds:
                raise StoreUnavailable(
                    f"Redis at {redact_url(url)} is still loading its data set into memory"
                    f"{await _loaded_percent(url)} after {waited:.0f} s; start socialops "
                    "again once it has (INFO persistence says loading:0)") from None
            if waited - said >= LOADING_SAID_EVERY:  # asked only when said
                said = waited
                log.info("Redis at %s is loading its data set into memory%s; waiting for it",
                         redact_url(url), await _loaded_percent(url))
            await asyncio.sleep(0.25)


async def queue_problem(client: aioredis.Redis, url: str, *,
                        prefix: str = "socialops:") -> str | None:
    """Why the mention stream several processes share (``store.queue``) cannot run on this
    Redis, or None: it takes over a dead process's mentions with XAUTOCLAIM, which Redis has
    from 6.2 (Ubuntu 22.04's and Debian 11's packages are 6.0). Without it every process's
    consumer failed at its first step and retried for ever, and the mentions the sources queued
    were never processed. Asked by an XAUTOCLAIM of a key that does not exist, which a Redis
    that has it answers NOGROUP, and one that lacks it (or has it renamed away) "unknown
    command"; nothing is written."""
    try:
        await client.xautoclaim(f"{prefix}probe", "probe", "probe", min_idle_time=0, count=1)
    except ResponseError as exc:
        if "unknown command" not in str(exc).lower():
            return None  # NOGROUP: it has it (or not asked: an ACL; its own error says so)
    else:
        return None
    return (f"Redis at {redact_url(url)} has no XAUTOCLAIM command (Redis 6.2 or later has "
            "it), with which the mention stream shared by several processes (store.queue) "
            "takes over a stopped process's mentions; run Redis 6.2 or later (Ubuntu 22.04's "
            "and Debian 11's packages are 6.0: redis.io's packages or its container image are "
            "newer), or set store.queue: false to have one process do all the work")


def _cluster_refusal(url: str) -> str:
    return (f"Redis at {redact_url(url)} runs in cluster mode, which socialops does not "
            "support: the scripts that make each alert and each publish happen once touch "
            "several keys at once, which a cluster refuses (CROSSSLOT); point "
            f"{URL_SETTING} at a standalone Redis, or a managed Redis with cluster mode "
            "disabled")


def _full_of_clients(url: str) -> str:
    return (f"Redis at {redact_url(url)} has as many clients as its maxclients allows, and "
            "refused one more; raise it (CONFIG SET maxclients N, and in redis.conf) or close "
            "the clients that hold them (CLIENT LIST shows them)")


def _misconf(url: str) -> str:
    """Redis refusing writes because it cannot save to its own disk (``MISCONF``)."""
    return (f"Redis at {redact_url(url)} refuses writes: it cannot save to its own disk "
            "(MISCONF: its last RDB snapshot or AOF write failed); see the Redis server's log, "
            "and free space on its disk or fix its dir's permissions: it takes writes again by "
            "itself once a save succeeds")


def _full(url: str) -> str:
    """Redis at its ``maxmemory`` with ``noeviction`` (the policy socialops asks for), refusing
    every write with ``OOM``."""
    return (f"Redis at {redact_url(url)} is full: its used memory is over its maxmemory, and "
            "with maxmemory-policy noeviction it refuses every write (OOM); raise maxmemory "
            "(CONFIG SET maxmemory N, and in redis.conf) or free memory there (INFO memory): it "
            "takes writes again by itself once there is room")


def _refusal(exc: BaseException, url: str) -> str | None:
    """The one line for a Redis that answers and refuses socialops's work for a cause of its
    own (a cluster, a replica, a disk it cannot save to, no room for one more client), at
    connect (``_unreachable``) and in a running store's errors alike; None for another."""
    said = str(exc)
    if said.startswith(("CROSSSLOT", "Keys in request don't hash to the same slot")):
        return _cluster_refusal(url)
    if in_chain(exc, ReadOnlyError) is not None:  # a replica, or a primary demoted since
        return _replica_refusal(url)
    if isinstance(exc, ResponseError) and said.startswith("MISCONF"):
        return _misconf(url)  # passes once a save succeeds
    if "max number of clients reached" in said:  # it runs: it is full
        return _full_of_clients(url)
    if in_chain(exc, OutOfMemoryError) is not None or (
            "used memory > 'maxmemory'" in _chain_text(exc)):  # a script's write, a MULTI's
        return _full(url)
    return None


def redis_refusal(exc: BaseException, url: str) -> str | None:
    """``_refusal`` for the store's companions on the same Redis (the mention queue)."""
    return _refusal(exc, url)


def named_by(message: str, store: StoreConfig) -> str:
    """``message`` with its fix naming the one setting that named the URL: ``store.redis_url``
    when ``store`` sets it, else the environment's ``REDIS_URL``."""
    return message.replace(URL_SETTING, "store.redis_url" if store.redis_url else "REDIS_URL")


def _replica_refusal(url: str, primary: str | None = None) -> str:
    where = f" (of {primary})" if primary else ""
    return (f"Redis at {redact_url(url)} is a read-only replica{where}, where socialops cannot "
            f"write; point {URL_SETTING} at "
            + (f"its primary, {primary}" if primary else "its primary"))


async def check_standalone(client: aioredis.Redis, url: str, *, writes: bool = True) -> None:
    """Refuse a Redis socialops cannot work on, in one line that says why: one in cluster mode
    (``INFO cluster``: it answered PING and ``check --online``, and then every loop failed
    with "Keys in request don't hash to the same slot", retried for ever), and a read-only
    replica (``INFO replication``: ``check --online`` said it answered, and ``run`` "cannot
    reach Redis ... check its password and database number"). A user that may not run INFO
    is not asked (the store's errors say the same). ``writes=False`` (a command that only
    reads the store, such as ``why``): a replica serves it."""
    try:
        info: Any = await client.info()  # its default sections hold cluster and replication
    except ResponseError:  # NOPERM (an ACL user), or INFO renamed away: not asked
        return
    if str(info.get("cluster_enabled", "0")) == "1":
        raise StoreUnavailable(_cluster_refusal(url))
    if writes and str(info.get("role", "master")) in ("slave", "replica") and \
            str(info.get("replica_read_only", info.get("slave_read_only", "1"))) == "1":
        host, port = info.get("master_host"), info.get("master_port")
        raise StoreUnavailable(_replica_refusal(url, f"{host}:{port}" if host else None))


async def check_persistence(client: aioredis.Redis, url: str) -> None:
    """Refuse a Redis that does not persist writes (AOF off), with the fix in the message."""
    try:
        answer: Any = await client.config_get("appendonly")
        aof = str(answer.get("appendonly", "")).lower() == "yes"
    except ResponseError:  # CONFIG disabled (managed Redis, an ACL user): INFO says it too
        info: Any = await _info(client, url, "persistence")
        aof = str(info.get("aof_enabled", "0")) == "1"
    if not aof:
        raise NotPersistent(
            f"Redis at {redact_url(url)} does not persist writes (appendonly no): a restart "
            "would lose cursors, tickets and queued alerts. Turn AOF on (`redis-cli CONFIG SET "
            "appendonly yes` and `appendonly yes` in redis.conf), or set "
            "store.accept_data_loss: true to run anyway")


async def check_eviction(client: aioredis.Redis, url: str) -> None:
    """Refuse a Redis that may evict keys when full (a ``maxmemory`` with a policy other than
    ``noeviction``): an evicted done mark, lease or publish claim lets an alert or a publish
    happen twice, without a word. INFO says it where CONFIG is disabled (managed Redis)."""
    info: Any = await _info(client, url, "memory")
    limit = int(info.get("maxmemory", 0) or 0)
    policy = str(info.get("maxmemory_policy", "noeviction"))
    if limit and policy != "noeviction":
        raise NotPersistent(
            f"Redis at {redact_url(url)} may evict keys when full (maxmemory {limit:,} bytes, "
            f"maxmemory-policy {policy}): an evicted done mark, lease or claim would let an "
            "alert or a publish happen twice. Set `maxmemory-policy noeviction` (redis-cli "
            "CONFIG SET maxmemory-policy noeviction, and in redis.conf), or give socialops a "
            "Redis of its own without maxmemory, or set store.accept_data_loss: true to run "
            "anyway")


async def _is_full(client: aioredis.Redis) -> bool:
    """Whether INFO says Redis holds more than its ``maxmemory`` and evicts nothing, so that
    it refuses writes (``check --online``, which writes nothing to find out); False where INFO
    is refused."""
    try:
        info: Any = await client.info("memory")
    except ResponseError:
        return False
    limit = int(info.get("maxmemory", 0) or 0)
    return bool(limit) and str(info.get("maxmemory_policy", "noeviction")) == "noeviction" \
        and int(info.get("used_memory", 0) or 0) > limit


def _refused_the_password(exc: BaseException) -> bool:
    """Redis answered, and refused the URL's password (or its lack of one). Over a unix socket
    redis-py wraps that AuthenticationError in a plain ConnectionError, which read as a Redis
    not running there."""
    return in_chain(exc, AuthenticationError) is not None


def _client(url: str, connect_seconds: float) -> aioredis.Redis:
    try:
        # No retries inside redis-py: a failed command raises at once, and the store's errors
        # and the supervisor say why and retry the task (a loading Redis, a refused client
        # certificate, a stopped server each said in one line, not after seconds of silent
        # attempts). The synchronous Retry this passed until redis-py 8.2 never retried with
        # the asyncio client; 8.2 converts it into one that does, 6 times over 5 s a command.
        return aioredis.Redis.from_url(
            url, protocol=2, decode_responses=True, socket_connect_timeout=connect_seconds,
            socket_timeout=10.0, health_check_interval=15, retry=Retry(NoBackoff(), 0))
    except (ValueError, RedisError) as exc:
        raise StoreUnavailable(f"bad Redis URL {redact_url(url)}: {exc}") from exc


async def _answers_plain_redis(url: str, seconds: float = 1.0) -> bool:
    """Whether the host and port of ``url`` answer a plain Redis ``PING`` (a reply of ``+`` or
    ``-``: PONG, NOAUTH, an error), which a TLS port, a host that is down and a server that
    hangs never give."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "localhost", parts.port or 6379
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), seconds)
    except (OSError, ValueError, TimeoutError):
        return False
    try:
        writer.write(b"PING\r\n")
        line = await asyncio.wait_for(reader.readline(), seconds)
    except (OSError, TimeoutError):
        return False
    finally:
        writer.close()
        with suppress(OSError, TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), seconds)
    return line[:1] in (b"+", b"-")


# the TLS alerts of a server refusing the client's certificate (OpenSSL's names)
REFUSED_CERTIFICATE = ("UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN",
                       "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_EXPIRED", "DECRYPT_ERROR",
                       "ACCESS_DENIED")
CLIENT_CERT = ("rediss://...?ssl_certfile=/path/to/client.pem&"
               "ssl_keyfile=/path/to/client.key")


def _chain_text(exc: BaseException) -> str:
    """The words of ``exc`` and of the exceptions it wraps."""
    return " ".join(str(seen) for seen in chain(exc))


def _down(exc: BaseException, url: str) -> bool:
    """Whether Redis was not there to answer, which it may be again by itself: the connection
    refused or reset, no answer in time, the host unreachable, a name server that did not
    answer. Not a name that does not resolve (a host name mistyped, as often as a DNS record
    not there yet), nor anything a Redis that answered refused (the password, the database,
    a permission). Over TLS a reset or a timeout is also what a plain port or a refused
    client certificate gives, a mistake: only a refused connection is down there."""
    if _refused_the_password(exc) or _refusal(exc, url) is not None or any(
            isinstance(seen, ResponseError | ssl.SSLError) for seen in chain(exc)):
        return False
    if in_chain(exc, ConnectionRefusedError) is not None or any(
            isinstance(seen, OSError) and seen.errno in _HOST_DOWN for seen in chain(exc)):
        return True
    if url.lower().startswith("rediss:"):
        return False
    if (gai := in_chain(exc, socket.gaierror)) is not None:
        return gai.errno == socket.EAI_AGAIN  # a name server that did not answer
    return any(isinstance(seen, RedisTimeoutError | TimeoutError | ConnectionResetError
                          | RedisConnectionError) for seen in chain(exc))


_HOST_DOWN = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN})


async def _unreachable(exc: BaseException, url: str) -> str:
    """A Redis that did not answer, or refused the URL's password or database, and the fix."""
    unreachable = isinstance(exc, RedisConnectionError | RedisTimeoutError | OSError
                             ) and not _refused_the_password(exc)
    fix = (f"start redis-server there, or point {URL_SETTING} at the one you run"
           ) if unreachable else (f"check {URL_SETTING}: its password and database number")
    denied = in_chain(exc, NoPermissionError) is not None
    if denied:
        # signed in, and refused a command or a key by its ACL: neither is the URL's doing
        fix = (f"the user {_user(url)!r} lacks a permission socialops needs; give it the "
               "keys socialops:* and every command but @dangerous, with INFO (ACL SETUSER "
               f"{_user(url)} ~socialops:* +@all -@dangerous +info)")
    tls = url.lower().startswith("rediss:")
    if tls and in_chain(exc, ssl.SSLCertVerificationError) is not None:
        # a TLS port: what to change is what the client trusts, never TLS itself
        fix = ("the server speaks TLS, and its certificate was not accepted: give the CA that "
               "signed it as the URL's ssl_ca_certs (rediss://...?ssl_ca_certs=/path/to/"
               "ca.pem), or the host name the certificate names")
    elif tls and "CERTIFICATE_REQUIRED" in _chain_text(exc):
        fix = ("the server asks for a client certificate (Redis's tls-auth-clients): give it as "
               f"the URL's ssl_certfile and ssl_keyfile ({CLIENT_CERT})")
    elif tls and "ssl_certfile=" in url and (
            in_chain(exc, ConnectionResetError) is not None
            or any(f"ALERT_{alert}" in _chain_text(exc) for alert in REFUSED_CERTIFICATE)):
        # TLS 1.3: the server's refusal of the client comes after the handshake, and is read
        # as a reset about as often as its alert
        fix = ("the server closed the connection as TLS began: does it accept this client "
               "certificate (ssl_certfile)? one signed by a CA of its tls-ca-cert-file")
    elif tls and in_chain(exc, ConnectionResetError) is not None:
        fix = ("the server closed the connection as TLS began: if it asks for a client "
               "certificate (Redis's tls-auth-clients), give it as the URL's ssl_certfile and "
               f"ssl_keyfile ({CLIENT_CERT})")
    elif tls and any(in_chain(exc, kind) is not None for kind in (RedisTimeoutError,
                                                                   ssl.SSLError)) and (
            await _answers_plain_redis(url)):
        # the TLS handshake waits for an answer a plain port never gives, or reads its reply;
        # said only where the port answers plain Redis (not a host that is down, or hangs)
        fix = ("is it a TLS port (Redis's tls-port)? a rediss:// URL speaks TLS, which a plain "
               "port never answers: write redis:// for a plain one")
    why = one_line(str(exc), 200).rstrip(".")
    if denied:
        return f"Redis at {redact_url(url)} refused socialops: {why}; {fix}"
    return _refusal(exc, url) or f"cannot reach Redis at {redact_url(url)}: {why}; {fix}"


async def store_problems(url: str, *, require_persistence: bool, prefix: str = "socialops:",
                         connect_seconds: float = 2.0, queue: bool = False) -> list[str]:
    """What ``RedisStore.connect`` would refuse about the Redis at ``url`` (``socialops
    check --online``), each in its words: not reached (or its password or database refused),
    no AOF, eviction, a later release's data. Read-only: nothing is written, not even the
    epoch and layout stamps ``connect`` writes."""
    try:
        client = _client(url, connect_seconds)
    except StoreUnavailable as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        try:
            await client.ping()
        except BusyLoadingError:
            return [f"Redis at {redact_url(url)} is loading its data set into memory"
                    f"{await _loaded_percent(url)}; `run` waits for it (up to "
                    f"{LOADING_SECONDS:.0f} s): ask again once it has"]
        try:
            await check_standalone(client, url)
        except StoreUnavailable as exc:
            return [str(exc)]  # nothing else would work there
        if require_persistence:
            for check in (check_persistence, check_eviction):
                try:
                    await check(client, url)
                except NotPersistent as exc:
                    if str(exc) not in problems:  # INFO refused: said once, not once a check
                        problems.append(str(exc))
        if await _is_full(client):
            problems.append(_full(url))
        if (later := _later_layout(url, await client.get(L.RedisKeys(prefix).layout))):
            problems.append(later)
        if queue and (lacking := await queue_problem(client, url, prefix=prefix)):
            problems.append(lacking)
    except (RedisError, OSError) as exc:
        problems.append(await _unreachable(exc, url))
    finally:
        await client.aclose()
    return problems


async def subscriptions_in(url: str, *, workspaces: Sequence[str], channel: str,
                           prefix: str = "socialops:", connect_seconds: float = 2.0) -> list[str]:
    """The stored JSON of the subscriptions of ``workspaces`` for ``channel`` in the Redis at
    ``url`` (``socialops check --online``, as ``sqlite_schema.file_subscriptions_in`` reads a
    SQLite file), read-only; none when it cannot be read (``store_problems`` says why)."""
    keys = L.RedisKeys(prefix)
    try:
        client = _client(url, connect_seconds)
    except StoreUnavailable:
        return []
    try:
        ids = [str(i) for ws in workspaces
               for i in await client.smembers(keys.channel_subs(ws, channel))]
        found = await client.mget([keys.record(LK.SUBSCRIPTION, i) for i in ids]) if ids else []
        return [str(v) for v in found if v is not None]
    except (RedisError, OSError):
        return []
    finally:
        await client.aclose()


def _later_layout(url: str, found: object) -> str | None:
    """The refusal of a data set stamped ``found`` (the layout key's value, None when unset) by
    a later release than this one, or None."""
    if found is None or not str(found).isdigit() or int(str(found)) <= LAYOUT:
        return None
    return (f"Redis at {redact_url(url)} holds data of a later socialops (layout {found}; "
            f"this release reads {LAYOUT}), which this one would misread; run that release or "
            "a later one (downgrades are refused)")


class RedisStore:
    # a write Redis acknowledged can still be lost: a restart without an append-only file
    # comes back from its last snapshot, one with appendfsync everysec loses up to a second,
    # and a failover promotes a replica that may not have had it yet (replication is
    # asynchronous). A publish then looks for its post first (``PUBLISH_CLAIMS_LOSSY``)
    may_lose_writes = True

    def __init__(self, client: aioredis.Redis, *, clock: Clock, url: str,
                 prefix: str = "socialops:") -> None:
        self.r = client
        self.clock = clock
        self.url = url
        self.k = L.RedisKeys(prefix)
        self.epoch: str | None = None
        self._run_id: str | None = None  # the Redis server's, as the last epoch check saw it
        self.fresh = False  # this process started the data set (``connect``)
        self.read_only = False  # a command that only reads (``connect``): nothing written
        # outbox items as ``claim_due`` read them (stored JSON, item), until settled
        self._claimed: dict[str, tuple[str, OutboxItem]] = {}
        self._unreadable = Unreadable(f"the Redis store at {redact_url(url)}", self._inspect)
        self._scripts = {name: client.register_script(src) for name, src in (
            ("apply", lua.APPLY), ("mark", lua.MARK), ("claim_values", lua.CLAIM_VALUES),
            ("bump", lua.BUMP), ("claim", lua.CLAIM),
            ("lease", lua.LEASE), ("release", lua.RELEASE), ("take", lua.TAKE),
            ("renew_lane", lua.RENEW_LANE),
            ("prune_sent", lua.PRUNE_SENT), ("prune_dead", lua.PRUNE_DEAD),
            ("prune_dead_letters", lua.PRUNE_DEAD_LETTERS),
            ("prune_stream", lua.PRUNE_STREAM), ("prune_audit", lua.PRUNE_AUDIT),
            ("history", lua.HISTORY),
            ("open_ticket", lua.OPEN_TICKET),
            ("open_ticket_or_number", lua.OPEN_TICKET_OR_NUMBER),
            ("raise_layout", lua.RAISE_LAYOUT))}

    @classmethod
    async def connect(cls, url: str, *, clock: Clock, prefix: str = "socialops:",
                      connect_seconds: float = 2.0, require_persistence: bool = True,
                      read_only: bool = False,
                      loading_seconds: float = LOADING_SECONDS) -> RedisStore:
        """``read_only``: for a command that only reads the store (``why``, ``outbox list``,
        ``audit`` ...): the epoch and the layout stamp are read, not written, so a data set of
        an earlier release's layout stays one that release runs on (it reads as it is: every
        earlier layout's records are this one's with fields it adds left out); one a later
        release stamped is refused, as ever. A Redis still loading its data set is waited
        for, up to ``loading_seconds`` (``await_loaded``)."""
        client = _client(url, connect_seconds)
        try:
            await await_loaded(client, url, seconds=loading_seconds)
            await check_standalone(client, url, writes=not read_only)
            if require_persistence:
                await check_persistence(client, url)
                await check_eviction(client, url)
            store = cls(client, clock=clock, url=url, prefix=prefix)
            if read_only:
                store.read_only = True
                await store.read_layout()
            else:
                store.fresh = await store.claim_epoch()
                await store.check_layout()
        except (RedisError, OSError) as exc:
            await client.aclose()
            said = await _unreachable(exc, url)
            raise (StoreDown if _down(exc, url) else StoreUnavailable)(said) from exc
        except StoreUnavailable:
            await client.aclose()
            raise
        return store

    async def claim_epoch(self) -> bool:
        """True when this process started the data set (Redis held none of ours)."""
        fresh = bool(await self.r.set(self.k.epoch, secrets.token_hex(8), nx=True))
        self.epoch = str(await self.r.get(self.k.epoch))
        try:  # the server this epoch was read from: a restart of it is looked into
            self._run_id = str((await self.r.info("server")).get("run_id") or "") or None
        except ResponseError:
            self._run_id = None
        return fresh

    async def read_layout(self) -> None:
        """``check_layout`` without writing: the epoch as it is (none for an empty data set),
        and a refusal of a later release's stamp."""
        self.epoch = None if (epoch := await self.r.get(self.k.epoch)) is None else str(epoch)
        if (later := _later_layout(self.url, await self.r.get(self.k.layout))) is not None:
            raise StoreUnavailable(later)

    async def check_layout(self) -> None:
        """Stamp a data set with this release's ``LAYOUT`` (raising an earlier release's
        stamp), and refuse one a later release stamped higher (a downgrade), which this
        release would misread."""
        # unstamped (a release before the stamp) or an earlier release's: this release reads
        # it and from now on writes what that release would misread, so the stamp is raised
        # to ours; a later release's stays as it is (the script never lowers it)
        before = await self.r.get(self.k.layout)
        if before is None or (str(before).isdigit() and int(str(before)) < 6):
            # before the stamp, so that a start killed midway does this again (SET NX)
            await self._hold_waiting_cards()
        found = str(await self._scripts["raise_layout"](keys=[self.k.layout], args=[LAYOUT]))
        if (later := _later_layout(self.url, found)) is not None:
            raise StoreUnavailable(later)

    async def _hold_waiting_cards(self) -> None:
        """Upgrading from a layout before edit lanes (6): each card's latest item waiting
        among its channel's posts gets the ``outbox_held`` key the enqueue script writes, so
        an edit of a card shown whose earlier edit an earlier release queued waits behind it
        instead of going ahead in the edit lane. Set only where none is (a process of this
        release may have queued a later one meanwhile)."""
        for chan in await self._members(self.k.outbox_channels):
            if LK.split_lane(chan)[1]:  # an edit lane: nothing of it is held
                continue
            keys = [str(k) for k in await self.r.zrange(self.k.outbox_lane(chan), 0, -1)]
            latest = dict(zip(await self._hget_each(keys, "card"), keys, strict=True))
            workspace, _, channel = chan.partition("\x00")
            pipe = self.r.pipeline(transaction=False)
            for card, key in latest.items():
                if card:
                    pipe.set(self.k.outbox_held(workspace, channel, str(card)), key, nx=True,
                             ex=L.LATEST_SECONDS)
            await pipe.execute()

    async def epoch_intact(self) -> bool:
        """False when the data set this process started with is gone (Redis lost its data), or
        may have been rolled back: a Redis that restarted (another ``run_id``) and writes no
        append-only file loaded its last snapshot, if any, whose epoch is ours, and what was
        written since (cursors, done marks, cards settled) is gone; AOF turned on with
        ``CONFIG SET`` only, not in redis.conf, comes back so. The epoch is then claimed
        afresh, so the loss is reported once."""
        async with self._errors():
            pipe = self.r.pipeline(transaction=False)
            pipe.get(self.k.epoch)
            pipe.info("server")
            current, server = await pipe.execute(raise_on_error=False)
            if isinstance(current, Exception):
                raise current
            # INFO refused (an ACL without it): no restart can be told, as before
            run_id = str(server.get("run_id") or "") or None if isinstance(server, dict) \
                else None
            restarted = None not in (run_id, self._run_id) and run_id != self._run_id
            self._run_id = run_id or self._run_id
            if current is not None and str(current) == self.epoch and not (
                    restarted and not await self._writes_aof()):
                return True
            await self.claim_epoch()
        return False

    async def _writes_aof(self) -> bool:
        """Whether Redis writes its append-only file (and so came back from a restart with
        everything it acknowledged); True where INFO is refused, as nothing can be told."""
        try:
            info: Any = await self.r.info("persistence")
        except ResponseError:
            return True
        return str(info.get("aof_enabled", 1)) != "0"

    @asynccontextmanager
    async def _errors(self) -> AsyncIterator[None]:
        try:
            yield
        except RedisError as exc:
            raise StoreError(_refusal(exc, self.url)
                             or f"Redis at {redact_url(self.url)}: {exc}") from exc

    async def _script(self, name: str, keys: list[str], args: list[Any]) -> Any:
        async with self._errors():
            return await self._scripts[name](keys=keys, args=args)

    def _now(self) -> float:
        return _ts(self.clock())

    async def close(self) -> None:
        await self.r.aclose()

    # -- apply ---------------------------------------------------------------------------------

    async def _merges(self, fx: Effects) -> dict[str, list[Any]]:
        """For each edit queued, the card's waiting edit it may replace (``bot.store.coalesce``),
        read before the write: its key and JSON as read, the edit carrying both, the replaced
        edit as sent, when the two are due. The enqueue script replaces it only if it still
        reads so (no attempt began meanwhile, no later edit was queued). Items of one card
        queued by this write follow each other as on SQLite: an edit's waiting item is the
        one queued before it in this write, if any (as the script writes it: the JSON before
        its seq), so a batch's edits of one card are taken together as one."""
        edits = {_card(i) for i in fx.outbox if i.update_of is not None}
        if not edits:
            return {}
        queued = [i for i in fx.outbox if _card(i) in edits]
        async with self._errors():
            pipe = self.r.pipeline(transaction=False)
            for i in queued:
                pipe.get(self.k.outbox_held(i.workspace, i.channel, i.card.key))
                pipe.exists(self.k.outbox_item(i.key))
            read = await pipe.execute()
            there = {i.key for i, t in zip(queued, read[1::2], strict=True) if t}
            held = {_card(i): str(h) for i, h in zip(queued, read[::2], strict=True) if h}
            # each card's first post, by the key its item is queued under ("<card>@<channel>":
            # ``RouteActions``, ``TicketService``), which a waiting edit's card may still
            # have to be shown by (``shows``)
            posts = {_card(i): f"{i.card.key}@{i.channel}" for i in queued
                     if i.update_of is not None and i.key not in there}
            pipe = self.r.pipeline(transaction=False)
            for k in [*held.values(), *posts.values()]:
                pipe.hmget(self.k.outbox_item(k), ["json", "status", "started"])
            read = await pipe.execute() if held or posts else []
            found, first = read[:len(held)], read[len(held):]
        # per card: its first post's key, JSON, status and started, as the script will find
        # them when it comes to the next edit of the card
        waits: dict[tuple[str, str, str], tuple[str, Any, Any, Any]] = {
            c: (k, *f) for (c, k), f in zip(posts.items(), first, strict=True)}
        # per card: the key of its latest item, its JSON, status and started, as the script
        # will find them when it comes to the next item of the card
        waiting: dict[tuple[str, str, str], tuple[str, Any, Any, Any]] = {
            c: (k, *f) for (c, k), f in zip(held.items(), found, strict=True)}
        merges: dict[str, list[Any]] = {}
        for item in queued:
            if item.key in there:  # queued before: the script writes nothing of it
                continue
            written = item.model_copy(update={"seq": 0})
            if item.update_of is None and item.status == "pending":  # a post this write queues
                waits[_card(item)] = (item.key, written.to_json(), item.status, 0)
            key, data, status, started = waiting.get(_card(item)) or ("", None, None, None)
            if item.update_of is not None and data and status == "pending":
                try:
                    old = OutboxItem.model_validate_json(str(data))
                except ValueError:  # damaged: left for the claim to set aside
                    old = None
                if old is not None and takes_in(old, int(started or 0), item):
                    # the card's first post not yet attempted: it goes out as this edit
                    # has the card, and this edit is recorded as sent, in no lane
                    post = posted_as(old, item).to_json()
                    merges[item.key] = [key, str(data), shown_with(written).to_json(), post,
                                        _ts(old.next_attempt_at), "post"]
                    waiting[_card(item)] = (key, post, "pending", 0)
                    if _card(item) in waits:
                        waits[_card(item)] = (key, post, "pending", 0)
                    continue
                if old is not None and replaceable(old, int(started or 0), item):
                    new = coalesced(old, item)
                    written = new.model_copy(update={"seq": 0})
                    merges[item.key] = [key, str(data), written.to_json(),
                                        sent_with(old).to_json(), _ts(new.next_attempt_at)]
            if item.update_of is not None and item.status == "pending":
                shown = self._shown_by_post(waits, written)
                if shown:
                    merges[item.key] = [*(merges.get(item.key) or []), "", "", "", "", "",
                                        ""][:6] + shown
            waiting[_card(item)] = (item.key, written.to_json(), item.status, 0)
        return merges

    @staticmethod
    def _shown_by_post(waits: dict[tuple[str, str, str], tuple[str, Any, Any, Any]],
                       edit: OutboxItem) -> list[str]:
        """The card's first post, still waiting with no attempt begun as read (``waits``), as
        it is to go out showing ``edit``'s card (``bot.store.coalesce.shows``): its key, its
        JSON as read and as to be written, for the script to write only if it still reads
        so; [] when there is none. ``waits`` then holds it as written."""
        key, data, status, started = waits.get(_card(edit)) or ("", None, None, None)
        if not data or status != "pending" or key == edit.key:
            return []
        try:
            post = OutboxItem.model_validate_json(str(data))
        except ValueError:  # damaged: left for the claim to set aside
            return []
        if not shows(post, int(started or 0), edit):
            return []
        written = posted_as(post, edit).to_json()
        waits[_card(edit)] = (key, written, status, started)
        return [key, str(data), written]

    def _ops(self, fx: Effects, *, merges: Mapping[str, list[Any]] | None = None
             ) -> list[list[Any]]:
        now = self._now()
        ops: list[list[Any]] = []
        for w in fx.records.values():
            expected = -2 if w.upsert else (-1 if w.expected is None else w.expected)
            ops.append(["rec", w.kind, w.id, expected, w.json, w.status or "", w.k1 or "",
                        w.k2 or "", "1" if w.open else ("m" if w.merged else "0"),
                        "" if w.opened is None else repr(w.opened)])
        for d in fx.deletes:
            ops.append(["recdel", d.kind, d.id, -2 if d.expected is None else d.expected])
        ops += [["audit", e.to_json()] for e in fx.audit]
        for item in fx.outbox:
            ops.append(["enqueue", item.key, item.model_copy(update={"seq": 0}).to_json(),
                        _ts(item.next_attempt_at), _chan(item.workspace, item.channel),
                        item.status, item.card.key,
                        self.k.message_ref(item.card.key, item.workspace, item.channel),
                        "0" if item.update_of is None else "1",
                        self.k.outbox_held(item.workspace, item.channel, item.card.key),
                        *((merges or {}).get(item.key) or ["", "", "", "", "", ""])])
        for t in fx.timers:
            ops.append(["timer", t.op, t.id, _ts(t.due) if t.due else 0, t.payload,
                        t.token if t.token is not None else -1])
        ops += [["gadd", g, i, now] for g, i in fx.group_add]
        ops += [["gtake", g, i] for g, items in fx.group_take for i in items]
        ops += [["unseen", k] for k in fx.unseen]
        ops += [["soleticket", c, k] for c, k in fx.sole_tickets]
        ops += [["mark", k, now + ttl, v, ttl + SLACK] for k, v, ttl in fx.marks]
        ops += [["markfirst", k, now + ttl, v, ttl + SLACK, keep]
                for k, v, ttl, keep in fx.firsts]
        ops += [["forget", k] for k in fx.forget]
        ops += [["cursorif", s, v or "", "0" if v is None else "1"]
                for s, v in fx.cursors_if.items()]
        ops += [["cursor", s, v] for s, v in fx.cursors.items()]
        for s, ttl, counted in fx.signals:
            ops.append(["signal", s.id, s.to_json(), ttl + SLACK, s.mention.customer_key,
                        _ts(s.mention.created_at), CUSTOMER_HISTORY, ERASED_AUTHOR])
            ops.append(["foot", s.mention.customer_key, s.id, now + counted, counted + SLACK,
                        CUSTOMER_HISTORY])
        # a footprint's score is when it expires, as on SQLite: a regular's key never expires
        # (each mention renews it), so its members must, or the count grows with the months
        ops += [["foot", c, m, now + ttl, ttl + SLACK, CUSTOMER_HISTORY]
                for c, m, _, ttl in fx.footprints]
        ops += [["uncustomer", c] for c in fx.erased_customers]
        ops += [["unurl", u] for u in fx.erased_urls]
        ops += [["xdel", s, e] for s, e in fx.erased_entries if s in L.ERASABLE_STREAMS]
        ops += [["erasecard", key, status, card] for key, status, card in fx.erased_cards]
        if fx.erased_audit:  # after the "audit" ops: this write's own events too
            ops.append(["unaudit", [list(pair) for pair in fx.erased_audit]])
        ops += [["routing", op, rid, ROUTING_LOG] for op, rid in fx.routing]
        ops += [["count", name, bucket, n, SERIES_TTL,
                 "-src" if name.startswith(SOURCE_SERIES) else ""]
                for name, bucket, n in fx.counts]
        ops += [["trace", tr.id, tr.json, ttl + SLACK, tr.url or "", tr.fetched]
                for tr, ttl in fx.traces]
        ops += [["tally", name, day, n, L.TALLY_DAYS * 86400] for name, day, n in fx.tallies]
        # before "dead": a dead letter taken back, then set aside again by the same effects
        ops += [["revive", kind, rid, at] for kind, rid, at in fx.revived]
        ops += [["dead", d.kind, d.id, json.dumps({"reason": d.reason, "at": _ts(d.at),
                                                    "data": d.data})] for d in fx.dead]
        return ops

    async def apply(self, effects: Effects) -> bool:
        try:
            return await self._apply_ops(self._ops(effects, merges=await self._merges(effects)))
        except WriteConflict:
            return False

    async def _apply_ops(self, ops: list[list[Any]]) -> bool:
        """True, or False when a check failed; a conditional cursor write that failed
        (``Effects.swap_cursor``) raises ``WriteConflict``. Nothing written either way."""
        if not ops:
            return True
        answer = int(await self._script("apply", [], [self.k.prefix, _ops_json(ops),
                                                      self._now()]))
        if answer < 0:
            raise WriteConflict("a cursor read by this write was written meanwhile")
        return bool(answer)

    # -- dedup ---------------------------------------------------------------------------------

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        now = self._now()
        return bool(await self._script("mark", [self.k.seen(key)],
                                       [now, now + ttl_seconds, ttl_seconds + SLACK]))

    async def forget_seen(self, key: str) -> None:
        async with self._errors():
            await self.r.delete(self.k.seen(key))

    async def is_seen(self, key: str) -> bool:
        return bool(await self.seen_many([key]))

    async def seen_many(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        async with self._errors():
            values = await self.r.mget([self.k.seen(k) for k in keys])
        now = self._now()
        return {k for k, v in zip(keys, values, strict=True)
                if v is not None and float(str(v).split("|", 1)[0]) > now}

    async def claim_values(self, claims: Sequence[tuple[str, str]],
                           ttl_seconds: int) -> dict[str, str]:
        if not claims:
            return {}
        now = self._now()
        flat: list[Any] = [now, now + ttl_seconds, ttl_seconds + SLACK]
        for key, value in claims:
            flat += [self.k.seen(key), value]
        owners = await self._script("claim_values", [], flat)
        return {key: str(owner) for (key, _), owner in zip(claims, owners, strict=True)
                if owner}

    async def get_values(self, keys: Sequence[str]) -> dict[str, str]:
        if not keys:
            return {}
        async with self._errors():
            values = await self.r.mget([self.k.seen(k) for k in keys])
        now = self._now()
        out: dict[str, str] = {}
        for key, v in zip(keys, values, strict=True):
            expires, _, value = str(v).partition("|") if v is not None else ("0", "", "")
            if float(expires) > now:
                out[key] = value
        return out

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str:
        return (await self.claim_values([(key, value)], ttl_seconds))[key]

    async def get_value(self, key: str) -> str | None:
        async with self._errors():
            v = await self.r.get(self.k.seen(key))
        if v is None:
            return None
        expires, _, value = str(v).partition("|")
        return value if float(expires) > self._now() else None

    async def bump_failures(self, key: str, ttl_seconds: int) -> int:
        now = self._now()
        return int(await self._script("bump", [self.k.seen(key)],
                                      [now, now + ttl_seconds, ttl_seconds + SLACK]))

    # -- cursors and counters ------------------------------------------------------------------

    async def get_cursor(self, source_id: str) -> str | None:
        async with self._errors():
            v = await self.r.get(self.k.cursor(source_id))
        return None if v is None else str(v)

    async def set_cursor(self, source_id: str, value: str) -> None:
        async with self._errors():
            await self.r.set(self.k.cursor(source_id), value)

    async def next_number(self, counter: str) -> int:
        async with self._errors():
            return int(await self.r.incr(self.k.counter(counter)))

    async def routing_version(self) -> int:
        async with self._errors():
            v = await self.r.get(self.k.counter(LK.ROUTING))
        return int(v) if v is not None else 0

    async def routing_changes(self, since: int) -> list[RoutingChange] | None:
        async with self._errors():
            first = await self.r.zrange(self.k.routing_log, 0, 0, withscores=True)
            rows = await self.r.zrangebyscore(self.k.routing_log, f"({since}", "+inf")
        if first and since + 1 < int(first[0][1]):
            return None
        out = []
        for row in rows:
            version, op, rid = str(row).split("|", 2)
            out.append(RoutingChange(version=int(version), op=op, id=rid))
        return out

    # -- records -------------------------------------------------------------------------------

    def _inspect(self, kind: str, record_id: str) -> str:
        """The command line that shows a record as stored (a damaged one's log line says it)."""
        def q(key: str) -> str:
            return "'{}'".format(key.replace("\x00", "\\x00").replace("'", "'\\''"))

        if kind == "outbox":
            return f"redis-cli HGET {q(self.k.outbox_item(record_id))} json"
        if kind == "audit":
            return f"redis-cli LINDEX {q(self.k.audit)} {record_id.removeprefix('#')}"
        if kind == "dead_letter":
            dead_kind, _, rid = record_id.partition(" ")
            return f"redis-cli HGET {q(self.k.dead(dead_kind))} {q(rid)}"
        if kind in ("signal", "trace"):
            key = self.k.signal(record_id) if kind == "signal" else self.k.trace(record_id)
            return f"redis-cli GET {q(key)}"
        return f"redis-cli GET {q(self.k.record(kind, record_id))}"

    def unreadable_records(self) -> dict[str, int]:
        return dict(self._unreadable.counts)

    async def _get(self, kind: str, rid: str) -> str | None:
        async with self._errors():
            v = await self.r.get(self.k.record(kind, rid))
        return None if v is None else str(v)

    async def _many(self, kind: str, ids: Sequence[str]) -> list[str]:
        return [v for _, v in await self._pairs(kind, ids)]

    async def _pairs(self, kind: str, ids: Sequence[str]) -> list[tuple[str, str]]:
        """(id, stored JSON) of each of ``ids`` stored, in their natural order."""
        if not ids:
            return []
        ordered = sorted(ids, key=natural_order)
        async with self._errors():
            values = await self.r.mget([self.k.record(kind, i) for i in ordered])
        return [(i, str(v)) for i, v in zip(ordered, values, strict=True) if v is not None]

    async def _parsed(self, kind: str, ids: Sequence[str], parse: Callable[[str], T]) -> list[T]:
        return self._unreadable.each(kind, await self._pairs(kind, ids), parse)

    async def _members(self, key: str) -> list[str]:
        async with self._errors():
            return [str(i) for i in await self.r.smembers(key)]

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        data = await self._get(LK.TICKET, ticket_id)
        return self._unreadable.one(LK.TICKET, ticket_id, data,
                                    Ticket.model_validate_json) if data else None

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        key = self.k.status_set(LK.TICKET, status) if status else self.k.index(LK.TICKET)
        return await self._parsed(LK.TICKET, await self._members(key), Ticket.model_validate_json)

    async def tickets_opened(self, since: datetime, until: datetime) -> list[Ticket]:
        opened = self.k.opened(LK.TICKET)
        async with self._errors():
            pipe = self.r.pipeline(transaction=True)  # both counts at one instant
            pipe.zcard(opened)
            pipe.scard(self.k.index(LK.TICKET))
            indexed, stored = await pipe.execute()
        if int(indexed) != int(stored):
            if self.read_only:
                # a command that only reads (served by a replica, an earlier release's data
                # set left as it is): the index is not written; every ticket is read instead
                tickets = await self.list_tickets()
                return sorted((t for t in tickets if since <= t.created_at < until),
                              key=lambda t: t.created_at)
            await self._index_opened()
        async with self._errors():
            ids = await self.r.zrangebyscore(opened, _ts(since) - OPENED_MARGIN,
                                             _ts(until) + OPENED_MARGIN)
        tickets = await self._parsed(LK.TICKET, [str(i) for i in ids],
                                     Ticket.model_validate_json)
        return sorted((t for t in tickets if since <= t.created_at < until),
                      key=lambda t: t.created_at)

    async def _index_opened(self) -> None:
        """Index by when they opened the tickets that are not yet: those stored before the
        index existed (its migration, done by the first reader), or by a process of an older
        release still running beside this one. Tickets are never deleted, so the index is
        whole when it counts as many tickets as are stored."""
        opened = self.k.opened(LK.TICKET)
        async with self._errors():
            async for chunk in _batched(self.r.sscan_iter(self.k.index(LK.TICKET), count=1000),
                                        1000):
                values = await self.r.mget([self.k.record(LK.TICKET, i) for i in chunk])
                scores = {i: t for i, v in zip(chunk, values, strict=True)
                          if v is not None and (t := _opened_at(str(v))) is not None}
                if scores:
                    await self.r.zadd(opened, scores, nx=True)

    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None:
        # the script derives the keys (the pointer, the customer's open tickets) from the prefix
        data = await self._script("open_ticket", [],
                                  [self.k.prefix, conversation_key, customer_key])
        ticket = self._unreadable.one(LK.TICKET, text_field(data, "id") or "of that conversation",
                                      data, Ticket.model_validate_json) if data else None
        return ticket if ticket is not None and ticket.status in ACTIVE else None

    async def open_ticket_or_number(self, conversation_key: str, customer_key: str,
                                    counter: str, look_back: int,
                                    ) -> tuple[Ticket | None, int | None, list[str] | None]:
        """``find_open_ticket``; where the script finds no open ticket of the conversation,
        what opening one reads next in the same round trip: ``next_number(counter)`` and
        ``customer_signal_ids(customer_key, look_back)`` (one script where there were three
        round trips). (ticket, None, None) when one was found, as ``find_open_ticket`` has it
        (None when it is no longer active: the caller takes a number then, as before)."""
        flat = await self._script("open_ticket_or_number", [], [
            self.k.prefix, conversation_key, customer_key, self.k.counter(counter),
            self.k.customer(customer_key), look_back])
        if len(flat) < 2:
            data = flat[0] if flat else None
            ticket = self._unreadable.one(
                LK.TICKET, text_field(data, "id") or "of that conversation", data,
                Ticket.model_validate_json) if data else None
            return (ticket if ticket is not None and ticket.status in ACTIVE else None,
                    None, None)
        return None, int(flat[1]), [str(i) for i in flat[2]]

    async def customer_open_tickets(self, customer_key: str) -> list[str]:
        return sorted(await self._members(self.k.customer_open(customer_key)),
                      key=natural_order)

    async def get_approval(self, approval_id: str) -> Approval | None:
        data = await self._get(LK.APPROVAL, approval_id)
        return self._unreadable.one(LK.APPROVAL, approval_id, data,
                                    Approval.model_validate_json) if data else None

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        key = self.k.status_set(LK.APPROVAL, status) if status else self.k.index(LK.APPROVAL)
        return await self._parsed(LK.APPROVAL, await self._members(key),
                                  Approval.model_validate_json)

    async def count_by_status(self, kind: str, status: str) -> int:
        async with self._errors():
            return int(await self.r.scard(self.k.status_set(kind, status)))

    async def get_subscription(self, sub_id: str) -> Subscription | None:
        data = await self._get(LK.SUBSCRIPTION, sub_id)
        return self._unreadable.one(LK.SUBSCRIPTION, sub_id, data,
                                    Subscription.model_validate_json) if data else None

    async def get_subscriptions(self, ids: Sequence[str]) -> list[Subscription]:
        return await self._parsed(LK.SUBSCRIPTION, ids, Subscription.model_validate_json)

    async def list_subscriptions(self, *, workspace: str | None = None,
                                 channel: str | None = None) -> list[Subscription]:
        if workspace is not None and channel is not None:
            ids = await self._members(self.k.channel_subs(workspace, channel))
        else:
            ids = await self._members(self.k.index(LK.SUBSCRIPTION))
        subs = await self._parsed(LK.SUBSCRIPTION, ids, Subscription.model_validate_json)
        return [s for s in subs if workspace is None or s.workspace == workspace]

    async def channel_subscriptions_raw(self, *, workspace: str, channel: str) -> list[str]:
        return await self._many(LK.SUBSCRIPTION,
                                await self._members(self.k.channel_subs(workspace, channel)))

    async def count_subscriptions(self, *, workspace: str, channel: str,
                                  created_by: str) -> int:
        ids = await self._members(self.k.channel_subs(workspace, channel))
        n = 0
        for raw in await self._many(LK.SUBSCRIPTION, ids):
            try:  # only the one field: json, not the whole model, for each
                data = loads(raw)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("created_by") == created_by:
                n += 1
        return n

    async def list_raw(self, kind: str) -> list[str]:
        return await self._many(kind, await self._members(self.k.index(kind)))

    async def list_raw_ids(self, kind: str) -> list[tuple[str, str]]:
        ids = sorted(await self._members(self.k.index(kind)), key=natural_order)
        return [(i, raw) for i in ids if (raw := await self._get(kind, i)) is not None]

    async def get_raw(self, kind: str, record_id: str) -> str | None:
        return await self._get(kind, record_id)

    # -- outbox --------------------------------------------------------------------------------

    async def claim_due(self, *, now: datetime, owner: str, lease_seconds: float,
                        limit: int, chain: int = 1,
                        busy: Collection[tuple[str, str]] = ()) -> list[OutboxItem]:
        t = _ts(now)
        flat = await self._script("claim", [self.k.outbox_channels],
                                  [t, owner, t + lease_seconds, limit, self.k.prefix,
                                   max(1, chain), *(_chan(w, c) for w, c in busy)])
        items = []
        damaged: list[tuple[str, str]] = []
        if len(self._claimed) > CLAIMED_KEPT:  # deliveries cut short (a stop) never settled
            self._claimed.clear()
        for i in range(0, len(flat), 6):
            key, data, started, pace, ref, lane = flat[i:i + 6]
            try:
                stored = OutboxItem.model_validate_json(data)
            except ValueError as exc:
                self._unreadable.skip("outbox", str(key), exc)
                damaged.append((str(key), str(data)))
                continue
            self._claimed[stored.key] = (data, stored)
            items.append(stored.model_copy(update={
                "started": int(started),
                "pace": L.parse_time(str(pace)), "lane": str(lane),
                "prior": MessageRef.model_validate_json(ref) if ref else None}))
        if damaged:
            await self._set_aside(damaged, owner=owner, now=t,
                                  held={_chan(i.workspace, LK.lane_channel(i.channel, i.lane))
                                        for i in items})
        return sorted(items, key=lambda i: i.seq)

    async def _set_aside(self, damaged: list[tuple[str, str]], *, owner: str, now: float,
                         held: set[str]) -> None:
        """Deliveries claimed that cannot be read, set aside as dead, their JSON as it is
        (only if still what was read): left pending, each would be its channel's head for
        ever. A channel of which nothing else was claimed has its lease let go."""
        async with self._errors():
            chans = [str(c) for c in await self._hget_each([k for k, _ in damaged], "chan")]
        await self._apply_ops([
            ["settle", key, data, "dead", owner, "", now, "", 0, "0",
             hashlib.sha1(data.encode("utf-8")).hexdigest(), "0" if chan in held else "1", [],
             ""]
            for (key, data), chan in zip(damaged, chans, strict=True)])

    async def renew_lane(self, workspace: str, channel: str, lane: str, *, owner: str,
                         until: datetime) -> bool:
        key = self.k.outbox_lease(workspace, LK.lane_channel(channel, lane))
        return bool(await self._script("renew_lane", [key], [owner, _ts(until)]))

    async def get_outbox(self, key: str) -> OutboxItem | None:
        async with self._errors():
            data = await self.r.hget(self.k.outbox_item(key), "json")
        return self._unreadable.one("outbox", key, str(data),
                                    OutboxItem.model_validate_json) if data else None

    async def _settle(self, new: OutboxItem, *, owner: str, ref: MessageRef | None,
                      effects: Effects | None, refs_seconds: float,
                      unposted: bool = False, expect: str = "", release: bool = True,
                      unclaimed: Sequence[str] = ()) -> bool:
        """Write ``new``; with ``expect`` (the SHA-1 of the JSON it was derived from) only if
        that is still what is stored, else False with nothing written."""
        for k in unclaimed:
            self._claimed.pop(k, None)
        ops = [["settle", new.key, new.to_json(), new.status, owner,
                ref.to_json() if ref else "", _ts(new.next_attempt_at),
                self.k.message_ref(new.card.key, new.workspace, new.channel),
                int(refs_seconds), "1" if unposted else "0", expect, "1" if release else "0",
                list(unclaimed), self.k.outbox_held(new.workspace, new.channel, new.card.key),
                self.k.outbox_shown(new.workspace, new.channel, new.card.key)]]
        if effects:
            ops += self._ops(effects)
        return await self._apply_ops(ops)

    async def _settle_with(self, key: str, change: Callable[[OutboxItem], OutboxItem], *,
                           owner: str, ref: MessageRef | None, effects: Effects | None,
                           refs_seconds: float, unposted: bool = False, release: bool = True,
                           unclaimed: Sequence[str] = ()) -> None:
        """Settle an item from what ``claim_due`` read of it, checked by the script to be what
        is still stored (one round trip, not a read and a write per delivery); if it changed
        meanwhile (another process took over a lapsed lease), from a fresh read. Only while
        the item waits (the script checks it too): one sent or dead by now was settled by
        another process since (its lease lapsed under this one, stopped), and is its to say."""
        claimed = self._claimed.pop(key, None)
        if claimed is not None:
            data, item = claimed
            expect = hashlib.sha1(data.encode("utf-8")).hexdigest()
            if await self._settle(change(item), owner=owner, ref=ref, effects=effects,
                                  refs_seconds=refs_seconds, unposted=unposted, expect=expect,
                                  release=release, unclaimed=unclaimed):
                return
        fresh = await self.get_outbox(key)
        if fresh is None or fresh.status != "pending":  # another process's by now
            return
        new = change(fresh)
        if claimed is None or settles(claimed[1], fresh, new):  # else a retry's since
            await self._settle(new, owner=owner, ref=ref, effects=effects,
                               refs_seconds=refs_seconds, unposted=unposted, release=release,
                               unclaimed=unclaimed)

    async def finish(self, key: str, *, owner: str, ref: MessageRef | None,
                     effects: Effects | None = None, release: bool = True,
                     unclaimed: Sequence[str] = (),
                     refs_seconds: float = L.REFS_SECONDS) -> None:
        def change(item: OutboxItem) -> OutboxItem:
            return item.model_copy(update={"status": "sent", "ref": ref,
                                           "next_attempt_at": self.clock()})

        await self._settle_with(key, change, owner=owner, ref=ref, effects=effects,
                                refs_seconds=refs_seconds, release=release,
                                unclaimed=unclaimed)

    async def retry_later(self, key: str, *, owner: str, at: datetime, error: str,
                          dead: bool = False, effects: Effects | None = None,
                          posted: bool = True, unclaimed: Sequence[str] = ()) -> None:
        def change(item: OutboxItem) -> OutboxItem:
            return item.model_copy(update={
                "attempts": item.attempts + 1, "next_attempt_at": at,
                "last_error": error[:2000], "status": "dead" if dead else "pending"})

        await self._settle_with(key, change, owner=owner, ref=None, effects=effects,
                                refs_seconds=0, unposted=not posted, unclaimed=unclaimed)

    async def outbox_counts(self) -> dict[str, int]:
        async with self._errors():
            raw = await self.r.hgetall(self.k.outbox_counts)
        counts = {"pending": 0, "sent": 0, "dead": 0}
        counts.update({str(k): int(v) for k, v in raw.items()})
        return counts

    async def list_outbox(self, *, status: str, limit: int = 100) -> list[OutboxItem]:
        lanes: dict[str, str] = {}  # a pending item's lane: the list it waits in
        async with self._errors():
            if status == "dead":
                keys = sorted(await self._members(self.k.outbox_dead))[:limit]
            elif status == "sent":
                keys = [str(k) for k in await self.r.zrevrange(self.k.outbox_sent, 0, limit - 1)]
            else:
                keys = []
                for chan in await self._members(self.k.outbox_channels):
                    _, lane = LK.split_lane(chan)  # its workspace, NUL, its lane_channel
                    waiting = [str(k) for k in await self.r.zrange(
                        self.k.outbox_lane(chan), 0, limit - 1)]
                    keys += waiting
                    lanes.update(dict.fromkeys(waiting, lane))
            keys = keys[:limit]
            found = list(zip(keys, await self._hget_each(keys, "json"), strict=True))
            if status != "pending":  # no longer in a lane's list: the one it went from
                chans = await self._hget_each(keys, "chan")
                lanes = {k: LK.split_lane(str(c or ""))[1]
                         for k, c in zip(keys, chans, strict=True)}
            if status == "dead":
                dead = [await self._dead_item(k, str(d)) for k, d in found if d]
                return sorted((i.model_copy(update={"lane": lanes.get(i.key, "")})
                               for i in dead), key=lambda i: i.seq)
        items = self._unreadable.each("outbox", [(k, str(d)) for k, d in found if d],
                                      OutboxItem.model_validate_json)
        # not in the JSON as queued: the lane is chosen as the item is queued
        items = [i.model_copy(update={"lane": lanes.get(i.key, "")}) for i in items]
        return sorted((i for i in items if i.status == status),
                      key=lambda i: i.seq)

    async def _hget_each(self, keys: Sequence[str], field: str) -> list[Any]:
        """One field of each outbox item's hash, in one round trip (a listing of 100 dead
        deliveries was 100)."""
        pipe = self.r.pipeline(transaction=False)
        for k in keys:
            pipe.hget(self.k.outbox_item(k), field)
        return list(await pipe.execute()) if keys else []

    async def _dead_item(self, key: str, data: str) -> OutboxItem:
        """A dead delivery as listed; one set aside by ``claim_due`` because it cannot be read,
        from what its hash keeps beside the JSON, with why."""
        try:
            return OutboxItem.model_validate_json(data)
        except ValueError:
            chan, seq, died, card = await self.r.hmget(self.k.outbox_item(key),
                                                       ["chan", "seq", "next", "card"])
            workspace, _, leased = str(chan or "").partition("\x00")
            channel, _ = LK.split_lane(leased)
            return self._unreadable.dead_delivery(
                key, data, workspace=workspace, channel=channel, seq=int(seq or 0),
                died=datetime.fromtimestamp(float(died or 0), UTC), card_key=str(card or ""))

    async def requeue(self, key: str, *, at: datetime, effects: Effects | None = None,
                      while_dead: OutboxItem | None = None) -> bool:
        item = await self.get_outbox(key)
        if item is None or item.status != "dead":
            return False
        new = superseded(item.requeued(at), await self._shown_since(item))
        ops: list[list[Any]] = [["requeue", key, new.to_json(), _ts(at),
                                 self.k.outbox_held(item.workspace, item.channel,
                                                    item.card.key)]]
        if while_dead is not None:  # checked by the script, with the requeue's own
            ops.append(["stilldead", while_dead.key,
                        json.loads(while_dead.to_json())["created_at"]])
        if effects:
            ops += self._ops(effects)
        return await self._apply_ops(ops)

    async def settle_notice(self, key: str, *, because: str, dead_too: bool = False,
                           effects: Effects | None = None) -> bool:
        ops: list[list[Any]] = [["closenotice", key, because, "1" if dead_too else "0"]]
        if effects:
            ops += self._ops(effects)
        return await self._apply_ops(ops)

    async def _shown_since(self, item: OutboxItem) -> OutboxItem | None:
        """For a dead edit: the card's latest item that went out in its channel
        (``outbox_shown``) if it was queued after the edit; None otherwise (or damaged)."""
        if item.update_of is None:
            return None
        async with self._errors():
            shown = await self.r.get(self.k.outbox_shown(item.workspace, item.channel,
                                                         item.card.key))
            if not shown or str(shown) == item.key:
                return None
            data, status, seq = await self.r.hmget(self.k.outbox_item(str(shown)),
                                                   ["json", "status", "seq"])
            mine = await self.r.hget(self.k.outbox_item(item.key), "seq")
        later, before = str(seq or ""), str(mine or "")
        if (not data or status != "sent" or not later.isdigit() or not before.isdigit()
                or int(later) <= int(before)):
            return None
        try:
            return OutboxItem.model_validate_json(str(data))
        except ValueError:  # damaged: the retry as it was
            return None

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        async with self._errors():
            data = await self.r.get(self.k.message_ref(card_key, workspace, channel))
        return MessageRef.model_validate_json(data) if data else None

    # -- signals, customers, groups, series ------------------------------------------------------

    async def get_signal(self, signal_id: str) -> Signal | None:
        async with self._errors():
            data = await self.r.get(self.k.signal(signal_id))
        return self._unreadable.one("signal", signal_id, str(data),
                                    Signal.model_validate_json) if data else None

    async def get_signals(self, signal_ids: Sequence[str]) -> Mapping[str, Signal]:
        return await self._by_key("signal", signal_ids, self.k.signal,
                                  Signal.model_validate_json)

    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        async with self._errors():
            ids = await self.r.zrevrange(self.k.customer(customer_key), 0, limit - 1)
            if not ids:
                return []
            values = await self.r.mget([self.k.signal(str(i)) for i in ids])
        return self._unreadable.each("signal", [(str(i), str(v)) for i, v in
                                                zip(ids, values, strict=True) if v is not None],
                                     Signal.model_validate_json)

    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]:
        async with self._errors():
            ids = await self.r.zrevrange(self.k.customer(customer_key), 0, limit - 1)
            if not ids:
                return []
            # the signals still kept, as ``customer_signals`` reads them (an expired one's
            # id stays in the customer's set until pruned), none decoded
            values = await self.r.mget([self.k.signal(str(i)) for i in ids])
        return [str(i) for i, v in zip(ids, values, strict=True) if v is not None]

    async def customer_mentions(self, customer_key: str) -> int:
        async with self._errors():
            return int(await self.r.zcount(self.k.customer_all(customer_key), f"({self._now()}",
                                           "+inf"))

    async def customer_history(self, customer_key: str, limit: int = 20,
                               ) -> tuple[list[SignalBrief], int, list[str]]:
        """One script; of each signal it reads out (cjson) the fields the context needs."""
        flat, mentions, open_ids, damaged = await self._script(
            "history", [self.k.customer(customer_key), self.k.customer_all(customer_key),
                        self.k.customer_open(customer_key)],
            [self.k.signal(""), limit, self._now()])
        briefs = [SignalBrief(str(flat[i]), float(flat[i + 1]) if flat[i + 1] else None,
                              str(flat[i + 2])) for i in range(0, len(flat), 3)]
        for sid in damaged:  # the script read around them (cjson refused them)
            self._unreadable.skip("signal", str(sid), ValueError("not a signal's JSON"))
        return briefs, int(mentions), sorted((str(i) for i in open_ids), key=natural_order)

    async def group_items(self, group: str) -> list[str]:
        async with self._errors():
            return [str(i) for i in await self.r.zrange(self.k.group(group), 0, -1)]

    async def group_has(self, group: str, item: str) -> bool:
        async with self._errors():
            return await self.r.zscore(self.k.group(group), item) is not None

    async def series_counts(self, since_bucket: int, *,
                            sources: bool = False) -> dict[str, dict[int, int]]:
        now_bucket = int(self._now() // 60)
        buckets = list(range(since_bucket, now_bucket + 1))[-L.SERIES_BUCKETS:]
        out: dict[str, dict[int, int]] = {}
        async with self._errors():
            pipe = self.r.pipeline(transaction=False)
            for b in buckets:
                pipe.hgetall(self.k.series(b, sources=sources))
            answers = await pipe.execute()
        for b, counts in zip(buckets, answers, strict=True):
            for name, n in counts.items():
                out.setdefault(str(name), {})[b] = int(n)
        return out

    # -- traces and tallies --------------------------------------------------------------------

    async def get_trace(self, mention_id: str) -> Trace | None:
        async with self._errors():
            data = await self.r.get(self.k.trace(mention_id))
        return self._unreadable.one("trace", mention_id, str(data),
                                    Trace.model_validate_json) if data else None

    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]:
        return await self._by_key("trace", mention_ids, self.k.trace, Trace.model_validate_json)

    async def _by_key(self, kind: str, ids: Sequence[str], key: Callable[[str], str],
                      parse: Callable[[str], T]) -> ByIdParsed[T]:
        """The values of ``ids``' keys (signals, traces), one MGET a chunk, each parsed when
        looked up (``get_signal``'s and ``get_trace``'s refusal)."""
        unique = list(dict.fromkeys(ids))
        stored: dict[str, str] = {}
        async with self._errors():
            for i in range(0, len(unique), 2000):
                chunk = unique[i:i + 2000]
                values = await self.r.mget([key(c) for c in chunk])
                stored.update((c, str(v)) for c, v in zip(chunk, values, strict=True) if v)
        return ByIdParsed(self._unreadable, kind, stored, parse)

    async def trace_by_url(self, url: str) -> Trace | None:
        async with self._errors():
            mention_id = await self.r.get(self.k.trace_url(url))
        return await self.get_trace(str(mention_id)) if mention_id else None

    async def recent_traces(self, since: datetime, *, limit: int = 200_000) -> list[str]:
        async with self._errors():
            ids = await self.r.zrangebyscore(self.k.traces, _ts(since), "+inf", start=0,
                                             num=limit)
            out: list[str] = []
            for i in range(0, len(ids), 2000):
                values = await self.r.mget([self.k.trace(str(m)) for m in ids[i:i + 2000]])
                out += [str(v) for v in values if v is not None]
        return out

    async def tallies(self, since_day: int) -> dict[str, dict[int, int]]:
        today = int(self._now() // 86400)
        days = list(range(since_day, today + 1))[-L.TALLY_DAYS:]
        out: dict[str, dict[int, int]] = {}
        async with self._errors():
            pipe = self.r.pipeline(transaction=False)
            for d in days:
                pipe.hgetall(self.k.tally(d))
            answers = await pipe.execute()
        for d, counts in zip(days, answers, strict=True):
            for name, n in counts.items():
                out.setdefault(str(name), {})[d] = int(n)
        return out

    # -- audit and dead letters --------------------------------------------------------------------

    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]:
        async with self._errors():
            rows = await self.r.lrange(self.k.audit, 0, -1)
        events = self._unreadable.each("audit", [(f"#{n}", str(r)) for n, r in enumerate(rows)],
                                       AuditEvent.model_validate_json)
        if since is not None:
            events = [e for e in events if e.at >= since]
        return sorted(events, key=lambda e: e.at)  # stable: insertion order within one instant

    async def list_dead(self, kind: str | None = None, *, limit: int = 100,
                        after: tuple[float, str, str] | None = None) -> list[DeadItem]:
        kinds = [kind] if kind else sorted(await self._members(self.k.dead_kinds))
        out: list[DeadItem] = []
        async with self._errors():
            for k in kinds:
                for rid, raw in (await self.r.hgetall(self.k.dead(k))).items():
                    try:
                        data = json.loads(raw)
                        out.append(DeadItem(kind=k, id=str(rid), reason=data["reason"],
                                            at=datetime.fromtimestamp(data["at"], UTC),
                                            data=data.get("data", "")))
                    except FAILURES as exc:
                        self._unreadable.skip("dead_letter", f"{k} {rid!s}", exc)
        def key(d: DeadItem) -> tuple[float, str, str]:
            return round(d.at.timestamp(), 6), d.kind, d.id

        since = None if after is None else (round(after[0], 6), *after[1:])
        return sorted((d for d in out if since is None or key(d) > since), key=key)[:limit]

    async def purge_copies(self) -> bool:
        return True  # the server's AOF is its own (docs/storage.md: BGREWRITEAOF)

    async def stream_posts(self) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        async with self._errors():
            for stream in L.ERASABLE_STREAMS:
                after = "-"
                while True:  # a page at a time: the stream may hold a million
                    page: Any = await self.r.xrange(self.k.prefix + stream, min=after,
                                                    max="+", count=5000)
                    out += [(stream, str(i), str(f.get("m") or "")) for i, f in page]
                    if len(page) < 5000:
                        break
                    after = f"({page[-1][0]}"
        return out

    async def get_dead(self, kind: str, item_id: str) -> DeadItem | None:
        async with self._errors():
            raw = await self.r.hget(self.k.dead(kind), item_id)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return DeadItem(kind=kind, id=item_id, reason=data["reason"],
                            at=datetime.fromtimestamp(data["at"], UTC),
                            data=data.get("data", ""))
        except FAILURES as exc:
            self._unreadable.skip("dead_letter", f"{kind} {item_id}", exc)
            return None

    # -- leases and timers -------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._now()
        return bool(await self._script("lease", [self.k.lease(name)],
                                       [now, owner, now + ttl_seconds,
                                        int(ttl_seconds) + SLACK]))

    async def release_lease(self, name: str, owner: str) -> None:
        await self._script("release", [self.k.lease(name)], [owner])

    async def take_due(self, now: datetime, *, lease_seconds: float,
                       limit: int = 100) -> list[DueTimer]:
        token = _ts(now) + lease_seconds
        flat = await self._script("take", [self.k.timers, self.k.timer_payloads,
                                           self.k.timer_attempts], [_ts(now), limit, token])
        return [DueTimer(id=str(flat[i]), payload=str(flat[i + 1]), token=token,
                         attempts=int(flat[i + 2])) for i in range(0, len(flat), 3)]

    async def timer_due(self, timer_id: str) -> datetime | None:
        async with self._errors():
            score = await self.r.zscore(self.k.timers, timer_id)
        return None if score is None else datetime.fromtimestamp(float(score), UTC)

    # -- housekeeping ------------------------------------------------------------------------------

    async def prune(self, now: datetime, *, sent_seconds: float, refs_seconds: float,
                    audit_seconds: float | None = None,
                    traces_seconds: float = 7 * 86400,
                    dead_seconds: float | None = None) -> dict[str, int]:
        done = {"outbox": 0}
        cutoff = _ts(now) - sent_seconds
        while True:  # in slices, so one call never blocks Redis for long
            n = int(await self._script("prune_sent", [self.k.outbox_sent, self.k.outbox_counts],
                                       [cutoff, self.k.prefix, 1000]))
            done["outbox"] += n
            if n < 1000:
                break
        async with self._errors():  # trace keys expire by TTL; their time index is trimmed here
            await self.r.zremrangebyscore(self.k.traces, "-inf", _ts(now) - traces_seconds)
        if audit_seconds is not None:
            # from the head, the oldest written, up to the first event as new as the cutoff;
            # AUDIT_BATCH a script call, so a long backlog never holds Redis for long
            done["audit"] = await self._in_steps("prune_audit", [self.k.audit],
                                                 [repr(_ts(now) - audit_seconds)], AUDIT_BATCH)
        if dead_seconds is not None:
            done.update(await self._prune_dead(_ts(now) - dead_seconds))
        return done  # marks, signals, refs and series expire by their own Redis TTLs

    async def _prune_dead(self, cutoff: float) -> dict[str, int]:
        """Dead deliveries and dead letters that died at ``cutoff`` or before, one bounded
        step (``PRUNE_BATCH``) a script call, so Redis is never busy long. The dead set and
        the dead letters' hashes have no index by time, so they are walked (SSCAN, HSCAN),
        each step checking what it reads; they hold what retention keeps, so the walk stays
        short. The mention stream's dead letters are taken from its oldest entry."""
        done = {"dead": await self._in_scans(
            "prune_dead", [self.k.outbox_dead, self.k.outbox_counts],
            [repr(cutoff), self.k.prefix], PRUNE_BATCH), "dead_letters": 0}
        for kind in sorted(await self._members(self.k.dead_kinds)):
            done["dead_letters"] += await self._in_scans(
                "prune_dead_letters", [self.k.dead(kind)], [repr(cutoff)], DEAD_LETTER_BATCH)
        last = str(int(cutoff * 1000))  # stream ids are the milliseconds each entry was added
        done["dead_letters"] += await self._in_steps("prune_stream", [self.k.mentions_dead],
                                                     [last], PRUNE_BATCH)
        return done

    async def _in_steps(self, name: str, keys: list[str], args: list[Any], batch: int) -> int:
        """A pruning script called with ``[*args, batch]`` until a call takes fewer than
        ``batch``: what it took in all."""
        total = 0
        while True:
            n = int(await self._script(name, keys, [*args, batch]))
            total += n
            if n < batch:
                return total

    async def _in_scans(self, name: str, keys: list[str], args: list[Any], batch: int) -> int:
        """A pruning script walking a set or hash, called with ``[*args, cursor, batch]`` from
        cursor 0 until it answers cursor 0: what it took in all."""
        total, cursor = 0, "0"
        while True:
            cursor, n = await self._script(name, keys, [*args, cursor, batch])
            total += int(n)
            if str(cursor) == "0":
                return total

    async def usage(self) -> dict[str, int]:
        async with self._errors():
            info: Any = await self.r.info("memory")
            size = await self.r.dbsize()
        return {"keys": int(size), "bytes": int(info.get("used_memory", 0))}


async def _batched(items: AsyncIterator[Any], size: int) -> AsyncIterator[list[str]]:
    chunk: list[str] = []
    async for item in items:
        chunk.append(str(item))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _opened_at(raw: str) -> float | None:
    """When a stored ticket opened; None when its record cannot say (it is damaged: each
    read of it says so)."""
    try:
        return _ts(datetime.fromisoformat(json.loads(raw)["created_at"]))
    except FAILURES:
        return None


def _ops_json(ops: list[list[Any]]) -> bytes | str:
    """A batch's ops as the JSON the apply script decodes: pydantic-core's serializer (Rust),
    about a fifth of the stdlib's cost on a batch of traces (each trace's JSON a string inside,
    every quote of it escaped), written as UTF-8 rather than ``\\u`` escapes; cjson decodes
    both to the same bytes. A string Python holds but UTF-8 cannot (a lone surrogate) is
    written by the stdlib's encoder, as every batch was before."""
    try:
        return to_json(ops)
    except PydanticSerializationError:
        return json.dumps(ops)
