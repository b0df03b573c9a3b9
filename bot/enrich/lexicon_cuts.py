"""Job cuts and a company's financial growth in every language of the lexicon, for
``lexicon``: news, not a job ad, a bill that doubled or money spam.

News of job cuts was read through its words of hiring: "Acme to cut 1,200 jobs" has "jobs"
(``hiring``), "Zentro Bank сократит 800 сотрудников" has "сотрудников" (staff: ``business``),
"Acme supprime 1 200 postes" has "poste" (a job opening), and no word said what the news was,
so such posts came out neutral, or read as a job ad, where the label rules make a job cut
``other``/``negative`` (tests/data/README.md). And a company's growth ("revenue up 20%, profits
doubled", "Gewinn verdoppelt", "营收同比增长") was read through the words of a bill that doubled
(``fault``) and of money spam ("profit", "Gewinn"), as spam or a complaint.

``LAYOFFS`` is a concept of its own (``setback``): "layoffs", "redundancies", "Stellenabbau",
"licenciements", "despidos", "demissões", "сокращение штата", "zwolnienia grupowe", "işten
çıkar", "裁员", "人員削減", "구조조정", "เลิกจ้าง", "ontslagen", "esuberi", "تسريح", "छंटनी",
"PHK", "sa thải", "varslar", "yt-neuvottelu", "propouštění", "leépítés", "concedieri",
"απολύσεις", "פיטורים", "تعدیل نیرو", "ছাঁটাই", "பணிநீக்கம்". A verb of cutting (``CUT``:
"cut", "streicht", "supprime", "recorta", "сократит", "zwolni", "schrapt", "taglia") with a
word of staff (``STAFF``: "jobs", "Stellen", "postes", "empleos", "сотрудников",
"pracowników", "banen", "posti di lavoro") at most three words after it, or a form that follows
one (``CUT_AFTER``: "1,200 jobs to go", "will 2.000 Stellen streichen", "postes supprimés") at
most two words before it, in one clause (a number's own "," and "." end none), is a job cut too
(``lexicon._job_cuts``). Inside a job cut the words of hiring, of a business's size, of buying
and of price count for nothing: "cut 1,200 jobs" is no job ad, and "cuts prices" no job cut.

``GROWTH`` is a frame (as those of ``lexicon_frames``) counted as ``news``: a company's revenue
or profit going up; the words of fault, money spam, price and negative feeling inside it count
for nothing. It takes no side on polarity: the corpus labels such news positive ("record
quarterly revenue"), ``blind_mixed4.tsv`` neutral, and the character grams of growth are those
of a price rise ("выросла", "wzrósł", "增长"), so many still read negative.

Left out as other words after ``fold`` (the automaton reads every language's entries in
every post): Polish "zwolnienie" and "zwolnień" alone (also sick leave and an exemption from
a fee; "zwolnień" folds into "zwolnieniu") and "zwolni" alone (slows down), Swedish "säger
upp" and "uppsägning" and Finnish "irtisan" (cancelling a subscription: ``lexicon_churn``),
Norwegian "varsel" (a notification: only Swedish "varslar", "varslas"), Persian and Urdu
"برطرف" (Persian: a problem removed), Korean "해고" alone (in "해고객"), Spanish "despide a" ("se
despide a lo grande": says goodbye), Indonesian and Malay "memberhentikan" alone (also to
stop a bus or a service), Tagalog "tanggalan" alone (Indonesian: a calendar), English "cut"
after a word of staff ("the staff cut my hair"), "people" as staff ("cuts people off"),
German "baut 300 Stellen ab" ("baut ... auf" hires, and the verb is too common); words that
begin a common word of another language are whole words (``$``).
Fines, data breaches and strikes in the same concept were tried and left out (features v18
variants, retrained at the shipped settings): the concept's negative weight grew and more job
cuts read negative, but the held-out split lost 4 intents (with fines) and 6 (without), past the
noise a retrain allows; with job cuts alone as many intents were right and one polarity fewer.

Written from general knowledge on 2026-12-01, from the dev halves' errors of
``tests/data/blind_mixed3.tsv`` and ``blind_mixed4.tsv`` (two job cuts, one growth report), by
a helper who read neither set's test half; the corpus's own eight job cuts are labelled negative
four times and neutral four times, so the model learns only a mild lean from them.
"""

from __future__ import annotations

