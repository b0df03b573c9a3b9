"""Concept entries for fifteen languages that had none: Yoruba, Hausa, Amharic, Zulu, Nepali,
Sinhala, Burmese, Khmer, Lithuanian, Latvian, Estonian, Icelandic, Catalan, Basque and Welsh,
merged into ``lexicon.CONCEPTS``; their words of someone and of reading or answering, merged
into ``lexicon_nobody``; and the words of leaving for a rival in them, in Italian and in Hebrew
("zan koma", "pereinu pas", "me'n vaig a", "passo alla concorrenza", "אני עובר ל"), merged into
``fault``.

Customers write in them, but a post in them found no concept: it had the cues every language
shares (a question mark, a link, emoji) and the grams of whatever it shares with a language the
corpus has, so "Aitäh Flickwave, uus rakendus on väga hea!" (thanks, the new app is very good)
read ``other``/neutral, "Ar Orbisa kas nors apskritai skaito klientų žinutes?" (does anyone at
Orbisa read customers' messages at all?) a question, and a threat to leave over a price rise
("Ja Tarvon vēlreiz paaugstinās cenu, es pāriešu uz Velluto.") ``other``. A threat to leave is
a complaint (``tests/data/README.md``: `threat`), as cancelling is (``lexicon_churn``).

The rules of ``lexicon`` hold: folded word starts in scripts with spaces (``$``: the whole
word), substrings in Burmese and Khmer, which do not space their words (``lexicon.UNSPACED``),
every entry matched in every post in every language. Short words that fold to a word of another
language are left out or written whole: Yoruba "tún" (again) is German "tun", "ṣì" (still) is
Spanish "si", "ṣé" (a question's opening, and "ẹ ṣé", thanks) the "se" of Spanish and
Portuguese, "kò" (not) Tagalog "ko" (my), "sọnù" (lost) Turkish "sonu" (end); Estonian "hind"
(price) begins "Hindi", "pole" (is not) is Polish "pole" (field), "mitte" (not) German
"Mitte"; Zulu "cha" (no) is Swiss German "cha" (can); Welsh "pris" (price) is French "pris"
(taken) and "sut" (how) Turkish "süt" (milk); Latvian "abonement" is Russian and Ukrainian
in Latin letters; Icelandic "verð" (price) folds to the "verd" of "verde"; Welsh "eto" (again)
is Russian "это" in Latin letters; Lithuanian "be" (without) is English "be"; Catalan "sense"
(without) is English. ``tests/enrich/test_corpus.py`` checks that none changes a corpus post,
so the retrained weights are the same table.
Written on 2026-12-01 by the writer of ``tests/data/blind_mixed7.tsv`` (not a native speaker of
any of them) while its dev half's errors were read: that set's posts in these languages follow
one template in both halves, so figures on it flatter these entries.
"""

from __future__ import annotations

