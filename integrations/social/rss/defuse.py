"""Markup made safe for ``html.parser``: one linear walk before the parse.

CPython's ``html.parser`` (3.11, and 3.12 before its 2025 security releases) gives up on a
construct it cannot close (a start tag, end tag, comment, ``<?``, ``<!``, marked section) only
at the end of the input, and then re-reads the rest of the document from the next ``<`` or
``>``: every such opening costs a scan of everything after it. ``"<a " * n`` (40,000 characters:
17 s), ``"<a/" * n``, ``"<a =" * n``, ``"<a b='>'" * n``, ``"<!--" * n``, ``"</a" * n`` and
``"<?" * n`` all take time quadratic in their length.

``defuse`` walks the markup once, the way the parser does at the end of its input (the same
patterns, copied from CPython 3.11, in the same order, script and style bodies skipped as raw
text), and escapes the ``<`` of each construct the parser would give up on, with the text it
would have made of it. The parser then reads that text as text, in one pass.

Markup the parser can close comes back unchanged (every real feed, toot and comment we hold).
Two places the text can differ, both inside an unclosable start tag whose pattern scanned past
where the parser's text of it ends, since re-reading that is what costs the square: its quoted
attribute values run past a ``>`` (the parser would make text up to that ``>`` and read on
after it as markup; here all of what its pattern scanned is text), or it runs past a ``<`` that
opens a bogus tag (``<a</a<a&amp;\x00``: the parser re-reads from that ``<`` and makes the
bogus tag's text as written, ``&amp;`` kept, where here it is text whose ``&amp;`` reads ``&``;
found by the property test in tests/integrations/test_rss_html.py). Either way it is text, never
markup the parser would not have made.
"""

from __future__ import annotations

import re

# CPython 3.11 html.parser's patterns (starttagopen, tagfind_tolerant, attrfind_tolerant,
# locatestarttagend_tolerant) and _markupbase's: the walk must see what the parser sees.
_STARTTAG_OPEN = re.compile(r"<[a-zA-Z]")
_TAG_FIND = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTR_FIND = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*")
_STARTTAG_END = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^>\s]*
         )
        \s*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""", re.VERBOSE)
_GT = re.compile(">")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTION_CLOSE = re.compile(r"]\s*]\s*>")
_MS_SECTION_CLOSE = re.compile(r"]\s*>")  # <![if ...]>, Microsoft Office's
_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTIONS = frozenset({"if", "else", "endif"})
# raw-text elements: the parser looks for nothing but their end tag
_RAW_END = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in ("script", "style")}
# after a start tag's pattern: the parser takes these as "the tag goes on past the input"
_TAG_GOES_ON = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")

_OPEN = -1  # the parser cannot close the construct: it makes text of it at the end
_GIVES_UP = -2  # the parser raises here (an unknown marked section) and reads no further


class _Ahead:
    """The next match of a pattern at or after a position. The walk only moves forward and
    consumes every match it is given, so the only repeated work would be searching again for
    what is not there: that answer is kept."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self.none_from = len(text) + 1  # nothing matches at or after this position

    def search(self, pos: int) -> re.Match[str] | None:
        if pos >= self.none_from:
            return None
        found = self.pattern.search(self.text, pos)
        if found is None:
            self.none_from = pos
        return found