# job cuts and layoffs
LAYOFFS: dict[str, str] = {
    "en": "layoff|laid off|lay off|lays off|laying off|job cuts|job losses|redundancies|"
          "mass redundanc|headcount reduction|workforce reduction",
    "de": "stellenabbau|stellen abbauen|stellen abgebaut|stellen streichen|stellen gestrichen|"
          "jobabbau|arbeitsplatzabbau|personalabbau|entlassungen|entlässt|kündigungswelle",
    "fr": "licenciement|licencie$|licenciera|suppressions de postes|suppression de postes|"
          "suppressions d'emplois|plan social|plan de départs",
    "es": "despidos|despedirá|recorte de plantilla|recortes de plantilla|"
          "recorte de empleo",
    "pt": "demissões|demissão em massa|demite$|demitirá|vai demitir|corte de vagas|"
          "cortes de vagas",
    "ru": "сокращение штата|сокращения штата|сокращение сотрудников|сокращение персонала|"
          "массовые увольнения|увольнения сотрудников|уволит$|уволят$",
    "uk": "скорочення персоналу|скорочення працівників|скорочення штату|масові звільнення|"
          "звільнення працівників|звільнить$|звільнять$",
    "pl": "zwolnienia grupowe|zwolnień grupowych|masowe zwolnienia|fala zwolnień|"
          "redukcja etatów|redukcji etatów|likwidacja etatów",
    "tr": "işten çıkar|işçi çıkar|personel çıkar|kadro daralt",
    "zh": "裁员|裁减|裁撤",
    "ja": "人員削減|人を削減|名を削減|リストラ|希望退職|解雇|雇い止め",
    "ko": "구조조정|감원|정리해고|해고했|해고한|해고된|해고됐|대량 해고|희망퇴직|인력 감축|"
          "인원 감축",
    "th": "เลิกจ้าง|ปลดพนักงาน|ปลดคน|ลดพนักงาน",
    "nl": "ontslagen|ontslaat|banen weg",
    "it": "licenziament|esuberi|tagli al personale|cassa integrazione",
    "ar": "تسريح|الاستغناء عن",
    "hi": "छंटनी|छँटनी|नौकरियों में कटौती",
    "id": "phk$|pemutusan hubungan kerja|merumahkan|dirumahkan|pengurangan karyawan",
    "vi": "sa thải$|cắt giảm nhân sự$|cắt giảm nhân viên$|cắt giảm lao động$",
    "sv": "varslar$|varslas$|varslat$|neddragningar|personalneddragning",
    "da": "fyringer|fyringsrunde|afskedigelser|nedskæringer|nedbemanning|permitteringer",
    "fi": "yt-neuvottelu|muutosneuvottelu|lomautu|lomautta",
    "cs": "propouštění|propustí$|propouští$",
    "hu": "leépítés|elbocsát",
    "ro": "concedieri|disponibilizări|disponibilizează",
    "el": "απολύσεις|απολύει|περικοπές θέσεων",
    "he": "פיטורים|מפטרת|קיצוצים",
    "fa": "تعدیل نیرو|اخراج کارکنان|اخراج کارمندان",
    "bn": "ছাঁটাই",
    "ta": "பணிநீக்கம்|ஆட்குறைப்பு",
    "sw": "kupunguza wafanyakazi|kuachisha kazi|wameachishwa kazi",
    "tl": "malawakang tanggalan|tanggalan sa trabaho|magtatanggal ng|tinanggal sa trabaho",
    "ms": "pemberhentian pekerja|buang pekerja",
    "ur": "ملازمین کو فارغ|نوکریوں میں کمی|چھانٹی",
    "te": "ఉద్యోగుల తొలగింపు|తొలగింపులు",
}

# verbs (and nouns) of cutting, a job cut only with a word of ``STAFF`` at most three words
# after them: "cut 1,200 jobs", "сократит 800 сотрудников", "suppression de 300 postes"
CUT: dict[str, str] = {
    "en": "cut$|cuts$|cutting$|slash|shed$|sheds$|shedding|axe$|axes$|axing|eliminate|"
          "eliminating",
    "de": "streicht|streichen|gestrichen|abbauen|abgebaut|entlassen",
    "fr": "supprime|supprimer|supprimera|suppression|licencier",
    "es": "recorta|recortará|recortar|elimina|eliminará|eliminar|suprime|suprimirá|despide$|"
          "despedir",
    "pt": "corta$|cortará|cortar$|elimina$|eliminará|eliminar$|demitir",
    "ru": "сократ|сокращ|уволит|уволят|уволил",
    "uk": "скорот|скороч|звільн",
    "pl": "zwolni$|zwalnia$|zredukuje|redukuje|likwiduje|tnie$",
    "nl": "schrapt|schrappen|geschrapt",
    "it": "taglia$|tagliare|taglierà|elimina$|licenzia$|licenzierà",
    "sv": "skär ner|drar ner på|varslar",
    "da": "fyrer$|skærer|nedlægger|kutter$|sier opp",
    "fi": "vähentää|vähentämään|irtisanoo",
    "cs": "propustí|propouští|zruší|škrtá",
    "hu": "elbocsát|leépít|megszüntet",
    "ro": "concediază|disponibilizează|taie$",
    "el": "απολύει|καταργεί|περικόπτει",
    "id": "memangkas|memecat|merumahkan|memberhentikan|mengurangi",
    "ms": "memotong",
    "hi": "कटौती",
    "ar": "تسرح|تستغني|تلغي",
    "he": "מפטרת|מקצצת",
    "sw": "kupunguza|itapunguza|imepunguza",
    "tl": "tatanggalin|magtatanggal",
}

