"""Concept entries for how goods fail and how people say that nothing did, merged into
``lexicon.CONCEPTS`` for every language it covers.

- ``DAMAGE`` (into ``fault``): physical damage and malfunction, the words of furniture,
  clothes, appliances, parcels, food and hotel rooms: ripped, cracked, leaking, shrank, faded,
  peeling, bent, dented, jammed, overheating, smelly, mouldy, rusty, wobbly, squeaking, fell
  apart, clogged, soaked, stained, missing parts, won't turn on. Before these, "the sofa ripped
  after a week" named no fault the lexicon knew, and the model read it from its other words,
  as praise when they were neutral.
- ``UNEXPLAINED`` (into ``fault``): a charge or a change "for no reason", "without notice", a
  bill that "doubled": the grievance of a complaint written as a polite request.
- ``UNDERSTATED`` (into ``positive``): hedged and lukewarm praise ("pretty good", "does the
  job", "not bad at all", "can't complain", "no regrets"), which the guidelines call praise.
  Where a language puts its negation after the word ("fena değil", "悪くない", "बुरा नहीं"),
  the negated form is an entry of its own, as "不错" is. Words of a quality ("reliable",
  "zuverlässig", "fiable", "надёжный", "güvenilir", "sturdy", "decent") are left out: in the
  corpus they are as often what a lead asks for ("who's actually reliable for fibre?").
- ``TROUBLE`` (a concept of its own): the nouns of having a problem ("problem", "issue",
  "hiccup", "souci", "kłopot", "проблема", "sorun", "masalah"). Negated ("never had a
  problem", "zero hiccups", "nigdy nie miałem żadnego problemu") they count as praise, by the
  negation rule of ``lexicon``; otherwise the corpus trains what they say.

The rules of ``lexicon`` hold: entries are folded word starts in scripts with spaces (``$``:
the whole word) and substrings in Chinese, Japanese, Thai and Korean, so every entry is matched
in every post in every language. Each was checked against the words of VADER's lexicon and
every corpus post, in its own language and the others, and written longer or left out where it
was another word: Dutch "bent" is "you are", Italian "delle" "of the", Polish "pęka" starts
"Pekao", Russian "промок" starts "промокод", Swedish "sönder" starts German "Sonder-",
Spanish "cracks" are champions, Vietnamese "bền" folds to French "ben", Finnish "home" is
English, Czech "zápach" is Polish for a scent, Romanian "rupt" starts "rupture" and "spart"
is German; Thai "ร้าว" is inside "ลาดพร้าว", "ขึ้นรา" inside "ขึ้นราคา" (a price rise) and
"งอ" inside "ของอร่อย"; Japanese "染み" starts "染みる" (praise of a meal), "シミ"
"シミュレーション"; Chinese "变形" starts "变形金刚", "有味道" is "tasty"; "doesn't heat"
("não esquenta", "не греет") is praise of a laptop as often as a fault of a heater. A phrase
that only repeats an entry it holds ("arrivato rotto", "pretty decent") is left out, so a
post does not count one fault twice. Those of the languages the corpus lacks occur in no
corpus post (``tests/enrich/test_corpus.py``). Written on 2026-11-30 by the writer of
``tests/data/blind_domains.tsv`` after its test half was measured once and while its dev
half's errors were read, so figures on that set flatter them a little.
"""

from __future__ import annotations

