"""Concept entries for informal and slang writing in the big languages, merged into
``lexicon.CONCEPTS`` (``SLANG``).

The entries of ``lexicon`` and its modules were written in the register of a customer who
writes whole words: "terrible", "péssimo", "ужасно". People type otherwise: Brazilian "aff",
"mt ruim", "top demais", "arrasou"; English "slaps", "ate no crumbs", "so mid", "huge W",
"make it make sense"; French "c nul", "une dinguerie", "qqn sait si"; German "echt jetzt",
"der Hammer", "weiß wer ob"; Russian "ппц", "капец", "топчик", "или нет"; Indonesian "parah",
"mantul", "gak jelas"; Vietnamese without its marks (which ``fold`` strips anyway: "qua te" is
"quá tệ"); Hindi in Latin letters "ghatiya", "ekdum mast", "hai kya"; Egyptian, Gulf and
Maghrebi Arabic "تحفة", "زفت", "شلون", "كيفاش"; Persian "خفن", "یا نه"; Hebrew "באסה", "אש",
"או שאין"; Korean "개맛있", "튕김"; Chinese "绝了", "崩了"; Nigerian Pidgin (``pcm``) "na wa",
"sweet die". A post in those words found no concept, or only a neighbour's: "glowen lip oil
lowkey slaps fr, bought 3 more" read a complaint (VADER's "slaps"), "tixaroo nn funziona cmq"
praise, "weiß wer ob pawtato auch nach österreich liefert" and "у flexora есть студенческий
абонемент или нет" ``other``.

Also the failures that thanks-sarcasm names in those registers: hours in a queue, tickets sold
out, chats deleted, a scooter that died mid-ride ("genial tixaroo, 3 horas en la fila virtual
para q me digan agotado, cracks 👏", "dzięki lumo za usunięcie wszystkich rozmów, super
robota 👏🙃"): with no word of fault the thanks and the praise were the post's, so they read
praise; with one, ``thanks&fault`` and ``sarcasm&fault`` are there for the model.

The rules of ``lexicon`` hold: folded word starts (``$``: the whole word), every entry matched in
every post in every language. Written short words only in phrases or whole, as they are other
languages' words: English "ate" (the verb) only in "ate no crumbs", "ate that"; "mid" only as
"so mid", "kinda mid" ("mid ride" is no complaint); "W" and "L" only in "huge W", "took an L"
(Polish "w": in); Vietnamese "xin" (please, "xin lỗi": sorry) only as "xin that", "ngon"
(delicious; "ngôn ngữ": a language) only in phrases; Hebrew "אש" (fire, praise) whole ("אשר":
which); Italian "nn" (not) whole; Malay "power" (great) only as "memang power" (a corpus post's
"Lumen Power"). Written on 2026-12-01 by the writer of ``tests/data/blind_mixed9.tsv`` (not a
native speaker of most of these languages) while its dev half's errors were read: that set's
posts follow a few scenarios in both halves (a ticket app that charged twice, a scooter that
died, a latte or a serum praised, a student discount asked about), so figures on it flatter
these entries.

Narrowed the same day (features v36) by a review that wrote its own everyday posts in these
languages and their neighbours (``tests/data/probe_neighbours.tsv``'s last block): entries
that are ordinary words of a neighbour, or the ordinary use of the word, are phrases now or
gone. Pidgin "na wa" is whole ("na watu", "na wala", "na wakacje": Swahili, Tagalog and
Polish); English "ate that" only after a pronoun or before "fr" ("I ate that wrap and was
sick"), "slapped" only as "that slapped", "it slapped" ("slapped with a fine"), no "is mid",
"now mid" ("now mid-March"), "big W" (a shop), "w customer service" ("with"), Pidgin "just
off for" only before "road" ("just off for a run"); French "validé" gone (folded, it is French
and Italian "valide": valid); Spanish "de lujo" only as "está de lujo" ("coches de lujo");
Portuguese "arrasa", "arrasaram" gone (a storm destroys), "lixo" only as "um lixo", "é lixo"
("no lixo": in the bin, after Spanish "no" read as a negation); Italian "o no" gone ("me guste
o no"), "una bomba" only after "è"; Russian and Ukrainian "огонь", "вогонь", "бомба", "пушка",
"зашло" only in their phrases of praise ("огонь тушили", "бомба-муляж", "солнце зашло");
Hebrew "אש" and "פצצה" only after "פשוט", "ממש" ("הפסקת אש": ceasefire), "מטורף" gone ("תור
מטורף": a crazy queue); Egyptian "جامد" only with "اوي", "جدا" ("قرص جامد": a hard disk);
Bengali "জটিল" gone (complicated), Sheng "noma" gone (tough as often as great), Vietnamese "do
te" gone (Croatian "do te": up to that), German "Warteschlange" only hours in it, Japanese
"できるの" only whole ("できるので": because one can), Polish "mega" gone (whole, it is the
German and English intensifier of any feeling too: "mega enttäuscht", "mega disappointed").
Korean "미쳤다" stays: the corpus's writers use it for praise (3 posts of 3), though "가격
미쳤다" (the price is insane) is a complaint.

Narrowed again in features v37, by another review's probes (the block after it): English
"elite" only when something is elite ("is elite", "= elite": "an elite membership tier", "elite
football club" are no praise); Indonesian "juara" only in phrases of praise ("emang juara",
"juara banget": "Timnas juara liga" is sports news); Chinese "好多了" only after what got
better ("体验好多了", "比以前好多了": "人好多了" is a crowd).
"""

