"""What the embedded intent, polarity and language model sees of a post: hashed features.

A post becomes a short list of (bucket, value) pairs, computed the same way at training time
(``bot/enrich/train.py``) and at run time (``bot/enrich/model.py``):

- **character n-grams** (1 to 4 characters) of the folded text, with URLs, @handles and digits
  replaced by placeholders and Traditional Chinese read as Simplified (OpenCC's ``t2s``; not in
  posts with kana, whose kanji are Japanese), so that a post from Taipei or Hong Kong shares its
  grams and lexicon entries with the mostly Simplified corpus. So "50 min" and "40 min" share
  their grams and a link is a link whatever its domain (but an attachment's, a photo on X or
  imgur or another social post, is none: ``_ATTACHED``). Character grams need no tokeniser,
  so Thai, Chinese and Japanese (no spaces) and Korean (particles glued to words) work like
  every other script, and they absorb inflection and typos;
- **word unigrams and bigrams** of the same text, for phrases ("how much", "nie dziala");
- **cues** that do not depend on the language (``CUES``): question and exclamation marks (a
  post that opens with a question's words, "how do I ...", counts half a question mark, one
  that opens with a verb before its subject, "is the clinic open ...", a whole one),
  links, handles, hashtags, prices, emoji, shouting in capitals, length, and for English
  VADER's compound; and the lexicon's concepts (``bot.enrich.lexicon``; a word of feeling or
  trouble with an intensifier beside it, "very slow", once more: ``bot.enrich.intensifiers``),
  counted by clause in a post with a contrastive turn ("lovely staff but the sofa ripped":
  what follows "but" counts more, ``bot.enrich.clauses``), with the marks of sarcasm a
  lexicon cannot hold (a clapping emoji after a complaint, "/s", scare quotes) counted as
  sarcasm, and a review's rating ("★★☆☆☆", "1/5": ``bot.enrich.ratings``) counted as a word
  of complaint or praise.

Every gram is a span of one string, hashed with a polynomial over code points from prefix
sums (the base is odd, so invertible modulo 2^64): a handful of vectorised numpy operations per
post, whatever its length, and no Python loop per character. The hash is fixed (not Python's
salted ``hash``), so a weight table means the same in every process. Values are 1/sqrt(grams)
per block, so a long post does not weigh more than a short one; repeated grams add up.

The one text policy imported here is ``fold``; keep it in this one place, so the model and the
keyword matchers agree on what a post says. A weight table records ``fingerprint()`` and the
model refuses a table trained with other features.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.core.text import (
    DOMAIN,
    HAN,
    HANDLE,
    KANA,
    LINK,
    fold,  # the project's text policy: change only this line
)
from bot.enrich.clauses import (
    HEAD_WEIGHT,
    LATEST,
    TAIL_WEIGHT,
    mark_latest,
    may_mark,
    opens_with_concession,
    sarcasm_marks,
    turn,
)
from bot.enrich.intensifiers import intensified
from bot.enrich.lexicon import (
    CONCEPT_NAMES,
    accented_twins,
    asks_for_news,
    concept_hits,
    concept_tally,
    nobody_answers,
    opens_inverted,
    opens_with_question,
)
from bot.enrich.ratings import HIGH, LOW
from bot.enrich.ratings import marked as rated

FEATURES_VERSION = 92  # bump when anything below changes the buckets or values of a post
BITS = 18
BUCKETS = 1 << BITS
MAX_CHARS = 1000  # longer posts are cut: the start says what a post is about
MAX_N = 4  # character grams of 1..MAX_N
WORD_WEIGHT = 0.6  # of the word block against the character block

URL_MARK = "\ue000"
HANDLE_MARK = "\ue001"

_URL = re.compile(rf"{LINK}|{DOMAIN}(?:/\S*)?(?=$|[\s)\],;!?'\"»”])", re.IGNORECASE)
# A link to a photo or a video its author attached, or to another post on a social network,
# is no link for the grams and cues: X writes an attached screenshot as a link
# (``entities.urls[].expanded_url`` ".../status/<id>/photo/1", shown as "pic.x.com/..."), and
# a complaint shows its broken parcel on imgur or i.redd.it, or quotes a post on X, Bluesky or
# a Mastodon server ("https://<server>/@<user>/<id>"). The corpus's links are nearly all
# spam's (15 of its 16), so "Acme app keeps crashing, see screenshot" with its screenshot read
# as spam (features v82). The link's host says it: a phishing link's is its own.
_ATTACHED = re.compile(
    r"(?:https?://)?(?:(?:www|mobile)\.)?(?:"
    r"(?:x|twitter)\.com/\w+/status/\d+(?:/(?:photo|video)/\d+)?/?(?=$|[\s?#)\],;!'\"»”])"
    r"|pic\.(?:x|twitter)\.com/|(?:i\.|m\.)?imgur\.com/|(?:i|v|preview)\.redd\.it/"
    r"|(?:cdn|video)\.bsky\.app/|bsky\.app/profile/[^/\s]+/post/"
    r"|(?<=//)[\w-]+(?:\.[\w-]+)+/@\w+/\d+/?(?=$|[\s?#)\],;!'\"»”]))", re.IGNORECASE)
# Hosts that shorten links: whatever they lead to is hidden (``spam_links``)
SHORTENERS = frozenset(("bit.ly", "cutt.ly", "t.me", "tinyurl.com", "goo.gl", "ow.ly", "is.gd",
                        "rb.gy", "shorturl.at", "tiny.cc", "v.gd", "s.id"))
# top-level domains that spam favours for their cheap names
SPAM_DOMAINS = frozenset(("xyz", "top", "biz", "click", "loan", "win", "icu", "buzz"))
# the second-level names under which a country's domains are bought (acme.co.uk, acme.com.br)
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "gob"))
_HOST = re.compile(r"(?:(https?)://)?(?:www\.)?([^/\s?#:]+)", re.IGNORECASE)
_HANDLE = re.compile(HANDLE)
# a Mastodon handle, @user@instance.social, is one handle (not a handle, an "@" and a link)
_FEDIVERSE = re.compile(rf"{HANDLE}@[\w-]+(?:\.[\w-]+)+")
_DIGIT = re.compile(r"\d")
# the numbers that are words, whose digits fold_digits keeps: laughter (Thai "555", Chinese
# "233"), Chinese praise ("666": slick, well done) and a server's gateway errors (HTTP 502,
# 503, 504)
_WORDLIKE_NUMBERS = r"5{3,}|6{3,}|2333*|50[234]"
_WORDLIKE = re.compile(rf"(?<!\d)(?:{_WORDLIKE_NUMBERS})(?!\d)")
_WORDLIKE_WHOLE = re.compile(_WORDLIKE_NUMBERS)
# a number with the numbers joined to it: by a sign ("555-1234", "503.221.7788", "5.0.3",
# "5:55", "1,502", "10/502"), or by spaces and brackets between two groups of three digits or
# more, as a phone number is written ("(555) 123 4567", "+1 502 555 1234")
_NUMBER = re.compile(r"\d+(?:(?:[-.:,/]|(?<=\d{3})(?:\)?\s+\(?|\)\(?)(?=\d{3}))\d+)*")
_NUMBER_RUN = re.compile(r"\d+")
_JOINED_BY_SIGN = re.compile(r"\d[-.:,]\d")  # a list of error codes is joined by "/" or spaces
# a currency or a unit next to a number: a price ("$555", "555 บาท", "502元") or a share
_CURRENCY = "[$€£¥₽₺₩฿₴]"
_PRICED_BEFORE = re.compile(rf"{_CURRENCY}\s?$")
_PRICED_AFTER = re.compile(
    rf"\s?(?:{_CURRENCY}|%|zł|zl|грн|руб|р|тыс|tl|usd|eur|円|元|块|บาท|원|만원|k)(?!\w)")
_WORD = re.compile(r"\w+")
_PRICE = re.compile(
    r"[$€£¥₽₺₩฿₴]|\d\s?(?:zł|zl|грн|руб|р|тыс|tl|usd|eur|円|元|块|บาท|원|만원|k)(?!\w)",
    re.IGNORECASE)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")

# Odd 64-bit constants: the polynomial base, and the final mixing multiplier (Fibonacci
# hashing keeps the top bits, the well-mixed ones); salts keep words apart from equal grams.
_BASE = 0x100000001B3
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD_SALT = np.uint64(0xD6E8FEB86659FD93)
_PAIR_SALT = np.uint64(0xA0761D6478BD642F)
_SHIFT = np.uint64(64 - BITS)
_LONGEST = MAX_CHARS * 2 + 8  # fold can lengthen a text (NFKC ligatures); spans stay below


def _powers(base: int) -> npt.NDArray[np.uint64]:
    """base^0 .. base^(_LONGEST - 1) modulo 2^64 (numpy integer arithmetic wraps)."""
    out = np.cumprod(np.full(_LONGEST, base, dtype=np.uint64))
    return np.concatenate([np.ones(1, dtype=np.uint64), out[:-1]])


_POW = _powers(_BASE)
_INV = _powers(pow(_BASE, -1, 1 << 64))

CUES = (
    "question", "question_end", "exclaim", "url", "url_many", "handle", "hashtag", "digits",
    "price", "emoji", "emoji_many", "caps", "short", "long", "vader", "vader_pos",
    "vader_neg", "bias",
    *(f"concept:{name}" for name in CONCEPT_NAMES),
    # pairs a linear model cannot add up by itself: a question about prices is a lead, a
    # question full of fault words a rhetorical complaint, praise that names a problem it fixed
    "question&price", "question&buy", "question&business", "question&fault",
    "question&negative", "positive&fault", "positive&resolved", "thanks&fault",
    "sarcasm&fault", "positive&again",
)
_PAIRS = tuple((a, b) for a, b in (name.split("&") for name in CUES if "&" in name))
_CONCEPT_INDEX = {name: i for i, name in enumerate(CONCEPT_NAMES)}
# (concept index or None for the question cue, concept index) of each pair
_PAIR_INDEX = tuple((None if a == "question" else _CONCEPT_INDEX[a], _CONCEPT_INDEX[b])
                    for a, b in _PAIRS)
_SHARE = (0.0, 0.5, 1.0)  # a concept's cue: min(count, 2) / 2
_CONTRAST, _SARCASM, _FAULT, _AGAIN, _NEGATIVE, _POSITIVE, _THANKS, _QUESTION = (
    _CONCEPT_INDEX[n] for n in ("contrast", "sarcasm", "fault", "again", "negative", "positive",
                                "thanks", "question"))
# the concepts an intensifier strengthens ("very slow", "çok kötü", "super helpful")
_STRENGTHENED = (_NEGATIVE, _POSITIVE, _FAULT)
# a short reply in a thread that asks for news of one's case without its mark ("@acme any
# update", "alguma novidade sobre meu reembolso", "kuna habari yoyote kuhusu oda yangu"):
# asked, unless a word of feeling, a repeat or thanks says more (features v46); not any
# question's word ("where is my parcel" is the corpus's complaint)
_BRIEF_WORDS = 8
_MORE_THAN_ASKING = (_NEGATIVE, _POSITIVE, _AGAIN, _THANKS, _SARCASM, _CONTRAST)
N_CUES = len(CUES)
N_FEATURES = BUCKETS + N_CUES


@dataclass(frozen=True)
class Features:
    """Sparse features of one post: bucket indices (may repeat) and their values."""

    index: npt.NDArray[np.int64]
    value: npt.NDArray[np.float32]


@dataclass(frozen=True)
class Prepared:
    """A post's normalised text and what normalising counted on the way."""

    text: str
    urls: int
    handles: int
    stars: int = 0  # star glyphs of a review's rating (``bot.enrich.ratings``): not emoji


