"""The process environment, read here and nowhere else.

Secrets and deployment choices come from the environment (``${NAME}`` in socialops.yaml,
``REDIS_URL``, ``PORT``, ``SOCIALOPS_CONFIG``); every other module receives them from here, so a
test can hand any module a mapping of its own instead of patching ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


def environ() -> Mapping[str, str]:
    """A snapshot of the environment (for ``${NAME}`` references in config files)."""
    return dict(os.environ)


@dataclass(frozen=True)
class Settings:
    """The environment variables socialops itself reads."""

    config: str | None = None  # SOCIALOPS_CONFIG: the config file when -c is not given
    redis_url: str | None = None  # REDIS_URL: use Redis (several processes share it)
    port: str | None = None  # PORT: the HTTP port (Heroku-style platforms set it)

    @classmethod
    def read(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = environ() if env is None else env
        return cls(config=env.get("SOCIALOPS_CONFIG") or None,
                   redis_url=env.get("REDIS_URL") or None,
                   port=env.get("PORT") or None)