# the forms that follow the words of staff, at most two words before them: a passive, or a
# verb at a clause's end ("1,200 jobs to go", "will 2.000 Stellen streichen", "800 Jobs
# fallen weg", "postes supprimés", "1200 कर्मचारियों को निकालेगी"); not English "cut" ("the
# staff cut my hair")
CUT_AFTER: dict[str, str] = {
    "en": "cuts$|axed|slashed|eliminated|to go$",
    "de": "streichen|gestrichen|abbauen|abgebaut|fallen weg|wegfallen|entlassen",
    "fr": "supprimés|supprimées",
    "es": "eliminados|suprimidos|recortados",
    "pt": "cortados|eliminados",
    "ru": "сократ|сокращ|уволят|уволен",
    "uk": "скорот|скороч|звільн",
    "pl": "zwolnion|zlikwidowan",
    "nl": "geschrapt|schrappen",
    "it": "tagliati|eliminati",
    "sv": "försvinner|varslas",
    "da": "nedlægges|forsvinder|forsvinner",
    "hu": "elbocsát|leépít",
    "hi": "निकालेगी|निकालेगा|निकाले|निकाला",
    "fa": "اخراج|تعدیل",
}

# words of staff and jobs
STAFF: dict[str, str] = {
    "en": "jobs$|staff$|employees|workers|positions|roles$|headcount",
    "de": "stellen$|arbeitsplätze|jobs$|mitarbeiter|beschäftigte",
    "fr": "postes$|emplois$|salariés|employés",
    "es": "empleos|puestos|trabajadores|empleados",
    "pt": "empregos|vagas$|postos$|funcionários|trabalhadores|colaboradores",
    "ru": "сотрудник|работник|рабочих мест|рабочие места|персонал|штат$|штата$",
    "uk": "працівник|співробітник|робочих місць|персонал",
    "pl": "pracownik|pracowników|etatów|etaty$|miejsc pracy",
    "tr": "çalışan|personel|işçi",
    "nl": "banen$|medewerkers|werknemers|arbeidsplaatsen",
    "it": "posti di lavoro|dipendenti|lavoratori",
    "sv": "anställda|tjänster$|jobb$",
    "da": "ansatte|stillinger|medarbejdere|arbejdspladser|arbeidsplasser",
    "fi": "työpaikkaa|työpaikkoja|työntekijää|työntekijöitä",
    "cs": "zaměstnanc|pracovních míst|pracovníků",
    "hu": "munkahely|dolgozó|alkalmazott",
    "ro": "angajați|angajaţi|locuri de muncă|salariați",
    "el": "εργαζόμεν|θέσεις εργασίας|υπαλλήλ",
    "id": "karyawan|pekerja|pegawai",
    "hi": "कर्मचारि|कर्मचारी|नौकरियां|नौकरियों",
    "ar": "موظف|عامل$|عمال$|وظيفة|وظائف",
    "he": "עובדים|משרות",
    "fa": "کارمند|کارکن|نیرو$",
    "sw": "wafanyakazi|ajira$",
    "tl": "empleyado|manggagawa",
}

