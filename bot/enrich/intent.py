"""Intent of a post: complaint, question, praise, lead (purchase intent), spam, or other.

Method (documented in the README): a lexicon of cue words and phrases per language, matched on
case- and accent-folded text, and a fixed priority when several classes match:
spam > lead > complaint > question > praise. Entries ending in ``*`` are stems (Russian and
Polish inflect heavily: ``ужас*`` covers ужасно, ужасный); the others are whole words or
phrases. Thai, Korean, Japanese and Chinese cues match as substrings, since those scripts do not
separate words (or, for Korean, attach particles). A question mark makes a question when nothing
stronger matched. Posts that are mostly a link count as spam.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.models import Intent
from bot.core.text import fold

LEXICON: dict[Intent, dict[str, tuple[str, ...]]] = {
    "spam": {
        "en": ("crypto giveaway", "free followers", "airdrop", "dm for promo", "click here",
               "follow for follow", "f4f", "promo code", "earn $", "make money fast",
               "100x", "giveaway", "onlyfans", "buy followers", "check my bio"),
        "ru": ("заработок*", "раздача*", "подпишись на", "бесплатные подписчики"),
        "pl": ("darmowi obserwujacy", "zarob*", "kliknij tutaj"),
        "ko": ("무료 팔로워", "코인 에어드랍", "수익 보장"),
        "th": ("แจกฟรี", "รายได้เสริม", "คลิกเลย"),
    },
    "lead": {
        "en": ("pricing", "price", "quote", "looking for a tool", "looking for an alternative",
               "looking for a solution", "alternative to", "seats", "enterprise plan",
               "free trial", "book a demo", "how much", "switching to", "for our team",
               "for a team of", "recommend a", "any recommendations", "sales team"),
        "ru": ("цен*", "сколько стоит", "ищу альтернатив*", "тариф*", "для команды",
               "посоветуйте", "лицензи*", "перейти на"),
        "pl": ("cennik*", "ile kosztuje", "szukam alternatyw*", "dla zespolu", "licencj*",
               "polecicie"),
        "ko": ("가격", "견적", "도입", "요금제", "대안", "팀용"),
        "th": ("ราคา", "เท่าไหร่", "แพ็กเกจ", "ทางเลือกอื่น", "สำหรับทีม"),
        "de": ("preis*", "angebot", "alternative zu"),
        "es": ("precio*", "cotizacion", "alternativa a"),
        "pt": ("preco*", "orcamento", "alternativa ao"),
    },
    "complaint": {
        "en": ("broken", "not working", "doesn't work", "doesnt work", "does not work",
               "can't log in", "cant log in", "cannot log in", "can't login", "down",
               "outage", "crash*", "bug", "error", "failed", "fails", "failing",
               "charged twice", "double charged", "double-charged", "refund", "terrible",
               "worst", "awful", "useless", "unusable", "slow", "never answers",
               "no response", "still waiting", "disappointed", "frustrat*", "scam", "lost my",
               "wtf", "hacked", "breach", "leak*", "again??", "unacceptable", "furious",
               "angry", "rude", "damaged", "delayed"),
        "ru": ("не работает", "не могу", "сломал*", "ужас*", "верните", "ошибк*", "сбой",
               "упал", "тормоз*", "кошмар", "отвратительн*", "списали дважды", "взлом*",
               "утечк*", "не отвечает", "худш*", "молчит", "нагруб*", "груб*",
               "задерж*", "опозда*"),
        "pl": ("nie dziala", "nie moge", "awari*", "blad*", "zwrot*", "beznadziejn*",
               "tragedi*", "dramat", "zepsut*", "nie odpowiada", "dwa razy", "pobrali",
               "wyciek*", "zhakowan*", "wolno", "najgorsz*", "skandal*", "niemil*",
               "spozni*", "opozni*"),
        "ko": ("안 돼", "안돼", "안 되", "안되", "오류", "에러", "환불", "먹통", "최악", "장애",
               "느려", "답이 없", "두 번 결제", "해킹", "유출", "튕겨", "접속이 안", "불친절",
               "답장도 안", "늦어"),
        "th": ("ใช้ไม่ได้", "ล่ม", "เข้าไม่ได้", "แย่", "คืนเงิน", "ช้ามาก", "ไม่ตอบ",
               "โดนหักเงิน", "ถูกแฮก", "รั่วไหล", "พัง", "ผิดหวัง", "พูดจาไม่ดี", "ไม่ส่งของ"),
        "de": ("funktioniert nicht", "kaputt", "absturz*", "fehler", "katastrophe"),
        "es": ("no funciona", "caido", "error", "reembolso", "fatal"),
        "pt": ("nao funciona", "caiu", "erro", "reembolso", "pessimo"),
        "ja": ("使えない", "落ちて", "エラー", "繋がらない", "最悪", "障害"),
    },
    "question": {
        "en": ("how do i", "how can i", "how to", "does it support", "does acmecloud",
               "is there a way", "is there any", "anyone know", "can i", "where can i",
               "what is the", "why does", "why is"),
        "ru": ("как*", "почему", "можно ли", "подскажите", "где"),
        "pl": ("jak*", "czy", "dlaczego", "gdzie", "podpowie*"),
        "ko": ("어떻게", "있나요", "되나요", "인가요", "할 수 있", "방법"),
        "th": ("ไหม", "อย่างไร", "ยังไง", "หรือเปล่า", "ได้มั้ย"),
        "de": ("wie kann", "gibt es"),
        "es": ("como puedo", "hay alguna"),
        "pt": ("como faco", "existe"),
    },
    "praise": {
        "en": ("love", "great", "awesome", "amazing", "thanks", "thank you", "best",
               "fantastic", "brilliant", "well done", "kudos", "impressed", "game changer",
               "lifesaver", "smooth", "perfect"),
        "ru": ("спасибо", "отличн*", "класс*", "супер", "лучш*", "огонь", "люблю", "круто",
               "довол*", "прекрасн*"),
        "pl": ("dzieki", "dziekuje", "super", "swietn*", "kocham", "rewelac*", "najlepsz*",
               "genialn*"),
        "ko": ("최고", "감사", "좋아요", "좋네요", "훌륭", "만족", "짱"),
        "th": ("ขอบคุณ", "ดีมาก", "ชอบ", "เยี่ยม", "สุดยอด", "ประทับใจ"),
        "de": ("danke", "toll", "super", "klasse"),
        "es": ("gracias", "genial", "excelente"),
        "pt": ("obrigad*", "otimo", "excelente"),
        "ja": ("ありがとう", "最高", "便利"),
    },
}
PRIORITY: tuple[Intent, ...] = ("spam", "lead", "complaint", "question", "praise")
_UNSPACED = frozenset({"th", "ko", "ja", "zh"})
_URL = re.compile(r"https?://\S+")


def _compile(entries: Iterable[tuple[str, str]]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    words, substrings = [], []
    for lang, entry in entries:
        folded = fold(entry)
        if lang in _UNSPACED:
            substrings.append(folded)
        elif folded.endswith("*"):
            words.append(re.escape(folded[:-1]) + r"\w*")
        else:
            words.append(re.escape(folded) + r"(?!\w)")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")")
    return pattern, tuple(substrings)


_COMPILED = {
    intent: _compile((lang, e) for lang, entries in by_lang.items() for e in entries)
    for intent, by_lang in LEXICON.items()
}


def classify(text: str) -> Intent:
    body = _URL.sub(" ", text)
    if len(body.strip()) < 8 and _URL.search(text):
        return "spam"  # a bare link
    folded = fold(body)
    for intent in PRIORITY:
        pattern, substrings = _COMPILED[intent]
        if pattern.search(folded) or any(s in folded for s in substrings):
            return intent
    if "?" in body or "？" in body:
        return "question"
    return "other"