def fold_text(text: str) -> str:
    """The project's fold, for the lexicon's entries (so it is imported in one place)."""
    return fold(text)


def fold_digits(text: str) -> str:
    """Every digit as "0" (so "50 min" and "40 min" share their grams), but in the few numbers
    that are words: laughter written in digits (Thai "555", Chinese "233") and the gateway
    errors of a server that is down (HTTP 502, 503, 504), when the number stands alone. Before
    features v11 every number of three digits or more folded to the "000" of the Thai
    laughter's entry, so prices, order numbers and years counted as humour (685 of the corpus's
    774 posts with humour); in v11 the "555" and "502" of a phone number ("call 555-1234",
    "+1 502-555-1234", "(555) 123 4567") still counted as laughter and an outage. A number
    keeps its digits now only when it is one of those words alone, or a list of them
    ("502/503", "555 555"), and not a price ("$555", "555 บาท")."""
    if not _WORDLIKE.search(text):
        return _DIGIT.sub("0", text)
    out, last = [], 0
    for m in _NUMBER.finditer(text):
        if _stands_alone(text, m):
            out += [_DIGIT.sub("0", text[last:m.start()]), m.group()]
            last = m.end()
    out.append(_DIGIT.sub("0", text[last:]))
    return "".join(out)


def _stands_alone(text: str, number: re.Match[str]) -> bool:
    """Whether ``number`` (an ``_NUMBER`` match in ``text``) is a word whose digits are kept."""
    found = number.group()
    if not all(_WORDLIKE_WHOLE.fullmatch(run) for run in _NUMBER_RUN.findall(found)):
        return False
    if _JOINED_BY_SIGN.search(found):
        return False
    start, end = number.span()
    return not (_PRICED_BEFORE.search(text, max(0, start - 2), start)
                or _PRICED_AFTER.match(text, end))


