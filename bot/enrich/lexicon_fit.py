"""A shopper asking how a shoe or a garment's sizes run before buying it: "does the Aero 3 run
true to size?", "¿tallan grande?", "est-ce qu'elles taillent petit ?", "fallen die eher klein
aus?", "zijn ze klein van maat?", "czy są na normalną stopę?", "サイズ感ってどうですか？",
"정사이즈인가요?".

The label definitions make a question that asks for a fact with no fault in view a
``question``, neutral. The model, whose corpus sells software and services, has no sizes in
it: it read such a question as a ``lead`` (a purchase ahead: "usually a 10.5", "noszę 42"), or,
German "ausfallen" being a word of fault ("der Zug fällt aus"), as a complaint (a review's
labelled file of consumer brands, 2026-12-07: five of its dev half's size questions, in five
languages, read so). ``model.TextModel.predict`` reads a post that names how sizes run and asks
(a question mark), with no word of fault or complaint beside the size phrase, as a question,
neutral. A size told without a question mark ("sizes run small, go half a size up") is a tip,
and "ran so small I had to send them back?!" names a fault: both are the model's.

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese, Thai and Korean): the phrases a shop's size guide and its shoppers use for a
size's fit, not the bare words "size" or "Größe" (a size out of stock, a size sent wrong).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

FIT: dict[str, str] = {
    "en": "true to size|run small|runs small|running small|run big|runs big|run large|"
          "runs large|fit small|fits small|fit big|fits big|fit large|fits large|"
          "size up or|size down or|half a size up|half size up|go up a size|go down a size",
    "es": "tallan$|tallan grande|tallan pequeno|tallan chico|horman$|horma grande|"
          "horma pequena|horma chica|vienen grandes|vienen pequenas|vienen chicas",
    "pt": "forma pequena|forma grande|formas pequenas|formas grandes|vestem grande|"
          "vestem pequeno|calcam grande|calcam pequeno|numeracao normal|numeracao grande|"
          "numeracao pequena",
    "fr": "taillent$|taillent petit|taillent grand|taille petit$|taille grand$|"
          "une taille au-dessus|une taille en dessous|prendre la taille au-dessus",
    "de": "klein ausfallen|gross ausfallen|fallen klein|fallen gross|fallt klein|fallt gross|"
          "fallen sie klein|fallen sie gross|normal ausfallen|grosse grosser nehmen|"
          "eine nummer grosser|eine nummer kleiner|"
          # the separable verb split by its subject: "fallen die Schuhe eher klein aus?"
          "klein aus$|gross aus$|kleiner aus$|grosser aus$",
    "it": "vestono grand|vestono piccol|vestono giust|calzano grand|calzano piccol|"
          "calzata grande|calzata piccola|calzata regolare|mezza taglia in piu|"
          "una taglia in piu",
    "nl": "klein van maat|groot van maat|normaal van maat|vallen klein|valt klein|"
          "vallen groot|valt groot|een maat groter|een maat kleiner",
    "pl": "na normalna stope|rozmiarowk|rozmiar wiekszy|rozmiar mniejszy",
    "tr": "kalibi dar|kalibi genis|kalibi kucuk|kalibi buyuk|kalibi normal|kalip dar|"
          "kalip genis|bir numara buyuk|bir numara kucuk",
    "ru": "маломерят|большемерят|маломерит|большемерит|маломерк|большемерк|в размер$",
    "uk": "маломірять|великомірять|маломірить|великомірить|в розмір$",
    "id": "ukurannya pas|ukurannya kecil|ukurannya besar|true size|naik satu ukuran|"
          "turun satu ukuran",
    "ar": "المقاس مضبوط|مقاسه صغير|مقاسه كبير|مقاسها صغير|مقاسها كبير|المقاس صغير|"
          "المقاس كبير",
    "hi": "साइज़ छोटा|साइज़ बड़ा|साइज छोटा|साइज बड़ा|size chhota|size bada|size sahi",
    "ja": "サイズ感|ワンサイズ上|ワンサイズ下|ハーフサイズ上|小さめの作り|大きめの作り",
    "zh": "偏大|偏小|尺码正|尺碼正|正码|正碼",
    "ko": "정사이즈|반 사이즈 업|반사이즈 업|한 치수 크게|한 치수 작게|작게 나와|크게 나와",
}

_QUESTION_MARKS = "?？؟"


@cache
def _pattern() -> re.Pattern[str]:
    """``FIT`` over folded text (``lexicon_wait.entries_pattern``)."""
    return entries_pattern(FIT)


def fit_asked(folded: str) -> str | None:
    """The folded post (``features.prepare``'s text) with its size phrases blanked, when it names
    how sizes run and asks (a question mark); else None. The caller weighs the words of fault
    left: the size phrase's own ("klein ausfallen") are no fault."""
    if not any(q in folded for q in _QUESTION_MARKS):
        return None  # most posts
    blanked, found = _pattern().subn(" ", folded)
    return blanked if found else None
