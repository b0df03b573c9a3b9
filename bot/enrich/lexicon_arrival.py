"""A company's move told as news, for ``lexicon.company_move``: it arrives in a city or a market,
opens a store, expands, launches its service somewhere, names a new chief ("Ridaro wchodzi do
Gdańska i Poznania od przyszłego miesiąca", "Ridaro chega a Belo Horizonte na próxima semana",
"Dishoo chính thức có mặt tại Đà Nẵng từ hôm nay", "Kobble Coffee opens its first store in
Porto"). The label definitions make news ``other``, and its polarity what the author feels
(``tests/data/README.md``, ``tests/data/corpus/README.md``: "news of a fine is negative, an
award positive, a job ad neutral"); a move told plainly says no feeling, so ``neutral``. The
model, whose corpus holds few such posts outside English, read them as complaints ("wchodzi",
"chega", "komt" beside a date), as praise ("chính thức có mặt") or with a feeling (a new store
positive, a new chief or 80 hires negative).

``ARRIVALS`` holds phrases of such a move, not the verbs of a delivery alone: "arrives in"
("my parcel arrives in 3 days"), French "arrive à" ("j'arrive à me connecter") and the bare
"opens" ("the app opens then crashes") are not here. A post is a company's move only when it
holds one, asks nothing, exclaims nothing, has no emoji and no word of any concept but news,
hiring, price and business outside the phrase (no praise, fault, thanks, negation or
sarcasm: "love that Ridaro is coming to Cork" or "Ridaro llega a Valencia pero sin coches"
say how the author feels, and the model reads them) and no word of ``NOT_A_MOVE`` (below: the
move waited for, bad news beside it, the author's own parcel, bus or wait). Entries follow the
rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in Chinese, Japanese
and Korean) and are matched in every post in every language.

Written on 2026-12-05 from the dev halves' errors of ``tests/data/blind_mixed15.tsv`` and
``blind_mixed16.tsv`` (launch news read as complaints in Polish, Portuguese and Vietnamese, a
new store read positive, a new chief and 80 hires negative) and from probes of the same kind
in 20 languages written beside it, so figures on those sets flatter it. The Czech, Romanian,
Hungarian, Greek and Hebrew phrases, and the Polish, Hindi and Spanish ones of a verb with its
store or hotel, were added the same day from the dev half of ``blind_mixed19.tsv`` (openings
read as polar or unknown) and narrowed to the verb with its place after a reviewer's 84
collision probes (an app's new tab, an outage spreading, a child's first step: docs/
intelligence.md).
"""

from __future__ import annotations

