"""A URL as it may be shown: its password hidden, wherever the URL holds one.

An operator's Redis URL carries its password in the userinfo (``redis://user:pw@host``; redis-py
splits the host off at the last ``@``, so a password may hold one as it is) or as a query
parameter (``?password=pw``, which redis-py takes too). Every message that names such a URL
(the store's errors, ``socialops check``'s URL problems) shows it through ``redact_url``, also
when the URL is malformed (no scheme, ``redis//``), since that is when it is shown.

``Redaction`` is the text of a log line or a recorded error as it may be shown: the log
Redactor (``bot.app.logs``) and the outbox's record of a failed delivery (kept in the store,
listed by ``socialops outbox list`` and ``why``, told in the ops channel's card) hide the same
things, by the same rules: the config's secret values, tokens, URL passwords, webhook tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN = "***"
# a query parameter whose name says it holds a secret (redis-py reads `password`)
_SECRET_PARAM = re.compile(r"(?i)((?:^|[?&;])[\w.-]*(?:passw|secret|token)[\w.-]*=)[^&;#\s]*")


def redact_url(url: str) -> str:
    """``url`` with the password of its userinfo and every secret-named query parameter's
    value as ``***``: ``redis://alice:***@host:6379/0?password=***``."""
    start = url.find("://")
    start = start + 3 if start >= 0 else (url.find("//") + 2 if "//" in url else 0)
    rest = url[start:]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        userinfo, host = authority.rsplit("@", 1)
        if ":" in userinfo:
            authority = f"{userinfo.split(':', 1)[0]}:{HIDDEN}@{host}"
    return url[:start] + authority + _SECRET_PARAM.sub(rf"\1{HIDDEN}", tail)


REDACTED = "[REDACTED]"
PATTERNS = [
    (re.compile(r"xox[abposr]-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"xapp-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
    # a URL's password (scheme://user:password@host); never the path, and never an AT
    # Protocol id (at://did:plc:...), whose colons are not credentials. To the authority's
    # last '@', where redis-py (and urllib) end it: a password may hold one as it is
    (re.compile(r"(://(?!did:)[^:/@\s]*:)[^\s/?#]*(@)"), rf"\1{REDACTED}\2"),
    # what the libraries log at DEBUG (a request's URL, its form or JSON body): a query or form
    # parameter that names a token, secret, password, signature or Slack's socket ticket, or a
    # JSON or dict key that names one of those but the ticket (ours are T-1...); Discord's
    # interaction and webhook tokens and Slack's response_url secret, in the URL's path
    (re.compile(r"(?i)((?:^|[?&\s\"'])[\w-]*(?:token|secret|password|signature|ticket|api_key)"
                r"=)[^&\s\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"(?i)([\"'][\w-]*(?:token|secret|password|signature|api_key)[\"']"
                r"\s*:\s*[\"'])[^\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"(/(?:webhooks|interactions)/\d+/)[\w.-]+"), rf"\1{REDACTED}"),
    (re.compile(r"(hooks\.slack(?:-gov)?\.com/[a-z]+/)[^\s\"'?]+"), rf"\1{REDACTED}"),
    # an Authorization header a server echoes: Basic's credentials, Discord's bot token
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:basic|bot)\s+)[A-Za-z0-9+/=._-]+"),
     rf"\1{REDACTED}"),
]


class Redaction:
    """Text as it may be shown or kept: each of ``secrets`` (the config's secret values; those
    under 6 characters would hide common words) and what ``PATTERNS`` find as ``[REDACTED]``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        for pattern, replacement in PATTERNS:
            text = pattern.sub(replacement, text)
        return text
