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
from urllib.parse import quote

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
    if "@" not in authority and (at := _userinfo_end(rest)) > 0:
        # a password holding a '/', '?' or '#' as it is: no parser finds the host after it,
        # but it is the password the operator wrote, and the URL is shown when it fails
        user, host = rest[:at].split(":", 1)[0], rest[at + 1:]
        end = min((i for i in (host.find(c) for c in "/?#") if i >= 0), default=len(host))
        return (url[:start] + f"{user}:{HIDDEN}@{host[:end]}"
                + _SECRET_PARAM.sub(rf"\1{HIDDEN}", host[end:]))
    if "@" in authority:
        userinfo, host = authority.rsplit("@", 1)
        if ":" in userinfo:
            authority = f"{userinfo.split(':', 1)[0]}:{HIDDEN}@{host}"
    return url[:start] + authority + _SECRET_PARAM.sub(rf"\1{HIDDEN}", tail)


# a port, then the path: 'host:443/@alice' holds no password
_PORT = re.compile(r"\d+(?:[/?#]|$)")


def _userinfo_end(run: str) -> int:
    """Where the userinfo of ``run`` (a URL after its ``scheme://``, up to a space) ends when
    its password holds a '/', '?' or '#' as it is: at its last '@' that does not follow a '/'
    (a path's '/@alice' is no userinfo's end), when the run starts ``user:`` with no port
    after the colon. 0 when it does not."""
    colon = run.find(":")
    if colon < 0 or any(c in run[:colon] for c in "/?#@\\") or _PORT.match(run, colon + 1):
        return 0
    at = len(run)
    while (at := run.rfind("@", colon, at)) > colon:
        if run[at - 1] != "/":
            return at
    return 0


REDACTED = "[REDACTED]"
# A URL as a server's or a proxy's text may write it: JSON's escaped slash (`https:\/\/`, as
# PHP's json_encode and many gateways write it; a Python repr of that text doubles the
# backslash) or a URL's own encoding, when the URL is a parameter of another (`?url=https%3A%2F
# %2F...`, `%3D` for `=`, `%26` for `&`). HTML writes a link's `&` as `&amp;`, whose `;` then
# stands before a parameter's name.
_SL = r"(?:\\{0,3}/|%2[Ff])"
_EQ = r"(?:=|%3[Dd])"
PATTERNS = [
    # Slack's tokens: bot, user, app, client, cookie, legacy; xoxe- the refresh token of a
    # rotating one (xoxe.xoxb-... is a rotated access token)
    (re.compile(r"xox[abcdeposr]-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"xapp-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
    # a URL's password (scheme://user:password@host); never the path, and never an AT
    # Protocol id (at://did:plc:...), whose colons are not credentials. To the authority's
    # last '@', where redis-py (and urllib) end it: a password may hold one as it is
    (re.compile(r"(:(?:\\{0,3}/){2}(?!did:)[^:/@\s\\]*:)[^\s/?#]*(@)"), rf"\1{REDACTED}\2"),
    # what the libraries log at DEBUG (a request's URL, its form or JSON body): a query or form
    # parameter that names a token, secret, password, signature or Slack's socket ticket, or a
    # JSON or dict key that names one of those but the ticket (ours are T-1...); Discord's
    # interaction and webhook tokens and Slack's response_url secret, in the URL's path
    # (after a parenthesis, a bracket, a comma or a bar too, as a text writes one)
    (re.compile(r"(?i)((?:^|[?&;\s\"'(\[{<,|]|%26|%3F)[\w-]*(?:token|secret|password|signature|"
                rf"ticket|api[_-]?key){_EQ})[^&\s\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"(?i)([\"'][\w-]*(?:token|secret|password|signature|api[_-]?key)\\{0,3}[\"']"
                r"\s*:\s*\\{0,3}[\"'])[^\"']+"), rf"\1{REDACTED}"),
    (re.compile(rf"(?i)({_SL}(?:webhooks|interactions){_SL}\d+{_SL})[\w.-]+"), rf"\1{REDACTED}"),
    (re.compile(rf"(?i)(hooks\.slack(?:-gov)?\.com{_SL}[a-z]+{_SL})[^\s\"'?<]+"),
     rf"\1{REDACTED}"),
    # a header of a key a server echoes (X-Api-Key: ..., GitLab's Private-Token)
    (re.compile(r"(?i)((?<![\w-])(?:x-)?(?:api-key|auth-token|access-token|private-token)"
                r"\s*:\s*)[^\s\"',;]+"), rf"\1{REDACTED}"),
    # an Authorization header a server echoes: Basic's credentials, Discord's bot token
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:basic|bot)\s+)[A-Za-z0-9+/=._-]+"),
     rf"\1{REDACTED}"),
]


def _forms(secret: str) -> set[str]:
    """``secret`` as a server's or a proxy's text may quote it: as it is, JSON's escaped
    slash (and a repr's doubled backslash), a URL's encoding (a parameter of another URL)."""
    escaped = secret.replace("/", "\\/")
    encoded = quote(secret, safe="")
    return {secret, escaped, escaped.replace("\\", "\\\\"), encoded, quote(secret),
            re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), encoded)}


