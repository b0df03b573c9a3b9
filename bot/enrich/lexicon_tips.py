"""A customer's tip to other customers, read as ``other`` (``model.rule_takes``), as a company's
reply is (``lexicon.company_reply``).

"pro tip for anyone on Dishly: the promo code only works if you add it before you pick a time
slot", "Tipp an alle mit Orbisa-Konto: die Push-TAN lässt sich ... übertragen, ohne Hotline",
"@jonah_k had the same, turn off wifi calling and restart, fixed it for me": the guidelines make
them ``other``/neutral (``tests/data/README.md``: `tip`, `peer`), but a tip names the fault it
works around or the good it does, and the model, whose corpus has no tip, read them as
complaints or praise (10 of the 18 in the dev half of ``tests/data/blind_mixed7.tsv``, 3 of 4
in ``blind_mixed6.tsv``'s).

Two shapes, each in many languages:

- a head naming a tip before the first colon (":", "：", Amharic "፦", Khmer "៖"), in a post
  that asks nothing ("Tip: why does Acme charge a fee?" is a complaint): at most
  ``HEAD_WORDS`` words, holding a word of ``TIP_WORDS`` ("tip", "Tipp",
  "astuce", "dica", "consiglio", "совет", "نصيحة", "ทิป", "提醒一下", "patarimas", "ምክር", ...);
- a reply to another customer (it opens with a handle) that says what worked for the author
  (``PEER_PHRASES``: "worked for me", "fixed it for me", "así se arregló", "u mnie pomogło",
  "ganun ginawa ko", ...); "had the same" alone is not enough, a customer writes it to the
  company too ("@acme had the same outage again today").

A post with a link is left to the model, as for a company's reply. Written on 2026-12-01 by the
writer of ``tests/data/blind_mixed7.tsv`` from its dev half's errors (its tips follow one
template in most languages, in both halves, so figures on it flatter this).
"""

from __future__ import annotations

import re
from functools import cache

HEAD_WORDS = 8  # a tip's head ("pro tip for anyone on Dishly:") is short
_HEAD_END = re.compile(r"[:：፦៖]")
# scripts that do not space their words: their tip words are found inside the head's words
_UNSPACED = frozenset({"zh", "ja", "th", "ko", "my", "km"})

TIP_WORDS: dict[str, str] = {
    "en": "tip|tips|pro tip|protip|quick tip|hint",
    "de": "tipp|tipps|profi-tipp",
    "fr": "astuce|conseil|petit conseil",
    "es": "consejo|truco",
    "pt": "dica|dicas|conselho",
    "it": "consiglio|dritta|trucco",
    "nl": "tip|tips",
    "pl": "rada|porada|wskazówka",
    "ru": "совет|лайфхак",
    "uk": "порада|лайфхак",
    "tr": "tavsiye|ipucu",
    "ja": "豆知識|ヒント|アドバイス",
    "zh": "提醒一下|小贴士|小提示",
    "ko": "꿀팁|팁",
    "th": "ทิป|เคล็ดลับ",
    "ar": "نصيحة",
    "hi": "सुझाव|टिप",
    "fa": "نکته|توصیه",
    "ur": "مشورہ",
    "he": "טיפ",
    "el": "συμβουλή",
    "id": "saran",
    "ms": "petua",
    "vi": "mẹo",
    "sw": "ushauri|kidokezo",
    "cs": "rada",
    "sv": "råd",
    "da": "råd",
    "fi": "vinkki",
    "hu": "tipp",
    "ro": "sfat",
    "bg": "съвет",
    "hr": "savjet|savet",
    "sr": "савет",
    "bn": "টিপস|পরামর্শ",
    "ta": "குறிப்பு",
    "yo": "ìmọ̀ràn",
    "ha": "shawara",
    "am": "ምክር",
    "zu": "icebiso",
    "ne": "सुझाव",
    "si": "උපදෙස",
    "my": "အကြံပြုချက်",
    "km": "គន្លឹះ",
    "lt": "patarimas",
    "lv": "padoms",
    "et": "nõuanne|soovitus",
    "is": "ráð",
    "ca": "consell",
    "eu": "aholku|aholkua",
    "cy": "cyngor|awgrym",
}