@cache
def _to_simplified() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _marked_links(text: str) -> tuple[str, int]:
    """``text`` with ``URL_MARK`` for each link and a space for each attachment's
    (``_ATTACHED``), and how many links it had."""
    attached = 0

    def mark(link: re.Match[str]) -> str:
        nonlocal attached
        if _ATTACHED.match(link.group()):
            attached += 1
            return " "
        return f" {URL_MARK} "

    text, found = _URL.subn(mark, text)
    return text, found - attached


def spam_links(text: str) -> bool:
    """Whether a link of ``text`` (not an attachment's, ``_ATTACHED``) has the shape of spam's:
    written without "https://" ("orbis-veilig.nl", "www.acme-gift.xyz",
    "http://laptopdealz.example.biz"), on a shortener (``SHORTENERS``) or a cheap top-level
    domain (``SPAM_DOMAINS``), or on a domain whose name holds a hyphen
    ("postnl-kosten.example", "acme-verify-login.com": a brand's name made into a domain of
    its own). A link written as a browser gives it, "https://acme.com/terms",
    "https://www.reuters.com/...", has none of these (``model.TextModel.predict``)."""
    for link in _URL.finditer(text[:MAX_CHARS]):
        written = link.group()
        if _ATTACHED.match(written):
            continue
        shape = _HOST.match(written)
        if shape is None or (shape.group(1) or "").lower() != "https":
            return True
        host = shape.group(2).lower().rstrip(".")
        labels = host.split(".")
        # the name bought: "acme-shop" of acme-shop.com and of acme-shop.co.uk
        name = labels[-3] if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else (
            labels[-2] if len(labels) > 1 else host)
        if host in SHORTENERS or labels[-1] in SPAM_DOMAINS or "-" in name:
            return True
    return False