class Redaction:
    """Text as it may be shown or kept: each of ``secrets`` (the config's secret values; those
    under 6 characters would hide common words) and what ``PATTERNS`` find as ``[REDACTED]``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted({form for s in secrets if s and len(s) >= 6 for form in _forms(s)},
                              key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = _cut_starts(text.replace(secret, REDACTED), secret)
        for pattern, replacement in PATTERNS:
            text = pattern.sub(replacement, text)
        return _broken_userinfo(text)


# a URL's start as a text writes it (JSON's escaped slashes too), to its user's colon; and
# where the run of the URL ends
_URL_USER = re.compile(r"(?:\\{0,3}/){2}(?!did:)(?=[^:/@\s\\\"'<>]*:)")
_RUN_END = re.compile(r"[\s\"'<>]")


def _broken_userinfo(text: str) -> str:
    """``text`` with the password of each URL whose password holds a '/', '?' or '#' as it
    is (``redis://:pa/ss@host``; the pattern for a URL's password stops at them) hidden to
    the userinfo's end (``_userinfo_end``). Each run of a URL is read once."""
    out, done, read = [], 0, 0
    for m in _URL_USER.finditer(text):
        if m.start() < read or (m.start() > 0 and text[m.start() - 1] != ":"):
            continue
        stop = _RUN_END.search(text, m.end())
        run = text[m.end():stop.start() if stop else len(text)]
        read = m.end() + len(run)
        at = _userinfo_end(run)
        if at <= 0 or "@" in run[:min((i for i in (run.find(c) for c in "/?#") if i >= 0),
                                      default=len(run))]:
            continue  # no password, or one the patterns hid
        colon = m.end() + run.find(":") + 1
        out.append(text[done:colon] + REDACTED)
        done = m.end() + at
    return "".join(out) + text[done:]


# What a cut may leave of a secret and still be hidden: a client quotes at most so much of a
# server's answer (Mastodon's 200 characters, Discord's 300) before it is redacted, and a
# secret the cut ended inside is no longer the secret as written
CUT_LEAST = 8


def _cut_starts(text: str, secret: str) -> str:
    """``text`` with each start of ``secret`` (``CUT_LEAST`` characters or more) that a cut
    ended as ``[REDACTED]``: where the text stops, or goes on with a character that is not a
    letter or digit, inside a run of them in the secret (so a URL secret's host, said on its
    own, stays)."""
    head = secret[:CUT_LEAST]
    if len(secret) <= CUT_LEAST or head not in text:
        return text
    out, at = [], 0
    while (i := text.find(head, at)) >= 0:
        k = CUT_LEAST
        while k < len(secret) and i + k < len(text) and text[i + k] == secret[k]:
            k += 1
        cut = ((i + k == len(text) or not text[i + k].isalnum())
               and text[i + k - 1].isalnum() and secret[k].isalnum()) if k < len(secret) else False
        out.append(text[at:i] + (REDACTED if cut else text[i:i + k]))
        at = i + k
    return "".join(out) + text[at:]