FAR: dict[str, dict[str, str]] = {
    "negative": {
        "yo": "burú|ìbànújẹ́|kò dára|ẹ̀tàn|jìbìtì|ìjàmbá",
        "ha": "mummuna|bacin rai|ba kyau|zamba|damfara|takaici|abin kunya",
        "am": "መጥፎ|አሳዛኝ|ማጭበርበር|ተበሳጭቻለሁ|አሳፋሪ",
        "zu": "kubi$|kabi$|akukuhle|ngidumele|ukukhohlisa|kuyacasula|kuyanengeka|kuyahlazisa",
        "ne": "नराम्रो|बेकार|धोका|निराश|झन्झट|वाहियात|लाजमर्दो",
        "si": "නරකයි|නරක|කලකිරීම|වංචා|එපා වෙලා|කේන්තියි|ලැජ්ජයි",
        "my": "ဆိုးတယ်|ဆိုးဝါး|စိတ်ပျက်|လိမ်လည်|အဆင်မပြေ",
        "km": "អាក្រក់|ខកចិត្ត|បោកប្រាស់|មិនល្អ|គួរឱ្យខឹង",
        "lt": "baisu|blogai|blogas$|bloga$|siaubing|nusivyl|apgavyst|gėda$|nepriimtin|"
              "apgailėtin|niekada daugiau",
        "lv": "briesmīg|slikti|slikts|slikta$|vilšanās|vīlies|vīlusies|krāpšan|kauns$|"
              "nepieņemam|nekad vairs",
        "et": "kohutav|halb$|halva$|pettunud|pettumus|pettus$|häbi$|vastuvõetamatu|jube$|"
              "enam kunagi",
        "is": "hræðileg|ömurleg|lélegt|léleg$|vonbrigði|svindl|skammarleg|aldrei aftur",
        "ca": "horrible|decebut|decebuda|vergonya|estafa|inacceptable|mai més|penós|lamentable",
        "eu": "txarra|txarto|etsita|iruzur|lotsagarri|onartezin|nazkatuta",
        "cy": "ofnadwy|gwael$|siomedig|sgam$|cywilydd|annerbyniol|byth eto|diflas",
    },
    "positive": {
        "yo": "dára gan|dáadáa|mo gbádùn|ó dára$",
        "ha": "madalla|mai kyau|kyakkyawa|na ji daɗi|yayi kyau|ya yi kyau|sun kyautata",
        "am": "ጥሩ|ምርጥ|ደስ ብሎኛል|አሪፍ|ግሩም",
        "zu": "kuhle$|kuhle kakhulu|ngiyajabula|ngijabulile|kumnandi|ngiyanconcoma|"
              "babenomusa|nomusa$",
        "ne": "राम्रो|राम्रा|उत्कृष्ट|खुसी|मन पर्यो|सन्तुष्ट",
        "si": "නියමයි|හොඳයි|ඉතා හොඳ|සතුටුයි|පට්ට|සුපිරි",
        "my": "ကောင်းတယ်|ကောင်းလိုက်တာ|သဘောကျ|အရမ်းကောင်း|ကျေနပ်|သဘောကောင်း",
        "km": "ល្អណាស់|ពេញចិត្ត|អស្ចារ្យ",
        "lt": "puiku|puikus|puiki$|puikiai|nuostabu|rekomenduoju|patenkint|labai gerai|"
              "geriausi|šaunu",
        "lv": "lieliski|lielisks|lieliska|teicam|iesaku|apmierināt|ļoti labi|labākais|laipna$|"
              "laipni",
        "et": "suurepärane|väga hea|tore$|soovitan|rahul$|parim$|lahke|imeline|vinge",
        "is": "frábær|frábært|æðisleg|mæli með|ánægð|góð þjónusta|til fyrirmyndar",
        "ca": "genial|fantàstic|recomano|molt bé|encantat|encantada|perfecte|el millor",
        "eu": "oso ona|zoragarri|bikain|gomendatzen dut|pozik|ederra|jatorrak|onena",
        "cy": "gwych|wych$|ardderchog|bendigedig|argymell|hapus iawn|da iawn|gorau$|ffantastig",
    },
    "negation": {
        "yo": "kò tíì|kì í|kìí",
        "ha": "babu$|ba zan",
        "am": "አይደለም|የለም",
        "zu": "akukho|ayikho|asikho",
        "ne": "छैन|होइन|कहिल्यै",
        "si": "නැහැ|නැත$|නෑ$",
        "my": "မဟုတ်|မရှိ",
        "km": "មិន|គ្មាន",
        "lt": "nėra|niekada|nieko|niekas",
        "lv": "nav$|nekad|nekas|neviens",
        "et": "ei$|ei ole",
        "is": "ekki$|aldrei|ekkert|enginn",
        "ca": "ningú$|cap mena",
        "eu": "ez$|inoiz|ezer$|inor$|gabe$",
        "cy": "ddim$|byth$|neb$|heb$",
    },
    "fault": {
        "yo": "kò ṣiṣẹ́|kò tíì dé|kò dé|àṣìṣe",
        "ha": "baya aiki|ba a kawo|bai zo ba|bai iso ba|ya ɓace|kuskure|"
              # review 2026-12-07 (a seventh labelled file): it would not open
              "ya ki budewa|ba ya budewa|baya budewa",
        "am": "አይሰራም|አልደረሰም|ጠፍቷል|ስህተት|ዘገየ",
        "zu": "akusebenzi|akukafiki|akufikanga|kulahlekile|iphutha|sekephuzile|"
              # review 2026-12-07 (a seventh labelled file): I paid twice, nobody answers
              # ("Ngikhokhe kabili ... akekho ophendulayo" read `other`)
              "ngikhokhe kabili|akekho ophendulayo|akekho ophendula|"
              "ayisebenzi",
        "ne": "चलेन|चल्दैन|आएको छैन|आइपुगेको छैन|हरायो|गल्ती|ढिलो",
        "si": "වැඩ කරන්නේ නැහැ|ආවේ නැහැ|නැති වුණා|වැරදි|පරක්කු",
        "my": "အလုပ်မလုပ်|မရောက်သေး|ပျောက်|အမှား|နောက်ကျ",
        "km": "មិនដំណើរការ|មិនទាន់មកដល់|បាត់|កំហុស|យឺត",
        "lt": "neveikia|neatėjo|negavau|dingo|pamesta|klaida|vėluoja|vėlavo|grąžinkite pinigus",
        "lv": "nestrādā|nav pienācis|neesmu saņēm|pazudis|pazaudēj|kļūda|kavējas|atmaksu",
        "et": "ei tööta|pole kohale|pole kätte|kadunud|viga$|vea$|hilineb|hilines|raha tagasi",
        "is": "virkar ekki|hefur ekki borist|ekki komið|týnd|villa$|seinkun|endurgreiðslu",
        "ca": "no funciona|no ha arribat|no m'ha arribat|perdut|perduda|retard|reemborsament",
        "eu": "ez dabil|ez du funtzionatzen|ez da iritsi|galdu|akatsa|berandu|dirua itzuli",
        "cy": "ddim yn gweithio|heb gyrraedd|heb ei dderbyn|ar goll|gwall$|ad-daliad",
    },
    "again": {
        "yo": "lẹ́ẹ̀kan sí i",
        "ha": "har yanzu|sake$",
        "am": "እንደገና|አሁንም|እስካሁን",
        "zu": "namanje|kabusha",
        "ne": "फेरि|अझै|अहिलेसम्म",
        "si": "ආයෙත්|ආයෙමත්|තවම|තාම",
        "my": "ထပ်|အခုထိ|နောက်တစ်ခါ",
        "km": "ម្តងទៀត|នៅតែ",
        "lt": "vėl$|dar kartą|vis dar",
        "lv": "atkal|vēlreiz|joprojām|vēl arvien",
        "et": "jälle|uuesti|veel korra|ikka veel|endiselt",
        "is": "aftur$|ennþá|enn einu sinni|enn$",
        "ca": "una altra vegada|de nou$|encara$",
        "eu": "berriro|oraindik|berriz",
        "cy": "unwaith eto|dal i|dal yn",
    },
    "question": {
        "yo": "báwo|nígbà wo|níbo|èló",
        "ha": "yaya$|yaushe|nawa ne",
        "am": "እንዴት|መቼ|የት$|ስንት",
        "zu": "kanjani|kuphi|ngabe$|ingabe|malini",
        "ne": "कसरी|कहिले|कहाँ|कति",
        "si": "කොහොමද|කවදාද|කොහෙද|කීයද",
        "my": "ဘယ်လို|ဘယ်တော့|ဘယ်မှာ|ဘယ်လောက်",
        "km": "យ៉ាងម៉េច|ពេលណា|នៅឯណា|ប៉ុន្មាន",
        "lt": "kaip$|kada$|kodėl|kiek$|ar galiu|ar galima",
        "lv": "kāpēc|cik$|vai var|vai ir",
        "et": "kuidas|millal|miks$|kui palju|kas saab|kas on",
        "is": "hvernig|hvenær|hvar$|hvers vegna|af hverju|hvað kostar|er hægt",
        "ca": "com puc|quan$|per què|quant costa|es pot",
        "eu": "nola$|noiz$|zergatik|zenbat",
        "cy": "sut mae|sut alla|sut ydw|pryd$|pam$|oes modd",
    },
    # "why", which was a question word here until review 2026-12-07 (a seventh labelled file:
    # "Me yasa ... ba sa biyan ...?", "ለምንድነው ... የጨመሩት?", "... किन दिएको छैन?" read as
    # questions): as in ``lexicon`` ("why": 84 of the corpus's 101 posts with "why" are
    # complaints), a customer asking why a thing is so reproaches it. Yoruba "kílódé" and
    # Burmese "ဘာလို့" (spoken "why") beside the written words
    "why": {
        "yo": "kilode|kílódé|kí ló dé",
        "ha": "me yasa|meyasa|don me",
        "am": "ለምን",
        "zu": "kungani",
        "ne": "किन$",
        "si": "ඇයි",
        "my": "ဘာကြောင့်|ဘာလို့",
        "km": "ហេតុអ្វី|ហេតុអី",
    },
    "thanks": {
        "yo": "o ṣeun|ẹ ṣeun",
        "ha": "na gode|mun gode",
        "am": "አመሰግናለሁ|እናመሰግናለን",
        "zu": "ngiyabonga|siyabonga",
        "ne": "धन्यवाद",
        "si": "ස්තූතියි|ස්තුතියි",
        "my": "ကျေးဇူးတင်",
        "km": "អរគុណ",
        "lt": "ačiū",
        "lv": "paldies",
        "et": "aitäh|tänan",
        "is": "takk$|takk fyrir",
        "ca": "gràcies|moltes gràcies",
        "eu": "eskerrik asko|mila esker",
        "cy": "diolch",
    },
    "price": {
        "yo": "iye owó|owó kún",
        "ha": "farashi",
        "am": "ዋጋ|ክፍያ",
        "zu": "intengo|inkokhelo",
        "ne": "मूल्य|शुल्क",
        "si": "මිල|ගාස්තු",
        "my": "ဈေး",
        "km": "តម្លៃ|ថ្លៃ",
        "lt": "kain|mokest|prenumerat",
        "lv": "cenu$|cena$|cenas$|maksa$",
        "et": "hinna|hinda$|hind$|tasu$",
        "is": "verðið|verð$|gjald|áskrift",
        "ca": "preu|quota$|subscripció",
        "eu": "prezio|kuota|harpidetza",
        "cy": "prisiau|tanysgrifiad",
    },
    "buy": {
        "ha": "ina neman",
        "am": "እየፈለግኩ",
        "zu": "ngifuna",
        "ne": "खोज्दै",
        "km": "កំពុងរក",
        "lt": "ieškau|rekomenduokite",
        "lv": "meklēju|ieteiciet",
        "et": "otsin$|soovitage",
        "is": "er að leita|mælið með",
        "ca": "busco$|recomaneu|pressupost",
        "eu": "bila nabil|aurrekontu",
        "cy": "chwilio am|dyfynbris",
    },
}

