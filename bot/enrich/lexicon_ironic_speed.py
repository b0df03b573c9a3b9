"""Speed praised beside a wait of weeks or months: "Merci pour la livraison express… en trois
semaines", "Спасибо, всего месяц доставки. Молодцы", "Дякую, дуже швидко: посилка їде вже
третій тиждень", "Teşekkürler, sadece üç haftada geldi, çok hızlı", "真快啊，退款等了三个星期".

Irony without an eye-roll or a word of fault: the words are thanks and praise of speed, and
the model read them so (praise, positive) in French, Chinese, Russian, Turkish and Ukrainian
(a review of negation, 2026-12-07; the review before it). What makes them irony is the
length: nobody calls weeks or months of delivery, refund or reply fast. ``model.TextModel
.predict`` reads a post it took as praise that holds a word of speed (``FAST``) and a length of
weeks or months (``WEEKS``) as a complaint, its feeling turned, unless the post says the matter
was put right (the ``resolved`` concept).

The rule is bounded where it could be sincere or about something else:
- days and hours are no such length ("arrived in 2 days, super fast"), nor a week alone ("this
  week", "на этой неделе"): a count of weeks or months, or a plural that is one;
- the speed must be the service's: the post thanks (the ``thanks`` concept) or tells of a wait
  (``lexicon_wait.WAIT``); "Three weeks with the X2 and it is still fast" does neither;
- a negation just before the word of speed ("не очень быстро", "not fast") is no praise.
Entries are folded word starts (``$`` the whole word) or substrings in unspaced scripts
(``lexicon_wait.entries_pattern``); Chinese and Japanese lengths need a number before them
("三个星期", not "这个星期").
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.lexicon_wait import WAIT, entries_pattern

FAST: dict[str, str] = {
    "en": "fast$|quick$|quickly|speedy|record speed|lightning|express$",
    "fr": "rapide|rapidite|express$|eclair",
    "es": "rapido|rapida|rapidez|veloz|express$",
    "pt": "rapido|rapida|rapidez|expressa|express$",
    "de": "schnell|blitzschnell|express$|zugig",
    "nl": "snel$|snelle|supersnel|razendsnel",
    "it": "veloce|velocissim|rapid|express$",
    "ru": "быстро|быстрая|быструю|быстрый|оперативн|молниеносн",
    "uk": "швидко|швидка|швидку|швидкий|оперативн|блискавичн",
    "pl": "szybko|szybka|szybki|ekspresow|blyskawiczn",
    "tr": "hizli|hizlica",
    "id": "cepat|kilat",
    "ms": "cepat|laju|pantas",
    "sv": "snabb",
    "da": "hurtig",
    "nb": "rask$|raskt|hurtig",
    "zh": "真快|好快|太快|很快|神速|速度真",
    "ja": "速い|早い|迅速|スピーディ",
    "ko": "빠르|빨라|빠른",
}

WEEKS: dict[str, str] = {
    "en": "weeks$|months$|a month$|one month$|a whole month|a full month",
    "fr": "semaines$|0 mois|un mois|deux mois|trois mois|quatre mois|des mois",
    "es": "semanas$|meses$|un mes$",
    "pt": "semanas$|meses$|um mes$",
    "de": "wochen$|monate$|monaten$|einen monat|ein monat",
    "nl": "weken$|maanden$|een maand",
    "it": "settimane$|mesi$|un mese",
    "ru": "недели$|недель$|неделю$|месяц$|месяца$|месяцев$",
    "uk": "тижні$|тижнів$|тиждень$|місяць$|місяці$|місяців$",
    "pl": "tygodnie$|tygodni$|miesiac$|miesiace$|miesiecy$",
    "tr": "0 hafta|bir hafta|iki hafta|uc hafta|dort hafta|bes hafta|haftalar|0 ay$|0 ayda|"
          "bir ay$|bir ayda|iki ay|uc ay|aylar",
    "id": "0 minggu|dua minggu|tiga minggu|empat minggu|berminggu|0 bulan|sebulan|dua bulan|"
          "tiga bulan|berbulan",
    "ms": "0 minggu|dua minggu|tiga minggu|empat minggu|berminggu|0 bulan|sebulan|dua bulan|"
          "tiga bulan|berbulan",
    "sv": "veckor$|manader$|en manad",
    "da": "uger$|maneder$|en maned",
    "nb": "uker$|maneder$|en maned",
    "ko": "주째|개월|달째",
}
# Chinese and Japanese: a count before the week or month ("三个星期", "2ヶ月"), not "这个星期";
# at most four characters of it, so a post of a thousand digits is not tried from each one
_COUNTED = re.compile(r"[0-9一二两兩三四五六七八九十几幾半]{1,4}\s?(?:个|個|か|ヶ|カ|ケ)?\s?"
                      r"(?:星期|礼拜|禮拜|周|週|月)")
# a negation at most a word before the word of speed: "не очень быстро", "not that fast"
_NEGATED = re.compile(r"(?:(?<!\w)(?:not|no|never|nicht|pas|no|nao|non|niet|не|ні|nie|"
                      r"tidak|tak|ikke|inte|ei)|\w+n't)(?:\s+\S+)?\s*$")
_NEGATION_CHARS = ("不", "没", "沒", "く無", "くな")
_THANKS = CONCEPT_NAMES.index("thanks")
_RESOLVED = CONCEPT_NAMES.index("resolved")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return entries_pattern(FAST), entries_pattern(WEEKS), entries_pattern(WAIT)


def _praised_speed(folded: str, fast: re.Pattern[str]) -> bool:
    """Whether a word of speed stands in ``folded`` with no negation just before it."""
    for m in fast.finditer(folded):
        before = folded[max(0, m.start() - 24):m.start()]
        if not _NEGATED.search(before) and not before.endswith(_NEGATION_CHARS):
            return True
    return False


def ironic_speed(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) praises speed beside a length of
    weeks or months, thanks or tells of a wait, and names no fix."""
    fast, weeks, wait = _patterns()
    if not fast.search(folded):
        return False  # most posts
    if not (weeks.search(folded) or _COUNTED.search(folded)):
        return False
    counts = concept_counts(folded)
    if counts[_RESOLVED] or not (counts[_THANKS] or wait.search(folded)):
        return False
    return _praised_speed(folded, fast)