# what worked: a handle then "had the same" alone may be a complaint to the company ("@acme had
# the same outage again today"), so the phrase must say what fixed it
PEER_PHRASES: dict[str, str] = {
    "en": "worked for me|fixed it for me|what worked for me|that fixed it|sorted it for me",
    "es": "me funcionó|así se arregló|así se me arregló|a mí me sirvió",
    "pt": "funcionou pra mim|funcionou para mim|resolveu pra mim|assim resolveu",
    "fr": "ça a marché pour moi|chez moi ça a marché|ça a réglé le problème",
    "de": "hat bei mir geholfen|bei mir hat es geholfen|bei mir hat's geholfen|"
          "hat bei mir funktioniert",
    "it": "a me ha funzionato|così si è risolto|mi ha risolto",
    "nl": "werkte bij mij|bij mij werkte|hielp bij mij",
    "pl": "u mnie pomogło|mi pomogło|u mnie zadziałało",
    "ru": "у меня помогло|мне помогло",
    "tl": "ganun ginawa ko|ganyan ginawa ko|gumana sa akin",
    "id": "berhasil buat aku|berhasil buat saya|aku begitu dan beres",
}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(tip words with spaces, tip words of unspaced scripts, peer phrases), folded."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    def either(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    spaced = {fold(w) for lang, text in TIP_WORDS.items() if lang not in _UNSPACED
              for w in text.split("|")}
    unspaced = {fold(w) for lang, text in TIP_WORDS.items() if lang in _UNSPACED
                for w in text.split("|")}
    peers = {fold(w) for text in PEER_PHRASES.values() for w in text.split("|")}
    return (re.compile(rf"(?<!\w)(?:{either(spaced)})(?!\w)"), re.compile(either(unspaced)),
            re.compile(rf"(?<!\w)(?:{either(peers)})(?!\w)"))


def peer_tip(folded: str, *, handles: int = 0) -> bool:
    """Whether a folded post (``features.prepare``'s text) reads as a customer's tip to other
    customers: a short head naming a tip before the first colon (``tip_head``), or a reply to
    a customer saying what worked (``peer_reply``; see the module docstring)."""
    return tip_head(folded) or peer_reply(folded, handles=handles)


def tip_head(folded: str) -> bool:
    """A head naming a tip before the first colon, in a post that asks nothing. A warning
    wears the same head ("Tip: don't fly Brunnet, they lost my bag twice"): ``model``
    leaves a post it reads surely negative to itself (``model.TIP_NEGATIVE``)."""
    spaced, unspaced, _ = _patterns()
    end = _HEAD_END.search(folded)
    if not end:
        return False
    head = folded[:end.start()]
    return ("?" not in folded and len(head.split()) <= HEAD_WORDS
            and bool(spaced.search(head) or unspaced.search(head)))


# "worked for me" then a turn ("@acme worked for me yesterday but today it crashes"): maybe a
# fault told to whoever the handle is; the languages of PEER_PHRASES. Many of these words have
# other senses in a tip (Spanish "más" folds to "mas", Portuguese "mais" is more, Dutch "tot nu
# toe" so far, Russian "до последней версии" to the latest version, Polish "ma" has), so a turn
# only hands the reply to the model when the model reads it surely negative (``model``).
_TURN = re.compile(r"(?<!\w)(?:but|however|until|aber|doch|bis|pero|hasta|mas|porém|até|mais|"
                   r"jusqu|ma|però|fino|maar|tot|ale|aż|но|до|kaso|tapi|sampai)(?!\w)")


def _peer_phrase(folded: str, handles: int) -> re.Match[str] | None:
    from bot.enrich.features import HANDLE_MARK

    if not handles or not folded.lstrip().startswith(HANDLE_MARK):
        return None
    return _patterns()[2].search(folded)


def peer_reply(folded: str, *, handles: int = 0) -> bool:
    """A reply to another customer (it opens with a handle, ``handles`` of them in the post)
    saying what worked for the author ("fixed it for me"); a turn may follow (``turned``)."""
    return _peer_phrase(folded, handles) is not None


def turned(folded: str, *, handles: int = 0) -> bool:
    """A ``peer_reply`` with a turn after what worked ("but today it crashes"), or perhaps a
    word of a turn in another sense (``_TURN``)."""
    found = _peer_phrase(folded, handles)
    return found is not None and _TURN.search(folded, found.end()) is not None