# leaving for a rival, a threat or a choice made: words of ``fault``, as cancelling is
LEAVING: dict[str, str] = {
    "yo": "fi wọ́n sílẹ̀|màá kúrò",
    "ha": "zan koma|zan bar",
    "am": "እቀይራለሁ|እተዋለሁ",
    "zu": "ngizoshintsha|ngizoshiya|ngiya ku",
    "ne": "मा जान्छु|छोड्छु|छाड्छु",
    "si": "එකට යනවා|අත්හරිනවා",
    "my": "ပြောင်းမယ်",
    "km": "ប្តូរទៅ",
    "lt": "pereinu pas|pereisiu pas|pereisiu į|atsisakysiu",
    "lv": "pāriešu uz|pāreju uz|atteikšos",
    "et": "lähen üle|lähen ära|vahetan teenusepakkuja|loobun",
    "is": "skipti ég yfir|skipti yfir í|fer annað",
    "ca": "me'n vaig a|em passo a|canvio de companyia",
    "eu": "aldatuko naiz|joango naiz",
    "cy": "symud at|symud i|gadael chi",
    "it": "passo alla concorrenza|cambio operatore|cambio gestore|me ne vado|ultimo avviso",
    "he": "אני עובר ל|אני עוברת ל|עוזב אתכם|עוזבת אתכם",
}