ARRIVALS: dict[str, str] = {
    "en": "expands to$|expands into|expanding to$|expanding into|expansion into|is coming to$|"
          "are coming to$|now available in$|now live in$|goes live in$|is live in$|launches in$|"
          "launching in$|launches its|launches a new|to launch in$|opens its first|"
          "opens its new|opens a new|opens first|first store in$|new store in$|"
          "new office in$|starts operating in$|begins operating in$|begins operations in$|"
          "starts operations in$|rolls out in$|rolls out to$|as new ceo|appoints|new ceo|"
          "to acquire|acquires|partners with",
    "es": "llega a$|llegara a$|se expande|desembarca en$|aterriza en$|abre su primera|"
          "abrira su primera tienda|abrira su primer local|abrira su primer hotel|"
          "abrira su primer restaurante|abrira una nueva tienda|abrira un nuevo local|"
          "abrira un nuevo hotel|abrira una nueva sede|"
          "abre su primer|abre una nueva|abre un nuevo|ya disponible en$|ya esta disponible en$|"
          "comienza a operar|empieza a operar|inicia operaciones|nuevo consejero delegado|"
          "nuevo director general|nombra a$|adquiere",
    "pt": "chega a$|chega ao$|chega em$|chegara a$|desembarca em$|expande para|expande-se|"
          "se expande|comeca a operar|inicia operacoes|ja disponivel em$|ja esta disponivel|"
          "inaugura|abre sua primeira|abre seu primeiro|abre a primeira|abre o primeiro|"
          "abre nova|abre novo|novo ceo|nomeia|adquire",
    "fr": "debarque a$|debarque en$|s'implante|s'installe a$|s'etend a$|desormais disponible|"
          "est disponible a$|ouvre sa premiere|ouvre son premier|ouvre une nouvelle|"
          "ouvre un nouveau|inaugure|lance son service|nouveau pdg|nomme|rachete",
    "de": "kommt nach$|startet in$|expandiert|ab sofort auch in$|ab sofort in$|"
          "ab sofort verfugbar|eroffnet|erste filiale|neue filiale|neuen standort|"
          "neuer chef|neue chefin|neuer ceo|ubernimmt",
    "it": "arriva a$|arriva in$|sbarca a$|sbarca in$|apre il primo|apre la prima|apre un nuovo|"
          "apre una nuova|nuovo punto vendita|ora disponibile|inaugura|si espande|"
          "nuovo amministratore delegato|nomina$|acquisisce",
    "nl": "komt naar$|breidt uit|nu ook in$|opent een nieuwe|"
          "opent zijn eerste|opent haar eerste|opent de eerste|nieuwe winkel|nieuwe vestiging|"
          "eerste winkel|nieuwe topman|nieuwe ceo|neemt over",
    "sv": "lanseras i$|kommer till$|oppnar sin forsta|oppnar en ny|oppnar ny|expanderar|"
          "nu tillgangligt|ny butik|ny vd",
    "pl": "wchodzi do$|wchodzi na$|startuje w$|debiutuje|rusza w$|otwiera pierwszy|"
          "otwiera pierwsza|otwiera nowy|otwiera nowa|juz dostepny w$|juz dostepna w$|"
          "pojawi sie w$|uruchamia$|nowy prezes|nowym prezesem|przejmuje|otwiera hotel|"
          "otwiera nowy sklep|otwiera pierwszy sklep|otwiera salon|otwiera restauracj|"
          "otwiera biuro|otwiera fabryk",
    "cs": "otevrela prvni prodejn|otevrel prvni prodejn|otevira prvni prodejn|"
          "otevre prvni prodejn|otevrela novou prodejn|otevrel novou prodejn|"
          "otevira novou prodejn|otevre novou prodejn|otevrela novou pobock|"
          "otevrel novou pobock|otevira novou pobock|otevre novou pobock|vstupuje na trh|"
          "novym generalnim reditelem",
    "ro": "deschide primul magazin|deschide primul hotel|deschide un nou magazin|"
          "deschide un nou sediu|deschide un nou hotel|deschide un magazin|deschide un hotel|"
          "intra pe piata|noul director general",
    "hu": "megnyitotta elso uzlet|megnyitotta az elso uzlet|megnyitja elso uzlet|"
          "megnyitja az elso uzlet|uj uzletet nyit|uj aruhazat nyit|elso uzletet nyit|"
          "elso aruhazat nyit|megjelenik magyarorszagon|uj vezerigazgato",
    "el": "ανοιγει το πρωτο καταστημα|ανοιγει νεο καταστημα|ανοιγει νεα καταστηματα|"
          "ερχεται στην ελλαδα|νεος διευθυνων συμβουλος",
    "he": "פותחת סניף|פותח סניף|נכנסת לישראל|נכנס לישראל|מודיעה על הקמת|הודיעה על הקמת|"
          "מנכל חדש|מנכ\"ל חדש|מנכ״ל חדש",
    "ru": "приходит в$|выходит на рынок|выходит на российский|начинает работу в$|"
          "открывает первый|открывает первую|открывает новый|открывает новую|теперь доступен|"
          "теперь доступна|появится в$|новым гендиректором|новый гендиректор|нового гендиректора|"
          "объявила о запуске|объявил о запуске|покупает",
    "uk": "приходить в$|виходить на ринок|запускається в$|починає працювати в$|"
          "відкриває перший|відкриває першу|відкриває новий|тепер доступний|з'явиться в$|"
          "новим гендиректором|купує",
    "tr": "hizmet vermeye basliyor|hizmet vermeye basladi|pazarina giriyor|pazarina girdi|"
          "ilk magazasini|yeni magazasini|subesini acti|yeni genel muduru|satin aldi$",
    "vi": "chinh thuc co mat|chinh thuc hoat dong|chinh thuc ra mat|co mat tai$|ra mat tai$|"
          "khai truong|mo rong ra$|mo rong sang$|hoat dong tai$|ceo moi$|mua lai$",
    "id": "hadir di$|resmi hadir|buka cabang|membuka cabang|ekspansi ke$|mulai beroperasi|"
          "kini tersedia|sekarang tersedia|ceo baru|mengakuisisi",
    "ms": "buka cawangan|membuka cawangan|mula beroperasi|kini boleh didapati",
    "ja": "進出|上陸|サービスを開始|サービス開始|出店|初出店|新店舗|展開を開始|新社長|就任|"
          "買収",
    "zh": "进军|正式上线|首家门店|开设首家|新店开业|入驻|新任ceo|出任|收购",
    "ko": "진출|상륙|서비스 개시|서비스를 시작|첫 매장|신규 매장|취임",
    "ar": "يصل الى|تصل الى|يطلق خدماته|تطلق خدماتها|يتوسع|تتوسع|يفتتح|تفتتح|متاح الان|"
          "متوفر الان|رئيسا تنفيذيا|يستحوذ|تستحوذ",
    "hi": "में अपनी सेवा|में अपनी सर्विस|में सर्विस शुरू|में सेवा शुरू|लॉन्च किया|लॉन्च करेगा|"
          "में उपलब्ध होगा|में उपलब्ध है|नया स्टोर|नए सीईओ|पहला स्टोर|पहला शोरूम|पहला होटल|"
          "पहला ऑफिस",
    "th": "ขยายสาขา|เปิดให้บริการ|สาขาแรก|ซีอีโอคนใหม่",
}

