"""Where a link's domain ends as twitter-text reads it (``valid_domain``, ``is_valid_domain``),
for X's count (twitter-text's own) and Mastodon's (twitter-text's ``valid_url`` with other
schemes and path characters, the same domain).

A domain is dotted labels of DOMAIN_VALID_CHARS (no ASCII punctuation, space, control,
directional or invalid character; ``_`` only in a subdomain, ``-`` inside a label) whose last
label starts with one of twitter-text's top-level domains (``tlds.py``) or a punycode one, not
followed by an ASCII letter or digit, @, + or - (``https://acme.example/``,
``http://localhost:3000/``, ``http://127.0.0.1/`` and ``https://acme.comx`` have none); the most
labels that do, at least two (``https://acme.com.example/x`` is ``https://acme.com``). A link is
none when its domain does not convert to ASCII (IDNA) or it is over ``MAX_URL_LENGTH``
(``domain_fits``).
"""

from __future__ import annotations

import regex

from integrations.social.common.tlds import COUNTRY, GENERIC

# DOMAIN_VALID_CHARS: no ASCII punctuation, space, control, directional or invalid character
DOMAIN_CHAR = _D = (r"[^!-/:-@\[-`{-~\s\x00-\x1f\x7f\u180e\u061c\u200e\u200f\u202a-\u202e"
      r"\u2066-\u2069\ufffe\ufeff\uffff]")
# the dotted run a domain is read from (at most 2,048 labels: a longer one makes a link over
# MAX_URL_LENGTH), each label read once, so a hostile "a.a.a.…" costs linear time
_LABELS = regex.compile(rf"{_D}(?:[-_]*{_D})*(?:\.{_D}(?:[-_]*{_D})*){{0,2047}}")
_TLD_NEXT = regex.compile(r"[0-9A-Za-z@+\-]")
# a punycode TLD: twitter-text's JavaScript and JVM ports (X's count) take "-" after xn-- in
# (validPunycode, xn--[-0-9a-z]+); the Ruby gem Mastodon runs does not (valid_punycode,
# /xn--[0-9a-z]+/i), so a "-" there ends Mastodon's link and counts as typed
_PUNYCODE = regex.compile(r"xn--[0-9a-z]+", regex.IGNORECASE)
_PUNYCODE_HYPHENS = regex.compile(r"xn--[\-0-9a-z]+", regex.IGNORECASE)


def _by_first(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    # one pass over the 1,394 names: a scan of them all per first letter is ~3.5 ms of import
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name)
    return {first: tuple(group) for first, group in groups.items()}


# the top-level domains by their first letter, each in the order the regular expression tries
_TLDS = _by_first((*GENERIC, *COUNTRY))
_COUNTRIES = frozenset(COUNTRY)
# twitter-text's MAX_URL_LENGTH: a longer link is no link (is_valid_domain)
MAX_URL_LENGTH = 4096


def domain_end(text: str, at: int) -> int | None:
    """Where the domain that starts at ``at`` (after a scheme) ends, or None when there is
    none (see the module docstring)."""
    labels = _LABELS.match(text, at)
    if labels is None:
        return None
    length = domain_length(text, at, labels.end())
    return None if length is None else at + length


def domain_length(text: str, start: int, end: int) -> int | None:
    """How much of ``text[start:end]`` (dotted labels) is the domain: the most labels that end
    in a known top-level domain, at least two (valid_domain), or None."""
    labels = text[start:end].split(".")
    head = end - start - len(labels[-1])  # where the last label starts
    for count in range(len(labels), 1, -1):
        last = labels[count - 1]
        if "_" not in labels[count - 2]:  # the label before the TLD (valid_domain_name)
            tld = tld_length(text, start + head, start + head + len(last))
            if tld is not None:
                return head + tld
        head -= len(labels[count - 2]) + 1
    return None


def tld_length(text: str, start: int, end: int, *, hyphens: bool = False) -> int | None:
    """How long the top-level domain that the label ``text[start:end]`` starts with is, or
    None: one of twitter-text's not followed by an ASCII letter or digit, @, + or -, or a
    punycode one (with ``hyphens``, "-" in it as X reads one; without, as Mastodon does)."""
    label = text[start:end]
    lowered = label.lower()
    if len(lowered) != len(label):  # a letter whose lower case is longer (İ): as written
        lowered = label
    for name in _TLDS.get(lowered[:1], ()):
        if lowered.startswith(name) and not _TLD_NEXT.match(text, start + len(name)):
            return len(name)
    punycode = (_PUNYCODE_HYPHENS if hyphens else _PUNYCODE).match(text, start, end)
    return punycode.end() - start if punycode is not None else None


def domain_fits(domain: str, length: int) -> bool:
    """twitter-text's is_valid_domain: the domain converts to ASCII (IDNA) and the link of
    ``length`` characters, its domain so converted, is at most MAX_URL_LENGTH."""
    try:
        ascii_domain = domain.encode("idna")
    except UnicodeError:
        return False
    return length + max(0, len(ascii_domain) - len(domain)) <= MAX_URL_LENGTH


def is_country(name: str) -> bool:
    """Whether ``name`` is one of twitter-text's country top-level domains (any case)."""
    return name.lower() in _COUNTRIES