class _Walk:
    def __init__(self, text: str) -> None:
        self.text = text
        self.gt = _Ahead(text, _GT)
        self.comment_close = _Ahead(text, _COMMENT_CLOSE)
        self.section_close = _Ahead(text, _SECTION_CLOSE)
        self.ms_section_close = _Ahead(text, _MS_SECTION_CLOSE)

    def after_gt(self, pos: int) -> int:
        found = self.gt.search(pos)
        return found.end() if found else _OPEN

    def start_tag(self, i: int) -> tuple[int, int]:
        """(end, how far the pattern read) of the start tag at ``i``, as the parser's
        ``check_for_whole_start_tag`` decides."""
        text = self.text
        match = _STARTTAG_END.match(text, i)
        assert match is not None  # all after the tag name is optional
        j = match.end()
        follows = text[j:j + 1]
        if follows == ">":
            return j + 1, j
        if text.startswith("/>", j):
            return j + 2, j
        if follows == "" or follows in _TAG_GOES_ON:
            return _OPEN, j
        return (j if j > i else i + 1), j  # bogus: the parser makes it text

    def raw_text_element(self, i: int, end: int) -> str | None:
        """Script or style, when the start tag ``text[i:end]`` opens one (``parse_starttag``'s
        reading: a plain ``>`` after the attributes, not ``/>``)."""
        text = self.text
        name = _TAG_FIND.match(text, i + 1)
        assert name is not None  # the walk only asks this of a "<" and a letter
        tag = name.group(1).lower()
        if tag not in _RAW_END:
            return None
        k = name.end()
        while k < end and (attr := _ATTR_FIND.match(text, k)):
            k = attr.end()
        return tag if text[k:end].strip() == ">" else None

    def section(self, i: int) -> int:
        """End of the marked section (``<![CDATA[ ... ]]>``, ``<![if ...]>``) at ``i``."""
        text = self.text
        name = _SECTION_NAME.match(text, i + 3)
        if i + 3 == len(text) or (name is not None and name.end() == len(text)):
            return _OPEN
        keyword = name.group().strip().lower() if name else ""
        if keyword in _SECTIONS:
            close = self.section_close.search(i + 3)
        elif keyword in _MS_SECTIONS:
            close = self.ms_section_close.search(i + 3)
        else:
            return _GIVES_UP
        return close.end() if close else _OPEN

    def construct(self, i: int) -> tuple[int, int]:
        """(end, how far the parser read) of the construct at the ``<`` at ``i``; end is
        ``_OPEN`` or ``_GIVES_UP`` when the parser cannot close it. ``goahead``'s order."""
        text = self.text
        if _STARTTAG_OPEN.match(text, i):
            return self.start_tag(i)
        if text.startswith("</", i):
            return self.after_gt(i + 2), i
        if text.startswith("<!--", i):
            close = self.comment_close.search(i + 4)
            return (close.end() if close else _OPEN), i
        if text.startswith("<?", i):
            return self.after_gt(i + 2), i
        if text.startswith("<![", i):
            return self.section(i), i
        if text.startswith("<!", i):
            doctype = text[i:i + 9].lower() == "<!doctype"
            return self.after_gt(i + 9 if doctype else i + 2), i
        return i + 1, i  # a "<" before anything else is text

    def text_end(self, i: int) -> int:
        """Where the text the parser makes of an unclosable construct at ``i`` ends: after the
        next ``>``, else before the next ``<``."""
        end = self.after_gt(i + 1)
        if end == _OPEN:
            end = self.text.find("<", i + 1)
        return end if end > i else i + 1

    def run(self) -> str:
        text = self.text
        out: list[str] = []
        copied = 0  # text[:copied] is in out
        i = text.find("<")
        while i >= 0:
            end, read = self.construct(i)
            if end == _GIVES_UP:
                break
            if end == _OPEN:
                end = max(self.text_end(i), read)
                out += (text[copied:i], text[i:end].replace("<", "&lt;"))
                copied = end
            elif _STARTTAG_OPEN.match(text, i) and (raw := self.raw_text_element(i, end)):
                close = _RAW_END[raw].search(text, end)
                if close is None:
                    break  # the parser drops an unclosed script's body: nothing to defuse
                end = close.end()
            i = text.find("<", end)
        out.append(text[copied:])
        return "".join(out)


def defuse(markup: str) -> str:
    """``markup`` with the ``<`` of every construct ``html.parser`` could not close made
    ``&lt;``: the same text, read in linear time (see the module docstring)."""
    if "<" not in markup:
        return markup
    return _Walk(markup).run()