# someone or no one, and reading or answering (``lexicon_nobody``: whole words already, no "$")
ANYONE_FAR: dict[str, str] = {
    "yo": "ẹnikẹ́ni|ẹnikan",
    "ha": "wani|kowa",
    "am": "ሰው|ማንም",
    "zu": "umuntu|muntu",
    "ne": "कोही",
    "si": "කෙනෙක්|කවුරුහරි",
    "my": "တစ်ယောက်ယောက်|ဖတ်တဲ့သူ",
    "km": "អ្នកណា|នរណា",
    "lt": "kas nors|kažkas|niekas",
    "lv": "kāds|neviens",
    "et": "keegi",
    "is": "einhver|enginn",
    "ca": "algú|ningú",
    "eu": "norbait|inor",
    "cy": "unrhyw un|rhywun|neb",
}
ANSWERS_FAR: dict[str, str] = {
    "yo": "ń ka|dáhùn",
    "ha": "karanta|amsa|amsawa",
    "am": "የሚያነብ|ያነባል|ያነባሉ|መልስ",
    "zu": "ofunda|ufunda|bafunda|uphendula|ophendula",
    "ne": "पढ्ने|पढ्छ|जवाफ",
    "si": "කියවන|කියවනවා|උත්තර",
    "my": "ဖတ်",
    "km": "អាន|ឆ្លើយ",
    "lt": "skaito|atsako|perskaito",
    "lv": "lasa|atbild",
    "et": "loeb|loevad|vastab",
    "is": "les|lesa|svarar|svara",
    "ca": "llegeix|llegeixi|respon|contesta",
    "eu": "irakurtzen|erantzuten",
    "cy": "darllen|ateb|yn ateb",
}
