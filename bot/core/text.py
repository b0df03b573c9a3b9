"""The one text policy of socialops, for every stage and every matcher.

Untrusted social text, at two levels (each renderer adds its own escaping on top: Slack plain
text, Discord markdown, the console's reserved glyphs):

- ``scrub`` is lossless apart from what cannot be kept: a lone UTF-16 surrogate (which JSON
  escapes such as ``"\\ud83d"`` produce) becomes U+FFFD, because it cannot be encoded as UTF-8
  and would crash language detection, fingerprints and every JSON serialiser downstream; the
  line and paragraph separators U+2028/U+2029 become newlines, because renderers, terminals and
  line-based readers each treat them differently. ``Mention`` applies it to every field at the
  edge, so whatever a normaliser builds is safe to store.
- ``clean`` also drops control and invisible characters and bounds the size: for display.
  ``normalise`` applies it to a mention's text: the pipeline does it before anything else, and
  so do ``rules test``, ``rules explain`` and the chat ``explain``, so they see what production
  routes.

Matching: ``fold`` is the form every keyword matcher (the rules' automaton, the Bluesky stream
prefilter), the dedup fingerprint and hashtag / handle / author comparisons work in;
``match_form`` and ``boundary_ok`` are what keyword matching adds on top, and
``keyword_pattern`` says what a folded keyword written by a user asks to find.

``fold`` turns social text into a comparable form: NFKC, case-folded, accents removed from
Latin, Greek, Cyrillic, Arabic and Hebrew letters (never from Thai, Devanagari or other scripts
whose marks change the word), the Arabic tatweel (a stretching stroke, not a letter) and the
invisible characters ``clean`` drops removed, emoji variation selectors dropped, runs of
whitespace collapsed to one space. The keyword side is folded the same way, so matching is
symmetric: "Mañana" finds "manana", "Straße" finds "STRASSE", "İstanbul'da" finds "istanbul".

``match_form`` writes Traditional Chinese characters in their Simplified forms (``simplified``,
in a text holding a Han character) and Arabic's spelling variants one way (``arabic_spelling``:
"على" and "علي", "خدمة" and "خدمه", "سيء" and "سيئ"), in the text and in the keyword's pattern
alike, and makes
a hyphen or slash between two letters or digits a space, in the text and
in the keyword's pattern (a keyword is still named by its folded form, "e-mail"), so the
phrase "acme cloud" finds "Acme/Cloud" and "Acme-Cloud-API", and the keyword "e-mail" still
finds "E-mail" (and "e mail", but not "email"). It is not part of ``fold`` because in handles,
hashtags, author globs and fingerprinted URLs the hyphen or slash is part of a name. An
underscore is never a space: it joins identifiers ("@acme_support").

``boundary_ok`` is the whole-word test, applied only where a match was found, so its cost grows
with matches, not with text. The policy per script:

- Scripts written with spaces (Latin, Cyrillic, Greek, Arabic, ...): the characters around the
  match must not be letters or digits of a spaced script. A change of script is a boundary, so
  "Acmeのアプリ" still finds "acme".
- Scripts written without spaces (Thai, Lao, Khmer, Myanmar, Chinese, Japanese): a keyword in
  such a script matches anywhere inside a run of that script, since there is no boundary to
  test without a dictionary segmenter. Prefer keywords of two or more characters.
- Korean (Hangul): a boundary is required before the keyword but not after it, because
  particles and endings attach to the end of a word ("해킹당했어요" finds "해킹"). So by default
  a keyword does not match the end of a compound ("은행" does not find "신한은행"), which keeps
  "장애" out of "무장애"; ``*은행`` opts in (below).
- In every script, a match never starts or ends inside a grapheme cluster: a combining mark
  (a Thai tone mark or vowel sign, an Indic vowel sign) belongs to the character before it, so
  "กล" is not found in "กล้อง".

A keyword opts out of the boundary on one side with a ``*`` there (``keyword_pattern``):
``*은행`` may start inside a word ("신한은행"), ``acme*`` may end inside one ("AcmeCloud"),
``*cme*`` both. Grapheme clusters are never split. A keyword made only of stars is literal.
"""

from __future__ import annotations

import functools
import re
import shlex
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import regex

if TYPE_CHECKING:
    from bot.core.models import Mention

T = TypeVar("T")

# The invisible characters used to hide or reorder text: zero-width, bidi marks (the Arabic
# letter mark too), embeddings, overrides and isolates, invisible operators, the Mongolian vowel
# separator, interlinear annotation marks, the BOM. ``clean`` drops them (but a ZWNJ or ZWJ that
# joins emoji or spells a word: ``_joiner``) and so does ``fold``.
_INVISIBLE = ((0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
              # ... and the rest of what Unicode says draws nothing (Default_Ignorable_Code_
              # Point) but the soft hyphen, variation selectors and tags (below): a combining
              # grapheme joiner, the Hangul fillers, the musical beam marks, and unassigned
              # ones (U+E0080-E0FFF but the selectors: 3,700 values, 11 bits a character
              # nobody sees, as tags were)
              (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x2065, 0x2065),
              (0x206A, 0x206F), (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
              (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF))
# Tag characters draw nothing, so they can carry text a reader never sees (but a language
# model does); their one visible use is a subdivision flag (🏴 + tags + cancel tag). Only three
# are flags platforms draw (RGI: England, Scotland, Wales), so only theirs are kept: any other
# black flag shows as one and would carry up to eight tag characters nobody sees ('ignore a'
# in one, 'll previ' in the next).
_TAG = (0xE0000, 0xE007F)
DRAWN_FLAGS = tuple("\U0001F3F4" + "".join(chr(0xE0000 + ord(c)) for c in name) + "\U000E007F"
                    for name in ("gbeng", "gbsct", "gbwls"))
_TAGS = re.compile("(" + "|".join(DRAWN_FLAGS) + ")|[\U000E0000-\U000E007F]")
# Variation selectors pick a glyph for the character before them (U+FE0F: an emoji's colour
# form; U+E0100 on: a Han character's variant; U+180B-180F: a Mongolian letter's), one per
# character. A run of them draws nothing
# and carries a byte each (256 of them: "emoji smuggling", a message behind one emoji), so
# ``clean`` keeps a run's first only, after a drawn character; ``fold`` drops them all.
_VS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_VS_SET = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _VS)
# A joiner is no drawn character either: a selector after one picks nothing, and kept there it
# came out of clean as a run once the joiners between ('x' + (ZWJ + selector) * 32) were dropped.
_VARIATIONS = re.compile(f"(?<=[^\\s{_VS_SET}\u200c\u200d])([{_VS_SET}])|[{_VS_SET}]")
_C1 = (0x80, 0x9F)
# The zero-width non-joiner and joiner are among _INVISIBLE (``fold`` drops them), but ``clean``
# keeps one where it changes what is drawn (``_joiner``), so they are not in _UNSAFE.
_ZWNJ, _ZWJ = "\u200c", "\u200d"
# ... and C0/C1 controls except tab and newline (ANSI escapes start with ESC, so they go too)
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f" + "".join(
        f"{chr(lo)}-{chr(hi)}" for lo, hi in (_C1, *_INVISIBLE) if (lo, hi) != (0x200B, 0x200F))
    + "\u200b\u200e\u200f]"
)
_JOINERS = re.compile("[\u200c\u200d]+")
# A ZWJ joins two emoji into one (👩‍💻 U+1F469 U+200D U+1F4BB, 🏳️‍🌈 with U+FE0F before it, 🧔🏻‍♂️
# with a skin tone): the emoji before it may carry one modifier or variation selector.
_EMOJI_BEFORE = regex.compile(
    r"\p{Extended_Pictographic}[\U0001F3FB-\U0001F3FF\uFE0E\uFE0F]?$")
