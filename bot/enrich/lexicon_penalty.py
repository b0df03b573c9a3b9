"""News of a fine, a penalty or a recall: "Kestrel fined €2m", "Il Garante sanziona Kestrel",
"غرامة على شركة Kestrel", "金融庁、Kestrelに課徴金", "Kestrel recalls 8,000 kettles".

The label definitions make such news ``other``/``negative`` (``tests/data/corpus/README.md``:
"news of a fine is negative"). The ``news`` concept holds "multa", "amende", "罰金" beside
"opens", "launches" and "named", so it tells the model a post is news, not which news; where the
corpus wrote no fine in a language the model read the fine neutral (a review's labelled file,
``tests/enrich/test_review2_labelled_file.py``: Japanese, Arabic, English recalls). A post the
model reads ``other`` and neutral and that holds one of ``PENALTY`` is read negative
(``model.as_bad_news``); a post it reads positive keeps its reading ("works fine").

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese, Thai and Korean), written from general knowledge of how news of a sanction
is worded; English has no bare "fine" (an adjective far more often than a sanction), nor a
bare "fine of", found in "fine of course": a fine of is one with its amount ("fine of €0m").
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

PENALTY: dict[str, str] = {
    "en": "fined|fines$|record fine|hefty fine|a fine of|fine of 0|fine of $0|fine of €|"
          "fine of £|fine of eur|fine of usd|fine of gbp|fine of us$0|fine of up to|"
          "fine of over|fine of more than|fine of nearly|fine of almost|fine of around|"
          "fine of about|penalty|penalties|penalised|"
          "penalized|sanctioned|sanctions$|recall$|recalls$|recalled|product recall",
    "es": "multa|multan|multado|multada|sancion|sanciona|retira del mercado|llamado a revision",
    "pt": "multa|multad|sancao|sanciona|penalidade|recall$|recolhe",
    "fr": "amende|sanction|sanctionne|condamne a payer|rappel de produit|rappel massif|"
          "rappelle des|rappelle ses",
    "de": "bussgeld|geldstrafe|geldbusse|strafe von|strafe in|sanktion|ruckruf|ruft zuruck",
    "it": "multa|multat|sanzion|richiamo di|richiama",
    "nl": "boete|beboet|sanctie|terugroepactie|roept terug",
    "pl": "kara$|kare$|kary$|ukaran|nalozyl kare|sankcj|wycofuje z rynku|akcja serwisowa",
    "tr": "ceza|cezasi|cezaya|yaptirim|geri cagir|toplatiyor|toplatma",
    "id": "denda|didenda|sanksi|penarikan produk|menarik produk",
    "ms": "denda|didenda|kompaun",
    "ru": "штраф|оштраф|санкци|отзыв$|отзывает",
    "uk": "штраф|оштраф|санкці|відкликає",
    "ar": "غرامة|غرامه|تغريم|عقوبة|عقوبات|سحب منتج|استدعاء",
    "hi": "जुर्माना|दंड|jurmana|jurmaana|penalty",
    "vi": "bi phat$|phat tien$|thu hoi$",
    "ja": "罰金|課徴金|制裁金|行政処分|業務改善命令|業務停止命令|リコール|自主回収",
    "zh": "罚款|处罚|罚单|召回",
    "ko": "과징금|벌금|제재|리콜",
    "th": "ค่าปรับ|ถูกปรับ|สั่งปรับ|เรียกคืนสินค้า",
}


@cache
def _pattern() -> re.Pattern[str]:
    """``PENALTY`` over folded text (``lexicon_wait.entries_pattern``: an entry's "0" a
    number of any digits, as the text folds them)."""
    return entries_pattern(PENALTY)


def penalty(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) names a fine, a penalty or a
    recall."""
    return _pattern().search(folded) is not None
