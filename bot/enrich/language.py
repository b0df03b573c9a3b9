"""Language detection for short posts, offline.

1. Links and @handles are removed (a domain says nothing about the language of the post), but
   hashtag words stay: in link-farm spam they are often all that is left ("#rabatt #gratis").
2. Scripts that name their language decide outright: Hangul, Thai and kana when they make up a
   quarter of the letters (so "Figma Organizationプランの見積もり" is Japanese despite the
   Latin brand), Chinese characters without kana; Cyrillic with letters only Ukrainian (і ї є ґ)
   or only Russian (ы э ъ ё) has; Russian and Ukrainian typed in Latin letters (translit) by
   their usual words ("opyat", "uzhe"; "chy", "yakshcho").
3. A short post with two or more function words of one configured Latin-script language
   ("the", "was", "my"; "el", "para", "muy"), none of any other's and no letter only another
   language uses is that language: the check of step 5 would overrule any other answer of
   lingua's, so lingua, the costliest step, is not asked (about half of the Latin-script
   posts; on the corpus and tests/data/language.tsv no label changed).
4. Everything else goes to lingua (models ship in the wheel) in its low-accuracy mode,
   restricted to the configured languages: fast, and accurate above a few words. Its high
   accuracy mode would fix a few more short posts but costs ten times the time and about 300
   MB of memory per process.
5. Short posts fool it ("Cartwise app dark mode?" is German to lingua, brand names read as
   anything), so an unsure answer gives way to letters only one language uses (ı ğ ş, ł ś ż,
   ã õ, ñ ¿, ß), and every answer is checked against the function words of each Latin-script
   language: when the post has none of the chosen language's function words and at least two
   of another configured language's ("the", "was", "my"; "el", "para", "muy"), that language
   wins.

When the text says too little (under 3 letters) or the detector is unsure, the language the
network declared wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from bot.core.text import HAN, KANA

DEFAULT_LANGUAGES = ("en", "ru", "pl", "ko", "th", "uk", "de", "fr", "es", "pt", "it", "ja",
                     "zh", "tr", "nl")
MIN_LETTERS = 3
CONFIDENT = 0.5
SCRIPT_SHARE = 0.25

_STRIP = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}/\S*"  # bare links with a path: bit.ly/3xQz9
    r"|\b[\w-]+\.(?:com|net|org|io|co|ru|ua|pl|de|fr|es|pt|br|tr|jp|kr|cn|th|info|biz|xyz|"
    r"shop|top|site|online|example)\b"
    r"|(?<![\w@])@\w[\w.]*",
    re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NOT_LETTER = re.compile(r"[\W\d_]+")  # what is left is letters (str.isalpha, near enough)
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_THAI = re.compile("[\u0e00-\u0e7f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")

# Function words: short, frequent, and rarely brand names. A word listed for two languages
# ("de", "en", "que") tells them apart from neither, so it is dropped from both below.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_TEXT: dict[str, str] = {
        "en": "the is was are were my i i'm you your to and of for on with it this that "
              "what how why does do did can't don't isn't not have has from at be an "
              "again any anyone there their our we they me just new so too very been",
        "de": "der die das und ist nicht ein eine ich mit den von auf für im es sie wir "
              "auch noch aber schon mal wie was hat habe mein meine kein keine bei zum "
              "zur nach dem des sich jetzt heute",
        "fr": "le la les et est pas un une des du pour que qui je il nous vous mon ma mes "
              "ce cette avec sur dans au aux ça c'est j'ai n'est plus très mais ou quand",
        "es": "el los las y es un una del por para que se me mi con lo al pero muy ya hay "
              "está están como qué cómo cuando yo tengo nada sin esta este",
        "pt": "o os as e um uma do da dos das em para que se eu com não é no na meu minha "
              "mas já tem está isso pra você vocês ao foi muito sem",
        "it": "il lo gli e è un una di del della per che non mi con ma sono ho anche come "
              "questo questa nel alla",
        "nl": "de het een en is niet ik van op voor met dat die je we zijn maar ook nog "
              "bij naar heb",
        "pl": "i w z na nie to jest się że do co jak ale po za od mi mnie już tak czy dla "
              "jestem są był była znowu",
        "tr": "ve bir bu da de için ile çok ne mi mı var yok ben sen ama gibi daha en "
              "kadar olarak",
}
# ... and so are words that are also common words of an unlisted neighbour ("la" is Spanish
# and Italian too, "on" French, "per" English, "no" Spanish, "wie" Polish).
_AMBIGUOUS = _words("la le on so as per non come mal wie ne van met no sin como esta este "
                    "nada por")
_ALL_WORDS = [w for text in _FUNCTION_TEXT.values() for w in set(text.split())]
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(w for w in text.split() if _ALL_WORDS.count(w) == 1
                    and w not in _AMBIGUOUS)
    for lang, text in _FUNCTION_TEXT.items()
}


# Common English words, for short all-ASCII posts that lingua calls German or Dutch because
# brand names dominate them ("Dashwell was fast tonight", "the ramen was cold").
_ENGLISH = _words("""
a about after again all always am an and any anyone app are at away back bad be been
best better big bit book booked bought bring but buy by call can cancel card cheap check
chips coffee cold come cost could crust customer dark day deal delivery did do does done
don't down dinner drink eat email even ever every fast fee fix flight food for free
fresh fries from fun get give go going good got great had has have help her here him his
home hot how i i'm if in insane is it its just know last late latest like line little
long look lost love lunch made make map me menu mode money more morning most much my
need never new next nice night no not now of off ok on one only open or order our out
over paid pay people phone pizza plan please price really refund same service ship
should since slow so some soup still stop sure take taste thank thanks that the their
them then there they thing think this time to today tonight too try turn up update us
use very wait want was way we week were what when where which who why will with without
won't work worth would wrong year yet you your
""")


# Russian and Ukrainian typed in Latin letters (translit), which lingua does not know: frequent
# words as people usually spell them. Shared words ("dlya", "bez", "mozhno") count for both;
# words that are also Polish typed without its letters ("bylo", "prosto", "kurier") are left out.
_TRANSLIT: dict[str, frozenset[str]] = {
    "ru": _words("eto uzhe opyat mne menya chto kak tolko mozhno esli dlya pochemu podskazhite "
                 "skolko spasibo ochen seychas segodnya vchera zakaz nichego nikto vsyo "
                 "kogda gde tozhe potomu eshche eshe vse vsem budet "
                 "nuzhno mozhet pryamo teper posle rebyata rebyat privet zdravstvuyte "
                 "khorosho horosho ploho zachem kuda zavtra nedelyu nedeli dengi deneg "
                 "chelovek voobshche snova kupil kupila zakazal zakazala zakazyval prishla "
                 "prishel prishlo privezli dostavka dostavku kurer podderzhka podderzhke "
                 "vernite rabotaet stoit"),
    "uk": _words("tse vzhe znovu meni mene shcho yak tilky mozhna yakshcho dlya chomu pidkazhit "
                 "pidkazhit skilky dyakuyu duzhe zaraz sohodni vchora chy hto pislya nichoho "
                 "treba koly tezh bulo buv buly maye mayut maie maiut mozhe pislia "
                 "diakuiu koshtuie koshtuye potriben potribno potribna hroshi kazhut kazhe "
                 "yakyi yaka yake yaki ranku dobryi dobroho pryvezla pryvezly zamovlyala "
                 "zamovlennia zamovlennya posylka posylku pidtrymka pidtrymky hryven "
                 "hrn pratsiuie pratsyuye"),
}


# Letters (and marks) that only one of the Latin-script languages here uses. They settle short
# posts lingua is unsure about ("Vodafone, teşekkürler", "Pakiet Pro w Brand24 — ile?" is not,
# but "bon 500 zł" is); a confident lingua is not overruled, so "São Paulo" in an English post
# stays English.
_MARKERS: dict[str, frozenset[str]] = {
    "tr": frozenset("ığş"), "pl": frozenset("łąęśźżćń"), "pt": frozenset("ãõ"),
    "es": frozenset("ñ¿¡"), "de": frozenset("ß"),
}
MARKERS_UNLESS = 0.95
BY_FUNCTION_WORDS = 0.9  # the confidence given to a post decided by its function words alone


def _count(script: re.Pattern[str], text: str) -> int:
    return len(script.findall(text))


class LanguageDetector:
    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(languages)

    @cached_property
    def _detector(self) -> Any:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, c.upper()) for c in self.languages]
        return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
                .with_low_accuracy_mode().build())

    def warm(self) -> None:
        """Load lingua's models now (they load on first use, which most posts never reach)."""
        self._detector.compute_language_confidence_values("Rakuten Kobo, e-reader")

    def detect(self, text: str, declared: str | None = None) -> tuple[str | None, float | None]:
        """(ISO 639-1 code, confidence) or (declared/None, None) when the text says too little."""
        declared = (declared or "").split("-")[0].lower() or None
        body = _STRIP.sub(" ", text).replace("#", " ")
        letters = _NOT_LETTER.sub("", body)
        if len(letters) < MIN_LETTERS:
            return declared, None
        by_script = (None if letters.isascii() else self._script(letters)) or self._translit(body)
        if by_script is not None:
            return by_script, 1.0
        by_words = self._function_words_decide(body)
        if by_words is not None:
            return by_words, BY_FUNCTION_WORDS
        values = self._detector.compute_language_confidence_values(body)
        if not values:
            return declared, None
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        confidence = float(best.value)
        better = (self._marker_vote(body, code, confidence)
                  or self._function_word_vote(body, code) or self._english_vote(body, code))
        if better is not None:
            # lingua's own figure for the language a rule chose, but no less than "confident":
            # the rule is the evidence here
            lingua = next((float(v.value) for v in values
                           if v.language.iso_code_639_1.name.lower() == better), 0.0)
            return better, round(max(lingua, CONFIDENT), 3)
        if confidence < CONFIDENT and declared is not None:
            return declared, round(confidence, 3)
        return code, round(confidence, 3)

    def _script(self, letters: str) -> str | None:
        """The language a script names (see the module docstring), counted with one regex scan
        per script rather than a Python loop per letter."""
        n = len(letters)
        share = SCRIPT_SHARE * n
        langs = self.languages
        for code, script in (("ko", _HANGUL), ("th", _THAI)):
            if code in langs and _count(script, letters) >= share:
                return code
        kana = _count(KANA, letters)
        han = _count(HAN, letters) if kana or "zh" in langs else 0
        if "ja" in langs and kana >= 2 and kana + han >= share:
            return "ja"
        if "zh" in langs and han >= share and kana == 0:
            return "zh"
        if _count(_CYRILLIC, letters) * 2 >= n:
            low = letters.lower()
            uk = not _UK_ONLY.isdisjoint(low)
            if uk != (not _RU_ONLY.isdisjoint(low)):
                code = "uk" if uk else "ru"
                if code in langs:
                    return code
        return None

    def _marker_vote(self, body: str, chosen: str, confidence: float) -> str | None:
        if confidence >= MARKERS_UNLESS:
            return None
        low = set(body.lower())
        found = [lang for lang, marks in _MARKERS.items()
                 if lang in self.languages and low & marks]
        return found[0] if len(found) == 1 and found[0] != chosen else None

    def _translit(self, body: str) -> str | None:
        """Russian or Ukrainian in Latin letters: two or more of its usual words, and more of
        them than of the other's."""
        # the soft sign is typed as an apostrophe, or left out: "skol'ko", "skolko"
        words = [w.lower().replace("'", "").replace("’", "") for w in _WORD.findall(body)]
        if not words or not all(w.isascii() for w in words):
            return None
        hits = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _TRANSLIT.items()
                if lang in self.languages}
        ranked = sorted(hits.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return None

    def _english_vote(self, body: str, chosen: str) -> str | None:
        """English, when lingua said otherwise for a short ASCII post made mostly of common
        English words (brand names aside)."""
        if chosen == "en" or "en" not in self.languages:
            return None
        words = [w.lower() for w in _WORD.findall(body)]
        if not all(w.isascii() for w in words):
            return None
        if not 2 <= len(words) <= 14:
            return None
        known = sum(1 for w in words if w in _ENGLISH)
        return "en" if known * 5 >= len(words) * 3 else None

    def _function_words_decide(self, body: str) -> str | None:
        """Before lingua: a short post with two or more function words of one configured
        language, none of any other's, and no letter only another language uses. Lingua
        would be overruled by ``_function_word_vote`` on such a post whatever it said, so it
        is not asked (half the Latin-script posts of the corpus: it is the costliest step)."""
        words = [w.lower().replace("’", "'") for w in _WORD.findall(body)]
        if not words or len(words) > 30:
            return None
        hits = [(lang, sum(1 for w in words if w in fw))
                for lang, fw in _FUNCTION_WORDS.items() if lang in self.languages]
        found = [(lang, n) for lang, n in hits if n]
        if len(found) != 1 or found[0][1] < 2:
            return None
        lang = found[0][0]
        low = set(body.lower())
        if any(other != lang and other in self.languages and low & marks
               for other, marks in _MARKERS.items()):
            return None
        return lang

    def _function_word_vote(self, body: str, chosen: str) -> str | None:
        """Another configured language whose function words clearly outnumber the chosen
        one's in this post, if any."""
        words = [w.lower().replace("’", "'") for w in _WORD.findall(body)]
        if not words or len(words) > 30:
            return None  # long posts: lingua is reliable there, and code-switching is common
        hits = {lang: sum(1 for w in words if w in fw)
                for lang, fw in _FUNCTION_WORDS.items() if lang in self.languages}
        if not hits:
            return None
        best = max(hits, key=lambda lang: hits[lang])
        if best != chosen and hits[best] >= 2 and hits.get(chosen, 0) == 0:
            return best
        return None