# A product or a plan launched, told as news ("Orvik unveils the Orvik 4 with two-week battery
# life, priced from $299", "Velora presenta su nuevo reloj", "Velora、新型イヤホンを4月10日に
# 発売"): the model read a price or a product's parts (a battery, a display) beside such a verb as
# a complaint. A move as the others, held to the same conditions (``lexicon.company_move``). Bare
# verbs that name an app starting or an error thrown are left out or need their object: "lanza
# un error" and "the app launches then freezes" hold a word of a fault, and a fault is no news.
# Written on 2026-12-05 from the dev half of a fourth natural set (a smartwatch's launch read as a
# complaint in English and Japanese) and probes in 20 languages written beside it; narrowed the
# same day to the verb with its new product, after a reviewer's 133 probes where the bare
# verbs fired on an alert thrown, a complaint filed, a threat posed, a fee launched
# (docs/intelligence.md).
LAUNCHES: dict[str, str] = {
    "en": "unveils the$|unveils its new|unveils a new|unveils new|introduces a new|"
          "introduces its new|introduces the new|goes on sale",
    "es": "presenta su nuevo|presenta su nueva|presenta el nuevo|presenta la nueva|"
          "presenta un nuevo|presenta una nueva|lanza su nuevo|lanza su nueva|lanza el nuevo|"
          "lanza la nueva|lanza un nuevo|lanza una nueva|sale a la venta",
    "pt": "apresenta o novo|apresenta a nova|apresenta seu novo|apresenta sua nova|"
          "lanca novo|lanca nova|lanca o novo|lanca a nova|lanca seu novo|lanca sua nova|"
          "chega as lojas",
    "fr": "devoile sa nouvelle|devoile son nouveau|devoile le nouveau|devoile la nouvelle|"
          "presente sa nouvelle|presente son nouveau|presente le nouveau|presente la nouvelle",
    "de": "stellt das neue|stellt die neue|stellt den neuen|"
          "prasentiert die neue|prasentiert den neuen|prasentiert das neue|"
          "prasentiert neue|bringt neue|bringt neuen",
    "it": "presenta il nuovo|presenta la nuova|presenta i nuovi|presenta le nuove|"
          "presenta un nuovo|presenta una nuova|lancia il nuovo|lancia la nuova|"
          "lancia un nuovo|lancia una nuova",
    "nl": "lanceert een nieuwe|lanceert nieuwe|lanceert de nieuwe|lanceert het nieuwe",
    "sv": "lanserar en ny|lanserar ny|lanserar nya|lanserar sin nya",
    "pl": "prezentuje nowy|prezentuje nowa|prezentuje nowe|wprowadza nowy|wprowadza nowa|"
          "wprowadza nowe|zaprezentowal nowy|zaprezentowala nowy",
    "ru": "представила новый|представила новую|представила новые|представил новый|"
          "представил новую|представил новые",
    "uk": "представила новий|представила нову|представила нові|представив новий",
    "tr": "tanitti|piyasaya surdu|satisa sundu",
    "ja": "発売|提供開始|販売開始",
    "zh": "发布新款|推出新款|发布新一代|推出新一代|开售|正式发售",
    "ko": "출시",
    "id": "meluncurkan|memperkenalkan",
    "ms": "melancarkan",
    "vi": "gioi thieu|ra mat$",
    "he": "משיקה|משיק$",
    "hi": "लॉन्च की",
}

