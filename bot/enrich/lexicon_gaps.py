"""Concept entries for two languages the lexicon had no words of, and for asking for a
recommendation in the languages of ``lexicon_world``, merged into ``lexicon.CONCEPTS``.

Urdu and Telugu: the language detector names them, but before 2026-12-01 the model read their
posts through the shared cues alone (a question mark, a link, emoji), so "Norvane کا انٹرنیٹ
پھر بند ہے، بہت برا حال ہے" (the internet is down again, it's awful) came out ``other`` and
neutral, and a Telugu thanks for a fast delivery ``other`` with no polarity at all. The Urdu
entries are written with the letters Persian does not use (ہ ے ں ٹ ڈ ڑ ھ) wherever a word has
them, since the automaton reads every language's entries in every post and Persian shares the
script: Urdu "برا" (bad) is Persian "برا" (for), and is only an entry inside "بہت برا", "برا
ہے"; Urdu "آسامی" (a vacancy) is no entry: ``fold`` drops its madda, and Persian "اسامی" is
"names". Urdu puts "نہیں" after
what it negates, as Hindi does, so "برا نہیں" (not bad) is praise and "اچھا نہیں" (not good)
a complaint, each an entry of its own, as in Hindi.

Asking for a recommendation ("any recommendations?", "what do you suggest?"): English has
"any recommendations", "suggestions", "anyone recommend" among its words of buying, and the
corpus's languages theirs ("посоветуйте", "polecicie", "求推荐"), but the fifteen languages of
``lexicon_world`` only had "looking for" and "need": "دنبال یک بانک دیجیتال به جای Zentro
هستم، پیشنهاد دارید؟" (I'm looking for a bank instead of Zentro, any suggestions?) came out
``other``. The asking forms only: "I recommend" is praise (Swedish "rekommenderar", Persian
"پیشنهاد می‌کنم" are words of ``positive``). And Swahili giveaways say "shinda" (win) and
"namba yako ya siri" (your PIN), where the entries had "umeshinda" (you have won) and "namba
ya siri".

The rules of ``lexicon`` hold, and as in ``lexicon_world`` none of these occurs in any corpus
post (``tests/enrich/test_corpus.py``), so the trained weights are exact without retraining.
Written from general knowledge on 2026-12-01 by the writer of ``tests/data/blind_mixed4.tsv``,
while its dev half's errors were read (one Urdu, one Telugu, one Persian and one Swahili post
among them); that set's test half has Urdu, Persian and Swahili posts too, so figures on it
flatter these entries.
"""

from __future__ import annotations