DAMAGE: dict[str, str] = {
    "en": "ripped|torn$|tore$|cracked|leak|shrank|shrunk|shrinks$|faded|fading|peeling|"
          "peeled|peels$|is bent|was bent|arrived bent|bent out|dented|dents$|scratched|"
          "scratches$|jammed|keeps jamming|overheat|smelly|stinks|stank|stench|musty|damp$|"
          "mould|mold$|moldy|mildew|rusty|rusted|rusting|wobbl|squeak|rattl|fell apart|"
          "falls apart|falling apart|came apart|coming apart|fell off|falling off|shattered|"
          "burst$|burnt$|scorched|clogged|frayed|fraying|stained|warped|soggy|spilled|spilt|"
          "soaked|dripping|collapsed|chipped|undercooked|rotten|infested|cockroach|bedbug|"
          "filthy|dirty$|short circuit|sparking|no hot water|no heating|in pieces|"
          "noisy$|strange noise|weird noise|grinding noise|won't turn on|won't charge|"
          "won't close|doesn't turn on|doesnt turn on|not charging|not cooling|not heating",
    "de": "gerissen|zerrissen|riss$|risse$|eingerissen|gesprungen|undicht|leckt|ausgelaufen|"
          "läuft aus|tropft|eingelaufen|verblasst|ausgebleicht|blättert|abgeblättert|löst sich|"
          "verbogen|verbeult|dellen|eine delle|zerkratzt|kratzer|klemmt|verklemmt|überhitz|"
          "stinkt|riecht komisch|muffig|modrig|schimmel|"
          "verschimmelt|rostet|rostig|verrostet|wackelt|wackelig|quietscht|klappert|"
          "fällt auseinander|auseinandergefallen|zerbrochen|zersprungen|gebrochen|verstopft|"
          "durchgeweicht|ausgefranst|fleckig|flecken|verzogen|zerquetscht|kaputt angekommen|"
          "beschädigt angekommen|fehlende teile|teile fehlen|schrauben fehlen|"
          "springt nicht an|geht nicht an|lädt nicht|schließt nicht|kein warmwasser|"
          "kein warmes wasser|kurzschluss|verschüttet",
    "fr": "déchiré|déchirure|fissuré|fissure|fêlée|fêlure|fuit$|fuite$|a fui|rétréci|"
          "décoloré|délavé|déteint|écaillé|décollé|tordu|cabossé|bosselé|"
          "rayure|coincé|surchauff|chauffe trop|pue$|puent$|mauvaise odeur|moisi|"
          "rouill|bancal|branlant|grince|en morceaux|trempé|taché|tache$|taches$|"
          "gondolé|effiloché|pièces manquantes|manque des pièces|"
          "pas d'eau chaude|plus d'eau chaude|ne chauffe plus|ne s'allume|ne charge plus|"
          "ne ferme plus|court-circuit|renversé",
    "es": "rasgad|rasgó|rompió|se rompe|descosid|descosió|rajad|rajó|agrietad|grieta|"
          "gotea|goteando|pierde agua|fuga$|encogi|encogió|desteñid|destiñ|decolorad|despegad|"
          "se despega|torcid|abollad|arañad|rayones|atascad|trabad|se traba|sobrecalient|"
          "se calienta mucho|huele mal|mal olor|apesta|moho$|mohos|enmohecid|oxidad|tambalea|"
          "chirría|se desarma|se deshizo|en pedazos|destrozad|derramad|derramó|empapad|"
          "manchad|deformad|deshilachad|faltan piezas|faltaban piezas|llegó rota|"
          "no enciende|no carga|no enfría|sin agua caliente|cortocircuito",
    "pt": "rasgou|rasgad|descosturou|descosid|trincad|trincou|rachad|rachou|vazando|vaza$|"
          "vazou|vazament|pingando|encolheu|encolhid|desbotou|desbotad|descascando|descascou|"
          "descolando|descolou|entortou|entortad|torto$|amassad|arranhad|riscad|emperrad|"
          "emperrou|superaquec|esquenta muito|esquentando muito|fedendo|fedor|cheiro ruim|"
          "mau cheiro|mofo|mofad|bolor|enferruj|rangendo|desmanchou|se desfez|em pedaços|"
          "estilhaç|entupid|encharcad|molhad|manchad|deformad|desfiad|faltando peças|"
          "faltam peças|não liga|nao liga|não carrega|nao carrega|"
          "não gela|sem água quente|curto-circuito|derramou|derramad",
    "it": "strappat|scucit|crepat|crepa$|incrinat|perde acqua|perdita d'acqua|"
          "gocciola|si è ristrett|si sono ristrett|scolorit|sbiadit|stinto|si stacca|staccat|"
          "spellat|si sfoglia|piegat|storto$|storta$|ammaccat|graffiat|inceppat|si inceppa|"
          "surriscald|si scalda troppo|puzza|puzzo|cattivo odore|muffa|ammuffit|arrugginit|"
          "ruggine|traballa|cigola|va a pezzi|in pezzi|frantumat|"
          "intasat|fradici|bagnat|macchiat|macchie$|deformat|sfilacciat|mancano pezzi|"
          "mancano dei pezzi|pezzi mancanti|viti mancanti|"
          "non si accende|non carica|niente acqua calda|cortocircuito|rovesciat",
    "nl": "gescheurd|scheur$|scheurt|gebarsten|barst$|lekt$|lekken|lekkage|gelekt|gekrompen|"
          "krimpt|verbleekt|vaal$|verkleurd|bladdert|afgebladderd|laat los|verbogen|krom$|"
          "deuk$|deuken|gedeukt|krassen|gekrast|klemt|zit vast|oververhit|wordt heet|"
          "bloedheet|stinkt|stinken|muf$|muffe|schimmel|beschimmeld|roest|verroest|wiebelt|"
          "wiebelig|piept|rammelt|valt uit elkaar|uit elkaar gevallen|gebroken|in stukken|"
          "verstopt|doorweekt|vlekken|vlek$|kromgetrokken|rafelt|onderdelen ontbreken|"
          "ontbrekende onderdelen|schroeven ontbreken|kapot aangekomen|gaat niet aan|"
          "laadt niet op|geen warm water|kortsluiting|gemorst",
    "pl": "rozdar|podart|rozpruł|pękn|pęka$|pękł|popękan|przecieka|cieknie|wycieka|przeciek|"
          "skurczył|skurczy|zbiegł się|wyblakł|sprał się|odpryskuje|łuszczy|odkleja|odklej|"
          "wygięt|wygiął|pogięt|wgniecion|wgniecen|porysowan|zarysowan|zacina|zacięł|"
          "przegrzewa|śmierdzi|smród|stęchliz|pleśń|spleśniał|zardzewiał|rdza|"
          "chwieje|skrzypi|rozpada|rozleciał|rozwalił|połaman|złaman|stłuczon|potłuczon|rozbit|"
          "zatkan|przemoczon|mokr|poplamion|plama|plamy|wypaczon|strzępi|brakuje części|"
          "brakujące części|nie włącza|nie ładuje|"
          "brak ciepłej wody|zwarcie|wylał|rozlan",
    "ru": "порвал|порван|разорвал|треснул|трещин|лопнул|протека|протёк|подтека|капает|"
          "сел после стирки|села после стирки|сел после|села после|выцвел|полинял|облез|"
          "облупил|отслаива|отклеил|отваливается|отвалил|погнул|погнут|вмятин|помят|"
          "поцарапан|поцарапали|царапин|заедает|заел$|застрял|заклинил|перегрева|"
          "сильно греется|воняет|"
          "вонь|неприятный запах|запах плесени|плесень|заплесневел|сырость|ржавч|заржавел|"
          "шатается|скрипит|развалил|разваливается|разбит|сломан|засор|промок$|промокл|мокр|пятна|"
          "пятно|деформирова|не хватает деталей|нет деталей|"
          "повреждён|не включается|не заряжается|"
          "нет горячей воды|замыкание|пролил|разлил",
    "uk": "порвав|порвал|розірв|тріснул|тріщин|луснул|протіка|протік|тече$|капає|сів після|"
          "сіла після|вицвів|вицвіл|облуп|відшаров|відклеї|відвалю|погнут|погнув|вм'ятин|"
          "пом'ят|подряпан|подряпин|заїдає|застряг|заклинил|перегріва|сильно гріється|"
          "смердить|сморід|неприємний запах|запах цвілі|цвіль|запліснявіл|вогкість|іржа|"
          "заіржав|хитається|скрипить|розвалю|розвалил|розбит|засміч|промок$|промокл|мокр|плями|пляма|"
          "деформова|бракує деталей|пошкоджен|"
          "не вмикається|не заряджається|немає гарячої води|замикання|розлив|пролив",
    "tr": "yırtıldı|yırtık|yırtılmış|söküldü|çatladı|çatlak|çatlamış|sızdırıyor|sızıntı|"
          "sızdırma|akıtıyor|damlatıyor|su kaçırıyor|küçüldü|soldu$|solmuş|rengi attı|"
          "soyuluyor|soyulmuş|kabardı|kabarmış|eğildi|eğrildi|yamuk|ezik|ezilmiş|göçük|çizik|"
          "çizilmiş|sıkışıyor|sıkıştı|ısınıyor|kokuyor|kötü koku|"
          "pis koku|küf$|küflü|küflenmiş|rutubet|paslandı|paslı|sallanıyor|gıcırdıyor|"
          "dağıldı|parçalandı|paramparça|kırıldı|kırılmış|tıkandı|tıkalı|sırılsıklam|ıslak|"
          "ıslanmış|lekeli|leke$|deforme|eksik parça|hasarlı geldi|"
          "kırık geldi|şarj olmuyor|ısıtmıyor|sıcak su yok|kısa devre|döküldü|dökülmüş",
    "zh": "裂开|裂了|开裂|裂缝|撕破|撕裂|破洞|磨破|漏水|渗水|滴水|褪色|掉色|脱皮|起皮|掉漆|"
          "脱落|弯了|变形了|严重变形|凹陷|划痕|刮花|卡纸|过热|异味|臭味|发臭|霉味|生锈|锈了|"
          "晃动|摇晃|吱吱响|散架|摔碎|破碎|碎了|堵了|堵塞|湿透|泡水|污渍|起球|开线|脱线|"
          "少了零件|缺零件|少零件|配件不全|到货就坏|开不了机|充不上电|不制热|不制冷|没有热水|"
          "没热水|短路",
    "ja": "破れ|やぶれ|裂け|ひび|ヒビ|漏れ|もれて|縮ん|色あせ|色褪せ|退色|剥がれ|はがれ|剥げ|"
          "めくれ|曲がっ|へこみ|凹み|キズ|傷が|引っかかる|詰まっ|詰まる|動かなくな|発熱|過熱|"
          "オーバーヒート|熱暴走|熱を持|臭い|臭う|におう|異臭|悪臭|カビ|かび臭|錆び|サビ|"
          "ぐらぐら|ガタガタ|きしむ|ギシギシ|バラバラ|粉々|ぐちゃぐちゃ|びしょびしょ|びしょ濡れ|"
          "濡れて|シミが|染みが|染みになっ|変形|ほつれ|部品が足りない|部品がない|電源が入らない|"
          "温まらない|お湯が出ない|こぼれ",
    "ko": "찢김|찢겨|터졌|금이 가|금 갔|갈라졌|갈라짐|깨졌|물이 새|누수|새어|새고 있|새서 |"
          "빨았더니 줄|빨았는데 줄|세탁 후 줄|세탁하고 줄|수축|물 빠짐|물빠짐|색이 바래|바랬|"
          "벗겨|까졌|휘었|휘어|구부러|찌그러|흠집|긁힘|스크래치|막혀|막혔|과열|"
          "너무 뜨거워지|냄새가 나|냄새 나|악취|곰팡이|녹슬|녹이 슬|흔들거|삐걱|부서졌|박살|"
          "산산조각|젖었|젖어|얼룩|변형|올이 풀|부품이 빠|부품이 없|온수가 안|"
          "보일러가 안|합선|쏟아졌",
    "th": "ฉีกขาด|ขาดตะเข็บ|ตะเข็บขาด|แตกร้าว|รอยร้าว|ร้าวแล้ว|รั่ว|น้ำซึม|หดตัว|ซักแล้วหด|สีซีด|สีตก|หลุดลอก|"
          "สีลอก|ลอกออก|บิดงอ|โค้งงอ|รอยขีดข่วน|ติดขัด|ร้อนเกิน|เหม็น|กลิ่นอับ|ราขึ้น|"
          "เชื้อรา|สนิม|โยกเยก|เสียงดัง|แตกหัก|อุดตัน|ท่อตัน|คราบ|ผิดรูป|อะไหล่ไม่ครบ|"
          "ชิ้นส่วนไม่ครบ|ไม่มีน้ำอุ่น|ไฟช็อต",
    "ar": "تمزق|ممزق|انشق|شق$|تشقق|متشقق|انكسر|انكسرت|يسرب|تسرب|يسرّب|ينقط|انكمش|"
          "صغر بعد الغسيل|بهت|باهت|يتقشر|تقشر|انقشر|ينفصل|انحنى|ملتوي|معوج|منبعج|مخدوش|خدوش|"
          "عالق|يسخن|سخونة|حرارة زائدة|رائحة كريهة|ريحة كريهة|عفن|متعفن|صدأ|مصدي|"
          "يهتز|صرير|تفكك|محطم|تحطم|مسدود|انسد|مبلول|مبتل|بقع|بقعة|مشوه|ناقص|"
          "ما يشحن|لا يشحن|ما في مي سخنة|ماس كهربائي|انسكب|مسكوب",
    "hi": "फट गया|फट गई|फट गए|फटा हुआ|फटी हुई|दरार|टूट गया|टूट गई|टूटा|टूटी|टूटे|लीक|टपक|"
          "रिस रहा|सिकुड़|रंग उड़|फीका पड़|रंग फीका|उखड़|पपड़ी|मुड़ गया|टेढ़ा|पिचक|खरोंच|"
          "स्क्रैच|अटक|फंस|फँस|गरम हो|गर्म हो|ओवरहीट|बदबू|दुर्गंध|फफूंद|सीलन|जंग लग|"
          "हिल रहा|चरमरा|बिखर|चकनाचूर|जाम हो|गीला|गीली|भीग|दाग|"
          "चालू नहीं|चार्ज नहीं|गर्म पानी नहीं|शॉर्ट सर्किट|फैल गया|"
          "phat gaya|phat gayi|toot gaya|toot gayi|tut gaya|leak ho|sikud|kharonch|atak gaya|"
          "garam ho|badbu|fafund|geela",
    "id": "sobek|robek|koyak|retak|bocor|rembes|menetes|menyusut|mengkerut|luntur|pudar|"
          "memudar|mengelupas|ngelupas|terkelupas|bengkok|penyok|peyok|lecet|tergores|"
          "nyangkut|tersangkut|kepanasan|cepat panas|bau$|apek|berjamur|jamuran|"
          "karatan|berkarat|goyah|berderit|bunyi aneh|copot|lepas sendiri|pecah|remuk|mampet|"
          "tersumbat|basah|kotor|noda|bernoda|cacat|busuk|komponen kurang|patah|"
          "baut kurang|nggak nyala|gak nyala|ga nyala|"
          "tidak menyala|korslet|konslet|tumpah",
    "vi": "bị rách$|rách rồi$|bị nứt$|nứt rồi$|rò rỉ$|bị dột$|bị co$|co rút$|"
          "phai màu$|bong tróc$|bị cong$|bị móp$|móp méo$|bị trầy$|trầy xước$|bị kẹt$|"
          "kẹt cứng$|quá nóng$|nóng quá$|bốc mùi$|mùi hôi$|bị mốc$|mốc meo$|bị gỉ$|rỉ sét$|"
          "lung lay$|bị vỡ$|vỡ nát$|bị tắc$|ướt sũng$|vết bẩn$|thiếu linh kiện$|"
          "thiếu phụ kiện$|không lên nguồn$|không sạc được$|không có nước nóng$|chập điện$",
    "sv": "sprack|spruckit|sprucken|spricka|sönder$|läcker|läckage|läckte|krympte|krympt$|"
          "blekt|blekts|urblekt|flagnar|flagnat|lossnar|böjd$|bucklig|buckla|repig|repor$|"
          "repad|kärvar|fastnar|fastnat|överhett|blir varm|blir het|luktar illa|stinker|unken|"
          "mögel|möglig|rostig|rostar|vinglig|vickar|gnisslar|skramlar|föll isär|faller isär|"
          "krossad|krossat|igensatt|genomblöt|fläckar|fläckig|skev$|saknades|"
          "saknar delar|kom skadad|startar inte|laddar inte|inget varmvatten|"
          "kortslut|spillde|spillt",
    "da": "revnet|revne$|flænge|utett|utæt|krympet|krympede|falmet|falmede|"
          "skaller af|flasser|bøjet|bøyd|bulet|ridset|sidder fast|sitter fast|overophed|"
          "overopphet|lugter|lukter vondt|muggen|mugg$|skimmel|rusten|rustent|vakler|knirker|"
          "faldt fra hinanden|falt fra hverandre|knust|tilstoppet|gennemblødt|gjennomvåt|"
          "pletter|flekker|mangler dele|lader ikke|starter ikke|"
          "intet varmt vand|ikke varmt vann|kortslutning",
    "fi": "repesi|revennyt|repeytyi|halkesi|haljennut|vuotaa|vuoti|kutistui|haalistui|"
          "haalistunut|hilseilee|irtoaa|irtosi|taipui|vääntynyt|lommo|naarmu|jumittaa|juuttui|"
          "jumissa|ylikuumenee|kuumenee|haisee|haju$|homeessa|homeinen|hometta|ruostunut|"
          "ruostuu|heiluu|narisee|hajosi|hajonnut|tukossa|läpimärkä|tahra|"
          "puuttuvia osia|ei käynnisty|ei lataudu|ei lämmitä|ei lämmintä vettä|"
          "oikosulku|läikkyi",
    "cs": "roztrh|natrh|prasklin|praskl|teče$|protéká|kape$|srazil se|srazilo se|vybledl|"
          "odlupuje|loupe se|odlepuje|ohnut|promáčkl|poškráb|škrábanc|zasekává|zasekl|"
          "přehřívá|smrdí|plíseň|plesniv|zrezivěl|viklá|vrzá|rozpadl|rozbil|ucpan|promočen|"
          "skvrn|chybí díly|chybějící díly|nezapne|nenabíjí|"
          "není teplá voda|zkrat|rozlil|vylil",
    "hu": "elszakadt|szakadt|megrepedt|repedt|repedés|csöpög|szivárog|összement|kifakult|"
          "hámlik|lepattogzott|levált|leválik|elgörbült|behorpadt|horpadt|karcos|"
          "megkarcolódott|beragad|túlmelegszik|felforrósodik|büdös|bűzlik|szag$|dohos|penész|"
          "rozsdás|berozsdásodott|billeg|nyikorog|szétesett|széthullott|összetört|eltört|"
          "eldugult|átázott|foltos|deformálódott|hiányzó alkatrész|hiányoznak alkatrészek|"
          "sérülten érkezett|törötten érkezett|nem kapcsol be|nem tölt|nem fűt|"
          "nincs meleg víz|zárlat|kiömlött",
    "ro": "rupt$|ruptă|rupte$|sfâșiat|crăpat|crăpătur|fisurat|curge$|picură|"
          "se scurge|s-a micșorat|intrat la apă|decolorat|spălăcit|se cojește|se dezlipește|"
          "dezlipit|îndoit|strâmb|zgâriat|zgârietur|se blochează|înțepenit|"
          "se supraîncălzește|se încinge|miroase urât|mucegai|mucegăit|ruginit|se clatină|"
          "scârțâie|s-a desfăcut|s-a spart|e spart$|înfundat|ud leoarcă|deformat|"
          "lipsesc piese|a venit spart|nu pornește|"
          "nu se încarcă|nu încălzește|nu e apă caldă|scurtcircuit|vărsat",
    "el": "σκίστηκε|σχίστηκε|ραγισμέν|ράγισε|ρωγμή|στάζει|τρέχει νερό|διαρροή|μάζεψε|"
          "ξεθώριασε|ξεβάφει|ξεφλουδίζει|ξεκολλάει|ξεκόλλησε|στράβωσε|στραβό|βαθούλωμα|"
          "γρατζουν|γρατσουν|κολλάει|κόλλησε|υπερθερμαίνεται|ζεσταίνεται πολύ|βρωμάει|"
          "μυρίζει άσχημα|μούχλα|μουχλιασμέν|σκουριασμέν|σκουριά|κουνιέται|τρίζει|διαλύθηκε|"
          "έσπασε|σπασμέν|θρυμματ|βουλωμέν|μούσκεμα|βρεγμέν|λεκέ|παραμορφ|λείπουν κομμάτια|"
          "λείπουν εξαρτήματα|δεν ανάβει|δεν φορτίζει|δεν ζεσταίνει|"
          "δεν έχει ζεστό νερό|βραχυκύκλωμα|χύθηκε",
    "he": "נקרע|קרוע|סדק|נסדק|מטפטף|דולף|נזילה|התכווץ|דהה|דהוי|מתקלף|התקלף|התעקם|עקום|"
          "שריטה|שרוט|מתחמם|התחממות יתר|מסריח|ריח רע|עובש|חלודה|חלוד|מתנדנד|חורק|התפרק|"
          "מתפרק|נשבר|מנופץ|סתום|רטוב|ספוג|כתם|כתמים|מעוות|חסרים חלקים|חלקים חסרים|"
          "לא נדלק|לא נטען|לא מחמם|אין מים חמים|קצר חשמלי|נשפך",
    "fa": "پاره شد|پاره$|ترک خورد|ترک برداشت|چکه|نشتی|نشت|آب رفت|رنگ رفت|رنگش رفت|"
          "پوسته پوسته|کنده شد|خم شد|کج$|قر شد|خط افتاد|خط و خش|گیر میکنه|گیر کرده|داغ میکنه|"
          "داغ می‌کند|بو میده|بوی بد|کپک|زنگ زده|لق$|لقه|جیرجیر|از هم پاشید|شکسته|خرد شد|"
          "خیس|لکه|تغییر شکل|قطعات کم|شکسته رسید|روشن نمیشه|شارژ نمیشه|آب گرم نداره|اتصالی|"
          "ریخت$",
    "bn": "ছিঁড়ে|ফেটে গেছে|ফাটল|লিক|চুইয়ে|টপটপ|ছোট হয়ে গেছে|কুঁচকে|রং উঠে|রং চটে|"
          "বেঁকে গেছে|বাঁকা|টোল খেয়েছে|দাগ পড়েছে|আঁচড়|আটকে যাচ্ছে|আটকে গেছে|"
          "গরম হয়ে যায়|অতিরিক্ত গরম|দুর্গন্ধ|ছত্রাক|ছাতা পড়েছে|মরিচা|নড়বড়ে|ক্যাঁচক্যাঁচ|"
          "ভেঙে গেছে|চুরমার|ভিজে গেছে|ভেজা|যন্ত্রাংশ নেই|ভাঙা অবস্থায়|চালু হয় না|"
          "চার্জ হয় না|গরম পানি নেই|শর্ট সার্কিট",
    "ta": "கிழிந்து|கிழிந்த|விரிசல்|கசிவு|ஒழுகுது|ஒழுகுகிறது|சுருங்கி|நிறம் மங்கி|"
          "மங்கிவிட்டது|உரிகிறது|வளைந்து|நசுங்கி|கீறல்|சிக்கிக்கொண்டது|மாட்டிக்கொண்டது|"
          "சூடாகிறது|அதிக சூடு|நாற்றம்|பூஞ்சை|பூசணம்|துருப்பிடித்|ஆடுகிறது|"
          "உடைந்து|நொறுங்கி|அடைப்பு|நனைந்து|கறை|பாகங்கள் இல்லை|பாகங்கள் காணவில்லை|"
          "ஆன் ஆகவில்லை|சார்ஜ் ஆகவில்லை|சுடுநீர் இல்லை|ஷார்ட் சர்க்யூட்",
    "sw": "imechanika|mpasuko|imepasuka|inavuja|kuvuja|imevuja|imesinyaa|imefifia|"
          "rangi imeisha|inabanduka|imebanduka|imepinda|imebonyea|mikwaruzo|imekwaruzwa|"
          "inakwama|inapata joto sana|joto kupita kiasi|inanuka|harufu mbaya|ukungu|kutu$|"
          "inayumba|imevunjika|imevunjwa|vipande vipande|imeziba|imelowa|madoa|"
          "vipuri havipo|sehemu hazipo|haiwaki|haichaji|"
          "hakuna maji moto|shoti ya umeme|imemwagika",
    "tl": "napunit|punit$|basag|nabasag|may lamat|tumutulo|tagas|tumatagas|lumiit|kumupas|"
          "kupas|natutuklap|tuklap|baluktot|nabaluktot|yupi|nayupi|gasgas|naiipit|naipit|"
          "sobrang init|umiinit|mabaho|amag|inaamag|kalawang|kinakalawang|umuuga|"
          "lumalangitngit|durog|barado|basang-basa|mantsa|kulang ang piyesa|"
          "kulang piyesa|walang piyesa|dumating na sira|ayaw bumukas|ayaw mag-charge|"
          "walang mainit na tubig|natapon|ang bagal|sobrang bagal|napakabagal",
    "ms": "berkulat|kulat$|kemek|calar|tercalar|tak hidup|tak boleh hidup|tak boleh cas|"
          "tiada air panas|litar pintas",
}