# A network that grows, told as news: an airline's or a railway's new routes, lines or stations,
# a bank's new branches, a car dealer's new showroom ("SkyLark Air to add three new routes to
# North Africa", "Moreno Motors abrirá un nuevo concesionario en Valencia", "Arvel Air startet
# neue Strecken nach Skandinavien"). A move as the others, held to the same conditions
# (``lexicon.company_move``): "my new route to work" is the author's day (``NOT_A_MOVE``), "the
# new route is a disaster" says how the author feels. The model read such news positive or
# negative as often as neutral, by the sector's words around it. Written on 2026-12-07 from the
# dev half of a third review's labelled file (``tests/fixtures/enrich_review3_labelled.jsonl``:
# new routes read negative, a new dealership positive) and probes in 15 languages written
# beside it, before its held half's misses were read.
NETWORK: dict[str, str] = {
    "en": "new routes|new route to$|new route from$|new route between|new direct flights|"
          "new nonstop|new flights to$|new dealership|new showroom|new branches|new branch in$|"
          "new stations|new metro line|new tram line|new rail line|new train line",
    "es": "nuevas rutas|nueva ruta a$|nueva ruta entre|nuevos vuelos a$|nuevos vuelos directos|"
          "nuevo concesionario|nuevas sucursales|nueva sucursal en$|nuevas estaciones|"
          "nueva linea de metro",
    "pt": "novas rotas|nova rota para|nova rota entre|novos voos para|novos voos diretos|"
          "nova concessionaria|novas agencias|nova agencia em$|novas estacoes|"
          "nova linha de metro",
    "fr": "nouvelles lignes|nouvelle ligne vers|nouvelle ligne entre|nouvelles liaisons|"
          "nouvelle liaison|nouvelle concession|nouvelles agences|nouvelles stations|"
          "nouvelle ligne de metro|nouvelle ligne de tram",
    "de": "neue strecken|neue strecke nach|neue verbindungen|neue verbindung nach|"
          "neue flugverbindung|neue direktflug|neues autohaus|neue filialen|neue stationen|"
          "neue u-bahn-linie|neue strassenbahnlinie",
    "it": "nuove rotte|nuova rotta|nuovi collegamenti|nuovo collegamento|nuovi voli per|"
          "nuova concessionaria|nuove filiali|nuova filiale a$|nuove stazioni|"
          "nuova linea della metro|nuova linea metro",
    "nl": "nieuwe routes|nieuwe route naar|nieuwe verbindingen|nieuwe verbinding naar|"
          "nieuwe bestemmingen|nieuwe showroom|nieuwe filialen|nieuwe stations|nieuwe metrolijn",
    "sv": "nya linjer|ny linje till$|nya rutter|nya flyglinjer|nya destinationer|nya stationer",
    "pl": "nowe trasy|nowa trase|nowe polaczenia|nowe polaczenie|nowy salon|nowe oddzialy|"
          "nowe stacje|nowa linie metra",
    "tr": "yeni hatlar|yeni hatlarini|yeni hat acti|yeni rotalar|yeni seferler|yeni bayi|"
          "yeni subeler|yeni istasyonlar|yeni metro hatti",
    "ru": "новые рейсы|новые маршруты|новый маршрут|новые направления|новые станции|"
          "новую линию|новые отделения|новый автосалон",
    "uk": "нові рейси|нові маршрути|новий маршрут|нові напрямки|нові станції|нову лінію|"
          "нові відділення",
    "ja": "新路線|新規就航|就航|新駅|新支店",
    "zh": "新航线|新线路|新站点|新开通|新网点|新展厅",
    "ko": "신규 노선|신규 취항|취항|신규 지점|새 노선",
    "ar": "رحلات جديدة|وجهات جديدة|خطوط جديدة|خط جديد|فروع جديدة|محطات جديدة",
    "hi": "नई उड़ानें|नए रूट|नई शाखा|नई शाखाएं|नए स्टेशन",
    "id": "rute baru|penerbangan baru|cabang baru|stasiun baru",
    "vi": "duong bay moi|tuyen bay moi|tuyen moi$|chi nhanh moi|nha ga moi",
}