# concept -> language -> entries, for the two languages that had none
NEW_LANGUAGES: dict[str, dict[str, str]] = {
    "negative": {
        "af": "swak$|swak diens|sleg$|pateties",
        "ht": "pa bon|pa serye|move sevis|degoutan",
        "ur": "بہت برا|برا ہے|بری ہے|بکواس|گھٹیا|مایوس|شرمناک|شرم ناک|ناقابل قبول|بدترین|"
              "دھوکہ|دھوکا|فراڈ|تنگ آ گیا|تنگ آگیا|تنگ آ گئے|افسوسناک|بدتمیز|بیکار|"
              "اچھا نہیں|اچھی نہیں|ٹھیک نہیں",
        "te": "చెత్త|దారుణం|దారుణంగా|బాలేదు|బాగాలేదు|అసహ్యం|నిరాశ|మోసం|వేస్ట్|చిరాకు|కోపం|"
              "సిగ్గు",
    },
    "positive": {
        "ur": "اچھا|اچھی|اچھے|بہترین|زبردست|شاندار|لاجواب|مزہ آ|مزا آ|پسند آیا|پسند آئی|"
              "بہت خوش|خوش ہوں|تیز$|کوئی شکایت نہیں|کوئی مسئلہ نہیں|برا نہیں|بری نہیں",
        "te": "బాగుంది|బాగున్నాయి|చాలా బాగా|సూపర్|అద్భుతం|అద్భుతంగా|అదిరింది|అదిరిపోయింది|"
              "సంతోషం|నచ్చింది|వేగంగా|త్వరగా|ధన్యవాదాలు|థాంక్స్",
    },
    "fault": {
        # review 2026-12-07 (a seventh labelled file): Afrikaans and Haitian Creole, which
        # had no entry ("Julle ... app laai nie", "app ... a pa mache" read `other`); not a
        # bare "pa" (French "pas", "pa" of Slovene and Albanian)
        "af": "laai nie|werk nie|werk nie meer nie|niemand antwoord|nog nie ontvang",
        "ht": "pa mache|pa fonksyone|poko resevwa|pa resevwa|poko renbouse|pa janm rive|"
              "pa reponn",
        "ur": "کام نہیں کر|نہیں چل|بند ہے|بند ہو|خراب ہے|خراب ہو|کریش|ایرر|سلو$|لیٹ$|تاخیر|"
              "دیر سے|نہیں آیا|نہیں آئی|نہیں ملا|نہیں ملی|ابھی تک نہیں|غائب|گم ہو|کینسل|منسوخ|"
              "پیسے کٹ|رقم کٹ|دو بار|ریفنڈ|واپس نہیں|جواب نہیں|بلاک|نیٹ ورک نہیں|سگنل نہیں",
        "te": "పని చేయడం లేదు|పనిచేయడం లేదు|పని చేయట్లేదు|రాలేదు|అందలేదు|ఆలస్యం|లేట్|"
              "పోయింది|కట్ అయింది|రిఫండ్|నెట్వర్క్ లేదు|సిగ్నల్ లేదు|"
              "క్యాన్సిల్|రద్దు",
    },
    "again": {
        "ur": "پھر سے|پھر$|دوبارہ|ہر بار|بار بار|تیسری بار|دوسری بار|ہمیشہ|روز روز|ابھی بھی|"
              "اب بھی|صبح سے|دن سے",
        "te": "మళ్ళీ|మళ్లీ|మరోసారి|ప్రతిసారీ|ఎప్పుడూ",
    },
    "price": {
        "ur": "قیمت|کتنے کا|کتنے کی|کتنا ہے|کتنے میں|خرچ|چارج|فیس$|ڈسکاؤنٹ|رعایت|سستا|مہنگا|"
              "پیکج|پلان|ماہانہ",
        "te": "ధర|ఎంత ఖర్చు|రేటు|ప్లాన్|ఛార్జ్",
    },
    "buy": {
        "ur": "خریدنا|خریدنی|خرید$|لینا ہے|لینا چاہتا|لینا چاہتی|چاہیے|ضرورت ہے|متبادل|ڈیمو|"
              "ٹرائل|اپ گریڈ|اکاؤنٹ کھولنا|تجویز کریں|مشورہ دیں",
        "te": "కొనాలి|కొనాలని|కావాలి|సూచించండి|రికమెండ్|ఏది మంచిది",
    },
    "business": {
        "ur": "کمپنی|بزنس|کاروبار|دفتر|آفس|ملازمین|اسٹاف|دکان|ہول سیل",
        "te": "కంపెనీ|బిజినెస్|వ్యాపారం|ఆఫీస్",
    },
    "question": {
        "ur": "کیسے|کہاں|کب$|کیا آپ|کیا کوئی|کیا میں|کون سا|کون سی|کتنا وقت|کتنے دن|بتائیں|"
              "بتائیے|بتاؤ|کوئی بتائے|سوال|معلومات",
        "te": "ఎలా|ఎక్కడ|ఎప్పుడు|ఎంత$|ఏది|ఉందా|చెప్పండి|తెలుసా",
    },
    "why": {
        "ur": "کیوں|کتنی بار",
        "te": "ఎందుకు",
        # review 2026-12-07 (a seventh labelled file): Afrikaans and Haitian Creole "why",
        # which had no entry ("Hoekom vra ... 'n ekstra fooi ...?" read as a question); Dutch
        # writes "waarom", French "pourquoi"
        "af": "hoekom",
        "ht": "poukisa",
    },
    "spam_money": {
        "ur": "کمائیں|کماؤ|کمائی|روزانہ|گھر بیٹھے|گارنٹی|سرمایہ کاری|انویسٹ|ٹریڈنگ|کرپٹو|"
              "بٹ کوائن",
        "te": "సంపాదించండి|రోజుకు|ఇంటి నుండే|పెట్టుబడి",
    },
    "spam_growth": {
        "ur": "فالوورز|لائکس|ویوز|وائرل",
    },
    "spam_action": {
        "ur": "کلک کریں|لنک پر|بائیو|واٹس ایپ|ٹیلی گرام|رجسٹر کریں|جیتیں|جیتو|انعام|مفت|"
              "مبارک ہو|صرف آج|جلدی کریں|پاس ورڈ|او ٹی پی|کارڈ نمبر|تصدیق کریں",
        "te": "క్లిక్ చేయండి|గెలుచుకోండి|ఉచితం|బహుమతి",
    },
    "news": {
        "ur": "اعلان کیا|اعلان کر|لانچ|شیئرز|سی ای او|جرمانہ|ہڑتال|ڈیٹا لیک|کے مطابق|ایوارڈ|"
              "شراکت|چھانٹی|رپورٹ",
        "te": "ప్రకటించింది|ప్రారంభించింది|ప్రకారం|జరిమానా|సమ్మె",
    },
    "hiring": {
        "ur": "بھرتی|نوکری|نوکریاں|ملازمت|ویکنسی|درخواست دیں|انٹرن شپ|کیریئر",
        "te": "ఉద్యోగాలు|ఉద్యోగం|నియామకం|దరఖాస్తు",
    },
    "thanks": {
        "af": "baie dankie|dankie$",
        # not a bare "mesi": Italian "months" ("ferma da due mesi")
        "ht": "mesi anpil|mesi bokou",
        "ur": "شکریہ|شکریا|آپ کی مہربانی|تھینک یو|تھینکس",
        "te": "ధన్యవాదాలు|థాంక్స్|థ్యాంక్స్|కృతజ్ఞతలు",
    },
    "request": {
        "ur": "براہ کرم|برائے مہربانی|پلیز|جلدی ٹھیک|ٹھیک کریں|فوراً|فوری|مدد کریں|ہیلپ",
        "te": "దయచేసి|ప్లీజ్|సరి చేయండి",
    },
    "sarcasm": {
        "ur": "واہ|کیا بات ہے|کمال کر دیا",
    },
    "resolved": {
        "ur": "ٹھیک ہو گیا|ٹھیک ہوگیا|ٹھیک کر دیا|حل ہو گیا|حل ہوگیا|ریفنڈ مل گیا|پیسے واپس مل|"
              "اسی دن|اگلے دن|مدد کی|آخرکار",
    },
    "family": {
        "ur": "میری امی|امی$|ابو$|میری ماں|بہن|بھائی|بیوی|شوہر|بیٹا|بیٹی",
    },
    "opinion": {
        "ur": "میرے خیال میں|مجھے لگتا ہے|لگتا ہے|سچ کہوں|آج کل|ہر کمپنی",
    },
    "humour": {
        "ur": "ہاہا|ہا ہا",
    },
    "contrast": {
        "ur": "لیکن|مگر$",
        "te": "కానీ|కాని$",
    },
    "negation": {
        "ur": "نہیں|نہ$|کبھی نہیں|کوئی نہیں|بغیر",
    },
    "trouble": {
        "ur": "مسئلہ|مسائل|مشکل|پریشانی|شکایت",
        "te": "సమస్య|ఇబ్బంది|ఫిర్యాదు",
    },
}

