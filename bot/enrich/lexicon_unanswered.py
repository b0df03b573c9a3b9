"""Saying that nobody at the company answers: "Nobody answers.", "Keiner geht ran", "Personne
ne répond", "Ingen svarer hos ...", "Tiada siapa jawab", "कोई फ़ोन नहीं उठाता", "कसैले फोन
उठाउँदैन", "kimse telefonu açmıyor", "아무도 전화를 안 받아요", "誰も電話に出ない", "都没人接".

``lexicon_nobody`` reads the question ("does anyone at @Bank read the DMs?"); told as a fact,
the same complaint has no word of fault or feeling (no one, a verb of answering, a negation
the subject carries), and the model read it neutral, ``other`` or praise: a reviewer of
services where complaints are costly (2026-12-07) found Danish, Malay and Nepali ones, a
review of negation Malay and Hindi ones. ``model.TextModel.predict`` reads such a post, taken
as ``other``, praise or a complaint, as a complaint, negative; a question or a lead stays one.

The rule a reader of each language uses: a word of no one (``NOBODY``) followed, in the same
clause and within a few words (``_GAP_WORDS``; characters in unspaced scripts,
``_GAP_CHARS``), by a verb of answering or picking up (``ANSWERS``). Only the words that are
"no one" themselves ("nobody", "niemand", "tiada siapa"); where "anyone" needs the verb
negated (Hindi "कोई", Nepali "कसैले", Turkish "kimse", Korean "아무도", Japanese "誰も"), the
verb's entries are its negated forms, so "कोई दिक्कत नहीं, फ़ोन तुरंत उठाते हैं" ("no trouble,
they pick up at once") is none. Scandinavian "ingen" is "no one" and "no" ("ingen problemer"):
only a verb of answering after it makes it one. Entries are folded word starts (``$`` the
whole word), substrings in unspaced scripts (``lexicon_wait.entries_pattern``).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

NOBODY: dict[str, str] = {
    "en": "nobody|no one|noone",
    "de": "niemand|keiner$",
    "fr": "personne ne|personne n'",
    "es": "nadie",
    "pt": "ninguem",
    "it": "nessuno",
    "nl": "niemand",
    "da": "ingen$",
    "nb": "ingen$",
    "sv": "ingen$",
    "pl": "nikt$",
    "ru": "никто",
    "uk": "ніхто",
    "tr": "kimse",
    "ms": "tiada siapa|tiada sesiapa|tak ada siapa|tak ada orang|tiada orang",
    "id": "tidak ada yang|nggak ada yang|gak ada yang|ga ada yang|tak ada yang",
    "hi": "कोई",
    "ne": "कसैले|कोही",
    "zh": "没人|没有人|沒人|沒有人",
    "ja": "誰も",
    "ko": "아무도",
}

ANSWERS: dict[str, str] = {
    "en": "answer|answers$|answered|picks up|picked up|pick up|replies|replied|reply|"
          "responds|responded|respond$|calls back|called back|gets back|got back",
    "de": "geht ran|gehen ran|ran$|antwortet|antworten|meldet sich|ruft zuruck",
    "fr": "repond|decroche|rappelle",
    "es": "contesta|responde|atiende|coge el telefono",
    "pt": "atende|responde|retorna",
    "it": "risponde|rispondono|richiama",
    "nl": "neemt op|nemen op|antwoordt|reageert|belt terug",
    "da": "svarer|tager den|ringer tilbage",
    "nb": "svarer|tar telefonen|ringer tilbake",
    "sv": "svarar|ringer tillbaka",
    "pl": "nie odbiera|nie odpowiada|nie oddzwania",
    "ru": "не отвеча|не берет|не берёт|не перезван",
    "uk": "не відповіда|не бере|не передзвон",
    "tr": "acmiyor|cevap vermiyor|yanit vermiyor|donmuyor|donus yapmiyor",
    "ms": "jawab|angkat|balas",
    "id": "angkat|jawab|balas|respon",
    # "कोई जवाब नहीं दे रहा" (nobody is answering), not "कोई जवाब नहीं" (no reply: a noun)
    "hi": "नहीं उठा|जवाब नहीं दे",
    "ne": "उठाउँदैन|उठाउदैन|जवाफ दिँदैन|जवाफ दिदैन",
    "zh": "接|回复|回覆|理",
    "ja": "出ない|出ません|返信しない|返事がない|返信がない",
    "ko": "안 받|받지 않|답이 없|답장이 없|답변이 없",
}

_GAP_WORDS = 4  # "no one at Acme ever picks up": three words between
_GAP_CHARS = 10  # "没人接", "誰も電話に出ない", "아무도 전화를 안 받아요"
# the verb is looked for in the clause of the word of no one: "Nobody likes waiting, but
# Acme answered in two minutes" and "Ingen problemer med Acme, de svarer altid" are praise
_CLAUSE_END = re.compile(r"[.!?,;:。！？，、；\n]")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return entries_pattern(NOBODY), entries_pattern(ANSWERS)


def nobody_answers_said(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) says that no one answers: a word
    of no one, then a verb of answering a few words on in its clause."""
    nobody, answers = _patterns()
    for m in nobody.finditer(folded):
        after = _CLAUSE_END.split(folded[m.end():m.end() + 80])[0]
        verb = answers.search(after)
        if verb is None:
            continue
        gap = after[:verb.start()]
        near = (len(gap) <= _GAP_CHARS if _UNSPACED.search(m.group())
                else len(gap.split()) <= _GAP_WORDS)
        if near:
            return True
    return False