def without_links(text: str) -> str:
    """``text`` without its links."""
    return _URL.sub(" ", text)


def prepare(text: str) -> Prepared:
    """The folded text the grams are taken from (placeholders for links, handles, digits and
    a review's rating)."""
    text = text[:MAX_CHARS]
    if HAN.search(text) and not KANA.search(text):
        text = _to_simplified()(text)
    text, stars = rated(text)
    text = mark_latest(text)
    # a link has a "." or a ":" and a handle an "@": most posts have neither, and a scan for
    # one character costs less than the patterns' scans
    urls = handles = 0
    if "@" in text:
        text, handles = _FEDIVERSE.subn(f" {HANDLE_MARK} ", text)
    if "." in text or ":" in text:
        text, urls = _marked_links(text)
    if "@" in text:
        text, more = _HANDLE.subn(f" {HANDLE_MARK} ", text)
        handles += more
    folded = fold_digits(fold(text.replace("#", " ")))
    return Prepared(folded[:MAX_CHARS * 2], urls, handles, stars)


# Character grams: each window of MAX_N code points times a matrix of powers of the base gives
# the hash of every gram starting there (column k - 1: the gram of k characters, salted with
# k), so one product hashes them all. _HORNER[j, k - 1] = B^(k - 1 - j) for j < k.
_HORNER = np.zeros((MAX_N, MAX_N), dtype=np.uint64)
for _k in range(1, MAX_N + 1):
    _HORNER[:_k, _k - 1] = _POW[_k - 1::-1]