# asking for a recommendation, added to the words of ``buy`` of ``lexicon_world``'s languages
ASKING: dict[str, str] = {
    "sv": "rekommendationer|några tips|vad rekommenderar ni|någon som kan rekommendera",
    "da": "anbefalinger|nogen anbefalinger|noen anbefalinger|hvad anbefaler i|"
          "hva anbefaler dere|tips til et",
    "fi": "suosituksia|mitä suosittelette|suositelkaa|vinkkejä",
    "cs": "doporučte|doporučíte|co doporučujete",
    "hu": "ajánlanátok|mit ajánlotok|ajánljatok",
    "ro": "recomandări|ce recomandați|recomandați-mi|sugestii",
    "el": "προτάσεις|τι προτείνετε|να μου προτείνετε|συστάσεις",
    "he": "המלצות|ממליצים על|מה מומלץ|יש המלצה|תמליצו",
    "fa": "پیشنهاد دارید|پیشنهادی دارید|پیشنهاد بدید|پیشنهاد بدین|پیشنهاد میدید|"
          "معرفی کنید|معرفی کنین|چی پیشنهاد",
    "bn": "সাজেস্ট|পরামর্শ দিন|রেকমেন্ড|কোনটা ভালো",
    "ta": "பரிந்துரை|சஜெஸ்ட்|எது நல்லது",
    "sw": "mapendekezo|mnapendekeza|pendekezeni|nishaurini|mnanishauri",
    "tl": "ma-recommend|marerecommend|pa-recommend|suggest naman|ano mas okay|ano mas ok$|"
          "ano mas maganda",
    "ms": "ada cadangan|cadangkan|syorkan",
}

# giveaway spam in Swahili, added to ``spam_action``
GIVEAWAY: dict[str, str] = {
    "sw": "shinda$|jishindie|namba yako ya siri",
}
