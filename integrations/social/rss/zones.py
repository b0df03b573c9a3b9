"""Named time zones that feeds write in RFC 822 dates though RFC 822 does not define them.

RFC 822 (section 5.1) names UT, GMT, the US zones (EST, EDT, CST, CDT, MST, MDT, PST, PDT) and
the military letters, and feedparser reads those. Feeds written elsewhere put their own
abbreviation in the zone's place (``Mon, 30 Nov 2026 20:40:00 JST``), which feedparser and
``email.utils`` both read as UTC: hours off, and a date of a zone east of UTC lay ahead of our
clock, where a feed's date counts as wrong (more than an hour ahead). The common ones are read
here by their offset. The choices:

- A name RFC 822 defines keeps RFC 822's meaning (CST is US Central, not China's).
- BST is British Summer Time (Bangladesh writes +0600).
- IST is written by India (+05:30), Ireland (+01:00, its summer time) and Israel (+02:00):
  read as India's, which writes it most, and said (``how_read``), as every name not known is
  (read as UTC, as before).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

# RFC 822, section 5.1, read by feedparser and email.utils as the RFC says; and UTC, read
# right by both
RFC_822 = frozenset({"UT", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT",
                     *"ABCDEFGHIKLMNOPQRSTUVWXY", "UTC"})
# minutes east of UTC of the abbreviations feeds write in RFC 822's place
OFFSETS: dict[str, int] = {
    "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120, "MET": 60, "MEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "SAST": 120, "CAT": 120, "EAT": 180, "WAT": 60,
    "IST": 330, "PKT": 300, "WIB": 420, "ICT": 420, "HKT": 480, "SGT": 480, "AWST": 480,
    "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "HST": -600, "AKST": -540, "AKDT": -480, "NST": -210,
    "NDT": -150, "BRT": -180, "ART": -180,
}
# RFC 822's own names, for dates written year first (``numeric_date``)
_RFC_OFFSETS = {"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360,
                "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420}
AMBIGUOUS = {"IST": "India Standard Time (+05:30); Ireland (+01:00) and Israel (+02:00) write "
                    "IST too: a feed of theirs reads hours off"}
# a zone name after the time, letters alone, as RFC 822 writes one ("30 Nov" is no zone)
_NAMED_AT_END = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s+([A-Za-z]{1,5})\s*$")


def zone_of(raw: object) -> str | None:
    """The named zone ending an RFC 822 date (upper case), when RFC 822 does not define it."""
    if not isinstance(raw, str) or len(raw) > 100:
        return None
    m = _NAMED_AT_END.search(raw)
    name = m.group(1).upper() if m else None
    return name if name is not None and name not in RFC_822 else None


# year first, a space (or T) before the time, a zone or none: 2026-11-30 11:40:00 GMT,
# 2026/11/30 20:40 +0900
_YEAR_FIRST = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
                         r"(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]{1,5}))?\s*")


def numeric_date(raw: object) -> datetime | None:
    """A date written year first with its time (``2026-11-30 11:40:00 GMT``, as CMS templates
    of China, Japan and Korea write them), as UTC: no zone is UTC, a named one by its offset
    (one not known: UTC, said by ``how_read``). feedparser kept the day of such a date and lost
    its time, or read ``2026/11/30`` as the next day. None for anything else."""
    m = _YEAR_FIRST.fullmatch(raw) if isinstance(raw, str) and len(raw) <= 100 else None
    if m is None:
        return None
    year, month, day, hour, minute, second, sign, oh, om, name = m.groups()
    if name is not None:
        minutes = {**_RFC_OFFSETS, **OFFSETS}.get(name.upper(), 0)
    elif sign is not None:
        minutes = (int(oh) * 60 + int(om)) * (-1 if sign == "-" else 1)
    else:
        minutes = 0
    try:
        zone = timezone(timedelta(minutes=minutes))
        return datetime(int(year), int(month), int(day), int(hour), int(minute),
                        int(second or 0), tzinfo=zone).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def with_offset(raw: object) -> str | None:
    """``raw`` with its named zone written as RFC 822's ``+HHMM``, when the name is known
    (``OFFSETS``); None otherwise."""
    name = zone_of(raw)
    if name is None or name not in OFFSETS:
        return None
    assert isinstance(raw, str)
    minutes = OFFSETS[name]
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    m = _NAMED_AT_END.search(raw)
    assert m is not None
    return f"{raw[:m.start(1)]}{sign}{hours:02d}{rest:02d}"


def how_read(name: str) -> tuple[bool, str]:
    """How dates in ``name`` are read, and whether that is a guess worth a warning."""
    if name in AMBIGUOUS:
        return True, f"read as {AMBIGUOUS[name]}"
    if name in OFFSETS:
        minutes = OFFSETS[name]
        hours, rest = divmod(abs(minutes), 60)
        return False, f"read as {'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"
    return True, "a zone not known: read as UTC, so possibly hours off"