from __future__ import annotations

SLANG: dict[str, dict[str, str]] = {
    "negative": {
        "en": "so mid$|kinda mid$|mid af$|lowkey mid$|mid tbh|super mid$|theyre mid$|"
              "they're mid$|its mid$|it's mid$|huge l$|massive l$|took an l$|"
              "big l$|make it make sense|it's giving scam|its giving scam|gonna cry|"
              "actually gonna cry",
        "de": "echt jetzt|geht gar nix|so ein mist|voll der mist|abgezockt",
        "fr": "c nul|c'est nul|c trop nul|c de la merde|relou|c chiant|ça saoule|ca saoule|"
              "c'est abusé|abusé$",
        "es": "un desastre|q desastre|qué desastre|una porquería|q asco|qué asco|"
              "está de la verga|una mierda",
        "pt": "aff$|afff|affs$|mt ruim|muito ruim|q palhaçada|que palhaçada|n aguento|"
              "não aguento|mó ruim|uma bosta|q lixo|que lixo|um lixo|é lixo|puro lixo",
        "it": "una schifezza|che schifo|fa schifo|pessim|una vergogna",
        "ru": "ппц|пипец|капец|трэш|треш|кринж|фигня|хрень|бесят|бесит уже",
        "uk": "капець|трешак|треш|кринж|фігня|бісять",
        "pl": "masakra|porażka|dno$|dno i|żenada",
        "tr": "bu ne ya|rezalet|berbat|saçmalık|sacmalik",
        "id": "parah$|parah bgt|parah banget|anjir|gak jelas|ga jelas|nggak jelas|gk jelas|"
              "zonk|ampas|kesel|ngeselin|nyebelin",
        "ms": "geram betul|teruk gila|hampeh betul",
        "tl": "ang pangit|nakakainis|grabe naman|nakakabwisit",
        "vi": "qua te$|te that$|lam an kieu gi|chan that$|te qua$",
        "hi": "ghatiya|ghatia|faltu|bekaar|बकवास|घटिया|फालतू",
        "ar": "زفت|خايس|خايسين|مهزلة|الهبل|بايخ|خايب|معفن",
        "fa": "مسخره|افتضاح|داغون|چرت",
        "he": "באסה|חרטא|זבל$|גרוע",
        "bn": "ফালতু|বাজে",
        "ur": "بکواس|گھٹیا|فضول",
        "sw": "ufala|ujinga|mbaya sana",
        "pcm": "na wa$|wahala|nonsense",
        "ko": "개빡치|개빡쳐|개노답",
        "zh": "无语|垃圾|离谱",
    },
    "positive": {
        "en": "slaps$|that slapped|it slapped|lowkey slaps|ate no crumbs|no crumbs|"
              "ate that fr|she ate that|they ate that|you ate that|ate fr|"
              "understood the assignment|goated|bussin|is fire$|so fire$|straight fire|"
              "is elite$|so elite$|was elite$|= elite$|pure elite$|absolutely elite$|"
              "simply elite$|truly elite$|huge w$|massive w$|absolute w$|"
              "chef's kiss|chefs kiss|"
              # review 2026-12-06: praise of the staff who helped ("deserves a raise" read a
              # complaint: "raise" is a price rise's word)
              "deserves a raise|deserve a raise|give them a raise|give her a raise|"
              "give him a raise|deserves a promotion|deserves a medal",
        "de": "der hammer|ist der hammer|next level|ehrenmann|ehrenfrau|mega gut|"
              "absolute empfehlung|absolut empfehlenswert|richtig geil|voll geil|krass gut",
        "fr": "une dinguerie|dinguerie|trop bon|trop bien|je valide|de ouf|"
              "trop stylé|une tuerie|une masterclass",
        "es": "buenísim|buenisim|me volví adict|la mejor crema|está bien chido|"
              "chido|chévere|está de lujo|estuvo de lujo|quedó de lujo|una joya",
        "pt": "top demais|arrasou|viciei|viciada|viciado|amei$|mt bom|"
              "mt boa|perfeit|maravilh|sensacional",
        "it": "la fine del mondo|consigliatissim|è una bomba|buonissim",
        "ru": "топчик|просто огонь|прям огонь|это огонь|огонь 🔥|кайф|норм так|мне зашло|"
              "очень зашло|прям зашло|имба|годно|просто пушка|просто бомба|это бомба",
        "uk": "просто топ|кайф|просто вогонь|це вогонь|просто бомба|це бомба|супер$",
        "pl": "sztos|petarda|kozak|spoko",
        "tr": "efsane|bagimlisi oldum|bağımlısı oldum|piril piril|pırıl pırıl|bayıldım|"
              "bayildim",
        "id": "mantul|enak bgt|enak banget|gokil|mantap jiwa|emang juara|memang juara|"
              "juara banget|juara bgt|juara sih|juara deh|paling juara|rasanya juara",
        "ms": "sedap gila|memang power|best gila|terbaik la|memang terbaik",
        "tl": "solid talaga|sobrang sarap|ang sarap|ang kinis|ang ganda",
        "vi": "ngon xiu|ngon lam|ngon qua|qua ngon|ngon that|xin that|xin xo|dinh that|"
              "dinh qua|ghien luon|qua dinh",
        "hi": "ekdum mast|mast hai|jhakaas|zabardast|jabardast|paisa vasool|next level|"
              "badhiya|झक्कास|ज़बरदस्त|जबरदस्त|बढ़िया|कमाल",
        "ar": "تحفة|جامد اوي|جامدة اوي|جامده اوي|جامد جدا|جامدة جدا|حلو اوي|حلوة اوي|"
              "حلوه اوي|زوين|زوينة|زوينين|مزيان",
        "fa": "خفن|محشر|باحال|توپه",
        "he": "פשוט אש|ממש אש|היה אש|פשוט פצצה|ממש פצצה|סבבה|אחלה",
        "bn": "জোস|সেই ভালো",
        "ur": "زبردست|کمال کا|کمال ہے|بہت اچھی|بہت اچھا",
        "sw": "fiti|imebamba|poa sana|iko poa|safi sana",
        "pcm": "sweet die|make sense well|e too make sense|dey work well",
        "ja": "うますぎ|美味すぎ|よすぎ|良すぎ|神すぎ|最高すぎ|かわいすぎ|可愛すぎ|エモい",
        "ko": "개맛있|개좋|개꿀|존맛|꿀맛|완전 추천|강추|미쳤다",
        "zh": "绝了|yyds|666|牛逼|真香|太香了|比以前好多了|比之前好多了|已经好多了|体验好多了|"
              "速度好多了|网速好多了|版本好多了|新版好多了|效果好多了|质量好多了|服务好多了",
        "th": "อร่อยมาก|ปังมาก|เริ่ด|ฟินมาก",
    },
    "fault": {
        "en": "sold out|kicked me out|logged me out|never started",
        "de": "ausverkauft|einfach ausgegangen|ist ausgegangen|stunden in der warteschlange|"
              "stunde in der warteschlange|ewig in der warteschlange",
        "fr": "file d'attente|plantée|s'est coupée|s'est coupé|bug depuis|"
              "supprimé toutes|supprimé tous|supprimé mes|prélevé alors",
        "es": "agotado|agotadas|agotados|fila virtual|se apagó|se apago|me cobraron|no llega|"
              "borrar todos|borró|borraron",
        "pt": "n funciona|n desbloqueia|n chegou|n mandou|n entrega|desligou|demora tanto|"
              "demorando muito|q demora|que demora|"
              "apagar todas|apagou",
        "it": "nn funziona|si spegne|si è spento",
        "ru": "вырубил|удалил|в очереди|списали деньги|списал за|билетов нет",
        "uk": "вимкнувся|вимкнулось|видалив",
        "pl": "zgasła|zgasł|padła|wyprzedane|w kolejce|usunięci|usunęli|pobrało",
        "tr": "tukendi|tükendi|sildiniz|kapandi|kapandı|coktu|çöktü",
        "id": "gak muncul|ga muncul|nggak muncul|mati di tengah|ngapus|dihapus",
        "tl": "namatay|nag crash|nag-crash|na charge|sa pila|pagbura",
        "hi": "paise kaat|paise kat|band ho gaya|क्रैश|पैसे कट",
        "ar": "اتخصمت|فصل شحن",
        "fa": "ترکید|خاموش شد",
        "he": "מת לי|קרסה|חייבו אותי",
        "bn": "বন্ধ হয়ে গেল|টাকা কেটে",
        "sw": "imezima|mnanikata pesa",
        "pcm": "don collect my money|just off for road|just off for middle",
        "ja": "落ちた|止まった|消してくれ|全部消え",
        "ko": "튕김|튕겨|꺼짐|꺼졌|날아감|날아갔|빠져나감",
        "zh": "崩了|没电了|扣了|不见了",
        "vi": "sap luc|bi tru tien|tat giua duong",
    },
    "question": {
        "en": "or nah$",
        "de": "weiß wer|weiss wer|wer weiß ob|wer weiss ob|kp ob",
        "fr": "qqn sait|qqn a déjà|ou pas$",
        "it": "qualcuno sa se",
        "ru": "или нет$|кто знает",
        "uk": "чи ні$",
        "pl": "ktoś wie czy",
        "pt": "ou n$|ou não$",
        "ar": "شلون|ازاي|إزاي|كيفاش|واش$|امتى|إمتى",
        "fa": "یا نه$|میدونه",
        "he": "או שאין|או לא$",
        "hi": "hai kya|kya bhai|karta hai kya|bata sakta|batao na",
        "bn": "নাকি|আছে কি",
        "ur": "کسی کو پتا|کسی کو معلوم|یا نہیں$",
        "tl": "may nakakaalam|nakakaalam ba|alam nyo ba|alam niyo ba",
        "sw": "ngapi$",
        "pcm": "who sabi|dey deliver for",
        "ms": "ada ke$|boleh tak$",
        "id": "gak ya$|ga ya$|nggak ya$",
        "vi": "ko ae$|k ae$|ko vay$|dc ko$|duoc ko$|lien he sao",
        "ja": "できるの$",
    },
    "negation": {
        "it": "nn$",
    },
    "why": {
        "it": "xke$|xké|xkè|pke$",
        "pt": "pq$",
    },
    "thanks": {
        "ru": "спс$",
        "uk": "дяк$",
    },
    "sarcasm": {
        "en": "🤡",
    },
}