_GRAM_SALT = np.arange(1, MAX_N + 1, dtype=np.uint64)
_TAIL = "\0" * MAX_N  # after the text: windows near its end read zeros (those grams are dropped)
# Words and word pairs: from prefix sums of a text with a 0 in front, so index j of the sums
# is the sum below position j: _INV_AFTER[j] = _INV[j - 1], _POW_AFTER[j] = _POW[j - 1].
_INV_AFTER = np.concatenate([np.zeros(1, dtype=np.uint64), _INV])
_POW_AFTER = np.concatenate([np.zeros(1, dtype=np.uint64), _POW])
_MAX_WORDS = _LONGEST // 2 + 1
# w word salts then w - 1 pair salts are one slice: [_MAX_WORDS - w : _MAX_WORDS + w - 1]
_WORD_SALTS = np.concatenate([np.full(_MAX_WORDS, _WORD_SALT), np.full(_MAX_WORDS, _PAIR_SALT)])
_U32 = np.dtype("<u4")


def grams(text: str) -> tuple[npt.NDArray[np.int64], int]:
    """Buckets of every character gram, then every word and pair of neighbouring words, of a
    prepared text, and how many of them are character grams."""
    padded = f" {text} "
    n = len(padded)
    # code points of "\0" + padded + _TAIL: the 0 in front starts the prefix sums
    cp = np.frombuffer(f"\0{padded}{_TAIL}".encode("utf-32-le"), dtype=_U32).astype(np.uint64)
    windows = np.ndarray((n, MAX_N), np.uint64, cp, cp.itemsize, (cp.itemsize, cp.itemsize))
    by_size = (windows @ _HORNER + _GRAM_SALT).T
    top = min(MAX_N, n)
    parts = [by_size[k, : n - k] for k in range(top)]
    n_chars = top * n - top * (top - 1) // 2
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(padded):
        starts.append(m.start())
        ends.append(m.end())
    if (w := len(starts)):
        # polynomial hash of padded[a:b]: sum of cp[i] * B^(b-1-i), from the prefix sums
        prefix = np.cumsum(cp * _INV_AFTER[: len(cp)])
        span = np.array(starts + starts[:-1] + ends + ends[1:], dtype=np.intp)
        a, b = span[: 2 * w - 1], span[2 * w - 1:]
        parts.append((prefix.take(b) - prefix.take(a)) * _POW_AFTER.take(b)
                     + _WORD_SALTS[_MAX_WORDS - w: _MAX_WORDS + w - 1])
    h = np.concatenate(parts)
    h *= _MIX
    h >>= _SHIFT
    return h.view(np.int64), n_chars


# the question marks of other scripts: Arabic, Persian and Urdu write "؟"; Greek writes ";"
# (its own U+037E, which NFKC makes a semicolon, or the semicolon typed for it) and uses the
# raised dot "·" where Latin scripts put a semicolon, so in a post written in Greek letters a
# ";" asks
_MARKS = "?？؟"
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


def _question_marks(text: str) -> str:
    """The characters that are question marks in ``text``."""
    return f"{_MARKS};\u037e" if _GREEK.search(text) else _MARKS


def _ends_with_question(text: str, marks: str) -> bool:
    """Last character that is not space or emoji is a question mark (one of ``marks``)."""
    for ch in reversed(text):
        if ch.isspace() or ch == "\ufe0f" or _EMOJI.match(ch):
            continue
        return ch in marks
    return False