UNEXPLAINED: dict[str, str] = {
    "en": "for no reason|without reason|without any reason|without explanation|"
          "without notice|without warning|doubled$|tripled$|double the usual|twice the usual",
    "de": "ohne grund|ohne ersichtlichen grund|ohne erklärung|ohne vorwarnung|verdoppelt|"
          "verdreifacht",
    "fr": "sans raison|sans explication|sans prévenir|sans préavis|a doublé|a triplé",
    "es": "sin motivo|sin razón|sin explicación|sin previo aviso|el doble de|el triple de|"
          "se ha duplicado|se duplicó",
    "pt": "sem motivo|sem explicação|sem aviso|o dobro do|o triplo do|dobrou$|triplicou",
    "it": "senza motivo|senza spiegazione|senza preavviso|raddoppiat|triplicat|il doppio del|"
          "il triplo del",
    "nl": "zonder reden|zonder uitleg|zonder waarschuwing|verdubbeld|verdrievoudigd",
    "pl": "bez powodu|bez wyjaśnienia|bez uprzedzenia|podwoił|potroił|dwukrotnie wyższ",
    "ru": "без причины|без объяснени|без предупреждени|вдвое|втрое|в два раза больше|удвоил",
    "uk": "без причини|без пояснен|без попередженн|вдвічі|втричі|подвоїв|подвоїл",
    "tr": "sebepsiz|nedensiz|açıklama yapmadan|haber vermeden|iki katına|üç katına",
    "zh": "无缘无故|翻了一倍|贵了一倍|涨了一倍|多了一倍|没有任何理由|不打招呼",
    "ja": "理由もなく|理由なく|説明もなく|連絡もなく|予告なく|倍になって|倍になった",
    "ko": "이유 없이|이유도 없이|설명도 없이|예고 없이|두 배가|두배가|세 배가",
    "th": "ไม่มีเหตุผล|โดยไม่แจ้ง|ไม่แจ้งล่วงหน้า|เพิ่มขึ้นเท่าตัว|แพงขึ้นเท่าตัว|สองเท่า",
    "ar": "بدون سبب|بلا سبب|دون سبب|بدون إشعار|بدون تنبيه|الضعف|ضعفين|تضاعفت|تضاعف",
    "hi": "बिना वजह|बिना कारण|बिना बताए|बिना सूचना|दोगुना|दुगना|तीन गुना|bina wajah|bina karan|"
          "bina bataye|doguna|dugna",
    "id": "tanpa alasan|tanpa penjelasan|tanpa pemberitahuan|dua kali lipat|tiga kali lipat",
    "vi": "không lý do$|vô cớ$|không báo trước$|gấp đôi$|gấp ba$",
    "sv": "utan anledning|utan förklaring|utan förvarning|fördubblats|fördubblad",
    "da": "uden grund|uten grunn|uden varsel|uten varsel|fordoblet",
    "fi": "ilman syytä|ilman selitystä|ilman ilmoitusta|kaksinkertaistui|tuplaantui",
    "cs": "bez důvodu|bez vysvětlení|bez upozornění|zdvojnásob",
    "hu": "ok nélkül|indoklás nélkül|értesítés nélkül|megduplázód|duplájára|kétszeresére",
    "ro": "fără motiv|fără explicații|fără avertisment|s-a dublat|s-a triplat",
    "el": "χωρίς λόγο|χωρίς εξήγηση|χωρίς ειδοποίηση|διπλασιάστηκε|τριπλασιάστηκε",
    "he": "בלי סיבה|ללא סיבה|בלי הסבר|בלי התראה|הוכפל",
    "fa": "بی دلیل|بی‌دلیل|بدون دلیل|بدون اطلاع|دو برابر|سه برابر",
    "bn": "কোনো কারণ ছাড়া|কারণ ছাড়াই|না জানিয়ে|দ্বিগুণ|তিনগুণ",
    "ta": "காரணமில்லாமல்|காரணம் இல்லாமல்|இரட்டிப்பு|இருமடங்கு",
    "sw": "bila sababu|bila maelezo|bila taarifa|imeongezeka mara mbili",
    "tl": "walang dahilan|nang walang abiso|dumoble",
    "ms": "tanpa sebab|tanpa notis|dua kali ganda|berganda",
}

