"""Letters of other scripts that look Latin ("Асme" with a Cyrillic А and с, "ΑCΜΕ" in Greek
capitals, "ɑcme" with a Latin alpha), read as the Latin letters they imitate, so a keyword
alert is not dodged by an impersonation or phishing post spelled with them.

Fullwidth letters (ＡＣＭＥ), mathematical alphanumerics (𝐀𝐜𝐦𝐞), circled letters, stacked
combining marks and zero-width characters are ``bot.core.text.fold``'s already (NFKC, accents,
invisible characters). What NFKC leaves is the confusables of Unicode TS #39 (confusables.txt,
the data the skeleton of section 4 is made from): ``LATIN_LOOKALIKES`` is the part of it that
matters to keywords, every letter whose prototype is one ASCII letter or digit and that ``fold``
does not already make ASCII (466 letters of 25 scripts). It was generated from the
confusable_homoglyphs package's copy of confusables.txt (Unicode 15.1); a letter like capital
iota, whose prototype is "l", is read as "I", which it imitates in capitals. To it are added
the Latin small capitals confusables.txt leaves out, ᴀ ʙ ᴅ ᴇ ꜰ ɢ ʜ ᴊ ᴋ ʟ ᴍ ɴ ᴘ ʀ ᴛ (it has
ᴄ ɪ ᴏ ꜱ ᴜ ᴠ ᴡ ʏ ᴢ): the "small caps" text generators of social profiles write "ᴀᴄᴍᴇ" with
them, a capital in the size of a small letter, which no NFKC form reads as its letter. They
are phonetic letters (IPA, the Uralic alphabet) of no living orthography. The negative
circled and squared letters of the same generators ("🅐🅒🅜🅔", "🅰🅲🅼🅴"; NFKC reads Ⓐ and 🄰)
are symbols, no letters: they are read as small capitals first (``_ENCLOSED``), so a word of
them is read as one of Latin lookalikes, and explain shows it as written. So are the
syllabics those generators write for the letters confusables.txt gives none for: ᗩ (A),
ᑕ (C), ᑎ (N), ᑫ (q), ᗯ (W), ᘔ (Z). Inuktitut and Cree words hold them, and the rules above
keep those as for Russian: a word with another syllabic ("ᐃᓄᒃᑎᑐᑦ"), a short one, and any
word of a post written in syllabics are left be.

Which words are read so (``lookalike_fold``): real Russian and Greek words are never read as
Latin ones (a keyword "cop" must not find Russian "сор"). A word is read as Latin when

- it mixes scripts: a lookalike letter with Latin letters ("Аcme") or with letters of another
  script ("ΑСΜΕ", Greek and Cyrillic); no word of a real language is written so; or
- every letter in it is a lookalike of one other script ("АСМЕ" all Cyrillic), it has 4
  letters or more, and the post around it is Latin: it has a Latin word, no word of that
  script with a letter that is no lookalike (a Russian sentence has them: "купил сор" keeps
  "сор"), and no other word of that script all of lookalikes ("BMW ΚΑΙ ΤΟ ΝΕΟ" is Greek:
  "and the new"). Short words are left be: the words and abbreviations of 3 letters or fewer
  written in such letters are real ones far more often than spoofs (Russian МТС, a telco,
  ТНТ, ОК, НР, сор; Ukrainian і, Serbian ја) and read as short brand keywords (mtc, ok,
  hp, cop); a spoof of a short brand that mixes in a Latin letter ("НP") is still read; or
- its lookalikes are Latin letters themselves (ɑ, ɡ, ᴄ), unless they are letters of a living
  orthography and the word is written in one. ɣ (Kabyle and Tamazight "tamaziɣt", Ewe, many
  African languages), ʋ (Ewe, Kabiyé), ɩ and Ɩ (Kabiyé), ɑ (the General Alphabet of Cameroon
  Languages), ȣ and Ȣ (Abenaki, Wyandot) and Ʒ (Skolt Sami) are such letters
  (``ORTHOGRAPHIC``); a word is written in one when it has a ɣ, or a letter of those
  alphabets that is no lookalike (ɛ ɔ ŋ ɖ ƒ ɓ ɗ ə ...: ``_ORTHOGRAPHY``), itself: such a
  letter elsewhere in the post is no licence ("ɑcme giveaway ŋ" is a spoof). So "tamaziɣt"
  is never read as "tamaziyt", nor Kabiyé "Kabɩyɛ" as "kabiye", while "ɑcme" and "Bɩnance"
  are still "acme" and "binance" (the costs: "Paɣpal" is no "paypal", and a word of such an
  orthography with no other of its letters, Kabiyé "ɩsɩ", Ewe "Eʋegbe", is read: "isi"); a
  word that mixes such a letter with another script's lookalike ("vɩsа", a Cyrillic а) is
  read, as no orthography mixes them. The medieval, phonetic and small-capital letters
  (ẝ, ꝛ, ᴄ, ʏ) and Zhuang's old tone letters (Ƨ, Ƽ, Ƅ, replaced in 1986) are lookalikes to
  read; so is ɡ, the same letter as g wherever it is written. Azerbaijani ə and ɛ, ɔ are no
  lookalikes (they read as no one ASCII letter), nor Vietnamese ơ, ư (accents, the fold's).

The result is a second form of the post, matched besides ``fold``'s: a keyword found only in it
is a lookalike match (``rules explain`` says "acme (lookalike 'Асme')").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from bot.core.text import _DROP, fold, is_word_char, joined, keyword_pattern

# script -> the letters of it read as Latin, each followed by the ASCII letter or digit it reads
# as (confusables.txt's prototype; the script is its NFKC form's: 𝚨 is a Greek capital alpha)
_TABLE = {
    "Ahom": "𑜆v𑜊w𑜎w𑜏w",
    "Armenian": "ՍUՏSՕOաwգqզqհhոnռnսuցgքfօo",
    "Bamum": "ꛟV",
    "Canadian_Aboriginal": "ᐯVᑌUᑭPᑯdᑲbᒍJᒪLᒿ2ᕁxᕼHᕽxᖇRᖯbᖴFᗅAᗞDᗪDᗰMᗷB"
                           # fancy text's, beyond confusables.txt (the module docstring)
                           "ᗩAᑕCᑎNᑫqᗯWᘔZ",
    "Carian": "𐊠A𐊡B𐊢C𐊥F𐊫O𐊰M𐊱T𐊲Y𐊴X𐋏H",
    "Cherokee": "ᎠDᎡRᎢTᎥiᎩYᎪAᎫJᎬEᎳWᎷMᎻHᎽYᏀGᏂhᏃZᏎ4ᏏbᏒRᏔWᏕSᏙVᏚSᏞLᏟCᏢPᏦKᏧdᏮ6ᏳGᏴBꭵiꮁrꮃwꮓzꮩvꮪsꮯc",
    "Coptic": "Ϩ2ⲅrⲎHⲒIⲔKⲘMⲚNⲞOⲟoⲢPⲣpⲤCⲥcⲦTⲨYⲬXⳊ9Ⳍ3ⳐLⳒ6",
    "Cyrillic": "ЅSІIЈJАAВBЕEЗ3КKМMНHОOРPСCТTУYХXЬbаaб6гrеeоoрpсcуyхxѕsіiјjѡwѴVѵvҮYүyһhҽeӀIӏiӠ3"
                "ԁdԌGԛqԜWԝwꙄ2ꙇi",
    "Deseret": "𐐄O𐐕C𐐛L𐐠S𐐬o𐐽c𐑈s",
    "Elbasan": "𐔓N𐔖O𐔘K𐔜C𐔝V𐔥F𐔦L𐔧X",
    "Ethiopic": "ሀUዐO",
    "Georgian": "ყyჿo",
    "Greek": "ͿJΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXαaγyιiνvοoρpσoυuϒYϜFϱpϲcϳjϹCϺMᴦrιiℽy"
             "𝚨A𝚩B𝚬E𝚭Z𝚮H𝚰I𝚱K𝚳M𝚴N𝚶O𝚸P𝚻T𝚼Y𝚾X𝛂a𝛄y𝛊i𝛎v𝛐o𝛒p𝛔o𝛖u𝛠p"
             "𝛢A𝛣B𝛦E𝛧Z𝛨H𝛪I𝛫K𝛭M𝛮N𝛰O𝛲P𝛵T𝛶Y𝛸X𝛼a𝛾y𝜄i𝜈v𝜊o𝜌p𝜎o𝜐u𝜚p"
             "𝜜A𝜝B𝜠E𝜡Z𝜢H𝜤I𝜥K𝜧M𝜨N𝜪O𝜬P𝜯T𝜰Y𝜲X𝜶a𝜸y𝜾i𝝂v𝝄o𝝆p𝝈o𝝊u𝝔p"
             "𝝖A𝝗B𝝚E𝝛Z𝝜H𝝞I𝝟K𝝡M𝝢N𝝤O𝝦P𝝩T𝝪Y𝝬X𝝰a𝝲y𝝸i𝝼v𝝾o𝞀p𝞂o𝞄u𝞎p"
             "𝞐A𝞑B𝞔E𝞕Z𝞖H𝞘I𝞙K𝞛M𝞜N𝞞O𝞠P𝞣T𝞤Y𝞦X𝞪a𝞬y𝞲i𝞶v𝞸o𝞺p𝞼o𝞾u𝟈p𝟊F",
    "Latin": "ƄbƍgƖIƦRƧ2Ʒ3Ƽ5ƽsǀlȜ3Ȣ8ȣ8ɑaɡgɣyɩiɪiɯwʋuʏyᴄcᴏoᴑoᴜuᴠvᴡwᴢzᶃgᶌyẝfỿyꜱsꝚ2Ꝫ3Ꝯ9ꞘFꞙfꞟu"
             "Ɜ3ꞲJꞳXꞴBꬲeꬵfꬽoꭇrꭈrꭎuꭒuꭚy"
             # the small capitals confusables.txt leaves out (the module docstring)
             "ᴀaʙbᴅdᴇeꜰfɢgʜhᴊjᴋkʟlᴍmɴnᴘpʀrᴛt",
    "Lisu": "ꓐBꓑPꓒdꓓDꓔTꓖGꓗKꓙJꓚCꓜZꓝFꓟMꓠNꓡLꓢSꓣRꓦVꓧHꓪWꓫXꓬYꓮAꓰEꓲlꓳOꓴU",
    "Lycian": "𐊂B𐊆E𐊇F𐊊l𐊐X𐊒O𐊕P𐊖S𐊗T",
    "Malayalam": "ഠo",
    "Miao": "𖼈V𖼊T𖼖L𖼨l𖼵R𖼺S𖼻3𖽀A𖽂U𖽃Y",
    "Myanmar": "ဝo",
    "Old_Italic": "𐌁B𐌂C𐌉l𐌑M𐌕T𐌗X𐌚8",
    "Oriya": "ଠO",
    "Osage": "𐒴R𐓂O𐓎U𐓒7𐓪o𐓶u",
    "Runic": "ᚷXᛁlᛕKᛖM",
    "Tifinagh": "ⴸVⴹEⵏlⵔOⵕQⵝX",
    "Warang_Citi": "𑢠V𑢢F𑢣L𑢤Y𑢦E𑢩Z𑢬9𑢮E𑢯4𑢲L𑢵O𑢸U𑢻5𑢼T𑣀v𑣁s𑣂F𑣃i𑣄z𑣆7𑣈o𑣊3𑣌9𑣕6𑣖9𑣗o𑣘u𑣜y",
}
# letter -> (the ASCII letter or digit it reads as, its script)
LATIN_LOOKALIKES: dict[str, tuple[str, str]] = {
    pairs[i]: (pairs[i + 1], script)
    for script, pairs in _TABLE.items()
    for i in range(0, len(pairs), 2)
}
_LOOKALIKE_SET = frozenset(LATIN_LOOKALIKES)
# Latin lookalikes that are letters of living orthographies (the module docstring)
ORTHOGRAPHIC = frozenset("ɣʋɩƖɑȣȢƷ")
# a letter that says a word is written in such an orthography: ɣ (a poor spoof of y, and
# words of Kabyle or Tamazight may hold no other), and the letters of the African reference
# alphabet and its kin that are no lookalikes (hooked, open, barred and IPA-derived ones);
# ɩ, ʋ, ɑ alone say nothing ("Bɩnance" is a spoof)
_ORTHOGRAPHY = regex.compile("[ɣƔʒɛƐɔƆŋŊɖƉƒƑɓƁɗƊƙƘƴƳɲƝəƏʃƩɨƗʉɄʊƱɦꞪʔɁɂƥƤƭƬʈƮɠƓƲ]")
# the negative (white on black) circled and squared letters of "fancy text" (🅐, 🅰), symbols
# NFKC leaves (it reads Ⓐ and 🄰): read as the table's small capitals, q and x, which have
# none, as Cyrillic ԛ and х; one code point for one, so a word keeps its place in the text
_NEGATIVE = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘԛʀꜱᴛᴜᴠᴡхʏᴢ"
_ENCLOSED = str.maketrans({chr(first + i): letter for first in (0x1F150, 0x1F170)
                           for i, letter in enumerate(_NEGATIVE)})
_HAS_ENCLOSED = regex.compile("[\U0001F150-\U0001F169\U0001F170-\U0001F189]")
_AS_LATIN = str.maketrans({ch: latin for ch, (latin, _) in LATIN_LOOKALIKES.items()})
_DROPPED = frozenset(map(chr, _DROP))  # what ``fold`` drops or replaces, for one test
_LETTERS = "".join(LATIN_LOOKALIKES)
# a word: letters, marks, digits (invisible characters are gone by then)
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_]+")
_LOOKS = regex.escape(_LETTERS, special_only=True)
# a Latin letter that is no lookalike: ASCII, another Latin one, a mathematical one (NFKC's
# ASCII; U+1D6A4 on are Greek and digits)
_LATIN_LETTER = regex.compile(rf"[[A-Za-z\p{{sc=Latin}}\U0001D400-\U0001D6A3]--[{_LOOKS}]]",
                              regex.V1)
# in a word: a letter that is Latin (NFKC's ASCII or Latin: the letterlike symbols that are
# Latin letters, ℂ ℊ ℍ ..., and the mathematical ones included) and no lookalike; a letter of
# another script that is none
_LATIN_RANGE = (r"A-Za-z\p{sc=Latin}\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124"
                r"\u2128\u212C\u212D\u212F-\u2131\u2133\u2134\u2139\u2145-\u2149"
                r"\U0001D400-\U0001D6A5")
_WORD_LATIN = regex.compile(rf"[[\p{{L}}&&[{_LATIN_RANGE}]]--[{_LOOKS}]]", regex.V1)
_WORD_OTHER = regex.compile(rf"[\p{{L}}--[{_LATIN_RANGE}]--[{_LOOKS}]]", regex.V1)


@functools.cache
def _written(script: str) -> regex.Pattern[str]:
    """A letter of ``script`` that is no lookalike: a post holding one is written in it.
    Compiled on first use: the 25 scripts' patterns cost about 70 ms of CPU, paid by every
    process at import before (every command, every test process), where a post holds
    lookalikes of one or two scripts."""
    return regex.compile(rf"[[\p{{L}}&&\p{{sc={script}}}]--[{_LOOKS}]]", regex.V1)


MIN_ALONE = 4  # letters of a word all of one script's lookalikes, for it to be read alone
SHOWN = 3  # words shown for a keyword found in the lookalike reading


class Lookalike(NamedTuple):
    """A post's text read with its lookalike letters as Latin ones (``fold``ed), and each
    distinct word read so: (as written, as read)."""

    folded: str
    words: tuple[tuple[str, str], ...]

    def written(self, keys: Iterable[str]) -> dict[str, str]:
        """How the post wrote what each of ``keys`` (keywords found in ``folded``) was found
        in: the words read as Latin that it holds or that hold it, as written (at most
        ``SHOWN``). For explain, never routing: each word is folded once, not once a key."""
        words = [(w, fold(latin)) for w, latin in self.words]
        out: dict[str, str] = {}
        for key in keys:
            bare = key.strip("*")
            shown = [w for w, latin in words if latin in bare or bare in latin][:SHOWN]
            out[key] = " ".join(shown or [w for w, _ in words[:SHOWN]])
        return out


def lookalike_fold(text: str) -> Lookalike | None:
    """``text`` with the lookalike letters of the words the module docstring names read as
    Latin, folded; ``None`` when no word is read so. All-ASCII text costs one test, a post with
    no lookalike a set of its characters, and one in one script with no Latin letter (a
    Russian one) a regex search besides."""
    if text.isascii():
        return None
    written = text  # the enclosed letters as the post wrote them, for explain
    if max(text) >= "\U0001F150" and _HAS_ENCLOSED.search(text):
        text = text.translate(_ENCLOSED)
    present = _LOOKALIKE_SET.intersection(text)
    if not present:
        return None
    looks = {LATIN_LOOKALIKES[ch][1] for ch in present}
    latin_post = _latin_letter(text)
    if len(looks) == 1 and "Latin" not in looks and not latin_post:
        return None  # no word can mix Latin with a lookalike, nor lookalikes of two scripts
    # as ``fold`` sees it: without the zero-width characters that could split a word
    bare = text if _DROPPED.isdisjoint(text) else text.translate(_DROP)
    if written is not text:
        written = written if _DROPPED.isdisjoint(written) else written.translate(_DROP)
    # scripts with a letter that is no lookalike somewhere in the post: it is written in them
    written_in = frozenset(f"+{s}" for s in looks if s != "Latin" and _written(s).search(bare))
    # a word of such an orthography holds one of its other letters itself ("Kabɩyɛ"): one
    # elsewhere in the post ("ɑcme giveaway ŋ") would let every spoof of its letters pass
    orthography = "Latin" in looks and _ORTHOGRAPHY.search(bare) is not None
    alone = latin_post and len(written_in) < len(looks - {"Latin"})
    # unless a word can be read for being all lookalikes, only one with a Latin letter can
    every = alone or len(looks) > 1 or "Latin" in looks
    # the words read, each with the script it is all lookalikes of when it is read for being
    # so alone ("" when it is read for what it mixes)
    marked: list[tuple[regex.Match[str], str]] = []
    alone_words: dict[str, set[str]] = {}  # script -> its words all of lookalikes
    # a post of more distinct letters than the cache holds would only churn it
    cached = len(bare) <= CACHED or len(set(bare)) <= CACHED // 2
    for m in _WORD.finditer(bare) if every else _with_latin(bare):
        word = m.group()
        why = _reads(_scripts(word, cached=cached), latin_post=latin_post,
                     written_in=written_in,
                     orthography=orthography and _ORTHOGRAPHY.search(word) is not None)
        if why is None:
            continue
        marked.append((m, why))
        if why:
            alone_words.setdefault(why, set()).add(word.casefold())
    out: list[str] = []
    read: dict[str, str] = {}
    at = 0
    for m, why in marked:
        word = m.group()
        if why and (len(alone_words[why]) > 1 or sum(ch.isalpha() for ch in word) < MIN_ALONE):
            continue  # a sentence of that script, or a short word: real more often than not
        as_latin = word.translate(_AS_LATIN)
        out.append(bare[at:m.start()])
        out.append(as_latin)
        at = m.end()
        read.setdefault(word if written is text else written[m.start():m.end()], as_latin)
    if not read:
        return None
    out.append(bare[at:])
    return Lookalike(fold("".join(out)), tuple(read.items()))


def latin_reading(key: str) -> str | None:
    """A folded keyword as a post holding it is read (``lookalike_fold`` of the keyword alone:
    "kelpо" with a Cyrillic о is "kelpo"), or None when it is read as written (a Russian "сор",
    an all-Cyrillic "асме" with no Latin letter beside it). The keyword finds both: its own
    spelling, and the Latin one a post read so would hold ("kelpo" typed plainly)."""
    look = lookalike_fold(key)
    return None if look is None or look.folded == key else look.folded


def keyword_patterns(key: str) -> tuple[str, ...]:
    """What a keyword matcher looks for to find the folded keyword ``key``: its pattern
    (``keyword_pattern``) first, then the other forms a post may hold it in, each once: its
    Latin reading (``latin_reading``) and, for a phrase of a script written without spaces,
    each written together (``joined``). An ASCII key (most) has its pattern alone."""
    pattern = keyword_pattern(key)[0]
    if key.isascii():
        return (pattern,)
    out = [pattern, joined(pattern)]
    reading = latin_reading(key)
    if reading is not None:
        latin = keyword_pattern(reading)[0]
        out += [latin, joined(latin)]
    return tuple(dict.fromkeys(p for p in out if p))


def _latin_letter(text: str) -> bool:
    """Is there a Latin letter in ``text`` that is no lookalike (``ɑ`` is one)? One regex
    search, in C: a post of 20,000 Latin lookalikes is no loop over them in Python."""
    return _LATIN_LETTER.search(text) is not None


def _with_latin(text: str) -> Iterator[regex.Match[str]]:
    """The words of ``text`` with a Latin letter in them, found from those letters: a post in
    another script is one regex search, and no word is read twice."""
    end = 0
    for m in _LATIN_LETTER.finditer(text):
        start = m.start()
        if start < end:
            continue  # in the word just found
        while start > end and is_word_char(text[start - 1]):
            start -= 1
        word = _WORD.match(text, start)
        if word is not None:
            end = word.end()
            yield word


def _reads(scripts: frozenset[str], *, latin_post: bool, written_in: frozenset[str],
           orthography: bool = False) -> str | None:
    """Is a word of these ``_scripts`` read as Latin (the module docstring's three cases)?
    None if not; "" for what it mixes; the script for being all its lookalikes in a Latin
    post (read only if it is no short word and the post's one such word of that script).
    ``orthography``: the word is written in an orthography whose letters are ``ORTHOGRAPHIC``
    ones (it holds a ɣ or another letter of it), so if its lookalikes are all such letters it
    is a word of it."""
    looks = {s[1:] for s in scripts if s.startswith("?") and s != "?"}
    if not looks:
        return None
    if orthography and looks == {"Latin"} and "!" not in scripts:
        return None  # "tamaziɣt": its ɣ is a letter of Kabyle, no spoof of a y
    # a lookalike beside Latin letters, or lookalikes of two scripts ("ΑСΜΕ"); a word that
    # mixes one with letters of a script written without them ("α版") is left be
    if len(looks) > 1 or looks == {"Latin"} or "Latin" in scripts:
        return ""
    others = any(s.startswith("+") for s in scripts)
    script = next(iter(looks))
    if not others and latin_post and "+" + script not in written_in:
        return script
    return None


def _scripts(word: str, *, cached: bool = True) -> frozenset[str]:
    """The scripts of ``word``'s letters: "?S" a lookalike of script S ("?" too, once, when
    there is any; "!" when a Latin one is no letter of a living orthography), "+" a letter
    of another script that is none, "Latin" a Latin letter that is none (ASCII, or one that
    NFKC makes ASCII: fullwidth, mathematical, letterlike). A word of
    a few distinct letters is their cached answers (unless ``cached`` is false: a post of more
    distinct letters than the cache holds); a longer one a set and two regex searches, in C (a
    hostile post is one 20,000-letter word of as many distinct letters)."""
    if word.isascii():
        return _LATIN_WORD if any(ch.isalpha() for ch in word) else frozenset()
    letters = set(word)
    if cached and len(letters) <= FEW:
        if len(letters) == 1:
            return _kind(word[0])
        return frozenset().union(*map(_kind, letters))
    return _classify(word, letters)


def _classify(word: str, letters: set[str] | None = None) -> frozenset[str]:
    present = _LOOKALIKE_SET.intersection(letters if letters is not None else word)
    found = {"?" + LATIN_LOOKALIKES[ch][1] for ch in present}
    if present:
        found.add("?")
        if not present <= ORTHOGRAPHIC and "?Latin" in found and any(
                LATIN_LOOKALIKES[ch][1] == "Latin" for ch in present - ORTHOGRAPHIC):
            found.add("!")
    if _WORD_LATIN.search(word):
        found.add("Latin")
    if _WORD_OTHER.search(word):
        found.add("+")
    return frozenset(found)


FEW = 12  # distinct letters of a word read from the cache
CACHED = 4096  # letters the cache holds
_LATIN_WORD = frozenset(("Latin",))
_kind = functools.lru_cache(maxsize=CACHED)(_classify)
