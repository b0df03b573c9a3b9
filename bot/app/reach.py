"""One line for a source that failed while a command polled it: where the config names what
failed (the URL's key when it could not be reached, else the source) and what to change."""

from __future__ import annotations

from bot.app.logs import config_secrets
from bot.core.config import LoadedConfig, SourceBase
from bot.core.errors import ConfigError, SourceAuthError, SourceError, in_chain
from bot.core.redact import Redaction
from bot.core.text import one_line

__all__ = ["cannot_reach", "credential_keys", "said", "source_failed", "unreachable"]

# the keys that hold a source's credentials, in the networks' configs; a network whose
# credentials have other names is reported at its source's line, without the advice
CREDENTIAL_KEYS = ("token", "bearer_token", "user_token", "handle", "app_password",
                   "client_id", "client_secret", "username", "password")


def source_failed(loaded: LoadedConfig, source_id: str, exc: SourceError) -> ConfigError:
    """``exc`` at the config line of the source (or of its URL that could not be reached, or
    of the first of its credentials, when the network refused them)."""
    index = next(i for i, s in enumerate(loaded.config.sources) if s.id == source_id)
    source = loaded.config.sources[index]
    found = unreachable(source, exc)
    if found is None:  # the server's answer may echo the token it was sent
        message = f"{source_id}: {one_line(Redaction(config_secrets(source))(str(exc)), 400)}"
        keys = credential_keys(source)
        if isinstance(exc, SourceAuthError) and exc.key:  # its line names the fix itself
            return loaded.error(("sources", index, *_path(exc.key)),
                                one_line(Redaction(config_secrets(source))(str(exc)), 400))
        if isinstance(exc, SourceAuthError) and keys:
            return loaded.error(("sources", index, keys[0]),
                                f"{message}; check its {said(keys)}")
        return loaded.error(("sources", index), message)
    key, url, why = found
    fix = "this URL" if key else "the source's URLs"
    return loaded.error(("sources", index, *_path(key)),
                        f"{source_id}: {cannot_reach(url, why, fix)}")


def credential_keys(config: SourceBase) -> list[str]:
    """The credential keys ``config`` sets, in ``CREDENTIAL_KEYS``' order."""
    return [k for k in CREDENTIAL_KEYS if getattr(config, k, None)]


def said(keys: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join((", ".join(keys[:-1]), keys[-1])) if len(keys) > 1 else keys[0]


def cannot_reach(url: str, why: str, fix: str) -> str:
    """The one wording of a server that could not be reached (``unreachable``'s URL and
    why), and ``fix``: the setting to look at, as the caller names it."""
    # the URL as a log line shows it: a password, a token in its query or path hidden
    return (f"cannot reach {Redaction()(url)} ({why}); check this machine's network (or "
            f"proxy), or {fix}")


def unreachable(config: SourceBase, exc: SourceError) -> tuple[str, str, str] | None:
    """When ``exc`` is a server that could not be reached: the config key of its URL
    (``base_url``, ``urls[1]``; "" when none matches), that URL and why; else None."""
    import httpx

    transport = in_chain(exc, httpx.TransportError)
    if transport is None:
        return None
    try:
        failed = str(transport.request.url)
    except RuntimeError:  # an error raised without its request
        failed = ""
    key, url = _url_key(config.model_dump(mode="json"), failed)
    why = one_line(str(in_chain(transport, OSError) or transport) or "no answer", 200)
    return key, url or failed or "the network", f"{type(transport).__name__}: {why}"


def _url_key(fields: dict[str, object], failed: str) -> tuple[str, str]:
    """The config key (``base_url``, ``urls[1]``) whose URL the failed request went to: the
    longest that starts it; ``("", "")`` when none does."""
    found: list[tuple[str, str]] = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for j, one in enumerate(values):
            if isinstance(one, str) and one.startswith(("http://", "https://", "ws://",
                                                        "wss://")):
                base = one.rstrip("/")
                if failed == base or failed.startswith((base + "/", base + "?")):
                    found.append((f"{name}[{j}]" if isinstance(value, list) else name, one))
    return max(found, key=lambda kv: len(kv[1]), default=("", ""))


def _path(key: str) -> tuple[str | int, ...]:
    if not key:
        return ()
    name, _, rest = key.partition("[")
    return (name, int(rest.rstrip("]"))) if rest else (name,)
