"""A long wait praised: "love waiting 2 hours on hold", "me encanta esperar 2 horas al
teléfono", "j'adore attendre 2h", "ich liebe es, 2 Stunden in der Warteschleife zu hängen",
"uwielbiam czekać 2 godziny", "suka banget nunggu 2 jam".

Sarcasm without an eye-roll: the words of praise ("love", "encanta", "adore") are sincere in
most posts, and the model read these as praise (a review's labelled file and its probes in
Spanish, Portuguese, French, German, Italian, Polish and Indonesian,
``tests/enrich/test_review2_labelled_file.py``; Dutch, Turkish and Japanese ones read as
complaints already). Nobody praises hours
of waiting, so a post the model reads as praise that holds, in one clause, a word of waiting
(``WAIT``) and a length of hours, days, weeks or months (``LONG``: minutes may be a short
wait, "only waited 5 minutes") is a complaint (``model.predict``), unless it says the wait was
short ("only", "just", "solo": ``SHORT``), or the post turns or says the matter was put right
(the ``contrast`` and ``resolved`` concepts: "waited 2 hours but they sorted everything").

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese and Korean); digits are folded to "0" ("2h" is "0h"), and an entry's "0" is
a number of any digits ("10h" is "00h").
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon import UNSPACED

WAIT: dict[str, str] = {
    "en": "wait|waited|waiting|on hold|queue|queuing|queueing",
    "es": "esperar|esperando|espere$|esperamos|espera$|en cola|en linea",
    "pt": "esperar|esperando|esperei|espera$|aguardar|aguardando|aguardei|na fila|na linha",
    "fr": "attendre|attendu|attente|j'attends|en ligne",
    "de": "warten|wartet|gewartet|warteschleife|warte$|wartezeit",
    "it": "aspettare|aspettando|aspettato|attesa|in coda|in linea",
    "nl": "wachten|gewacht|wacht$|in de wacht|wachttijd",
    "pl": "czekac|czekanie|czekalem|czekalam|czekam|w kolejce|oczekiwani",
    "tr": "bekle|kuyruk",
    "id": "nunggu|menunggu|nungguin|antri|antre|antrian",
    "ru": "ждать|жду$|ждал|ожидани|в очереди",
    "uk": "чекати|чекаю|чекав|очікуванн|у черзі",
    "ar": "انتظار|انتظرت|الانتظار|انتظر",
    "hi": "intezaar|intezar|wait kar|इंतजार|इंतज़ार",
    "ja": "待ち|待たされ|待った|待つ",
    "zh": "等了|等待|排队",
    "ko": "기다리|기다렸|대기",
}
LONG: dict[str, str] = {
    "en": "0 hours|0 hrs|0hrs|0h$|0 days|0 weeks|0 months|hours$|an hour|whole day|all day|"
          "forever|for ages",
    "es": "0 horas|0h$|0 dias|0 semanas|0 meses|horas$|una hora|todo el dia",
    "pt": "0 horas|0h$|0 dias|0 semanas|0 meses|horas$|uma hora|o dia todo|o dia inteiro",
    "fr": "0 heures|0 heure$|0h$|0 jours|0 semaines|0 mois|des heures|une heure|toute la journee",
    "de": "0 stunden|0 std|0h$|0 tage|0 wochen|0 monate|stunden$|eine stunde|den ganzen tag",
    "it": "0 ore$|0h$|0 giorni|0 settimane|0 mesi|per ore|un'ora|tutto il giorno",
    "nl": "0 uur$|0 uren|0 dagen|0 weken|0 maanden|uren$|een uur|de hele dag",
    "pl": "0 godzin|0 godziny|0 godzine|0 dni$|0 tygodni|0 tygodnie|0 miesiecy|godzinami|"
          "godzine|caly dzien",
    "tr": "0 saat|0 gun|0 hafta|0 ay$|saatlerce|gunlerce|bir saat|butun gun",
    "id": "0 jam|0 hari|0 minggu|0 bulan|berjam-jam|sejam|seharian",
    "ru": "0 час|0 дней|0 дня|0 недел|часами|час$|целый день",
    "uk": "0 годин|0 днів|0 тижн|годинами|годину|цілий день",
    "ar": "ساعة|ساعات|ساعتين|أيام|ايام|أسابيع|اسابيع",
    "hi": "0 ghante|ghanton|0 din$|घंटे|घंटों",
    "ja": "0時間|時間も|日間|週間|ヶ月|か月",
    "zh": "0小时|0个小时|个钟|天了|周了",
    "ko": "0시간|시간째|몇 시간|일째|주째",
}
SHORT: dict[str, str] = {
    "en": "only|just$|barely|less than",
    "es": "solo$|sólo$|apenas|menos de",
    "pt": "so$|só$|apenas|menos de",
    "fr": "seulement|juste$|a peine|moins d'",
    "de": "nur$|knapp|kaum|weniger als",
    "it": "solo$|appena|meno di",
    "nl": "maar$|slechts|amper|minder dan",
    "pl": "tylko|zaledwie|niecal",
    "tr": "sadece|yalnizca|ancak",
    "id": "cuma|hanya|kurang dari",
    "ru": "всего|только|меньше",
    "uk": "лише|тільки|менше",
    "ja": "たった|だけ|しか",
    "zh": "才|只",
    "ko": "만에|밖에",
}
# a comma, point or colon ends a clause, but not inside a number ("1,5 horas", "2.5 hours",
# "1:30 hours", folded to "0,0"): "esperar 1,5 horas" was "esperar 0" and "0 horas", two
# clauses, neither a long wait (a fuzzing review, 2026-12-06)
_CLAUSE = re.compile(r"(?:[;!?\n。、！？，]|(?<!\d)[,.:]|[,.:](?!\d))+")


def entries_pattern(table: dict[str, str]) -> re.Pattern[str]:
    """The entries of ``table`` (language -> "a|b|c") as one pattern over folded text: a word
    start in spaced scripts (the whole word with "$"), anywhere in unspaced ones, an entry's
    "0" a number of any digits; the longest first. ``lexicon_since`` and ``lexicon_trial``
    read their tables with it too."""
    from bot.enrich.features import fold_text  # the one text policy

    def fold(word: str) -> str:
        return re.sub(r"\d", "0", fold_text(word))

    spaced = sorted({fold(w) for lang, text in table.items() if lang not in UNSPACED
                     for w in text.split("|")}, key=len, reverse=True)
    unspaced = sorted({fold(w) for lang, text in table.items() if lang in UNSPACED
                       for w in text.split("|")}, key=len, reverse=True)
    # an entry's "0" is a number of any digits: they fold one by one, "10 heures" to "00
    # heures", which held no "0 heures" at a word's start (a fuzzing review, 2026-12-06); an
    # unspaced entry is found anywhere, "00時間" holding "0時間", and a "0+" there would be
    # tried again from every digit of a long number
    words = "|".join(re.escape(w[:-1]) + r"(?!\w)" if w.endswith("$") else re.escape(w)
                     for w in spaced).replace("0", "0+")
    return re.compile(r"(?<!\w)(?:" + words + ")|" + "|".join(map(re.escape, unspaced)))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return entries_pattern(WAIT), entries_pattern(LONG), entries_pattern(SHORT)


def long_wait(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) tells, in one clause, of a wait of
    hours or more and does not say it was short."""
    wait, long, short = _patterns()
    if wait.search(folded) is None:
        return False  # most posts
    return any(wait.search(c) and long.search(c) and not short.search(c)
               for c in _CLAUSE.split(folded))
