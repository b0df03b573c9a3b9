"""Asking whether anyone at the company reads or answers: "does anyone at @Bank read the
DMs?", "Liest bei X eigentlich jemand die DMs?", "Czy ktoś w ogóle odbiera infolinię?",
"Кто-нибудь вообще читает обращения?", "Læser nogen hos Tavilo overhovedet de her beskeder?",
"Olvassa egyáltalán valaki?", "有没有人回复". The author does not want an answer: she says nobody
answers, a complaint (the corpus labels 8 of the 9 posts with one so; the ninth, "does anyone
read the release notes in the App Store?", is `other`). The words of the question are a plain
question's ("does anyone", "jemand", "кто-нибудь"), so in the languages the corpus lacks such a
post read a question and neutral.

``lexicon.nobody_answers`` finds a word of someone (``ANYONE``: "anyone", "jemand",
"quelqu'un", "ktoś", "valaki", "κανείς", "מישהו", "کسی", "কেউ", "có ai", "มีใคร") and a verb of
reading or answering (``ANSWERS``: "read", "liest", "lit", "czyta", "olvassa", "διαβάζει",
"anayesoma", "đọc", "อ่าน") at most seven words apart in one sentence of a post that asks; the
features count it as a word of ``fault`` (``features.cues``), as "no response" is one. Whole
words in scripts with spaces (Portuguese "lê" folds to "le", and "let" begins with it), and
no verb as common as "work" or "know" ("does anyone know if...", "does anyone work with their
API?" ask).

Written on 2026-12-01 by the writer of ``tests/data/blind_mixed6.tsv`` while its dev half's
errors were read; that set's complaints phrased as questions ("is anyone at Tavilo reading
these messages?", translated in spirit in most of its languages) are found by these words in
both halves, so figures on it flatter them.
"""

from __future__ import annotations

# language -> words of someone or no one, separated by "|"
ANYONE: dict[str, str] = {
    "en": "anyone|anybody|someone|somebody|nobody|no one",
    "de": "jemand|irgendwer|niemand",
    "fr": "quelqu'un|quelqu’un",
    "es": "alguien|nadie",
    "pt": "alguém|ninguém",
    "it": "qualcuno|nessuno",
    "nl": "iemand|niemand",
    "ru": "кто-нибудь|кто-то|хоть кто|никто",
    "uk": "хтось|хто-небудь|ніхто",
    "pl": "ktoś|ktokolwiek|nikt",
    "tr": "kimse|birisi",
    "cs": "někdo|nikdo",
    "sk": "niekto|nikto",
    "hr": "itko|iko|netko|neko|nitko|niko",
    "sr": "ико|неко|нико",
    "bg": "някой|никой",
    "sv": "någon|ingen",
    "da": "nogen|noen|ingen",
    "fi": "joku|kukaan|ketään",
    "hu": "valaki|senki",
    "ro": "cineva|nimeni",
    "el": "κανείς|κάποιος",
    "he": "מישהו|אף אחד",
    "ar": "أحد|احد",
    "fa": "کسی|هیچ کس",
    "ur": "کوئی",
    "hi": "कोई|koi",
    "bn": "কেউ",
    "ta": "யாராவது|யாரும்",
    "te": "ఎవరైనా",
    "sw": "mtu yeyote|yeyote",
    "id": "ada yang|siapa pun|seseorang|tidak ada yang",
    "ms": "sesiapa",
    "vi": "có ai|ai đó|không ai",
    "th": "มีใคร",
    "zh": "有人|没人|没有人",
    "ja": "誰か|誰も",
    "ko": "누가|아무도",
}

# language -> verbs of reading or answering (whole words), separated by "|"
ANSWERS: dict[str, str] = {
    "en": "read|reads|reading|answer|answers|answering|reply|replies|replying|respond|responds|"
          "responding|pick up|picks up",
    "de": "liest|lesen|antwortet|antworten|reagiert|geht ran|ran geht",
    "fr": "lit|lisent|lire|répond|répondre|décroche",
    "es": "lee|leen|leer|responde|responden|contesta|contestan|atiende",
    "pt": "leem|responde|respondem|atende",
    "it": "legge|leggono|risponde|rispondono",
    "nl": "leest|lezen|antwoordt|reageert",
    "ru": "читает|читают|отвечает|отвечают|берёт трубку|берет трубку",
    "uk": "читає|читають|відповідає|відповідають",
    "pl": "czyta|czytają|odpowiada|odpowiadają|odbiera",
    "tr": "okuyor|okumuyor|cevap veriyor|yanıt veriyor|bakıyor mu",
    "cs": "čte|čtou|odpovídá|odpoví",
    "sk": "číta|čítajú|odpovedá",
    "hr": "čita|čitaju|odgovara",
    "sr": "чита|читају|одговара",
    "bg": "чете|четат|отговаря",
    "sv": "läser|svarar",
    "da": "læser|leser|svarer",
    "fi": "lukee|lukeeko|vastaa|vastaako",
    "hu": "olvassa|olvas|válaszol",
    "ro": "citește|răspunde",
    "el": "διαβάζει|απαντάει|απαντά",
    "he": "קורא|קוראים|עונה|עונים",
    "ar": "يقرأ|يرد|يجيب",
    "fa": "می‌خواند|میخواند|جواب می‌دهد|پاسخ می‌دهد",
    "ur": "پڑھتا|جواب دیتا",
    "hi": "पढ़ता|जवाब देता|padhta|jawab deta",
    "bn": "পড়ে|উত্তর দেয়",
    "ta": "படிக்கிறார்|பதில்",
    "te": "చదువుతారా",
    "sw": "anayesoma|anasoma|anajibu|anayejibu",
    "id": "baca|membaca|balas|membalas|menjawab",
    "ms": "baca|membaca|balas|membalas",
    "vi": "đọc|trả lời",
    "th": "อ่าน|ตอบ",
    "zh": "看留言|回复|回消息",
    "ja": "読んで|返信|対応して",
    "ko": "읽|답변|답장",
}
