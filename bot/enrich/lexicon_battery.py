"""A battery that does not last, told without a word of fault: "the battery dies by noon", "a
bateria acaba antes do almoço", "батарея садится к обеду", "der Akku ist mittags leer", "la
batterie ne tient pas la journée", "电池半天就没电了" (features v92, into ``fault``).

Praise, then "but" and the battery ("Great phone but the battery dies by noon") is the commonest
mixed review of a device, and the label guidelines make it a complaint: what follows "but" is
what the author feels in the end. ``clauses`` weighs the concepts after the turn, but this
clause held none (dying, running out, emptying are no breakage in the lexicon), so the praise
before it decided: a review of negation (2026-12-07) read Portuguese and Russian ones as
praise. Each entry holds the battery and the verb, so "battery lasts all day", "a bateria dura"
(which the corpus holds as praise) hold none, and no corpus post holds one. Entries follow the
rules of ``lexicon`` (folded word starts, substrings in Chinese, Japanese and Korean).
"""

from __future__ import annotations

BATTERY_DIES: dict[str, str] = {
    "en": "battery dies|battery died|battery drains|battery is dead|battery dead by|"
          "battery doesn't last|battery doesnt last|battery won't last",
    "de": "akku ist leer|akku ist schon leer|akku halt nicht|akku ist mittags leer",
    "fr": "batterie ne tient pas|batterie ne tient plus|batterie se vide",
    "es": "bateria no llega|bateria no dura|bateria se acaba|bateria se descarga",
    "pt": "bateria acaba|bateria nao dura|bateria descarrega|bateria nao aguenta",
    "it": "batteria non arriva|batteria non dura|batteria si scarica",
    "nl": "batterij is leeg|batterij is om|batterij gaat snel leeg|batterij houdt het niet",
    "pl": "bateria pada|bateria nie trzyma|bateria sie rozladowuje",
    "ru": "батарея садится|батарея быстро садится|батарея села|батарея не держит|"
          "аккумулятор садится|аккумулятор не держит",
    "uk": "батарея сідає|батарея швидко сідає|батарея не тримає|акумулятор сідає",
    "sv": "batteriet dor|batteriet tar slut|batteriet haller inte",
    "tr": "pil cabuk bitiyor|sarj cabuk bitiyor|pil dayanmiyor|sarj dayanmiyor",
    "id": "baterainya habis|baterai cepat habis|batre cepat habis|baterai boros",
    "zh": "就没电|掉电快|掉电很快|电池不耐用|電池不耐用",
    "ja": "バッテリーが持たない|バッテリーがもたない|電池が持たない|電池がもたない",
    "ko": "배터리가 빨리 닳|배터리가 금방 닳",
}