# A company's new premises, told as news: offices, a studio, a headquarters, hotels, a factory
# or a warehouse opened or to be opened ("Corvin Hotels to open 12 new properties in Asia",
# "Nexa abrirá nuevas oficinas en Bogotá", "Nexa apre un nuovo ufficio a Torino", "Nexa ने पुणे
# में नया ऑफिस खोला"). A move as the others, held to the same conditions
# (``lexicon.company_move``): "our new office has no heating" is the author's day
# (``NOT_A_MOVE``), "the new studio album is amazing 😍" says how the author feels; "de nouveaux
# bureaux" is whole, as its "de nouveau" is "again" elsewhere. The model
# read such news as praise, a lead or spam (an office and hiring beside a city), and Hindi's
# polarity unknown. Written on 2026-12-07 from the dev half of a fourth review's labelled file
# (``tests/fixtures/enrich_review4_labelled.jsonl``: openings of offices, a studio and hotels
# read as praise, a lead and spam) and probes in 21 languages written beside it, before its
# held half's misses were read.
PREMISES: dict[str, str] = {
    "en": "new offices|new office in$|new studio in$|new studios|new headquarters|new hq in$|"
          "new properties|new hotels|new hotel in$|new factory|new plant in$|new warehouse|"
          "new hub in$|new campus|opens an office|opens offices|to open offices|opens a studio",
    "es": "nuevas oficinas|nueva oficina en$|abrira oficinas|abre oficinas|nuevo estudio en$|"
          "nueva sede|nuevos hoteles|nueva fabrica|nuevo almacen|nuevo centro logistico",
    "pt": "novo escritorio|novos escritorios|abre escritorio|novo estudio em$|nova sede|"
          "novos hoteis|nova fabrica|novo centro de distribuicao|novo armazem",
    "fr": "de nouveaux bureaux|nouveaux bureaux|nouveau bureau a$|ouvre des bureaux|"
          "ouvre un bureau|nouveau studio a$|nouveau siege|nouveaux hotels|nouvelle usine|"
          "nouvel entrepot",
    "de": "neues buro|neue buros|neues studio in$|neue zentrale|neuen hauptsitz|neue hotels|"
          "neues werk|neues lager|neues logistikzentrum",
    "it": "apre uno studio|apre un ufficio|apre una sede|nuovi uffici|nuovo ufficio|nuova sede|"
          "nuovo studio a$|nuovi hotel$|nuovo stabilimento|nuovo magazzino",
    "nl": "nieuw kantoor|nieuwe kantoren|opent kantoor|nieuwe studio in$|nieuw hoofdkantoor|"
          "nieuwe hotels|nieuwe fabriek|nieuw distributiecentrum",
    "sv": "nytt kontor|nya kontor|oppnar kontor|ny studio i$|nytt huvudkontor|nya hotell|"
          "ny fabrik|nytt lager",
    "pl": "nowe biuro|nowe biura|nowe studio w$|nowa siedzibe|nowe hotele|nowa fabryke|"
          "nowy magazyn|nowe centrum logistyczne",
    "tr": "yeni ofis|ofis acti|ofis aciyor|yeni studyo|yeni genel merkez|yeni oteller|"
          "yeni fabrika|yeni depo",
    "ru": "новый офис|открывает офис|открыла офис|открыл офис|новую студию|новую штаб-квартиру|"
          "новые отели|новый завод|новый склад",
    "uk": "новий офіс|відкриває офіс|відкрила офіс|нову студію|нові готелі|новий завод|"
          "новий склад",
    "ja": "新オフィス|新スタジオ|新本社|新工場|拠点を開設|オフィスを開設|新ホテル",
    "zh": "新办公室|新工作室|新总部|新工厂|设立办公室|开设办公室|新酒店|新仓库",
    "ko": "새 사무실|신규 사무소|새 스튜디오|새 본사|사무소 개설|신규 공장|새 호텔",
    "ar": "مكتب جديد|مكتبا جديدا|مكاتب جديدة|استوديو جديد|استوديو جديدا|مقر جديد|مقرا جديدا|"
          "فنادق جديدة|مصنع جديد|مصنعا جديدا",
    "hi": "नया स्टूडियो|नया ऑफिस|नया दफ्तर|नया कार्यालय|नई फैक्ट्री|नए होटल|नए ऑफिस",
    "id": "kantor baru|studio baru di$|kantor pusat baru|hotel baru di$|pabrik baru|gudang baru",
    "vi": "van phong moi|studio moi|tru so moi|khach san moi|nha may moi|kho hang moi",
    "th": "สำนักงานใหม่|สตูดิโอใหม่|สำนักงานใหญ่แห่งใหม่|โรงงานใหม่|โรงแรมใหม่",
    "he": "משרד חדש|משרדים חדשים|סטודיו חדש|מטה חדש|מלונות חדשים|מפעל חדש",
}

