"""Every regular expression socialops compiles, against posts built to make a backtracking
engine retry from every position ("a-a-a-...", "x.x.x....", "[a]([a](...", "\\n\\n\\n...", a run
of digits with a letter after it, a run of backslashes): the worst time per pattern on 20,000
characters (the most of a post the pipeline keeps), side by side with the patterns these
replaced, in the same run. A pattern a module keeps in a list, tuple or dict is timed too.

    .venv/bin/python benchmarks/backtracking.py [--chars 20000] [--all]

A linear pattern takes milliseconds here; one that retries from every position takes seconds
(and four times as long for twice the text). ``--all`` lists every pattern, not only the ten
slowest. Patterns used only with ``fullmatch`` are timed with it: they cannot restart.

Last, markup: ``html_to_text`` (feeds, Mastodon, Hacker News) on the shapes that make the
stdlib's ``html.parser`` re-read the rest of the document from every ``<``, against the parser
alone (the baseline, quadratic).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = ["x.", "a-", "a.1", "1.", "1.0", "ab.", "a.b/", "a", "1", "ø", "@a", "#a", "a:", "::",
         "<a", "<@", "[a](", "[", "(", "](", ">!", "!<", "*a", "_a", "~a", "`", "**", "``",
         "\n", "\n\n", " ", "\t", "a\n", "- ", "-", "&", "&#", "http://", "://", "www.",
         "a.com/", "a@b.", "\"a", "=\"", "rel=", "$1 ", "😀a", "\u0301", "اب",
         # a server's error as a proxy escapes it (bot.core.redact: JSON's \/, %2F, &amp;)
         "\\", "\\/", "%2F", "&amp;", "token"]
TAILS = ["", "!", "\x00", "a", "1"]
FULLMATCH_ONLY = {"integrations.social.bluesky.parse._HANDLE",
                  "integrations.social.bluesky.source._HANDLE_SHAPE"}

# The patterns replaced when this benchmark was written, as they were (the baseline).
BEFORE = {
    "bot.enrich.language._STRIP": re.compile(
        r"(?:https?://|www\.)\S+"
        r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}/\S*"
        r"|\b[\w-]+\.(?:com|net|org|io|co|ru|ua|pl|de|fr|es|pt|br|tr|jp|kr|cn|th|info|biz|xyz|"
        r"shop|top|site|online|example)\b"
        r"|(?<![\w@])@\w[\w.]*", re.IGNORECASE),
    "bot.enrich.features._URL": re.compile(
        r"(?:https?://|www\.)\S+"
        r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}(?:/\S*)?(?=$|[\s)\],;!?'\"»”])", re.IGNORECASE),
    "bot.enrich.author._DIGITS": re.compile(r"\d{4,}$"),
    "integrations.social.reddit.publish._WAIT": re.compile(r"(\d+)\s*(second|minute|hour)",
                                                           re.I),
    "integrations.social.reddit.parse._MD_LINK": re.compile(
        r"!?\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"),
    "integrations.social.reddit.parse._RULE": re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M),
    "integrations.social.reddit.parse._FENCE": re.compile(r"^\s*(```|~~~).*$", re.M),
    "integrations.social.reddit.parse._SPOILER (now str.find)": re.compile(r">!(.*?)!<", re.S),
    "integrations.social.mastodon.api._LINK": re.compile(r'<([^>]*)>\s*;\s*rel="?([^";,]+)"?'),
    # 7a49438's: its e-mail address could start after every "_" of a run
    "integrations.slack.escape._LINKED": re.compile(
        r"(?<![A-Za-z0-9])(?:https?://|at://|did:|www\.)\S+"
        r"|(?<![A-Za-z0-9.%+~-])[A-Za-z0-9][A-Za-z0-9._%+~-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
        r"|(?<![\w.@/-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@-])(?:/\S*)?",
        re.IGNORECASE),
}


def patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for package in ("bot", "handlers", "integrations", "rules"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                for where, pattern in _held(f"{info.name}.{name}", value):
                    found[where] = pattern
    return found


def _held(name: str, value: object) -> list[tuple[str, re.Pattern[str]]]:
    """``value`` if it is a pattern, or the patterns a list, tuple or dict of a module holds
    (``bot.core.redact.PATTERNS``: pairs of a pattern and its replacement), each named by
    where it is (``PATTERNS[3][0]``)."""
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        return [(name, value)]
    if isinstance(value, list | tuple):
        return [held for i, item in enumerate(value) for held in _held(f"{name}[{i}]", item)]
    if isinstance(value, dict):
        return [held for k, item in value.items() for held in _held(f"{name}[{k!r}]", item)]
    return []


def worst(pattern: re.Pattern[str], chars: int, *, fullmatch: bool) -> tuple[float, str]:
    slowest, which = 0.0, ""
    for unit in UNITS:
        text = (unit * (chars // len(unit) + 1))[:chars]
        for tail in TAILS:
            start = time.perf_counter()
            if fullmatch:
                pattern.fullmatch(text + tail)
            else:
                for _ in pattern.finditer(text + tail):
                    pass
            took = time.perf_counter() - start
            if took > slowest:
                slowest, which = took, f"{unit!r} x {chars // len(unit)} + {tail!r}"
            if took > 5.0:  # quadratic: the other tails say nothing more
                break
    return slowest, which


MARKUP_UNITS = ["<a ", "<a/", "<a =", "<a b='", "<a b='>'", "<!--", "<!--x>", "</a", "<?",
                "<![CDATA["]


def markup_rows(chars: int) -> list[tuple[float, float, str]]:
    """(html_to_text, the parser alone, shape) per markup shape, in seconds."""
    from integrations.social.rss.html import html_to_text

    rows = []
    for unit in MARKUP_UNITS:
        text = (unit * (chars // len(unit) + 1))[:chars]
        start = time.perf_counter()
        html_to_text(text)
        now = time.perf_counter() - start
        parser = HTMLParser()
        start = time.perf_counter()
        parser.feed(text)
        parser.close()
        rows.append((now, time.perf_counter() - start, f"{unit!r} x {chars // len(unit)}"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=20_000)
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args()
    now = patterns()
    print(f"{len(now)} patterns, {len(UNITS)} shapes x {len(TAILS)} endings, "
          f"{args.chars:,} characters each; worst time per pattern")
    rows = [(*worst(p, args.chars, fullmatch=name in FULLMATCH_ONLY), name)
            for name, p in now.items()]
    rows.sort(reverse=True)
    print("\nsocialops now (slowest first):")
    for took, which, name in rows if args.all else rows[:10]:
        print(f"  {took * 1000:9.1f} ms  {name}  ({which})")
    print("\nbaseline: the patterns these replaced, same inputs:")
    for name, p in BEFORE.items():
        took, which = worst(p, args.chars, fullmatch=False)
        print(f"  {took * 1000:9.1f} ms  {name}  ({which})")
    print("\nmarkup: html_to_text now, and html.parser alone (the baseline):")
    for now_took, before_took, which in markup_rows(args.chars):
        print(f"  {now_took * 1000:9.1f} ms  {before_took * 1000:9.1f} ms  {which}")


if __name__ == "__main__":
    main()
