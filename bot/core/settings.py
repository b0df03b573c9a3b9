"""The process environment, read here and nowhere else.

Secrets and deployment choices come from the environment (``${NAME}`` in socialops.yaml,
``REDIS_URL``, ``PORT``, ``SOCIALOPS_CONFIG``, ``SSL_CERT_FILE``, ``SSL_CERT_DIR``); every other
module receives them from here, so a test can hand any module a mapping of its own instead of
patching ``os.environ``. (httpx itself still reads the proxy variables, ``HTTPS_PROXY``,
``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``, for the networks' requests.)
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.errors import ConfigError


def environ() -> Mapping[str, str]:
    """A snapshot of the environment (for ``${NAME}`` references in config files)."""
    return dict(os.environ)


@dataclass(frozen=True)
class Settings:
    """The environment variables socialops itself reads."""

    config: str | None = None  # SOCIALOPS_CONFIG: the config file when -c is not given
    redis_url: str | None = None  # REDIS_URL: use Redis (several processes share it)
    port: str | None = None  # PORT: the HTTP port (Heroku-style platforms set it)
    # SSL_CERT_FILE / SSL_CERT_DIR: the CA certificates the networks' requests trust instead of
    # certifi's (a private certificate authority), as httpx and OpenSSL read them
    ssl_cert_file: str | None = None
    ssl_cert_dir: str | None = None
    # SLACK_CLIENT_ID and SLACK_CLIENT_SECRET both set: slack_bolt reads them itself and turns
    # to its OAuth installation flow, which socialops does not use (refused, one line)
    slack_oauth: bool = False

    @classmethod
    def read(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = environ() if env is None else env
        return cls(config=env.get("SOCIALOPS_CONFIG") or None,
                   redis_url=env.get("REDIS_URL") or None,
                   port=env.get("PORT") or None,
                   ssl_cert_file=env.get("SSL_CERT_FILE") or None,
                   ssl_cert_dir=env.get("SSL_CERT_DIR") or None,
                   slack_oauth=bool(env.get("SLACK_CLIENT_ID") is not None
                                    and env.get("SLACK_CLIENT_SECRET") is not None))


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context ``SSL_CERT_FILE`` (else ``SSL_CERT_DIR``) names, as httpx would make it;
    None when neither is set. A file that cannot be read or holds no certificate is a
    ``ConfigError`` in one line naming the variable and the fix."""
    if settings.ssl_cert_file:
        try:
            return ssl.create_default_context(cafile=settings.ssl_cert_file)
        except (OSError, ssl.SSLError) as exc:
            why = ("file not found" if isinstance(exc, FileNotFoundError)
                   else "not a file of PEM certificates" if isinstance(exc, ssl.SSLError)
                   else exc.strerror or type(exc).__name__)
            raise ConfigError(
                f"SSL_CERT_FILE in the environment: {settings.ssl_cert_file!r}: {why}; point it "
                "at a PEM bundle of CA certificates, or unset it (certifi's are used then)"
            ) from exc
    if settings.ssl_cert_dir:
        if not os.path.isdir(settings.ssl_cert_dir):
            raise ConfigError(
                f"SSL_CERT_DIR in the environment: {settings.ssl_cert_dir!r} is not a folder; "
                "point it at a folder of CA certificates (c_rehash'd), or unset it")
        return ssl.create_default_context(capath=settings.ssl_cert_dir)
    return None