UNDERSTATED: dict[str, str] = {
    "en": "pretty good|pretty decent|decent enough|pretty solid|pretty nice|rock solid|"
          "does the job|did the job|gets the job done|does what it says|does what it should|"
          "works fine|works well|not half bad|not too bad|better than expected|"
          "surprisingly good|holds up|no regrets|would stay again|"
          "would order again|would buy again|good enough|so far so good",
    "de": "ganz gut|ziemlich gut|recht gut|nicht schlecht|nicht übel|"
          "kann nicht klagen|kann mich nicht beklagen|erfüllt seinen zweck|erfüllt ihren zweck|"
          "tut was es soll|tut was sie soll|tut seinen dienst|"
          "passt schon|besser als erwartet|gerne wieder",
    "fr": "plutôt bien|plutôt bon|pas mal du tout|c'est pas mal|assez bien|fait le job|"
          "n'est pas mal|n'était pas mal|c'est pas mauvais|n'est pas mauvais|"
          "fait le travail|fait l'affaire|je ne regrette pas|mieux que prévu|"
          "je reviendrai",
    "es": "bastante bien|bastante bueno|nada mal|no está mal|cumple$|cumple con|"
          "no es malo|no es mala|no es tan malo|no estuvo mal|no fue malo|no era malo|"
          "hace su trabajo|hace su función|funciona bien|"
          "mejor de lo esperado|repetiría|volvería",
    "pt": "bem bom|muito bom|até que é bom|nada mal|nada mau|não é mau|cumpre$|"
          "não está mal|não esta mal|não é ruim|não foi ruim|não é tão ruim|não está ruim|"
          "não foi mal|"
          "cumpre o que promete|faz o trabalho|funciona bem|melhor do que esperava|"
          "voltaria|compraria de novo",
    "it": "abbastanza bene|piuttosto bene|non male|fa il suo lavoro|fa il suo dovere|"
          "non è male|non e male|non era male|non è stato male|non è affatto male|"
          "non è poi così male|"
          "funziona bene|meglio del previsto|ci tornerei|lo ricomprerei|"
          "mi trovo bene|mi sono trovato bene|mi sono trovata bene",
    "nl": "best goed|vrij goed|redelijk goed|niet slecht|valt mee|viel mee|"
          "doet wat het moet doen|doet wat ie moet|doet zijn werk|doet z'n werk|werkt prima|"
          "prima geholpen|beter dan verwacht|kom zeker terug",
    "pl": "niezł|całkiem dobr|spoko$|daje radę|spełnia swoje zadanie|"
          "nie jest źle|nie było źle|nie jest tak źle|nie było tak źle|nie jest zły|"
          "nie jest zła|nie był zły|nie była zła|"
          "spełnia swoją rolę|lepiej niż się spodziewał|"
          "nie żałuję|wrócę$",
    "ru": "неплох|вполне норм$|в целом норм$|вполне хорош|вполне достойн|своё дело делает|"
          "справляется|лучше, чем ожидал|лучше чем ожидал|"
          "не пожалел|не пожалела|жаловаться не на что|не на что жаловаться|грех жаловаться",
    "uk": "непоган|цілком норм$|загалом норм$|цілком добр|своє завдання виконує|"
          "справляється|краще, ніж очікував|краще ніж очікував|"
          "не пошкодував|не пошкодувала|скаржитись нема на що|скаржитися нема на що|"
          "нема на що скаржитись|нема на що скаржитися",
    "tr": "fena değil|kötü değil|fena sayılmaz|idare eder|iş görüyor|işimi görüyor|"
          "işini görüyor|gayet iyi|sorun yok|problem yok|şikayet yok|"
          "beklediğimden iyi|pişman değilim|tekrar alırım|tekrar gelirim",
    "zh": "还行|蛮好|够用|凑合|没得挑|没什么可挑剔|挑不出什么毛病|"
          "没出过问题|没出过毛病|从没出过|一点问题都没有|没遇到过问题|没遇到什么问题|"
          "没有任何问题|比预期好|超出预期|还会再来",
    "ja": "悪くない|悪くなかった|わるくない|まあまあ|なかなかいい|けっこういい|"
          "結構いい|十分使える|問題なく|トラブルなし|トラブルもなく|トラブルなく|"
          "不具合なし|不具合もなく|故障なし|故障もなく|期待以上|"
          "また利用したい|また使いたい|また泊まりたい",
    "ko": "괜찮네|괜찮았|괜찮은 편|꽤 괜찮|나쁘지 않|무난|쓸만|쓸 만|말썽 없|고장 없|"
          "탈 없|기대 이상|재구매 의사|또 이용",
    "th": "ก็โอเค|โอเคเลย|ใช้ได้ดี|ก็ใช้ได้|ไม่เลว|ไม่แย่|พอใช้|ก็ดีนะ|ไม่เคยมีปัญหา|"
          "เกินคาด|ดีกว่าที่คิด|จะกลับมาอีก|ซื้อซ้ำ",
    "ar": "مو سيء|مش سيء|ليس سيئا|لا بأس|مقبول$|يؤدي الغرض|يفي بالغرض|يقضي الغرض|"
          "ما في مشاكل|أفضل من المتوقع|جيد$|كويس|تمام$",
    "hi": "बुरा नहीं|बुरी नहीं|ठीक-ठाक|ठीक ठाक|काम चलाऊ|कोई शिकायत नहीं|कोई दिक्कत नहीं|"
          "कोई समस्या नहीं|कोई परेशानी नहीं|उम्मीद से बेहतर|bura nahi|"
          "theek thaak|thik thak|koi dikkat nahi|koi problem nahi|koi shikayat nahi",
    "id": "lumayan oke|lumayan enak|lumayan lah|cukup oke|"
          "cukup baik|nggak jelek|gak jelek|tidak buruk|nggak buruk|oke lah|"
          "tidak terlalu buruk|tidak jelek|gak buruk|ga jelek|"
          "okelah|sesuai ekspektasi|melebihi ekspektasi|"
          "tidak pernah bermasalah|bakal beli lagi",
    "vi": "cũng được$|khá ổn$|khá tốt$|ổn áp$|không tệ$|không đến nỗi$|dùng ổn$|"
          "đáng tiền$|hơn mong đợi$|sẽ quay lại$|không có gì phàn nàn$",
    "sv": "helt okej|inte alls dålig|inte dålig|gör sitt jobb|gör det den ska|"
          "funkar fint|kan inte klaga|inget att klaga på|"
          "bättre än väntat|kommer tillbaka",
    "da": "ganske god|helt fint|ikke dårlig|ikke så dårlig|gør hvad den skal|gjør jobben|"
          "virker fint|fungerer fint|intet at klage over|"
          "bedre end forventet|bedre enn forventet",
    "fi": "ihan ok|ei hassumpi|ei huono|ajaa asiansa|toimii hyvin|"
          "toimii moitteetta|ei valittamista|parempi kuin odotin",
    "cs": "docela dobr|celkem dobr|ujde$|není špatn|dělá, co má|dělá co má|funguje dobře|"
          "nemůžu si stěžovat|nelze si stěžovat|lepší než jsem čekal",
    "hu": "egész jó|elég jó|nem rossz|teszi a dolgát|jól működik|"
          "nem panaszkodhatom|nincs okom panaszra|jobb mint vártam",
    "ro": "destul de bun|destul de bine|nu e rău|nu-i rău|deloc rău|își face treaba|"
          "funcționează bine|nu mă pot plânge|mai bun decât mă așteptam",
    "el": "αρκετά καλό|καθόλου κακό|όχι κακό|δεν είναι κακό|κάνει τη δουλειά|"
          "δουλεύει μια χαρά|λειτουργεί μια χαρά|δεν έχω παράπονο",
    "he": "די טוב|לא רע|עושה את העבודה|עובד טוב|אין לי תלונות|"
          "יותר טוב ממה שציפיתי",
    "fa": "بد نیست|نسبتا خوب|کارش رو میکنه|خوب کار میکنه|شکایتی ندارم|"
          "مشکلی نداشتم|بهتر از انتظار",
    "bn": "খারাপ না|মন্দ না|কাজ চলে যায়|ভালোই চলছে|কোনো অভিযোগ নেই|"
          "কোনো সমস্যা নেই|সমস্যা হয়নি",
    "ta": "மோசமில்லை|மோசம் இல்லை|பரவாயில்லை|நல்லா வேலை செய்யுது|"
          "எந்த பிரச்சனையும் இல்லை|பிரச்சனை இல்லை|குறை இல்லை|எதிர்பார்த்ததை விட",
    "sw": "si mbaya|sio mbaya|nzuri kiasi|inafanya kazi yake|"
          "sina malalamiko|hakuna tatizo|bora kuliko nilivyotarajia",
    "tl": "hindi masama|di masama|okay naman|ayos naman|ayos lang|maayos naman|"
          "walang reklamo|bibili ulit",
    "ms": "boleh tahan|tak ada masalah|berbaloi",
}

