"""A URL as it may be shown: its password hidden, wherever the URL holds one.

An operator's Redis URL carries its password in the userinfo (``redis://user:pw@host``; redis-py
splits the host off at the last ``@``, so a password may hold one as it is) or as a query
parameter (``?password=pw``, which redis-py takes too). Every message that names such a URL
(the store's errors, ``socialops check``'s URL problems) shows it through ``redact_url``, also
when the URL is malformed (no scheme, ``redis//``), since that is when it is shown.
"""

from __future__ import annotations

import re

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