_EMOJI_AFTER = regex.compile(r"\p{Extended_Pictographic}")
# Scripts whose spelling needs them (The Unicode Standard, 23.2): a ZWNJ keeps two Arabic-script
# letters apart (Persian "می‌خواهم", where the prefix is written unjoined), a ZWJ or ZWNJ after an
# Indic virama picks a half form or a visible virama (Devanagari "क्‍ष", Sinhala "ශ්‍රී").
_SHAPING = (r"[\p{L}\p{M}--[^\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}"
            r"\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}"
            r"\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}"
            r"\p{scx=Tibetan}\p{scx=Myanmar}\p{scx=Khmer}]]")
_SHAPING_BEFORE = regex.compile(_SHAPING + "$", regex.V1)
_SHAPING_AFTER = regex.compile(_SHAPING, regex.V1)
# Of those, the cursive ones: there a joiner only changes whether two letters join (Joining_Type:
# a ZWNJ parts two that would, a ZWJ joins two that would not), so between letters that join
# anyway, or after one that never joins the next (alef), it draws nothing. Marks between are
# transparent. Elsewhere (Indic) it picks a form only beside a virama: after one (a half form,
# a visible virama, a chillu) or before one (Devanagari's eyelash RA, Sinhala's touching letters).
_CURSIVE = regex.compile(r"[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}]")
_TRANSPARENT = regex.compile(r"\p{Joining_Type=Transparent}")
_JOINS_NEXT = regex.compile(r"[\p{Joining_Type=Dual_Joining}\p{Joining_Type=Join_Causing}]")
_JOINS_PREVIOUS = regex.compile(r"[\p{Joining_Type=Dual_Joining}\p{Joining_Type=Right_Joining}"
                                r"\p{Joining_Type=Join_Causing}]")


def kept_joiner(text: str, at: int) -> bool:
    """True when the ZWNJ or ZWJ at ``at`` in ``text`` is one ``clean`` keeps (``_joiner``):
    part of how the text is drawn (👩‍💻, Persian "می‌خواهم", Devanagari "क्‍ष"), not a hidden
    character between two others."""
    if text[at] not in (_ZWNJ, _ZWJ) or (at and text[at - 1] in (_ZWNJ, _ZWJ)):
        return False
    m = _JOINERS.match(text, at)
    return m is not None and _joiner(m) == text[at]


def quoted(text: str) -> str:
    """``repr(text)``, but a ZWJ or ZWNJ that is part of how the text is drawn
    (``kept_joiner``: 👩‍💻, Persian's "می‌خواهم") shown as drawn, not as ``\\u200d``: a post
    quoted in a one-line answer (``explain``) reads as its writer wrote it, and every other
    character that does not print is escaped as ``repr`` escapes it."""
    if text.isprintable() or not (_ZWJ in text or _ZWNJ in text):
        return repr(text)
    out = []
    for i, ch in enumerate(text):
        if ch.isprintable():
            out.append("\\'" if ch == "'" else "\\\\" if ch == "\\" else ch)
        else:
            out.append(ch if kept_joiner(text, i) else repr(ch)[1:-1])
    return "'" + "".join(out) + "'"


def quoted_cut(text: str, limit: int = 40) -> str:
    """``quoted`` of at most ``limit`` characters of ``text``, for a value named in a one-line
    error: cut first, between user-perceived characters (``grapheme_cut``), then quoted, so
    the cut never splits an escape nor an emoji sequence and the quote is always closed; "…"
    after the quote says the value went on."""
    if len(text) <= limit:
        return quoted(text)
    return quoted(text[:grapheme_cut(text, limit)]) + "…"


def _joiner(m: re.Match[str]) -> str:
    """A run of ZWNJ / ZWJ in ``clean``: one kept where it joins two emoji (a ZWJ) or changes
    how two letters of a script that needs it are drawn (its first), the rest dropped;
    anywhere else it draws nothing and hides a word, or bits, from a reader ("ha\u200dcked",
    a choice of ZWNJ, ZWJ or none between every two letters of a Hindi post)."""
    text, start, end = m.string, m.start(), m.end()
    run = m.group()
    if _ZWJ in run and _EMOJI_AFTER.match(text, end) \
            and _EMOJI_BEFORE.search(text[max(0, start - 2):start]):
        return _ZWJ
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not (before and _SHAPING_BEFORE.search(before)):
        return ""
    letter_after = bool(after and _SHAPING_AFTER.match(after))
    if _CURSIVE.match(before):
        i = start - 1
        # past marks, and past a joiner before them (Join_Causing itself, but judged on its
        # own and maybe dropped: counted here, a second clean read the letter before it), at
        # most _GRAPHEME_BACK of them: no letter carries more, and a walk to the text's start
        # for each joiner made a run of mark, ZWNJ, mark, ... quadratic (8,000 characters of
        # it, a post, took clean 10 s). Past that many it is dropped: it draws nothing a
        # reader would miss, and a second clean, finding fewer joiners to walk past, decides
        # every joiner kept the first time the same way
        stop = i - _GRAPHEME_BACK
        while i >= 0 and (_TRANSPARENT.match(text[i]) or text[i] in (_ZWNJ, _ZWJ)):
            if i == stop:
                return ""
            i -= 1
        joins = (i >= 0 and _JOINS_NEXT.match(text[i]) is not None,
                 letter_after and _JOINS_PREVIOUS.match(after) is not None)
        drawn = all(joins) if run[0] == _ZWNJ else joins[0] != joins[1]
        return run[0] if letter_after and drawn else ""
    if unicodedata.combining(before) == 9:
        # Malayalam's chillu letters spelt the old way end a word with NA, VIRAMA, ZWJ
        return run[0] if letter_after or run[0] == _ZWJ else ""
    return run[0] if letter_after and unicodedata.combining(after) == 9 else ""


# A run of lines that draw nothing, to one blank line: bare line breaks, and lines of nothing
# but spaces, tabs, braille blanks (U+2800) or soft hyphens, which a post repeats 5,000 times
# to draw a card of 1,500 empty lines ("a" + " \n" * 5,000 + "b" kept them all). The line's
# own words and the spaces before them (an indented line after the run) are kept.
_NOTHING = r"(?:[^\S\n]|[\u00ad\u2800])*+"
_BLANKS = re.compile(rf"\n(?:{_NOTHING}\n){{2,}}")
# ... and a run of them inside one line: one line of 5,000 braille blanks, no-break, em or
# ideographic spaces, each drawn as wide as a letter where a browser lets only the ASCII space
# hang at a row's end, wrapped into a hundred empty rows between two words. Its first
# MAX_BLANK_RUN are kept (a braille picture's blank row, an indented line); a run of spaces and
# tabs alone is left whole (code and ASCII art indent with them, and they hang). The variation
# selector ``clean`` keeps after each blank draws nothing either, and parted the run into runs
# of one: it is part of the run
MAX_BLANK_RUN = 40
_BLANK_RUN = re.compile(rf"(?:[^\S\n]|[\u00ad\u2800{_VS_SET}]){{{MAX_BLANK_RUN + 1},}}")


def _blank_run_cut(m: re.Match[str]) -> str:
    run = m.group()
    return run if run.isascii() else run[:MAX_BLANK_RUN]
# Scripts that name a language: Chinese characters, and the kana that make them Japanese.
# Links and @handles in a post, as pattern pieces for the scanners that take them out (language
# detection, the model's features). Each is linear in the post's length: a domain starts only
# where a run of name characters starts (not after a letter, a hyphen or a letter's dot) and its
# runs are possessive, so "a-a-a-..." or "x.x.x...." cannot make the engine retry from every
# position (20,000 such characters took 8 s with ``\b[\w-]+``, 6 ms now).
LINK = r"(?:https?://|www\.)\S+"
_NAME_DOT = r"(?<![\w-])(?<!\w\.)[\w-]++(?:\.[\w-]++)*\."  # a domain but its top level
DOMAIN = _NAME_DOT + "[a-z]{2,12}"  # bit.ly, acme.co.uk
HANDLE = r"(?<![\w@])@\w[\w.]*"
_O_AND_L = str.maketrans("01", "ol")
# A text that reads as an address, to a reader: any script's top-level domain ("сбербанк.рф"),
# or one with a zero or a one for its o or l ("paypal.c0m", "acme.0rg": a reader sees .com)
_SITE = re.compile(f"{LINK}|{_NAME_DOT}(?:[^\\W\\d_]{{2,24}}|[^\\W\\d_]{{1,5}}[01][^\\W\\d_]{{0,5}}"
                   f"(?![\\w-])|[01][^\\W\\d_]{{1,5}}(?![\\w-]))", re.IGNORECASE)