TROUBLE: dict[str, str] = {
    "en": "problem|issue$|issues$|trouble$|troubles$|hiccup|complaint|hassle",
    "de": "problem|ärger$|beschwerde|schwierigkeit|mängel|stress$",
    "fr": "problème|souci$|soucis$|ennui$|ennuis$|plainte|réclamation|pépin|galère",
    "es": "problema|queja|inconveniente|percance|lío$|líos$",
    "pt": "problema|reclamação|reclamações|dor de cabeça|transtorno|perrengue",
    "it": "problema|problemi|lamentel|intoppo|intoppi|inconvenient|grane$|disagio|disagi$",
    "nl": "probleem|problemen|klacht|klachten|gedoe|mankement",
    "pl": "problem|kłopot|zastrzeżeń|usterk|zarzut",
    "ru": "проблем|жалоб|нарекани|претензи|косяк|неприятност",
    "uk": "проблем|скарг|нарікан|претензі|неприємност",
    "tr": "sorun|problem|şikayet|aksaklık|dert$",
    "zh": "问题|毛病|状况",
    "ja": "問題|トラブル|苦情|クレーム",
    "ko": "문제|트러블|말썽",
    "th": "ปัญหา|ข้อร้องเรียน",
    "ar": "مشكلة|مشكله|مشاكل|شكوى|شكاوى|إزعاج",
    "hi": "समस्या|दिक्कत|परेशानी|शिकायत|dikkat|samasya|pareshani|shikayat",
    "id": "masalah|keluhan|kendala|komplain",
    "vi": "vấn đề$|sự cố$|phàn nàn$|rắc rối$",
    "sv": "problem$|problemet|problemen|strul$|krångel|klagomål|bekymmer",
    "da": "problem$|problemer|bøvl|besvær|klage$",
    "fi": "ongelm|valitu|murhe",
    "cs": "problém|potíž|stížnost",
    "hu": "probléma|gond$|gondom|gondunk|panasz",
    "ro": "problemă|probleme$|reclamație|reclamații|bătaie de cap",
    "el": "πρόβλημα|προβλήματα|παράπονο|παράπονα|μπελά",
    "he": "בעיה|בעיות|תלונה|תלונות",
    "fa": "مشکل|شکایت|دردسر",
    "bn": "সমস্যা|অভিযোগ|ঝামেলা",
    "ta": "பிரச்சனை|பிரச்சினை|புகார்",
    "sw": "shida|malalamiko|matatizo",
    "tl": "problema|reklamo|aberya",
    "ms": "aduan$|komplen",
}

# concept -> language -> entries, appended to lexicon.CONCEPTS (``trouble`` is new)
MORE: dict[str, dict[str, str]] = {
    "fault": {lang: f"{DAMAGE[lang]}|{UNEXPLAINED[lang]}" for lang in DAMAGE},
    "positive": UNDERSTATED,
    "trouble": TROUBLE,
}
