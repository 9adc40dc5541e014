"""Nederlandse teksten. Elke sleutel staat ook in en.py, met dezelfde plaatshouders."""

from __future__ import annotations

from bot.i18n.keys import Text

CATALOG: dict[Text, str] = {
    Text.WELCOME_DEFAULT_TEMPLATE: (
        "Welkom bij {community}, {name}!\n"
        "Waarom we hier zijn: {goal}\n"
        "Een kleine eerste stap: deel in {channel} een vraag uit je werk van deze week, een dilemma waar je "
        "mee zit, of iets waar je aan werkt en dat nog niet af is. Half af is juist welkom: daar kunnen "
        "anderen helpen.\n"
        "{ambassador} zegt binnenkort hallo en wijst je de weg."
    ),
    Text.WELCOME_NO_AMBASSADOR: "een van de organisatoren",
    Text.WELCOME_HOME_FALLBACK: "het hoofdkanaal",
    Text.GREET_REQUEST: (
        "{name} is net lid geworden van {community}. Wil je hem of haar de komende dag persoonlijk "
        "begroeten? Een korte groet en een vraag over het werk helpt bij die eerste stap."
    ),
    Text.GREET_REQUEST_ORGANISER: (
        "{name} is net lid geworden van {community}. Er zijn nog geen ambassadeurs, dus wil jij hem of "
        "haar persoonlijk begroeten? Voeg ambassadeurs toe met /kindling ambassador add @lid: de methode "
        "vraagt er drie."
    ),
    Text.GREET_BUTTON: "Ik heb begroet",
    Text.GREET_THANKS: "Dank je wel voor het begroeten van {name}!",
    Text.GREET_ALREADY: "{name} is al begroet door {ambassador}. Toch bedankt!",
    Text.GREET_UNKNOWN: "Dat welkom kent Kindling niet meer.",
    Text.HELD_WELCOME_NOTICE: (
        "{name} is lid geworden van {community}, maar de community heeft nog geen doel, dus het welkom "
        "wacht. Stel het doel in met hoogstens twee zinnen via /kindling goal <tekst>; dan gaat het "
        "welkom alsnog de deur uit."
    ),
    Text.HELD_WELCOMES_RELEASED: "{count} wachtende welkomstbericht(en) zijn nu onderweg.",
    Text.HELP: (
        "Kindling-opdrachten (/kindling <opdracht>):\n"
        "help: deze lijst\n"
        "status: wat is ingericht en wat ontbreekt nog\n"
        "setup: maak dit kanaal het thuiskanaal (organisatoren)\n"
        "goal: toon het doel; goal <tekst>: stel het in, hoogstens twee zinnen (organisatoren)\n"
        "language nl|en: de taal waarin Kindling hier spreekt (organisatoren)\n"
        "timezone <Gebied/Stad>: de tijdzone van de community, bijv. Europe/Amsterdam (organisatoren)\n"
        "ambassador add|remove @lid, ambassador list: de drie ambassadeurs (organisatoren)\n"
        "organiser add|remove @lid, organiser list: wie Kindling mag inrichten (organisatoren)\n"
        "welcome preview: bekijk het welkom dat een nieuw lid krijgt (organisatoren)\n"
        "welcome template <tekst>: je eigen welkom, met {{name}}, {{goal}}, {{community}}, "
        "{{ambassador}} en {{channel}}; welcome template reset: terug naar de standaard (organisatoren)"
    ),
    Text.UNKNOWN_COMMAND: "De opdracht '{command}' ken ik niet. Probeer /kindling help.",
    Text.MISSING_ARGUMENT: "'{command}' heeft meer nodig: {usage}",
    Text.UNEXPECTED_ARGUMENT: "'{command}' kent geen '{argument}'. Gebruik: {usage}",
    Text.ORGANISERS_ONLY: (
        "Alleen organisatoren kunnen '{command}' gebruiken. Vraag een organisator, of probeer "
        "/kindling status."
    ),
    Text.MEMBER_NOT_FOUND: (
        "Ik kan het lid '{member}' niet vinden in deze community. Noem het lid, zoals @naam."
    ),
    Text.UNKNOWN_ACTION: "Die knop werkt niet meer. Probeer /kindling help.",
    Text.SETUP_DONE: "<#{channel}> is nu het thuiskanaal: het welkom wijst nieuwe leden hierheen.",
    Text.GOAL_SHOW: "Ons doel: {goal}",
    Text.GOAL_NOT_SET: (
        "Nog geen doel. Een organisator stelt het in met /kindling goal <hoogstens twee zinnen>."
    ),
    Text.GOAL_SAVED: "Doel opgeslagen. Elk nieuw lid leest het in het welkom: {goal}",
    Text.GOAL_TOO_MANY_SENTENCES: (
        "Dat doel heeft {count} zinnen; gebruik er hoogstens twee. Nieuwe leden lezen het in hun eerste "
        "minuut: één zin over waarom de groep bestaat en één over wat leden samen doen, is makkelijk te "
        "onthouden en door te vertellen."
    ),
    Text.GOAL_TOO_LONG: "Dat doel is {length} tekens; houd het op hoogstens {limit}.",
    Text.LANGUAGE_SAVED: "Vanaf nu spreek ik hier Nederlands.",
    Text.LANGUAGE_INVALID: "Ik spreek 'nl' (Nederlands) en 'en' (Engels), niet '{language}'.",
    Text.TIMEZONE_SAVED: "Tijdzone ingesteld op {timezone}. Planningen volgen die, zomertijd inbegrepen.",
    Text.TIMEZONE_INVALID: "'{timezone}' is geen tijdzone die ik ken. Gebruik een naam als Europe/Amsterdam.",
    Text.AMBASSADOR_ADDED: "<@{member}> is nu ambassadeur en begroet om de beurt nieuwe leden.",
    Text.AMBASSADOR_ALREADY: "<@{member}> is al ambassadeur.",
    Text.AMBASSADOR_REMOVED: "<@{member}> is geen ambassadeur meer.",
    Text.AMBASSADOR_NOT_ONE: "<@{member}> is geen ambassadeur.",
    Text.AMBASSADOR_LIST: "Ambassadeurs: {members}",
    Text.AMBASSADOR_NONE: "Er zijn nog geen ambassadeurs.",
    Text.AMBASSADOR_TOO_FEW: (
        "Je hebt {count} van de drie ambassadeurs die de methode vraagt: drie vroege deelnemers die "
        "nieuwe leden begroeten en de start dragen. Voeg er nog {missing} toe met "
        "/kindling ambassador add @lid."
    ),
    Text.AMBASSADOR_TOO_MANY: (
        "Je hebt {count} ambassadeurs; de methode vraagt er drie. Meer kan, maar een kleine groep voelt "
        "zich verantwoordelijk: overweeg het bij drie te houden."
    ),
    Text.AMBASSADOR_JUST_RIGHT: "Je hebt drie ambassadeurs, precies wat de methode vraagt.",
    Text.AMBASSADOR_IS_BOT: "<@{member}> is een bot; ambassadeurs begroeten mensen, dus kies een persoon.",
    Text.ORGANISER_ADDED: "<@{member}> is nu organisator.",
    Text.ORGANISER_ALREADY: "<@{member}> is al organisator.",
    Text.ORGANISER_REMOVED: "<@{member}> is geen organisator meer.",
    Text.ORGANISER_NOT_ONE: "<@{member}> is geen organisator die in Kindling is toegevoegd.",
    Text.ORGANISER_LIST: "In Kindling toegevoegde organisatoren: {members} (beheerders tellen ook mee).",
    Text.ORGANISER_NONE: "Nog geen organisatoren toegevoegd in Kindling; beheerders zijn organisator.",
    Text.WELCOME_PREVIEW: "Dit is het welkom dat een nieuw lid krijgt:\n\n{welcome}",
    Text.WELCOME_TEMPLATE_SAVED: "Welkomstsjabloon opgeslagen. Probeer /kindling welcome preview.",
    Text.WELCOME_TEMPLATE_RESET: "Het welkom is terug naar de standaard van Kindling.",
    Text.WELCOME_TEMPLATE_UNKNOWN_PLACEHOLDER: (
        "Het sjabloon gebruikt {placeholder}, die ken ik niet. Je kunt {allowed} gebruiken."
    ),
    Text.WELCOME_TEMPLATE_MALFORMED: (
        "Het sjabloon heeft een accolade die niet sluit: schrijf plaatshouders als {{name}}, en {{{{ voor "
        "een losse accolade."
    ),
    Text.WELCOME_TEMPLATE_TOO_LONG: "Het sjabloon is {length} tekens; houd het op hoogstens {limit}.",
    Text.STATUS_TITLE: "Kindling in {community}: de methode stap voor stap",
    Text.STATUS_HOME_SET: "✅ Thuiskanaal: <#{channel}>",
    Text.STATUS_HOME_MISSING: "⬜ Thuiskanaal: niet ingesteld. Gebruik /kindling setup in je hoofdkanaal.",
    Text.STATUS_GOAL_SET: "✅ 1. Doel in twee zinnen: {goal}",
    Text.STATUS_GOAL_MISSING: "⬜ 1. Doel in twee zinnen: niet ingesteld. Gebruik /kindling goal <tekst>.",
    Text.STATUS_AMBASSADORS_OK: "✅ 2. Drie ambassadeurs: {members}",
    Text.STATUS_AMBASSADORS_MISSING: (
        "⬜ 2. Drie ambassadeurs: {count} van 3. Gebruik /kindling ambassador add @lid."
    ),
    Text.STATUS_WELCOME_DEFAULT: "✅ 3. Welkom met een kleine eerste taak: het standaardwelkom van Kindling.",
    Text.STATUS_WELCOME_CUSTOM: "✅ 3. Welkom met een kleine eerste taak: jullie eigen sjabloon.",
    Text.STATUS_LOCALE: "Taal: Nederlands. Tijdzone: {timezone}.",
    Text.STATUS_MEMBERS: "Leden: {members}, van wie {posted} iets hebben gedeeld.",
    Text.COLUMN_ASK: (
        "Jij bent deze week de expert voor de column van {community}, op {when}. Deel iets uit je eigen "
        "praktijk: een vraag waar je mee bezig bent, een dilemma, of werk dat nog niet af is; leden stellen "
        "hun vragen in de draad. Doe je mee?"
    ),
    Text.COLUMN_ASK_TOPIC: "Het voorgestelde onderwerp van deze week: {topic}",
    Text.COLUMN_BUTTON_CONFIRM: "Ja, ik doe het",
    Text.COLUMN_BUTTON_SWAP: "Ruil met de volgende expert",
    Text.COLUMN_BUTTON_SKIP: "Sla deze week over",
    Text.COLUMN_CONFIRMED: "Dank je wel! Op {when} stel ik je voor in <#{channel}>.",
    Text.COLUMN_SWAPPED: "Geen probleem: <@{expert}> wordt gevraagd deze week te nemen, en jij neemt diens beurt.",
    Text.COLUMN_SWAP_NOBODY: "Er staat niemand anders op het rooster om mee te ruilen; je kunt deze week overslaan.",
    Text.COLUMN_SKIPPED: "Bedankt voor het laten weten. Deze week gaat er een gespreksvraag uit.",
    Text.COLUMN_NOT_WAITING: "Die columnweek wacht niet meer op jouw antwoord.",
    Text.COLUMN_POST: (
        "De expertcolumn van deze week: <@{expert}> deelt een vraag, dilemma of werk in uitvoering uit de "
        "eigen praktijk. Stel je vragen in de draad hieronder!"
    ),
    Text.COLUMN_POST_TOPIC: (
        "De expertcolumn van deze week: <@{expert}> over {topic}. Stel je vragen in de draad hieronder!"
    ),
    Text.PROMPT_POST: "Iets om over te praten: {prompt}\nReageer in de draad; halve gedachten zijn welkom.",
    Text.SLOT_MISSED_NOTICE: (
        "Kindling was offline toen de {what} van {when} aan de beurt was, langer dan de {grace} uur "
        "speling, dus is die overgeslagen in plaats van te laat geplaatst. De volgende is {next}."
    ),
    Text.ROTA_ADDED: "Toegevoegd aan het columnrooster: {members}. Het rooster: {rota}",
    Text.ROTA_ALREADY: "<@{member}> staat al op het columnrooster.",
    Text.ROTA_REMOVED: "Van het columnrooster gehaald: {members}. Het rooster: {rota}",
    Text.ROTA_NOT_ON: "<@{member}> staat niet op het columnrooster.",
    Text.ROTA_LIST: "Het columnrooster, op volgorde: {rota}",
    Text.ROTA_EMPTY: "Het columnrooster is leeg. Voeg experts toe met /kindling column rota add @lid.",
    Text.COLUMN_SCHEDULE_SAVED: "De expertcolumn is elke {weekday} om {time} ({timezone}). De volgende: {when}.",
    Text.COLUMN_SCHEDULE_INVALID: (
        "Geef een weekdag en een tijd, bijvoorbeeld: /kindling column schedule dinsdag 09:30"
    ),
    Text.COLUMN_NO_SCHEDULE: "Er is nog geen columnplanning: /kindling column schedule <weekdag> <UU:MM>.",
    Text.COLUMN_TOPIC_SAVED: "Onderwerp voor de column van {when}: {topic}",
    Text.COLUMN_SHOW: "De expertcolumn: elke {weekday} om {time} ({timezone}). Volgende: {when}, expert: {expert}.",
    Text.PROMPT_ADDED: "Gespreksvraag toegevoegd; jullie hebben er {count} van jezelf naast die van Kindling.",
    Text.PROMPT_TOO_LONG: "Die gespreksvraag is {length} tekens; houd het op hoogstens {limit}.",
    Text.QUIET_SAVED: "Stille uren: {start} tot {end} ({timezone}). Dan wordt niets uit zichzelf geplaatst; het wacht.",
    Text.QUIET_INVALID: "Geef twee tijden, bijvoorbeeld: /kindling quiet 22:00 08:00",
    Text.NO_HOME_CHANNEL: "Stel eerst een thuiskanaal in: gebruik /kindling setup in je hoofdkanaal.",
    Text.COLUMN_WHAT: "expertcolumn",
    Text.NUDGE_FIRST_POST: (
        "Hoi {name}! Je bent een paar dagen geleden lid geworden van {community}. Iets delen dat nog niet af "
        'is, is de makkelijkste start, bijvoorbeeld: "Ik werk aan een les over breuken en twijfel hoe ik '
        "begin; hoe openen jullie zo'n les?\" Zet het in <#{channel}>: mensen hier helpen graag met werk in "
        "uitvoering."
    ),
    Text.NUDGE_COFFEE: (
        "Hoi {name}! Zin om een ander lid van {community} te ontmoeten voor een kop koffie, online of in het "
        "echt? Doe mee aan de koffiekoppels met /kindling coffee join; elke ronde stel ik je aan iemand voor."
    ),
    Text.NEWCOMERS_SILENT: "Nieuwe leden van de afgelopen {days} dagen die nog niets hebben gedeeld:\n{lines}",
    Text.NEWCOMERS_NONE: "Alle nieuwe leden van de afgelopen {days} dagen hebben al iets gedeeld. Mooi!",
    Text.NEWCOMER_LINE: "<@{member}>, {days} dag(en) geleden lid geworden",
    Text.AMBASSADORS_ONLY: "Alleen ambassadeurs en organisatoren kunnen '{command}' gebruiken.",
    Text.POLL_POST: "Peiling: {question}",
    Text.POLL_VOTED: "Je stem: {option}. Je kunt hem veranderen tot de peiling sluit, {when}.",
    Text.POLL_VOTE_REMOVED: "Stem ingetrokken: {option}.",
    Text.POLL_CLOSED: "Die peiling is gesloten.",
    Text.POLL_RESULT: "De peiling is gesloten: {question}\n{lines}\n{total} lid/leden hebben gestemd.",
    Text.POLL_RESULT_LINE: "{option}: {count}",
    Text.POLL_STARTED: "Je peiling staat in <#{channel}>; hij sluit {when}.",
    Text.POLL_QUOTES: 'Zet de vraag en elke optie tussen dubbele aanhalingstekens, bijvoorbeeld: /kindling poll "Welke dag past je?" "Dinsdag" "Donderdag"',
    Text.POLL_TOO_FEW_OPTIONS: 'Een peiling heeft minstens 2 opties nodig; je gaf er {count}. Bijvoorbeeld: /kindling poll "Welke dag past je?" "Dinsdag" "Donderdag"',
    Text.POLL_TOO_MANY_OPTIONS: "Een peiling heeft hoogstens 10 opties; je gaf er {count}.",
    Text.POLL_OPTION_TOO_LONG: "Houd elke optie op hoogstens {limit} tekens; '{option}' is langer.",
    Text.POLL_QUESTION_TOO_LONG: "Houd de vraag op hoogstens {limit} tekens; de jouwe heeft er {length}.",
    Text.POLL_DUPLICATE_OPTIONS: "Elke optie moet anders zijn; '{option}' staat er twee keer in.",
    Text.POLL_BAD_HOURS: "Een peiling loopt tussen 1 en 768 uur (32 dagen); '{hours}' valt daarbuiten.",
    Text.FALLBACK_POLL_QUESTION: "Het is stil in deze draad. Wat zou je helpen om mee te doen?",
    Text.FALLBACK_POLL_INTRO: "Geen haast, en een snelle peiling is makkelijker dan een antwoord:",
    Text.FALLBACK_ASK_AMBASSADORS: (
        "Een {what} in <#{channel}> heeft {replies} reactie(s) gekregen in {hours} uur. Kun je het een zetje "
        'geven: reageer in de draad, of start een peiling met /kindling poll "vraag" "optie" "optie"?'
    ),
    Text.FALLBACK_SAVED: (
        "Geduld: een bericht met minder dan {replies} reactie(s) na {hours} uur krijgt {mode}; hoogstens één per "
        "draad, en één per kanaal per {cooldown} uur."
    ),
    Text.FALLBACK_INVALID: "Gebruik: /kindling fallback <reacties 1-20> <uren 1-336> [poll|ambassadors], bijvoorbeeld: /kindling fallback 2 48 poll",
    Text.COFFEE_JOINED: "Je doet mee aan de koffiekoppels: elke ronde stel ik je voor aan een ander lid.",
    Text.COFFEE_ALREADY: "Je doet al mee aan de koffiekoppels.",
    Text.COFFEE_LEFT: "Je doet niet meer mee aan de koffiekoppels. Je bent altijd welkom terug met /kindling coffee join.",
    Text.COFFEE_NOT_IN: "Je doet niet mee aan de koffiekoppels; doe mee met /kindling coffee join.",
    Text.COFFEE_SKIPPING: "Je slaat de volgende ronde over ({when}); daarna word je weer gekoppeld.",
    Text.COFFEE_CADENCE_SAVED: "Koffiekoppels elke {weeks} week/weken, met een start op maandag om 10:00 ({timezone}). De volgende ronde: {when}.",
    Text.COFFEE_CADENCE_INVALID: "Het ritme is 1, 2 of 4 weken, bijvoorbeeld: /kindling coffee cadence 2",
    Text.COFFEE_SHOW: "Koffiekoppels elke {weeks} week/weken; {count} lid/leden doen mee. Volgende ronde: {when}. Vorige ronde: {met} van {pairs} koppel(s) zeiden elkaar gesproken te hebben.",
    Text.COFFEE_NOT_SET_UP: "De koffiekoppels zijn nog niet ingesteld: een organisator start ze met /kindling coffee cadence 2. Je kunt al meedoen met /kindling coffee join.",
    Text.COFFEE_INTRO: "Koffietijd! {members}: jullie zijn deze ronde gekoppeld. Zoek in de komende {weeks} week/weken een half uur om elkaar te spreken, online of in het echt, en vraag elkaar waar je nu aan werkt.",
    Text.COFFEE_CHECKIN: "Is het gelukt om {others} deze ronde te spreken?",
    Text.COFFEE_BUTTON_MET: "Ja, gesproken",
    Text.COFFEE_BUTTON_NOT_MET: "Deze keer niet",
    Text.COFFEE_THANKS_MET: "Mooi, bedankt voor het laten weten!",
    Text.COFFEE_THANKS_NOT_MET: "Bedankt voor het laten weten; misschien de volgende ronde.",
    Text.COFFEE_CHECKIN_UNKNOWN: "Die check-in staat niet meer open.",
    Text.STATUS_CONTENT_PLAN_SET: "✅ 4. Een contentplan: elke {weekday} om {time} een expertcolumn, {experts} expert(s) op het rooster.",
    Text.STATUS_CONTENT_PLAN_MISSING: "⬜ 4. Een contentplan: nog geen expertcolumn. Gebruik /kindling column schedule <weekdag> <UU:MM>.",
    Text.STATUS_COFFEE_SET: "✅ 5. Online ontmoet offline: koffiekoppels elke {weeks} week/weken, {count} lid/leden doen mee.",
    Text.STATUS_COFFEE_MISSING: "⬜ 5. Online ontmoet offline: nog geen koffiekoppels. Gebruik /kindling coffee cadence 2.",
    Text.STATUS_PATIENCE: "✅ 6. Geduld: een bericht met minder dan {replies} reactie(s) na {hours} uur krijgt {mode}.",
    Text.COFFEE_WHAT: "koffieronde",
    Text.DEAD_LETTER_NOTICE: "Kindling kon een bericht aan {target} na {attempts} pogingen niet afleveren ({error}). Het is bewaard als onbestelbaar. Meestal komt dat door een lid dat geen directe berichten aanneemt, of een kanaal waar Kindling uit is verwijderd.",
    Text.PRIVACY_EXPORTED: "Alles wat Kindling in deze community over <@{member}> bewaart, komt naar je DM's ({parts} bericht(en)).",
    Text.PRIVACY_FORGOTTEN: "Kindling is <@{member}> in deze community vergeten: ledengegevens, rollen, welkomstberichten, stemmen, koppels en berichten aan dit lid zijn weg. Berichten in kanalen blijven staan, want die horen bij het gesprek.",
    Text.PRIVACY_OTHERS_ORGANISERS_ONLY: "Je kunt je eigen gegevens exporteren of laten vergeten; alleen organisatoren kunnen dat voor een ander doen.",
    Text.TIP_POST: "💡 Een tip van {author}: {tip}",
    Text.TIP_BUTTON: "Nuttig",
    Text.TIP_SAVED: "Tip bewaard en gedeeld in <#{channel}>. /kindling tips toont de nuttigste.",
    Text.TIP_VOTED: "Bedankt: gemarkeerd als nuttig.",
    Text.TIP_ALREADY_VOTED: "Je had deze tip al als nuttig gemarkeerd.",
    Text.TIP_TOO_LONG: "Houd een tip op hoogstens {limit} tekens; de jouwe heeft er {length}.",
    Text.TIPS_LIST: "De nuttigste tips:\n{lines}",
    Text.TIPS_LINE: "{votes} × {tip} ({author})",
    Text.TIPS_NONE: "Nog geen tips. Deel er een met /kindling tip <tekst>, of reageer met 💡 op een bericht dat het bewaren waard is.",
    Text.TIP_FROM_MESSAGE: "een bericht in <#{channel}>",
    Text.IDEA_SAVED: "Idee #{number} zit in de ideeënbus. De organisatoren kijken ernaar.",
    Text.IDEA_SAVED_ANONYMOUS: "Idee #{number} zit anoniem in de ideeënbus: Kindling heeft niet bewaard wie het stuurde.",
    Text.IDEA_NEW_NOTICE: "Een nieuw idee in de bus (#{number}): {idea}",
    Text.IDEAS_LIST: "Open ideeën:\n{lines}\nNeem er een aan met /kindling idea accept <nummer>, sluit met /kindling idea close <nummer>.",
    Text.IDEAS_LINE: "#{number}: {idea} ({author})",
    Text.IDEAS_NONE: "De ideeënbus is leeg.",
    Text.IDEA_ANONYMOUS_AUTHOR: "anoniem",
    Text.IDEA_ACCEPTED: "Idee #{number} is aangenomen en staat in <#{channel}> zodat iedereen kan stemmen.",
    Text.IDEA_CLOSED: "Idee #{number} is gesloten.",
    Text.IDEA_NOT_FOUND: "Er is geen open idee #{number}. /kindling ideas toont ze.",
    Text.IDEA_POLL_QUESTION: "Een idee uit de ideeënbus: {idea} Zullen we het doen?",
    Text.IDEA_POLL_OPTIONS: "Ja, doen|Misschien later|Nee",
    Text.IDEA_TOO_LONG: "Houd een idee op hoogstens {limit} tekens; het jouwe heeft er {length}.",
    Text.POLL_ANONYMOUS_NOTE: "(anoniem: alleen de aantallen worden bewaard)",
    Text.POLL_ANONYMOUS_ALREADY: "Je hebt al gestemd in deze anonieme peiling; om hem anoniem te houden kan een stem niet veranderen.",
    Text.APPRECIATION_POST: "🙏 Deze week dank aan {members} voor het delen van vragen, dilemma's en werk in uitvoering, en voor het elkaar verder helpen. Zo werkt dit netwerk.",
    Text.APPRECIATION_OFF: "Je wordt niet meer genoemd in het wekelijkse bedankbericht. Met /kindling appreciation on kom je terug.",
    Text.APPRECIATION_ON: "Je kunt weer genoemd worden in het wekelijkse bedankbericht.",
    Text.APPRECIATION_WHAT: "wekelijkse bedankbericht",
    Text.POLL_VOTED_ANONYMOUSLY: "Je stem op {option} is geteld; niemand, ook Kindling niet, kan zien dat hij van jou is. De peiling sluit {when}.",
    Text.PULSE_TITLE: "📈 Wekelijkse polsslag van {community}: de week van {start} tot en met {end}",
    Text.PULSE_LINE: "• {label}: {value} {trend}",
    Text.PULSE_LABEL_NEW_MEMBERS: "Nieuwe leden",
    Text.PULSE_LABEL_FIRST_TIME_POSTERS: "Leden die voor het eerst iets plaatsten",
    Text.PULSE_LABEL_ACTIVE_MEMBERS: "Actieve leden",
    Text.PULSE_LABEL_REPLIES_PER_PROMPT: "Reacties per vraag of column",
    Text.PULSE_LABEL_POLL_TURNOUT: "Opkomst bij peilingen",
    Text.PULSE_LABEL_PAIRS_MET: "Koffieduo's die elkaar spraken",
    Text.PULSE_UP: "({difference} meer dan de week ervoor)",
    Text.PULSE_DOWN: "({difference} minder dan de week ervoor)",
    Text.PULSE_SAME: "(gelijk aan de week ervoor)",
    Text.PULSE_NO_COMPARISON: "",
    Text.PULSE_NO_VALUE: "–",
    Text.PULSE_CANDIDATES: "Kandidaat-ambassadeurs, behulpzame nieuwe leden die nog geen ambassadeur zijn: {members}. Voeg er een toe met /kindling ambassador add @lid.",
    Text.PULSE_NO_CANDIDATES: "Deze week geen kandidaat-ambassadeurs: niemand die de afgelopen 90 dagen lid werd, heeft al iets geplaatst.",
    Text.PULSE_DECIMAL_SEPARATOR: ",",
    Text.PULSE_CHART_TITLE: "{community}: de laatste {weeks} weken",
    Text.PULSE_CHART_NOTE: "Actieve leden tellen in de week van hun laatste bericht, dus eerdere weken vallen lager uit.",
    Text.STATUS_PULSE: "✅ 6. Wekelijkse polsslag: organisatoren krijgen hem maandag om 09:00 als DM; /kindling pulse toont hem nu.",
    Text.MEETUP_ANNOUNCE: "📅 Bijeenkomst: {title}, {when}. Neem een casus mee om samen aan te werken: /kindling case <tekst>. Kom je?",
    Text.MEETUP_BUTTON_GOING: "Ik kom",
    Text.MEETUP_BUTTON_MAYBE: "Misschien",
    Text.MEETUP_BUTTON_NO: "Kan niet",
    Text.MEETUP_PLANNED: "Bijeenkomst #{number} is gepland op {when} en aangekondigd in <#{channel}>.",
    Text.MEETUP_BAD_WHEN: "Geef een datum, een tijd en een titel, bijvoorbeeld: /kindling meetup plan 12-03-2026 19:30 Casusavond (2026-03-12 mag ook).",
    Text.MEETUP_IN_THE_PAST: "{when} is al voorbij; plan de bijeenkomst op een moment dat nog komt.",
    Text.MEETUP_TITLE_TOO_LONG: "Houd de titel op hoogstens {limit} tekens; de jouwe heeft er {length}.",
    Text.MEETUP_RSVP_GOING: "Fijn, tot ziens bij {title} ({when}). Je krijgt de dag ervoor een herinnering.",
    Text.MEETUP_RSVP_MAYBE: "Genoteerd als misschien voor {title} ({when}).",
    Text.MEETUP_RSVP_NO: "Genoteerd: je kunt niet bij {title} zijn. Misschien de volgende keer!",
    Text.MEETUP_UNKNOWN: "Die bijeenkomst staat niet meer open voor antwoorden.",
    Text.MEETUP_NONE: "Geen bijeenkomsten gepland. Een organisator plant er een met /kindling meetup plan <datum> <tijd> <titel>.",
    Text.MEETUP_LIST: "Geplande bijeenkomsten:\n{lines}",
    Text.MEETUP_LINE: "#{number} {title}, {when}: {going} komen, {cases} casus(sen)",
    Text.CASE_SAVED: "Je casus staat op de lijst voor {title} ({when}). Dank je: echte casussen maken de beste bijeenkomsten.",
    Text.CASE_SAVED_NO_MEETUP: "Je casus is bewaard; hij komt op de agenda van de volgende bijeenkomst die gepland wordt.",
    Text.CASE_TOO_LONG: "Houd een casus op hoogstens {limit} tekens; de jouwe heeft er {length}.",
    Text.MEETUP_AGENDA: "📋 De agenda voor {title} ({when}), de casussen die jullie verzamelden:\n{cases}\n{going} lid/leden komen.",
    Text.MEETUP_AGENDA_NO_CASES: "📋 {title} is op {when}. Nog geen casussen: voeg er een toe met /kindling case <tekst>. {going} lid/leden komen.",
    Text.MEETUP_REMINDER: "Een herinnering: {title} is morgen, {when}. Tot dan!",
    Text.MEETUP_RECAP_ASK: "Hoe ging {title}? Deel een korte terugblik voor wie er niet bij kon zijn: /kindling meetup recap {number} <tekst>",
    Text.MEETUP_RECAP_POST: "📝 Een terugblik op {title}: {recap}",
    Text.MEETUP_RECAP_SAVED: "Dank je: de terugblik staat in <#{channel}>.",
    Text.TIPS_DIGEST: "💡 De beste tips van {month}:\n{lines}\nBlijf ze delen: /kindling tip <tekst>, of reageer met 💡.",
    Text.POLL_LIVE_VOTERS: "Tot nu toe gestemd: {count}",
    Text.POLL_LIVE_VOTERS_ANONYMOUS: "Tot nu toe gestemd: {count} (de aantallen per optie volgen als de peiling sluit)",
    Text.POLL_CLOSED_INLINE: "Gesloten. {total} lid/leden hebben gestemd:\n{lines}",
    Text.MEETUP_EVENT_DESCRIPTION: "Online ontmoet offline. Neem een casus mee waar je samen aan wilt werken: /kindling case <tekst>. Geef hier aan dat je geïnteresseerd bent, of beantwoord de aankondiging, voor een herinnering de dag ervoor.",
    Text.MEETUP_EVENT_LOCATION: "Op locatie: zie de aankondiging",
}