# What browsers take for a dot in a host name (UTS #46 maps them to "."): "paypal。com"; and
# what a reader takes for one, the confusables.txt prototypes of "." that NFKC leaves and
# that sit on the line as it does (Lisu's tone mark ꓸ, the Arabic-Indic zeros ٠ ۰, Syriac's,
# Vai's and Kharoshthi's full stops): "acmeꓸcom" linking to evil.example is a spoof, as is
# "🅰🅲🅼🅴.com". The zeros only outside a number (``_ZERO_DOT``): in "١٤٤٠هـ" (a Hijri year),
# "۱۰تا" or "١٠دولار" the zero is a digit, and read as a dot it made "١٤٤.هـ" a site
_DOTS = str.maketrans(dict.fromkeys(
    "\u3002\uff0e\uff61\ua4f8\u0701\u0702\ua60e\U00010a50", ".")
    # and fancy text's negative circled and squared letters (🅐, 🅰), which NFKC leaves
    | {chr(first + i): chr(ord("a") + i) for first in (0x1F150, 0x1F170) for i in range(26)})
# a zero with no Arabic-Indic digit beside it (either set: Persian and Urdu write ۰, Arabic
# ٠); an ASCII one beside it makes no number ("web3٠com" is a spoof)
_ZERO_DOT = re.compile("(?<![\u0660-\u0669\u06f0-\u06f9])[\u0660\u06f0]"
                       "(?![\u0660-\u0669\u06f0-\u06f9])")
# The ideographic full stop (NFKC's for the halfwidth one) before Chinese, Japanese or
# Korean ends a sentence, as those write it, the next one with no space: "晴れ。明日は雨" names
# no site ending ".明日は雨"; before anything else it is the dot a browser reads ("paypal。com")
_CJK_STOP = re.compile("\u3002(?=[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
                       "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])")


# What a reader takes for the dot of "paypal.com" that no browser does, between a name and
# an ASCII letter or digit (the top level a reader expects): the middle dots (Latin, Greek,
# katakana's, halfwidth, and the other scripts' below), the bullet, the one-dot leader and
# hyphenation point, the bullet and dot operators, the word separator middle dot, the Urdu
# full stop. Catalan's l·l (col·legi)
# is a letter's dot; one before a space or another script ("Acme · Support", "アクメ・サポート")
# sets words apart and stays.
_DOT_LIKE = ("\u00b7\u0387\u06d4\u2022\u2024\u2027\u2219\u22c5\u2e31\u30fb\uff65"
             # and the rest of confusables.txt's middle dots: the sinological dot, the runic
             # single punctuation, Canadian syllabics' final middle dot, the Aegean word
             # separator dot; the raised dot and the Z notation spot
             "\ua78f\u16eb\u1427\U00010101\u2e33\u2981")
_LOOKS_LIKE_DOT = re.compile(f"(?<![lL])[{_DOT_LIKE}](?=[A-Za-z0-9])|"
                             f"[{_DOT_LIKE}](?=[A-KM-Za-km-z0-9])")
# what a reader does not see beside a dot: a space narrower than a letter (three-per-em to
# hair, the narrow no-break and medium mathematical ones), a braille or Hangul blank, a
# combining mark with no letter of its own to sit on ("paypal\u200a.com" reads "paypal.com").
# A space as wide as a plain one (no-break, en, em, ideographic) is seen: "Hello. World" and
# "Dr.\u00a0Smith" name no site
_UNSEEN_SPACE = r"\p{M}\u2004-\u200a\u202f\u205f\u2800\u3164\uffa0\u115f\u1160"
# each run tried once, from its start (a run of 20,000 tried from each of its characters was
# quadratic)
_BESIDE_DOT = regex.compile(f"(?<![{_UNSEEN_SPACE}])[{_UNSEEN_SPACE}]++(?=\\.)|"
                            f"(?<=\\.)[{_UNSEEN_SPACE}]++")


# the soft hyphen and every variation selector ``clean`` keeps (``_VS``: Mongolian's free
# variation selectors too, which a list of U+FE00-FE0F and U+E0100 on left out)
_UNSEEN = dict.fromkeys([0x00AD, *(cp for lo, hi in _VS for cp in range(lo, hi + 1))])


def names_another_site(label: str, url: str | None, *, verified: Iterable[str] = ()) -> bool:
    """Whether ``label`` names a site other than the one ``url`` opens: an RSS author called
    ``https://acme.com/login`` whose link goes to ``evil.example``. Such a label must not be
    the clickable text of that link (renderers show it unlinked, or relabel a link button).
    A label naming the target's own site, or a site the target is a subdomain of, is fine
    (``@bob@mastodon.social`` linking to ``https://mastodon.social/@bob``), and so are the
    ``verified`` names: a Bluesky handle is a domain its owner proved to the network, and
    its profile link is built by the parser, not taken from the post."""
    if not url:
        return False
    target = _host(url)
    # what a reader does not see is not there: a soft hyphen (which ``clean`` keeps, for
    # the line breaks it offers) or a variation selector inside "acme\u00ad.com" kept the
    # name from being read as a site, and the link read "acme.com" while it opened another
    shown = clean(label)
    if not shown.isascii():
        shown = _BESIDE_DOT.sub("", _LOOKS_LIKE_DOT.sub(".", shown))
    shown = unicodedata.normalize("NFKC", shown).translate(_UNSEEN)
    if "\u3002" in shown:
        shown = _CJK_STOP.sub(" ", shown)
    shown = shown.translate(_DOTS)
    if "\u0660" in shown or "\u06f0" in shown:
        shown = _ZERO_DOT.sub(".", shown)
    for name in verified:
        shown = shown.replace(name, " ")
    for m in _SITE.finditer(shown):
        named = _host(m.group(0).rstrip(".,;:!?)]}>'\""))
        head, dot, top = named.rpartition(".")
        if dot and not top.isalpha():  # "paypal.c0m" names paypal.com, as a reader reads it
            named = f"{head}.{top.translate(_O_AND_L)}"
        if not named or not (target == named or target.endswith("." + named)):
            return True
    return False


def has_userinfo(netloc: str) -> bool:
    """Whether an address's authority (``urlsplit``'s ``netloc``) holds a user name or a
    password: ``https://www.acme.com@evil.example/`` reads as acme.com and opens
    evil.example, and ``https://admin:pw@host/`` shows its password to whoever reads it.
    RFC 9110, 4.2.4: a recipient of an http(s) URI from an untrusted source "SHOULD parse for
    userinfo and treat its presence as an error; it is likely being used to obscure the
    authority for the sake of phishing attacks". So no renderer links one. No network
    addresses a post or a profile so (a Mastodon handle's ``@`` is in the path)."""
    return "@" in netloc


def _host(text: str) -> str:
    """The host an address names, lower case, without a leading ``www.``: the one a browser
    opens. Browsers read a backslash in an http(s) address as a slash (WHATWG URL), so
    ``https://evil.example\\@acme.com/`` opens evil.example, where ``urlsplit`` reads the
    backslash as part of a user name and answers acme.com."""
    text = text.replace("\\", "/")
    try:
        host = urlsplit(text if "://" in text else "//" + text).hostname or ""
    except ValueError:
        return text.lower()
    return host.removeprefix("www.")


HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
KANA = re.compile("[\u3040-\u30ff\uff66-\uff9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})
# Letters and symbols that draw nothing (Hangul fillers, the braille blank, the Mongolian vowel
# separator, the combining grapheme joiner): a text made of them looks empty but is not "space".
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")

# Spaces, separators, controls, format characters (zero-width, bidi, tags), lone surrogates and
# non-spacing marks. Private-use and unassigned characters draw a glyph or a box, so they count.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Me"})

MAX_TEXT = 20_000  # what we keep of one post; renderers cut far shorter

# The lines a normaliser adds after a post's own words from the fields beside them (Mastodon's
# poll options, ``Poll: a / b``, and each attachment's description, ``Image description: ...``):
# rules read them, but they are no words a copy of the post on another network shares.
POLL_LINE = "Poll: "
DESCRIBED = {"image": "Image", "gifv": "GIF", "video": "Video", "audio": "Audio"}
_BESIDE = re.compile("(?:Poll|(?:Image|GIF|Video|Audio|Attachment) description): ")


def own_words(text: str) -> str:
    """``text`` without the lines a normaliser added after it (``POLL_LINE``, a description),
    the words its author wrote: what the same person's copy elsewhere says too."""
    if "description: " not in text and POLL_LINE not in text:
        return text  # most posts: no line to look at
    lines = text.split("\n")
    while lines and _BESIDE.match(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def ascii_digits(text: str, most: int = 30) -> bool:
    """``text`` is 1 to ``most`` ASCII digits, what ``int()`` takes as a number without a
    surprise: ``str.isdigit`` is also true of "²" and "①", which ``int()`` refuses, and of
    other scripts' digits, and ``int()`` refuses more than 4,300 digits."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def decode_file(data: bytes, *, errors: str = "strict") -> str:
    """A text file a person made, as text: UTF-8, its byte order mark (Windows editors and a
    spreadsheet's "CSV UTF-8" write one) not part of the first line, or UTF-16 by its byte order
    mark (Excel's "Unicode Text" and Windows PowerShell's ``>`` write it). ``errors`` as for
    ``bytes.decode``: "strict" raises UnicodeDecodeError for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors=errors)  # the mark says which order, and is dropped
    return data.decode("utf-8-sig", errors=errors)


def scrub(text: str) -> str:
    """Lone surrogates to U+FFFD, U+2028/U+2029 to newlines, runs of combining marks cut to
    ``MAX_MARKS``; everything else kept."""
    if text.isascii():
        return text
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return cap_marks(text).translate(_SEPARATORS)


def scrub_field(text: str) -> str:
    """``scrub`` of one field of a record (a mention's text, a name, a URL, a string of its
    kept payload), cut to ``MAX_TEXT`` characters and ``…``: normalisers cut what they show,
    but a 10 MB string anywhere else in a post (a display name, a profile URL, a field the
    network does not define) was stored whole with every signal. A URL cut this way is
    longer than any renderer links, so it is shown unlinked, never linked to a wrong page."""
    if text.isascii() and len(text) <= MAX_TEXT:
        return text  # most fields: nothing to scrub or cut (six to nine a mention it reads)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return scrub(text)


# Unicode's stream-safe text format (UAX #15) bounds a run of combining marks at 30. Longer runs
# ("zalgo" text) only stack marks no reader can tell apart, and every Unicode normalisation of
# them costs time quadratic in the run's length (CPython sorts a run's marks by insertion):
# 80,000 marks on one letter took 2.8 s to fold.
# A text shorter than MARKS_CHECKED is not searched (most posts): its worst run costs 50 µs.
MAX_MARKS = 30
MARKS_CHECKED = 256
_MARK_RUN = regex.compile(rf"\p{{M}}{{{MAX_MARKS + 1},}}")


# What is shown of a run: no script stacks more than about six non-spacing or enclosing marks
# on one letter (a Hebrew letter pointed and cantillated, a Tibetan stack); the stream-safe 30
# kept above draw a tower over the lines above and below ("zalgo"), in a card over its own
# header and fields. ``clean`` (everything a renderer shows) keeps the first SHOWN_MARKS; what
# a network gives is stored with the 30 (``clean(..., shown=False)``: the normalisers).
SHOWN_MARKS = 8
_STACK_RUN = regex.compile(rf"[\p{{Mn}}\p{{Me}}]{{{SHOWN_MARKS + 1},}}")


def marks_cut(text: str) -> int:
    """How many combining marks ``as_shown`` leaves out of ``text`` past the ``SHOWN_MARKS``
    it keeps on one letter (what a draft's author is told), counted as it cuts them: after
    the invisible characters are dropped (``hidden`` counts those), so a run of marks and
    joiners (U+034F) or variation selectors, non-spacing marks themselves, is not said
    twice, and two runs a zero-width space parted are one."""
    if text.isascii():
        return 0

    def shown(t: str) -> int:
        return sum(1 for ch in t if unicodedata.category(ch) in ("Mn", "Me")
                   and not _invisible(ch))

    return max(shown(text) - shown(as_shown(text)), 0)


def cap_marks(text: str) -> str:
    """``text`` with every run of more than ``MAX_MARKS`` combining marks cut to its first
    ``MAX_MARKS``."""
    if len(text) < MARKS_CHECKED or text.isascii() or not _MARK_RUN.search(text):
        return text
    return _MARK_RUN.sub(lambda m: m.group()[:MAX_MARKS], text)


MAX_DEPTH = 32  # of a kept payload: deeper nesting is cut (a real payload nests a handful)
MAX_ITEMS = 1_000  # of one list or object of a kept payload: the rest is cut (real: dozens)


def scrub_deep(value: Any, depth: int = 0) -> Any:
    """``scrub_field`` every string in a JSON-like value (a payload kept as ``raw``), keys
    included; a list or object nested deeper than ``MAX_DEPTH`` becomes ``"…"``, so a hostile
    payload cannot exhaust the stack here or in any serialiser after it, and one of more than
    ``MAX_ITEMS`` items keeps its first ``MAX_ITEMS`` (a field the network does not define
    holding two million numbers was stored with every signal)."""
    if isinstance(value, str):
        return scrub_field(value)
    if isinstance(value, dict | list | tuple) and depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, dict):
        pairs = value.items() if len(value) <= MAX_ITEMS else islice(value.items(), MAX_ITEMS)
        return {scrub_deep(k): scrub_deep(v, depth + 1) for k, v in pairs}
    if isinstance(value, list | tuple):
        return [scrub_deep(v, depth + 1) for v in value[:MAX_ITEMS]]
    return value


FSI, PDI = "\u2068", "\u2069"  # first strong isolate, pop directional isolate


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolated(shown: str) -> str:
    """A name as shown (already ``clean``: no bidi control left inside it) between FSI and PDI
    when it holds a right-to-left letter: an Arabic or Hebrew author's name takes the neutral
    characters and digits beside it into its own run, and one that starts a line turns the
    line right to left, so "@محمد · Mastodon" read "Mastodon · @محمد" and "T-1: @שרה 2 on X"
    moved the card's own words. Isolated, the name is laid out on its own and the card's text
    around it keeps its order. A name with no right-to-left letter cannot reorder the card's
    left-to-right text and is left as it is."""
    return f"{FSI}{shown}{PDI}" if shown and _right_to_left(shown) else shown


# Where a name to isolate starts and ends in a line a renderer is still to clean, escape and
# cut (``marked``): two noncharacters, which every step keeps as they are (one character each,
# no escape, no markup, a grapheme of their own) and which ``isolates`` turns into FSI ... PDI
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_NOT_OURS = str.maketrans({_OPEN: "\ufffd", _CLOSE: "\ufffd"})


def marked(line: str, name: str) -> str:
    """``line`` (a card's title, raw) with the first whole ``name`` in it (its author, as the
    title holds it) between markers when the name holds a right-to-left letter, for the
    renderer to clean, escape and cut as it would the line, then to give to ``isolates``.

    The name is found here, before any escaping, not in the escaped line: escaped alone it is
    not always escaped as it is inside the line (Discord escapes a "+" starting a line, Slack
    a ">"), and a name starting so was not found and not isolated. Markers a network sent
    (any text holding these two noncharacters) become U+FFFD, so only ours are turned."""
    line, name = line.translate(_NOT_OURS), name.translate(_NOT_OURS)
    at = line.find(name) if name and _right_to_left(name) else -1
    if at < 0:
        return line
    return f"{line[:at]}{_OPEN}{name}{_CLOSE}{line[at + len(name):]}"


def right_to_left_names(names: Iterable[str]) -> tuple[str, ...]:
    """Those of ``names`` holding a right-to-left letter (the ones ``marked_names`` marks):
    a card keeps only them, so most cards carry none."""
    return tuple(n for n in names if n and _right_to_left(n))


def marked_names(line: str, names: Iterable[str]) -> str:
    """``marked`` for a line naming several people (a spike's "@kasia 11, @محمد 5, @שרה 3"):
    every occurrence of each of ``names`` holding a right-to-left letter between
    markers, the longest name first so a name inside another is not marked inside it. Any
    marker already in the line or a name (a network's text) becomes U+FFFD, as ``marked``
    makes it."""
    line = line.translate(_NOT_OURS)
    # bounded work (a hand-damaged queued card could name thousands of names of 10,000
    # characters: one alternation of them over a long line cost seconds): the first
    # ``MARKED_NAMES`` names of at most ``MARKED_NAME`` characters, in the line's first
    # ``MARKED_SPAN`` characters (more than any field or answer shows); the rest is left
    # unmarked
    rtl = sorted({n.translate(_NOT_OURS) for n in list(names)[:MARKED_NAMES]
                  if n and len(n) <= MARKED_NAME and _right_to_left(n)},
                 key=len, reverse=True)
    if not rtl:
        return line
    pattern = re.compile("|".join(re.escape(n) for n in rtl))
    head, rest = line[:MARKED_SPAN], line[MARKED_SPAN:]
    return pattern.sub(lambda m: f"{_OPEN}{m.group()}{_CLOSE}", head) + rest


# an "@handle" holding a right-to-left letter, not already marked (``marked_names``)
_RTL_HANDLE = regex.compile(rf"(?<!{_OPEN}){HANDLE}")


def marked_handles(text: str) -> str:
    """``text`` (an answer: a ticket list's "T-3 by @محمد on Mastodon", ``status``'s and
    ``drafts``' "In reply to @שרה: …", ``why``'s "• @محمد is one of …") with every "@handle"
    holding a right-to-left letter between markers, as ``marked_names`` marks the names an
    answer carries: first on its line such a handle turned the line right to left, the
    answer's words after it. One pass over the text, whatever its length (no list of names
    to try at each place). The handle, copied, is still the handle: the FSI and PDI these
    become are outside it, and a command's ``clean`` drops them."""
    return _marked_handles(text.translate(_NOT_OURS))


def marked_answer(text: str, names: Iterable[str]) -> str:
    """An answer as its renderer is given it (``Reply.marked``): the ``names`` it carries
    marked (``marked_names``), then every other right-to-left "@handle" (``marked_handles``)."""
    return _marked_handles(marked_names(text, names))


def _marked_handles(text: str) -> str:
    """``marked_handles`` of a text whose markers are all ours."""
    if text.isascii():
        return text
    return _RTL_HANDLE.sub(
        lambda m: f"{_OPEN}{m.group()}{_CLOSE}" if _right_to_left(m.group()) else m.group(),
        text)


MARKED_NAMES = 10  # a spike card names 3 authors, a group card's lines 10
MARKED_NAME = 100  # characters: a card cuts a name at 60
# characters: as far as any answer shows (``ANSWER_SHOWN``; Slack shows 10,000 of one, a
# Discord description 4,096). 4,000 (a field's) left a preview's samples unisolated once its
# filter line pushed them past it; ten names over 12,000 characters is one regex pass
MARKED_SPAN = 12_000


def isolates(shown: str) -> str:
    """A ``marked`` line as its renderer made it, the markers turned into FSI ... PDI: an
    isolate whose end the renderer's cut left out is closed at the end of the line (the name
    was cut there: an open isolate would take in whatever Slack or Discord shows after the
    text), and one left empty is dropped. Each marker counted one character in the
    renderer's cut, as FSI and PDI do; one more is needed only for a PDI added here."""
    if _OPEN not in shown and _CLOSE not in shown:
        return shown
    out = shown.replace(_OPEN, FSI).replace(_CLOSE, PDI)
    if out.count(FSI) > out.count(PDI):
        out += PDI
    return out.replace(FSI + PDI, "")


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing: only spaces, separators, controls, format and
    invisible characters, combining marks without a base, or letters that draw nothing; and
    whatever ``clean`` drops (an unassigned ignorable such as U+FFF0 is category Cn, which
    draws a box where it is assigned, but ``clean`` leaves nothing of it)."""
    for ch in text:
        if ch in _BLANK_LOOKING or _UNSAFE.match(ch):
            continue
        if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            return False
    return True


def clean_whole(text: str) -> str:
    """``clean`` without its cut to a post's ``MAX_TEXT``: a draft, which is published whole
    and must be measured whole."""
    return clean(text, limit=max(MAX_TEXT, len(text)))


def clean(text: str, *, limit: int = MAX_TEXT, shown: bool = True) -> str:
    """Drop control and invisible characters (tag characters too, but those of the
    ``DRAWN_FLAGS``, a variation selector but the first after a drawn character, and a ZWNJ
    or ZWJ but one joining two emoji or two letters of a script spelt with it: ``_joiner``),
    normalise newlines and separators, replace broken UTF-16, cut a stack of marks on one
    letter to ``SHOWN_MARKS`` (``shown``; else to scrub's ``MAX_MARKS``, as a network's text
    is stored) and a run of blanks in a line to ``MAX_BLANK_RUN`` (``shown`` too), bound the
    size.

    Reads at most ``clean_read(limit)`` characters of ``text``: the rest could never be kept,
    and cleaning all of a 10 MB text before cutting it took seconds of the event loop's CPU
    (a post, a name, a slash command's text); a text read in part is marked as cut."""
    read = clean_read(limit)
    if len(text) <= read:
        return _clean(text, limit=limit, shown=shown, blank_runs=shown)
    return _read_cut(_clean(text[:read], limit=read, shown=shown, blank_runs=shown), limit)


def clean_read(limit: int) -> int:
    """How much of a text ``clean`` reads to keep ``limit`` characters: four for each, and a
    margin. What it drops is invisible, so a text it keeps less than a fourth of was mostly
    hidden characters, and is cut for that, as it is for its length."""
    return 4 * limit + 256


def _read_cut(head: str, limit: int) -> str:
    """``head``, the cleaned start of a longer text, within ``limit`` and ending in the "…"
    of a cut: a head shorter than ``limit`` (the text read was mostly invisible) is marked
    too, not shown as if it were the whole text."""
    if len(head) > limit:
        return truncate(head, limit)
    if len(head) == limit:
        return truncate(head, limit - 1)
    return cut_end(head) + "…"


def _clean(text: str, *, limit: int, shown: bool, blank_runs: bool) -> str:
    """``clean``; ``blank_runs``: cut runs of blanks (``MAX_BLANK_RUN``)."""
    if text.isascii() and text.isprintable():
        # most posts: no control character, separator, surrogate or newline, so only the
        # strip and the bound apply (the same result as below, at a third of the cost)
        return truncate(text.strip(), limit)
    text = scrub(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _UNSAFE.sub("", text)
    top = max(text, default=" ")
    if top >= "\U000E0000":
        text = _TAGS.sub(lambda m: m.group(1) or "", text)
    if top >= "\u180b":
        text = _VARIATIONS.sub(lambda m: m.group(1) or "", text)
    if _ZWNJ in text or _ZWJ in text:
        text = _JOINERS.sub(_joiner, text)
    # scrub cut each run of marks, but an invisible character between marks parted the runs:
    # once it is dropped they are one ('e' and (mark, zero-width space) 300 times kept 300
    # marks, a tower over the line, and a second clean cut them)
    text = cap_marks(text)
    if shown and not text.isascii():
        text = _STACK_RUN.sub(lambda m: m.group()[:SHOWN_MARKS], text)
    if blank_runs and not text.isascii():
        text = _BLANK_RUN.sub(_blank_run_cut, text)
    text = _BLANKS.sub("\n\n", text).strip()
    return truncate(text, limit)


def as_shown(text: str) -> str:
    """A person's own text that is shown and then sent on as it is (a draft, published once
    approved): ``clean`` without its size bound. A renderer can only show what ``clean``
    keeps, so keeping the rest would publish characters nobody approving could see (a bidi
    override, tag characters carrying text only a machine reads, a zero-width space); a flag
    other than ``DRAWN_FLAGS`` is published as the black flag the card shows."""
    return clean(text, limit=max(MAX_TEXT, len(text)))


def blanks_cut(text: str) -> int:
    """How many characters of ``text`` ``as_shown`` leaves out of its runs of blanks past the
    ``MAX_BLANK_RUN`` it keeps of each (what a draft's author is told). A run on a line of
    its own that ``clean`` makes part of a blank line counts nothing: that line was never
    shown."""
    if text.isascii():
        return 0
    whole = max(MAX_TEXT, len(text))
    return len(_clean(text, limit=whole, shown=True, blank_runs=False)) - len(as_shown(text))


def hidden(text: str) -> int:
    """How many characters of ``text`` ``as_shown`` leaves out as invisible (controls,
    zero-width, bidi and tag characters, variation selectors; not line endings, blank lines
    or outer spaces)."""
    def count(t: str) -> int:
        return sum(1 for ch in t if ch != "\r" and _invisible(ch))

    return count(scrub(text)) - count(as_shown(text))


def _invisible(ch: str) -> bool:
    """``ch`` is one of the characters ``hidden`` counts (some kept: a ZWJ in an emoji)."""
    return (_UNSAFE.match(ch) is not None or ch in (_ZWNJ, _ZWJ)
            or _TAG[0] <= ord(ch) <= _TAG[1] or any(lo <= ord(ch) <= hi for lo, hi in _VS))


def normalise(mention: Mention) -> Mention:
    """``mention`` with its text cleaned (``clean``, its marks as stored): what the pipeline
    routes, and what every tool that explains routing must route too."""
    text = clean(mention.text, shown=False)
    if text == mention.text:
        return mention
    return mention.model_copy(update={"text": text})


# A user-perceived character (UAX #29 extended grapheme cluster): a flag's two letters, an emoji
# with its modifier, selector and joined emoji (👍🏽, 👩‍💻, 🏳️‍🌈), a letter with its marks, a
# Hangul syllable's jamo. A cut between two never shows half of one.
_GRAPHEME = regex.compile(r"\X")
_GRAPHEME_BACK = 32  # how far back a cut first looks for the start of the character it would split


_GRAPHEME_WINDOW = 64  # characters ``grapheme_spans`` gives ``\X`` at a time


def grapheme_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each user-perceived character of ``text`` starts and ends, in time linear in the
    text. The regex module's ``\\X`` looks back to the start of a run of flag letters
    (regional indicators) for each one it reads, quadratic in the run (20,000 flag letters:
    0.84 s, 40,000: 3.4 s), so the text is read ``_GRAPHEME_WINDOW`` characters at a time, each
    window a text of its own starting at a boundary: UAX #29 looks back no further than the
    start of the character it is in, and forward one character, so every character of a
    window but its last is the one the whole text holds. The last is read again as the next
    window's first; a character longer than the window widens it."""
    at = 0
    window = _GRAPHEME_WINDOW
    while at < len(text):
        whole = at + window >= len(text)
        found = [m.span() for m in _GRAPHEME.finditer(text[at:at + window])]
        if not whole and len(found) < 2:
            window *= 2  # one character longer than the window: read it whole
            continue
        for start, end in found if whole else found[:-1]:
            yield from _conjunct_spans(text, at + start, at + end)
        at += found[-1][1] if whole else found[-1][0]
        window = _GRAPHEME_WINDOW


# UAX #29 rule GB9c (Indic conjuncts): a consonant joins the character before it only after
# Consonant [Extend|Linker]* Linker [Extend|Linker]*. The regex module's \X (2026.12) joins it
# after any virama (a Linker): a virama after a vowel sign, a Latin letter or a space (a typo,
# a broken font's copy) made one character of two, where ICU (Intl.Segmenter, Bluesky's PDS
# counting a post's 300) makes two.
_INCB_CONSONANT = regex.compile(r"\p{InCB=Consonant}")
_INCB_LINKER = regex.compile(r"\p{InCB=Linker}")
_INCB_EXTEND = regex.compile(r"\p{InCB=Extend}")
_PREPEND = regex.compile(r"\p{GCB=Prepend}")  # GB9b: joins whatever follows it


def _conjunct_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span ``\\X`` found, split before each consonant GB9c does not join to it."""
    if end - start < 2 or not _INCB_LINKER.search(text, start, end):
        yield start, end  # no virama, no conjunct: most text
        return
    consonant = linked = False  # within Consonant [Extend|Linker]*, and a Linker seen in it
    for i in range(start, end):
        c = text[i]
        if (_INCB_CONSONANT.match(c) and i > start and not (consonant and linked)
                and not _PREPEND.match(text[i - 1])):
            yield start, i
            start = i
        if _INCB_CONSONANT.match(c):
            consonant, linked = True, False
        elif _INCB_LINKER.match(c):
            linked = consonant
        elif not _INCB_EXTEND.match(c):
            consonant = linked = False
    yield start, end


def graphemes(text: str) -> int:
    """User-perceived characters in ``text``: extended grapheme clusters (UAX #29, with Indic
    conjuncts, flags, keycaps and emoji ZWJ sequences as one each), as Bluesky and Mastodon
    count a post's length; in time linear in the text (``grapheme_spans``)."""
    return sum(1 for _ in grapheme_spans(text))


def grapheme_cut(text: str, at: int) -> int:
    """The last boundary between user-perceived characters at or before ``at`` (``at`` itself
    when ``text`` splits there cleanly): ``text[:grapheme_cut(text, n)]`` never ends in half a
    flag, half an emoji sequence or a letter without its marks, however long that character.

    It reads ``_GRAPHEME_BACK`` characters back first, and twice as far each time the
    character ``at`` falls in began before what it read (an emoji sequence of 20 joined
    emoji is 39 characters; with a fixed look-back it was cut inside): a cut costs time
    linear in that character's length, never in the text's, and never quadratic."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    if text[at - 1] < "\u0300" and text[at] < "\u0300" and text[at - 1] != "\r":
        return at  # below the combining marks nothing extends, joins or prepends (most text)
    back = _GRAPHEME_BACK
    while True:
        # \X reads the text before ``start`` as context (a flag's second letter is one), so
        # every character after the first it finds is whole
        start = max(0, at - back)
        for m in _GRAPHEME.finditer(text, start, min(len(text), at + 1)):
            if m.end() > at:  # the character ``at`` falls in
                if m.start() > start or start == 0:
                    return m.start()
                break
        else:
            return at
        back *= 2


def cut_end(head: str) -> str:
    """The end of a cut text, before its "…": no trailing blanks, nor a joiner left joining
    nothing (kept, it would be one more hidden character, and ``clean`` would drop it)."""
    return head.rstrip().rstrip(_ZWNJ + _ZWJ).rstrip()


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cut to at most ``limit`` characters, on a word boundary when one is near, and never
    inside a user-perceived character (``grapheme_cut``); a joiner left at the cut, which
    would join nothing, goes with it."""
    if len(text) <= limit:
        return text
    cut = text[: grapheme_cut(text, max(0, limit - len(marker)))]
    if not text[len(cut)].isspace():  # mid-word: back up to the last space, if one is near
        space = cut.rfind(" ", max(0, len(cut) - 40))
        if space > 0:
            cut = cut[:space]
    return cut_end(cut) + marker


def utf16_len(text: str) -> int:
    """``text``'s length in UTF-16 code units (JavaScript's ``.length``): a character past
    U+FFFF (most emoji) counts 2, every other 1, so never less than ``len``. Slack does not say
    in which unit its Block Kit limits count (docs/slack.md, Safety and limits), so it is measured
    in this one, the larger: a text that fits in it fits whichever Slack uses."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_prefix(text: str, limit: int) -> str:
    """The longest start of ``text`` at most ``limit`` UTF-16 code units long (``utf16_len``)
    that does not split a user-perceived character (``grapheme_cut``)."""
    if len(text) <= limit // 2 or utf16_len(text) <= limit:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ch > "\uffff" else 1
        if used > limit:
            return text[: grapheme_cut(text, i)]
    return text


def whole_lines(text: str, limit: int, *, more: Callable[[int], str],
                size_of: Callable[[str], int] = len, unlisted: int = 0) -> str | None:
    """``text`` when it fits ``limit``; else as many of its first whole lines as fit with
    ``more(n)`` after them, ``n`` the lines left out (an answer listing rows loses its last
    rows, not half of one and the line counting the rest); None when not even the first line
    fits beside that note (the caller cuts it its own way). Sizes are ``size_of``'s
    (``utf16_len`` for Slack). ``unlisted``: lines after ``text`` that were counted, not built
    (``listing``), left out and counted with the rest."""
    if not unlisted and size_of(text) <= limit:
        return text
    lines = text.split("\n")
    total = len(lines) + unlisted
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + size_of(line) + 1 + size_of(more(max(1, total - len(kept) - 1))) > limit:
            break
        kept.append(line)
        size += size_of(line) + 1
    if not kept:
        return None
    return "\n".join([*kept, more(total - len(kept))])


# More of one answer than any chat shows: Slack's 10,000 across a message's blocks
# (integrations.slack.render.MAX_CARD_TEXT), Discord's 2,000 (CONTENT_LIMIT); a listing builds
# its lines up to this and counts the rest (tests/handlers/test_long_listings.py holds it to
# both)
ANSWER_SHOWN = 12_000


def listing(rows: Sequence[T], line: Callable[[T], str | None]) -> tuple[str, int]:
    """The lines ``line`` makes of the first ``rows`` (None: the row has none, such as a stored
    record that cannot be read) up to more than any chat shows of one answer
    (``ANSWER_SHOWN``, measured as the renderers measure, cleaned and in UTF-16 code units),
    and how many rows were left unbuilt: a list of 100,000 subscriptions costs what a chat
    shows of it, not megabytes built, cleaned and escaped on the event loop. Every line a chat
    could show is built, and one more, so the answer reads the same (``whole_lines`` counts
    the unbuilt rows with the lines it leaves out, a line each)."""
    built: list[str] = []
    size = 0
    done = 0  # rows read
    while done < len(rows) and size <= ANSWER_SHOWN:
        text = line(rows[done])
        done += 1
        if text is not None:
            built.append(text)
            size += utf16_len(clean(text, limit=max(MAX_TEXT, len(text)))) + 1
    return "\n".join(built), len(rows) - done


def flat(text: str) -> str:
    """``text`` cleaned (``clean``) on one line: every run of whitespace, line breaks included,
    one space, none at either end."""
    return " ".join(clean(text).split())


def one_line(text: str, limit: int) -> str:
    return truncate(flat(text), limit)


def at_handle(handle: str, limit: int = 100) -> str:
    """An author's handle on one line (``one_line``) after one "@": a handle the network
    sent with its own ("@kasia@mastodon.social", an RSS author "@bob") keeps it as it came,
    where "@" + handle showed "@@kasia@mastodon.social"; an empty one is "@"."""
    shown = one_line(handle, limit)
    return shown if shown.startswith("@") else f"@{shown}"


def shell_word(text: str) -> str:
    """``text`` as one word of a command pasted into bash or zsh, exactly (an id to retry):
    quoted as ``shlex.quote`` does when every character prints, else in ANSI-C quotes
    (``$'mastodon:1\\nx'``), every other character escaped, so a line break or an escape
    sequence in a network's id is named, not done to the terminal. A backtick is written
    ``\\x60`` the same way: a command is shown in a chat code span (``why``, the ops notice of a
    dead letter), which a backtick would end."""
    if text.isprintable() and "`" not in text:
        return shlex.quote(text)
    out = []
    for ch in text:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch.isprintable() and ch != "`":
            out.append(ch)
        elif ch in _C_ESCAPES:
            out.append(_C_ESCAPES[ch])
        else:
            n = ord(ch)
            out.append(f"\\x{n:02x}" if n < 0x80 else f"\\u{n:04x}" if n < 0x10000
                       else f"\\U{n:08x}")
    return "$'" + "".join(out) + "'"


_C_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def shown_id(item_id: str) -> str:
    """A network's id named in a line (an answer, a notice, a refusal): as it is when one line
    shows it so, else quoted for the shell (``shell_word``: a line break, a space at an end, an
    escape sequence), so it draws no line of its own and does not read as the id it looks
    like; one longer than 200 characters, one line, cut."""
    shown = one_line(item_id, 200)
    return shown if shown == item_id or len(item_id) > 200 else shell_word(item_id)


# The fullwidth grave accent: looks like a backtick, closes no code span, and folds (NFKC) back
# to one, so a query quoted with it matches what the typed one matches (``preview`` it again).
_BACKTICK = str.maketrans({"`": "\uff40"})


def code_span(text: str, limit: int = 600) -> str:
    """``text`` a person typed (a query, an id), quoted in a reply as a code span: one line
    (``one_line``), its backticks swapped for the fullwidth lookalike the Slack escaping uses
    (a backtick would end the span early, and a run of them would start a code block), cut.

    Only the span's edges are ours. Pings and markdown in the text are each renderer's to
    neutralise (a Slack reply is plain text, a Discord one escaped and sent with
    ``allowed_mentions`` parsing nothing), as for the rest of a reply."""
    return "`" + one_line(text, limit).translate(_BACKTICK) + "`"


# Combining marks that are accents on Latin/Greek/Cyrillic letters, Arabic harakat and Hebrew
# points. Marks of Thai, Indic and other scripts are vowels, not accents, so they stay.
_ACCENT_RANGES = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05C7),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
_DROP: dict[int, int | str | None] = {
    cp: None
    for lo, hi in _ACCENT_RANGES
    for cp in range(lo, hi + 1)
    if unicodedata.combining(chr(cp))
}
_DROP[0xFE0E] = None  # text / emoji presentation selectors: "❤" and "❤️" are one keyword
_DROP[0xFE0F] = None
_DROP[0x00AD] = None  # soft hyphen
_DROP[ord("ı")] = "i"  # Turkish dotless i: "istanbul" should find "ıstanbul" too
# letters with a stroke have no decomposition, so NFKD keeps them: "Łódź" finds "lodz"
_DROP.update({ord("ł"): "l", ord("đ"): "d", ord("ø"): "o", ord("ħ"): "h", ord("ŧ"): "t"})
_DROP[ord("’")] = "'"
_DROP[ord("ʼ")] = "'"
_DROP[0x0640] = None  # Arabic tatweel: stretches a word for looks ("مـــرحبا"), is no letter
# what ``clean`` drops beyond ASCII (a zero-width joiner hides a word: "ha\u200dcked"), so
# matching raw text agrees with matching cleaned text; and the ZWNJ / ZWJ it keeps, so
# "می‌خواهم" is found by a keyword typed without its ZWNJ
_DROP.update(dict.fromkeys(cp for lo, hi in (_C1, *_INVISIBLE, _TAG, *_VS)
                           for cp in range(lo, hi + 1)))

# Script classes used by the boundary policy.
SPACED = 0
UNSPACED = 1
HANGUL = 2

_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3031, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3134F),
)
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))


def script_class(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x0E00:
        return SPACED
    for lo, hi in _HANGUL_RANGES:
        if lo <= cp <= hi:
            return HANGUL
    for lo, hi in _UNSPACED_RANGES:
        if lo <= cp <= hi:
            return UNSPACED
    return SPACED


# Combining marks: they extend the grapheme cluster of the character before them.
_MARKS = frozenset({"Mn", "Mc", "Me"})

# A hyphen or slash between two word characters; matched on the joiner first, so the regex
# engine skips ahead to candidates instead of testing a lookbehind at every position.
_JOINER = re.compile("[-/\u2010\u2013](?<=\\w.)(?=\\w)")


def is_word_char(ch: str) -> bool:
    """A letter, digit, ``_`` or combining mark (a mark continues the word of its base)."""
    # an ASCII non-alphanumeric (a space, mostly) is answered without a category lookup
    return ch.isalnum() or ch == "_" or (not ch.isascii() and unicodedata.category(ch) in _MARKS)


def fold(text: str) -> str:
    """The matching form of ``text`` (see the module docstring)."""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", cap_marks(text)).casefold()
    text = unicodedata.normalize("NFKD", text)
    if "\u0306" in text:
        # Russian "й" is a letter of its own, not an accented "и" ("мой" is not "мои")
        text = text.replace("и\u0306", "й")
    text = text.translate(_DROP)
    return " ".join(unicodedata.normalize("NFC", text).split())


def match_form(folded: str, *, chinese: bool = True) -> str:
    """``folded`` as keywords are matched in: a hyphen or slash between two letters or digits
    becomes a space, Arabic's spelling variants are written one way (``arabic_spelling``), and
    a Traditional Chinese character its Simplified form (``simplified``; not with ``chinese``
    false: a matcher with no keyword holding a Han character skips the search for one). One
    character for one, so positions in it are positions in ``folded``."""
    # most posts have no joiner at all: substring scans cost less than one regex scan
    if "-" in folded or "/" in folded or (
        not folded.isascii() and ("\u2010" in folded or "\u2013" in folded)
    ):
        folded = _JOINER.sub(" ", folded)
    if folded.isascii():
        return folded
    if "\u0649" in folded or "\u0629" in folded or "\u064a\u0621" in folded:
        folded = arabic_spelling(folded)
    if not chinese or not _HAN.search(folded):
        return folded  # no Han character: most posts, at one test
    return simplified(folded)


# Arabic's everyday spelling variants, as Arabic search engines read them: alef maqsura as ya
# ("على", "علي"), ta marbuta as ha ("خدمة", "خدمه"), and a hamza after ya as the ya it is
# written on ("سيء", "سيئ", which ``fold`` makes "سيي"). The alef's hamzas and madda ("أسوأ",
# "اسوا") are ``fold``'s already. One character for one.
_ARABIC_SPELLING = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647"})


def arabic_spelling(folded: str) -> str:
    """``folded`` with Arabic's spelling variants written one way (``_ARABIC_SPELLING``)."""
    return folded.translate(_ARABIC_SPELLING).replace("\u064a\u0621", "\u064a\u064a")


# Han characters (the unified ideographs and their extensions; NFKC has made the compatibility
# ones unified)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


@functools.cache
def _t2s() -> dict[int, int]:
    """Traditional Chinese character -> its Simplified form (``bot.core.hanzi``), loaded by
    the first text holding a Han character."""
    from bot.core.hanzi import T2S

    return {ord(T2S[i]): ord(T2S[i + 1]) for i in range(0, len(T2S), 2)}


def simplified(text: str) -> str:
    """``text`` with each Traditional Chinese character written in its Simplified form ("有問題"
    -> "有问题"), so a keyword written in one finds a post written in the other. Character by
    character, never by phrase: a keyword then reads the same alone as in any post holding it
    (OpenCC's phrases would read 乾 as 干 alone, as 乾 in 乾隆), and a Japanese keyword as the
    Japanese post holding it ("後で" is "后で" in both). One character for one."""
    return text.translate(_t2s())


_UNSPACED_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _UNSPACED_RANGES)
_UNSPACED_GAP = re.compile(f"(?<=[{_UNSPACED_CLASS}]) (?=[{_UNSPACED_CLASS}])")


def joined(pattern: str) -> str:
    """``pattern`` (a keyword's) with each space between two characters of scripts written
    without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) taken out: the phrase
    "アプリ 落ちる" is also found written as its writers write it, "アプリ落ちる".
    Korean is written with spaces: its are kept. ``pattern`` itself when it has no such
    space."""
    if pattern.isascii() or " " not in pattern:
        return pattern
    return _UNSPACED_GAP.sub("", pattern)


# The emoji skin-tone modifiers (Fitzpatrick types 1-2 to 6)
_SKIN_TONE = re.compile("[\U0001F3FB-\U0001F3FF]")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")


def has_han(text: str) -> bool:
    """Does ``text`` hold a Han character (one ``simplified`` may convert)?"""
    return not text.isascii() and _HAN.search(text) is not None


def has_emoji(text: str) -> bool:
    """Does ``text`` hold an emoji (one a skin tone may follow)?"""
    return not text.isascii() and _EMOJI.search(text) is not None


def without_skin_tones(text: str) -> str | None:
    """``text`` without its skin-tone modifiers, where an emoji keyword written without one
    ("🧑‍🍳") is found in a post that gives one ("🧑🏿‍🍳", a modifier inside a ZWJ sequence);
    ``None`` when it has none (most text: one test)."""
    if text.isascii() or not _SKIN_TONE.search(text):
        return None
    return _SKIN_TONE.sub("", text)


def keyword_pattern(key: str) -> tuple[str, bool, bool]:
    """(what to find in ``match_form`` text, may start inside a word, may end inside a word)
    for a folded keyword: a leading ``*`` lets a match start inside a word, a trailing one end
    inside a word. The pattern is never longer than the key, and shorter only when starred."""
    lead, trail = key.startswith("*"), key.endswith("*")
    if lead or trail:
        pattern = key[lead : len(key) - trail].strip()
        if pattern.strip("*"):
            return match_form(pattern), lead, trail
    return match_form(key), False, False


def boundary_ok(
    text: str, start: int, end: int, *, inside_start: bool = False, inside_end: bool = False
) -> bool:
    """Is ``text[start:end]`` (a keyword found in ``match_form`` text) a whole word under the
    policy? ``inside_start`` / ``inside_end`` waive the word boundary on that side (a starred
    keyword), never the grapheme cluster."""
    # The neighbour is tested first: it is a space or punctuation for most matches, which
    # settles that side with one test (this runs for every match found).
    if start > 0:
        before = text[start - 1]
        if is_word_char(before):
            first = text[start]
            if not first.isascii() and unicodedata.category(first) in _MARKS:
                return False  # it would start on a mark that belongs to the character before
            if not inside_start and is_word_char(first) and _joins(first, before, leading=True):
                return False
    if end < len(text):
        after = text[end]
        if is_word_char(after):
            if not after.isascii() and unicodedata.category(after) in _MARKS:
                return False  # the next mark belongs to the match's last character
            last = text[end - 1]
            if not inside_end and is_word_char(last) and _joins(last, after, leading=False):
                return False
    return True


def _joins(edge: str, neighbour: str, *, leading: bool) -> bool:
    """True when ``neighbour`` continues the word that ``edge`` belongs to."""
    if edge.isascii() and neighbour.isascii():
        return True
    edge_cls = script_class(edge)
    if edge_cls == UNSPACED:
        return False
    if edge_cls == HANGUL:
        # particles attach after a Korean word, never before it
        return leading and script_class(neighbour) == HANGUL
    return script_class(neighbour) == SPACED
