"""The Store (DESIGN §3): one Protocol (``bot.core.ports.Store``), two real backends.

``open_store`` picks Redis when ``REDIS_URL`` is set (the caller passes it) or the config says
``backend: redis``, SQLite otherwise, and fails fast with ``StoreUnavailable`` and a message
naming the store when it cannot be reached.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.core.confcheck import redis_url_problems
from bot.core.config import StoreConfig, uses_sqlite
from bot.core.errors import ConfigError, StoreUnavailable
from bot.core.ports import Clock, Store
from bot.core.redact import redact_url

log = logging.getLogger(__name__)


def on_redis(store: Store) -> bool:
    """Whether ``store`` is a Redis store, without importing redis in a process that opened
    none (a ``RedisStore`` exists only once ``bot.store.redis`` is imported): a SQLite
    deployment's processes and most of the tests' skip its 0.05-0.2 s of imports."""
    module = sys.modules.get("bot.store.redis")
    return module is not None and isinstance(store, module.RedisStore)


async def open_store(config: StoreConfig, *, redis_url: str | None, clock: Clock,
                     read_only: bool = False) -> Store:
    """The store ``config`` names. ``read_only``: for a command that only reads it, which
    leaves a store of an earlier release's layout as it is: on Redis it is read as it is
    (``RedisStore.connect``), a SQLite file is refused in one line (``SqliteStore``)."""
    url = config.redis_url or redis_url
    if not uses_sqlite(config, redis_url_env=redis_url):
        if not url:
            raise ConfigError("store.backend is redis but no redis_url is set (or REDIS_URL)",
                              field="store.redis_url")
        if config.redis_url is None:  # the environment's: said as `socialops check` says it
            for _, problem in redis_url_problems(("REDIS_URL",), url):
                raise StoreUnavailable(f"REDIS_URL in the environment: {problem}")
        from bot.store.redis import RedisStore, named_by

        try:
            store = await RedisStore.connect(url, clock=clock, read_only=read_only,
                                             require_persistence=not config.accept_data_loss)
        except StoreUnavailable as exc:  # its fix names the setting that named the URL
            exc.args = (named_by(str(exc), config),)
            raise
        if store.fresh and "path" in config.model_fields_set and await asyncio.to_thread(
                Path(config.path).is_file):
            # the Procfile's trap: `backend: redis` set on a deployment that ran on SQLite
            # (`socialops init` writes `path:`, which stays when the backend is changed)
            log.warning(
                "Redis at %s holds no socialops data yet, so this deployment starts afresh: "
                "the SQLite store at %s is not copied (its tickets, approvals and audit log "
                "stay in it) and each source reads back its backfill_minutes (at most "
                "store.dedup_ttl_hours), posting those cards again; see "
                "docs/storage.md#moving-from-sqlite-to-redis",
                redact_url(url), config.path)
        return store
    from bot.store.sqlite import SqliteStore

    return SqliteStore(config.path, clock=clock, read_only=read_only)