_LONG = 160  # characters: a long post
# a label before what is asked, after a sentence or at the post's start (folded): "Question:",
# "Pytanie:", "Frage:", "Вопрос:", "質問：", "Merak ettiğim şey şu:" (not Chinese "问题：",
# which is "problem:" too)
_LABELLED = re.compile(
    r"(?:^|(?<=[.!?。！？…]\s))(?:quick question|question|frage|kurze frage|question rapide|"
    r"pregunta|duda|pergunta|duvida|domanda|vraag|fraga|sporsmal|spørgsmål|pytanie|otazka|"
    r"вопрос|питання|soru|merak ettigim sey su|merak ettigim|sawal|सवाल|سؤال|سوال|pertanyaan|"
    r"tanong|cau hoi|質問|질문|คำถาม)\s?[:：]\s")
# where a sentence ends in a folded post, or a label before what is asked ("Question:",
# "Pytanie:", "Merak ettiğim şey şu:")
_SENTENCE_BREAK = re.compile(r"(?:[.!。！…]+|[:：])\s+(?=\S)")


def _labelled(folded: str) -> bool:
    """Whether a label says what the folded post asks (``_LABELLED``)."""
    # a label ends in a colon: most posts have none, and a scan for one character costs less
    # than the pattern's scan
    return (":" in folded or "：" in folded) and _LABELLED.search(folded) is not None


def _last_sentence(folded: str) -> str:
    """The last sentence of a folded post of more than one, "" in a post of one."""
    ends = [m.end() for m in _SENTENCE_BREAK.finditer(folded)]
    return folded[ends[-1]:] if ends else ""