# Words beside a move that say it is no plain news: waited for ("finally", "about time", "enfin",
# "やっと": the author's eagerness) or bad news with it (a fine, a strike, a data breach, a
# bankruptcy, a recall: ``other``/``negative`` by the label definitions); and words of the
# author's own day, where the verbs of a move are a parcel's, a bus's or a wait's (a first
# person's "my", "mi", "mon", "мой"; a parcel, an order, a courier, a bus; a wait, a bill;
# a window or a tab that opens: "Meu pedido da Velora chega a Curitiba só semana que vem", "Il
# bus 64 arriva a Termini ogni 40 minuti", "Kasko app opens a new tab on its own"). Written
# from a reviewer's probes of the rule (2026-12-05), so they flatter these. With ``LAUNCHES``:
# layoffs, a shutdown, "another" and "again" (a launch the author is tired of), and a record
# or a milestone ("출시 일주일 만에 10만 대 판매 돌파": a feat, which the label definitions may
# make positive); the model reads those.
NOT_A_MOVE: dict[str, str] = {
    "en": "finally|about time|at last|long overdue|breach|fine$|fined|lawsuit|sued$|strike|"
          "outage|recall|bankrupt|insolven|investigation|probe$|my$|our$|tracking|parcel|package|"
          "courier|bus$|tab$|tabs$|window|screen$|chat$|rip$|layoff|laid off|job cuts|another$|"
          "again$|shuts down|shutting down|discontinu|record$|milestone|"
          "me$|closes$|closing|closure|delay|postpone|hack|leak|loss$|losses|deficit|"
          "more expensive|price hike|price increase|raises prices|surcharge|fee$|fees$",
    "es": "por fin|al fin|ya era hora|multa|huelga|filtracion|demanda|quiebra|retira|mi$|mis$|"
          "nuestro|nuestra|paquete|pedido|repartidor|autobus|en espera|tiempo de espera|factura|"
          "ere$|despid|cierra|cierre|retras|hackeo|perdida|mas caro|mas cara|sube el precio|"
          "subida|comision|reclamacion|queja",
    "pt": "finalmente|ate que enfim|ja era hora|multa|greve|vazamento|falencia|processad|recall|"
          "meu$|minha$|nosso$|nossa$|pedido|encomenda|entregador|onibus|fila$|fatura|"
          "fecha$|fechamento|demiss|atras|hacker|prejuizo|mais caro|mais cara|aumento|taxa$",
    "fr": "enfin|il etait temps|amende|greve|fuite de donnees|faillite|rappel|poursuivi|mon$|"
          "nous$|notre$|colis|commande|livreur|temps d'attente|facture|"
          "ferme$|fermeture|licenci|retard|piratage|deficit|perte|plus cher|plus chere|hausse|"
          "augment|frais$",
    "de": "endlich|wurde auch zeit|bussgeld|streik|datenleck|insolvenz|klage|ruckruf|mein$|"
          "meine$|unser|paket|sendung|zug$|warteschleife|rechnung|"
          "schliesst|schliessung|entlass|stellenabbau|verschoben|verspat|hack|verlust|teurer|"
          "erhoht|erhohung|gebuhr|mir$|mich$|ich$",
    "it": "finalmente|era ora|multa|sciopero|fuga di dati|fallimento|richiamo|mio$|mia$|nostro$|"
          "nostra$|pacco|ordine|corriere|di attesa|bolletta|"
          "chiude|chiusura|licenzia|ritard|rinvi|hacker|perdita|in piu|piu caro|piu cara|aumento|"
          "rincar",
    "nl": "eindelijk|werd tijd|boete|staking|datalek|faillis|mijn$|onze$|wij$|pakket|bestelling|"
          "bezorger|wachten|"
          "sluit|sluiting|ontslag|vertraag|uitgesteld|hack|verlies|duurder|verhoging|verhoogt|"
          "kosten$|rekening",
    "sv": "antligen|bot$|strejk|konkurs|"
          "stanger|varslar|varsel|forsenad|skjuts upp|forlust|hojda|hojer|dyrare|avgift",
    "pl": "nareszcie|wreszcie|kara$|kare$|strajk|wyciek|upadlosc|moj$|moja$|nasz$|nasza$|paczk|"
          "kurier|zamowien|"
          "zamyka|zwolni|opozni|strata|straty|drozej|podwyz|oplat|w blad",
    "ru": "наконец|штраф|забастов|утечк|банкрот|мой$|моя$|мою$|наш$|посылк|курьер|заказ$|раза$|"
          "закрыва|закрыт|сокращ|задерж|перенос|взлом|убыт|дороже|подорож|повышени|угроз",
    "uk": "нарешті|штраф|страйк|витік|банкрут|мій$|моя$|посилк|кур'єр|"
          "закрива|скороч|затрим|перенес|збит|дорожч|подорож|підвищ|більше",
    "tr": "nihayet|sonunda|ceza|grev|sizinti|iflas|benim|kargo|siparis|"
          "kapat|isten cikar|ertele|gecik|zarar|zam$|zamli|pahali",
    "vi": "cuoi cung|phat$|dinh cong|ro ri|pha san|don hang|"
          "dong cua|sa thai|hoan$|tri hoan|tan cong|thua lo|tang gia",
    "id": "akhirnya|denda|mogok|bocor|bangkrut|saya$|pesanan|kurir|"
          "tutup|phk$|ditunda|tertunda|diretas|rugi|naik$|kenaikan|biaya",
    "ms": "akhirnya|denda|mogok|bocor|muflis|"
          "tutup|ditangguh|digodam|rugi|naik$|kenaikan|caj$",
    "ja": "やっと|ついに|ようやく|罰金|ストライキ|流出|破産|リコール|荷物|配達|突破|記録|"
          "値上げ|延期|閉店|撤退|不正アクセス|赤字|人員削減",
    "zh": "终于|罚款|罢工|泄露|破产|召回|包裹|快递|订单|突破|纪录|"
          "涨价|延期|推迟|关闭|裁员|黑客|入侵|亏损",
    "ko": "드디어|마침내|벌금|과징금|파업|유출|파산|리콜|택배|결승|돌파|신기록|"
          "인상|연기|폐점|철수|해킹|적자|감원|구조조정",
    "ar": "اخيرا|غرامة|اضراب|تسريب|افلاس|الطرد|الفاتورة|طلبي|"
          "اغلاق|تسريح|تاجيل|اختراق|خسائر|خسارة|زيادة",
    "hi": "आखिरकार|आख़िरकार|जुर्माना|हड़ताल|लीक|पार्सल|ऑर्डर|"
          "बंद|छंटनी|देरी|हैक|घाटा|महंगा|बढ़ोतरी|मैंने|मेरा|मेरी|हमने|हमारा",
    "th": "ในที่สุด|ค่าปรับ|นัดหยุดงาน|รั่วไหล|ล้มละลาย",
    "he": "חושפת|סוגרת|פיטורים|דחייה|פריצה|הפסד|העלאת מחיר|יקר|שלי$|שלנו$|הזמנתי|"
          "סוף סוף|קנס|שביתה|דליפ|פשיטת רגל",
    "cs": "konecne|pokuta|stavka|unik dat|bankrot|konkurz|muj$|moje$|moji$|nase$|"
          "objednavk|kuryr|zavira|uzavira|propousti|zpozd|odklad|ztrata|drazsi|zdrazuje|"
          "poplatek",
    "ro": "in sfarsit|amenda|greva|scurgere de date|faliment|insolventa|meu$|mea$|nostru$|"
          "noastra$|colet|comanda|curier|inchide|concedier|intarzi|amana|pierdere|mai scump|"
          "scumpeste|scumpire|taxa$",
    "hu": "vegre|birsag|sztrajk|adatszivargas|csod|felszamol|enyem|nekem|csomag|rendeles|"
          "futar|bezar|leepit|elbocsat|kesik|keses|elhalaszt|veszteseg|dragabb|dragul|"
          "aremeles|dij$",
    "el": "επιτελους|προστιμο|απεργια|διαρροη|πτωχευση|μου$|μας$|δεμα|παραγγελια|κουριερ|"
          "κλεινει|απολυσεις|καθυστερ|αναβολη|ζημια|ζημιες|ακριβοτερ|αυξηση|χρεωση",
}