# a company's revenue or profit going up: news, not a bill that doubled nor money spam
GROWTH: dict[str, str] = {
    "en": "revenue up|revenue rose|revenue grew|revenue growth|revenues up|revenues rose|"
          "record revenue|profits doubled|profit doubled|profits rose|profit rose|"
          "record profit|net profit|doubles profit|doubled its profit|earnings beat|profits jump|"
          "profit jump",
    "de": "umsatz steigt|umsatz stieg|umsatzplus|umsatzwachstum|gewinn verdoppelt|"
          "gewinn steigt|gewinn stieg|gewinnsprung|rekordgewinn|rekordumsatz|"
          "verdoppelt seinen gewinn|nettogewinn|gewinnplus",
    "fr": "chiffre d'affaires en hausse|chiffre d'affaires progresse|bénéfice double|"
          "bénéfices en hausse|bénéfice en hausse|bénéfice record|bénéfice net|"
          "double son bénéfice|résultats en hausse",
    "es": "beneficio se dispara|beneficios se disparan|duplica su beneficio|"
          "duplica beneficios|beneficio récord|beneficios récord|beneficio neto|ingresos crecen|"
          "ingresos aumentan|facturación crece",
    "pt": "lucro dobra|lucro dobrou|lucro recorde|lucro líquido|receita cresce|receita cresceu|"
          "faturamento cresce|faturamento cresceu",
    "ru": "выручка выросла|выручка растет|выручка выросла на|прибыль выросла|прибыль выросла на|"
          "прибыль удвоилась|удвоила прибыль|рекордную прибыль|рекордная прибыль|чистая прибыль|"
          "рост выручки|рост прибыли",
    "uk": "виторг зріс|прибуток зріс|прибуток подвоївся|чистий прибуток|зростання виторгу",
    "pl": "zysk wzrósł|przychody wzrosły|przychód wzrósł|rekordowy zysk|zysk netto|"
          "podwoił zysk|wzrost przychodów",
    "tr": "net kâr|kârını ikiye katladı|geliri arttı|gelirleri arttı|rekor kâr|cirosu arttı|"
          "kârı arttı",
    "zh": "营收增长|营收同比增长|同比增长|净利润|利润翻倍|利润增长|营收创新高|业绩增长",
    "ja": "増収|増益|過去最高益|純利益|売上高が増加|売上高増加",
    "ko": "매출 증가|매출이 증가|영업이익|순이익|흑자 전환|사상 최대 실적",
    "th": "กำไรเพิ่มขึ้น|รายได้เพิ่มขึ้น|กำไรสุทธิ|กำไรพุ่ง|รายได้โต",
    "nl": "omzet stijgt|omzet steeg|winst verdubbeld|winst verdubbelt|recordwinst|nettowinst|"
          "omzetgroei",
    "it": "utile raddoppia|utile raddoppiato|ricavi in crescita|utile netto|utile record|"
          "fatturato in crescita",
    "ar": "ارتفاع الأرباح|ارتفاع أرباح|صافي الربح|صافي أرباح|نمو الإيرادات|تضاعف أرباح",
    "hi": "मुनाफा दोगुना|मुनाफा बढ़|शुद्ध लाभ|राजस्व में बढ़ोतरी|राजस्व बढ़",
    "id": "laba bersih|laba naik|pendapatan naik|laba melonjak|pendapatan melonjak",
    "vi": "lợi nhuận tăng$|doanh thu tăng$|lãi ròng$|lợi nhuận ròng$",
    "sv": "vinsten ökade|omsättningen ökade|rekordvinst|nettovinst|vinsten fördubblades",
    "da": "overskuddet steg|omsætningen steg|rekordoverskud|overskuddet fordobl|"
          "overskuddet økte|omsetningen økte",
    "fi": "liikevaihto kasvoi|tulos parani|voitto kasvoi|ennätystulos",
    "cs": "zisk vzrostl|tržby vzrostly|rekordní zisk|čistý zisk",
    "hu": "nőtt a bevétel|nőtt az árbevétel|rekordnyereség|nettó nyereség|megduplázta nyereségét",
    "ro": "profitul a crescut|cifra de afaceri a crescut|profit record|profit net",
    "el": "αύξηση εσόδων|αύξηση κερδών|καθαρά κέρδη|ρεκόρ κερδών",
    "he": "הכנסות עלו|הרווח עלה|רווח נקי|רווח שיא",
    "fa": "افزایش درآمد|سود خالص|افزایش سود",
    "bn": "মুনাফা বেড়েছে|আয় বেড়েছে|নিট মুনাফা",
    "ta": "வருவாய் உயர்வு|லாபம் உயர்வு|நிகர லாபம்",
    "sw": "faida iliongezeka|mapato yaliongezeka|faida halisi",
    "tl": "tumaas ang kita|netong kita",
    "ms": "keuntungan meningkat|hasil meningkat|untung bersih",
    "ur": "منافع میں اضافہ|آمدنی میں اضافہ|خالص منافع",
    "te": "లాభం పెరిగింది|ఆదాయం పెరిగింది",
}