def cues(text: str, prepared: Prepared, *, vader: float | None = None,
         ) -> npt.NDArray[np.float32]:
    """The language-independent cue block (see ``CUES``), each in [-1, 1]. A concept's cue
    is min(count, 2) / 2; in a post with a contrastive turn (``bot.enrich.clauses``) an
    occurrence after the turn counts ``TAIL_WEIGHT`` and one before it ``HEAD_WEIGHT``, and
    the ``contrast`` cue says there is one. Marks of sarcasm count as ``sarcasm``."""
    emoji = len(_EMOJI.findall(text)) - prepared.stars
    words = text.split()
    # no word is in capitals when every cased letter of the post is lower case
    caps = 0 if text.islower() else sum(1 for w in words if len(w) >= 3 and w.isupper())
    v = 0.0 if vader is None else vader
    folded = prepared.text
    # "very bad" counts as more than "bad" (``bot.enrich.intensifiers``, features v71)
    hits = intensified(folded, concept_hits(folded, accented_twins(text, folded), text),
                       _STRENGTHENED)
    if LOW in folded or HIGH in folded:
        # a review's rating counts as a word of complaint or of praise where it stands
        hits += [(_NEGATIVE if ch == LOW else _POSITIVE, i, i)
                 for i, ch in enumerate(folded) if ch in (LOW, HIGH)]
        hits.sort(key=lambda hit: hit[2])
    counts = concept_tally(hits)
    complained = counts[_FAULT] or counts[_AGAIN] or counts[_NEGATIVE]
    thanked = counts[_THANKS] > 0  # "thanks X for the 3rd weekend in a row": no fault named
    marked = "/s" in text or ((complained or thanked)
                              and may_mark(text, emoji=emoji > 0, thanked=thanked))
    at = 0
    # most posts have neither a contrastive word nor a possible mark of sarcasm: no turn
    if counts[_CONTRAST] or marked or opens_with_concession(folded) or LATEST in folded:
        for mark in sarcasm_marks(folded, text, hits) if marked else ():
            hits.append((_SARCASM, mark, mark))
            counts[_SARCASM] += 1
        at = turn(folded, text, hits)
    if at:
        weighted = [0.0] * len(CONCEPT_NAMES)
        for c, start, _ in hits:
            weighted[c] += TAIL_WEIGHT if start >= at else HEAD_WEIGHT
        concepts = [min(w, 2.0) / 2 for w in weighted]
    else:
        concepts = [_SHARE[c] if c < 3 else 1.0 for c in counts]
    concepts[_CONTRAST] = 1.0 if at else 0.0
    marks = _question_marks(text)
    asks = 1.0 if "¿" in text or any(ch in text for ch in marks) else 0.0
    asked_last = False
    if (not asks and counts[_QUESTION] and len(words) <= _BRIEF_WORDS
            and not any(counts[c] for c in _MORE_THAN_ASKING) and asks_for_news(folded)):
        asks = 1.0  # a short reply asking for news without its mark (_BRIEF_WORDS)
    elif not asks and opens_inverted(folded):
        asks = 1.0  # "is the clinic open on sundays": a question without its mark
    elif not asks and opens_with_question(folded):
        asks = 0.5  # "how do I export my notes": may be one ("how I wish")
    elif not asks and len(text) > _LONG and (last := _last_sentence(folded)) and (
            (inverted := opens_inverted(last)) or opens_with_question(last)):
        # a long post's story, then its question without a mark: "... Sapete se perdono le
        # impostazioni", "... Pytanie: czy da się ..." (features v40)
        # a question's word ("how", "quelle") may open an exclamation ("Quelle honte
        # franchement") as at the opening, unless a label says it asks (features v44)
        asks = 1.0 if inverted or _labelled(folded) else 0.5
        asked_last = True
    elif not asks and _labelled(folded):
        # "... działa bez zarzutu. Pytanie: czy da się ...": the author labels what is asked
        # (features v42)
        asks = 1.0
    if asks and nobody_answers(folded):
        # "does anyone at @Bank read the DMs?": asked, it says nobody does, a fault as "no
        # response" is one (``lexicon_nobody``)
        concepts[_FAULT] = 1.0
        # and a word of feeling: a question's mark outweighed the fault alone in the
        # languages the corpus lacks, and the author is not neutral (features v28)
        concepts[_NEGATIVE] = 1.0
    pairs = [min(asks if a is None else concepts[a], concepts[b]) for a, b in _PAIR_INDEX]
    return np.array([
        asks,
        1.0 if asked_last or _ends_with_question(text, marks) else 0.0,
        min(text.count("!") + text.count("！"), 3) / 3,
        1.0 if prepared.urls else 0.0,
        1.0 if prepared.urls > 1 else 0.0,
        min(prepared.handles, 2) / 2,
        min(sum(1 for w in words if w.startswith("#") and len(w) > 1), 3) / 3
        if "#" in text else 0.0,
        1.0 if _DIGIT.search(folded) else 0.0,
        1.0 if _PRICE.search(text) else 0.0,
        1.0 if emoji else 0.0,
        1.0 if emoji > 2 else 0.0,
        min(caps / max(1, len(words)) * 2, 1.0),
        1.0 if len(text) < 40 else 0.0,
        1.0 if len(text) > _LONG else 0.0,
        v, max(v, 0.0), max(-v, 0.0),
        1.0,
        *concepts,
        *pairs,
    ], dtype=np.float32)


def featurise(text: str, *, vader: float | None = None) -> Features:
    """The features of one post. ``vader`` is VADER's compound for English posts, else None."""
    prepared = prepare(text)
    buckets, n_chars = grams(prepared.text)
    n_words = len(buckets) - n_chars
    char_value = np.float32(1.0 / np.sqrt(max(1, n_chars)))
    word_value = np.float32(WORD_WEIGHT / np.sqrt(max(1, n_words)))
    cue = cues(text, prepared, vader=vader)
    nz = np.flatnonzero(cue)
    index = np.concatenate([buckets, BUCKETS + nz])
    value = np.concatenate([np.full(n_chars, char_value, dtype=np.float32),
                            np.full(n_words, word_value, dtype=np.float32), cue[nz]])
    return Features(index, value)


def fingerprint() -> str:
    """Identifies the featuriser a weight table was trained with."""
    return f"v{FEATURES_VERSION}-b{BITS}-n{MAX_N}-w{WORD_WEIGHT}-c{N_CUES}"
