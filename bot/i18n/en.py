"""English texts. Placeholders in braces are filled by Kindling; every key must exist in nl.py too."""

from __future__ import annotations

from bot.i18n.keys import Text

CATALOG: dict[Text, str] = {
    Text.WELCOME_DEFAULT_TEMPLATE: (
        "Welcome to {community}, {name}!\n"
        "Why we are here: {goal}\n"
        "A small first step: share a question from your work this week, a dilemma you are weighing, or a "
        "piece of work that is not finished yet in {channel}. Half-finished is welcome: that is where "
        "others can help.\n"
        "{ambassador} will say hello soon and can show you around."
    ),
    Text.WELCOME_NO_AMBASSADOR: "one of the organisers",
    Text.WELCOME_HOME_FALLBACK: "the main channel",
    Text.GREET_REQUEST: (
        "{name} just joined {community}. Could you greet them personally in the next day or so? "
        "A short hello and a question about their work helps them take their first step."
    ),
    Text.GREET_REQUEST_ORGANISER: (
        "{name} just joined {community}. There are no ambassadors yet, so could you greet them "
        "personally? Add ambassadors with /kindling ambassador add @member: the method asks for three."
    ),
    Text.GREET_BUTTON: "I greeted them",
    Text.GREET_THANKS: "Thank you for greeting {name}!",
    Text.GREET_ALREADY: "{name} was already greeted by {ambassador}. Thanks all the same!",
    Text.GREET_UNKNOWN: "That welcome is no longer known to Kindling.",
    Text.HELD_WELCOME_NOTICE: (
        "{name} joined {community}, but the community has no goal yet, so their welcome is waiting. "
        "Set the goal in at most two sentences with /kindling goal <text>; the welcome goes out then."
    ),
    Text.HELD_WELCOMES_RELEASED: "{count} waiting welcome(s) are now on their way.",
    Text.HELP: (
        "Kindling commands (/kindling <command>):\n"
        "help: this list\n"
        "status: what is set up and what is missing\n"
        "setup: make this channel the home channel (organisers)\n"
        "goal: show the goal; goal <text>: set it, at most two sentences (organisers)\n"
        "language nl|en: the language Kindling speaks here (organisers)\n"
        "timezone <Area/City>: the community's time zone, e.g. Europe/Amsterdam (organisers)\n"
        "ambassador add|remove @member, ambassador list: the three ambassadors (organisers)\n"
        "organiser add|remove @member, organiser list: who may configure Kindling (organisers)\n"
        "welcome preview: see the welcome a newcomer gets (organisers)\n"
        "welcome template <text>: your own welcome, with {{name}}, {{goal}}, {{community}}, "
        "{{ambassador}} and {{channel}}; welcome template reset: back to the default (organisers)"
    ),
    Text.UNKNOWN_COMMAND: "I don't know the command '{command}'. Try /kindling help.",
    Text.MISSING_ARGUMENT: "'{command}' needs more: {usage}",
    Text.UNEXPECTED_ARGUMENT: "'{command}' takes no '{argument}'. Usage: {usage}",
    Text.ORGANISERS_ONLY: "Only organisers can use '{command}'. Ask an organiser, or try /kindling status.",
    Text.MEMBER_NOT_FOUND: "I can't find the member '{member}' in this community. Mention them, like @name.",
    Text.UNKNOWN_ACTION: "That button no longer works. Try /kindling help.",
    Text.SETUP_DONE: "<#{channel}> is now the home channel: welcomes point newcomers here.",
    Text.GOAL_SHOW: "Our goal: {goal}",
    Text.GOAL_NOT_SET: "No goal yet. An organiser sets it with /kindling goal <at most two sentences>.",
    Text.GOAL_SAVED: "Goal saved. Every newcomer reads it in their welcome: {goal}",
    Text.GOAL_TOO_MANY_SENTENCES: (
        "That goal has {count} sentences; please use at most two. Newcomers read it in their first "
        "minute: one sentence on why the group exists and one on what members do together is easy to "
        "remember and to pass on."
    ),
    Text.GOAL_TOO_LONG: "That goal is {length} characters; please keep it to {limit} at most.",
    Text.LANGUAGE_SAVED: "From now on I speak English here.",
    Text.LANGUAGE_INVALID: "I speak 'nl' (Dutch) and 'en' (English), not '{language}'.",
    Text.TIMEZONE_SAVED: "Time zone set to {timezone}. Schedules follow it, summer time included.",
    Text.TIMEZONE_INVALID: "'{timezone}' is not a time zone I know. Use a name like Europe/Amsterdam.",
    Text.AMBASSADOR_ADDED: "<@{member}> is now an ambassador and will greet newcomers in turn.",
    Text.AMBASSADOR_ALREADY: "<@{member}> is already an ambassador.",
    Text.AMBASSADOR_REMOVED: "<@{member}> is no longer an ambassador.",
    Text.AMBASSADOR_NOT_ONE: "<@{member}> is not an ambassador.",
    Text.AMBASSADOR_LIST: "Ambassadors: {members}",
    Text.AMBASSADOR_NONE: "There are no ambassadors yet.",
    Text.AMBASSADOR_TOO_FEW: (
        "You have {count} of the three ambassadors the method asks for: three early adopters who greet "
        "newcomers and carry the start. Add {missing} more with /kindling ambassador add @member."
    ),
    Text.AMBASSADOR_TOO_MANY: (
        "You have {count} ambassadors; the method asks for three. More can work, but a small group feels "
        "responsible: consider keeping three."
    ),
    Text.AMBASSADOR_JUST_RIGHT: "You have three ambassadors, just as the method asks.",
    Text.AMBASSADOR_IS_BOT: "<@{member}> is a bot; ambassadors greet people, so pick a person.",
    Text.ORGANISER_ADDED: "<@{member}> is now an organiser.",
    Text.ORGANISER_ALREADY: "<@{member}> is already an organiser.",
    Text.ORGANISER_REMOVED: "<@{member}> is no longer an organiser.",
    Text.ORGANISER_NOT_ONE: "<@{member}> is not an organiser added in Kindling.",
    Text.ORGANISER_LIST: "Organisers added in Kindling: {members} (workspace or server admins count too).",
    Text.ORGANISER_NONE: "No organisers added in Kindling yet; workspace or server admins are organisers.",
    Text.WELCOME_PREVIEW: "This is the welcome a newcomer gets:\n\n{welcome}",
    Text.WELCOME_TEMPLATE_SAVED: "Welcome template saved. Try /kindling welcome preview.",
    Text.WELCOME_TEMPLATE_RESET: "The welcome is back to Kindling's default.",
    Text.WELCOME_TEMPLATE_UNKNOWN_PLACEHOLDER: (
        "The template uses {placeholder}, which I don't know. You can use {allowed}."
    ),
    Text.WELCOME_TEMPLATE_MALFORMED: (
        "The template has a brace that doesn't close: write placeholders like {{name}}, and {{{{ for a "
        "literal brace."
    ),
    Text.WELCOME_TEMPLATE_TOO_LONG: "The template is {length} characters; please keep it to {limit} at most.",
    Text.STATUS_TITLE: "Kindling in {community}: the method step by step",
    Text.STATUS_HOME_SET: "✅ Home channel: <#{channel}>",
    Text.STATUS_HOME_MISSING: "⬜ Home channel: not set. Run /kindling setup in your main channel.",
    Text.STATUS_GOAL_SET: "✅ 1. Goal in two sentences: {goal}",
    Text.STATUS_GOAL_MISSING: "⬜ 1. Goal in two sentences: not set. Use /kindling goal <text>.",
    Text.STATUS_AMBASSADORS_OK: "✅ 2. Three ambassadors: {members}",
    Text.STATUS_AMBASSADORS_MISSING: (
        "⬜ 2. Three ambassadors: {count} of 3. Use /kindling ambassador add @member."
    ),
    Text.STATUS_WELCOME_DEFAULT: "✅ 3. Welcome with a first small task: Kindling's default welcome.",
    Text.STATUS_WELCOME_CUSTOM: "✅ 3. Welcome with a first small task: your own template.",
    Text.STATUS_LOCALE: "Language: English. Time zone: {timezone}.",
    Text.STATUS_MEMBERS: "Members: {members}, of whom {posted} have posted.",
    Text.COLUMN_ASK: (
        "You are this week's expert for the {community} column, on {when}. Share something from your own "
        "practice: a question you are working on, a dilemma, or work that is not finished yet; members "
        "ask their questions in the thread. Will you do it?"
    ),
    Text.COLUMN_ASK_TOPIC: "This week's suggested topic: {topic}",
    Text.COLUMN_BUTTON_CONFIRM: "Yes, I'll do it",
    Text.COLUMN_BUTTON_SWAP: "Swap with the next expert",
    Text.COLUMN_BUTTON_SKIP: "Skip this week",
    Text.COLUMN_CONFIRMED: "Thank you! On {when} I will introduce you in <#{channel}>.",
    Text.COLUMN_SWAPPED: "No problem: <@{expert}> is asked to take this week, and you take their turn.",
    Text.COLUMN_SWAP_NOBODY: "There is nobody else on the rota to swap with; you can skip this week instead.",
    Text.COLUMN_SKIPPED: "Thanks for letting us know. A discussion prompt goes out instead this week.",
    Text.COLUMN_NOT_WAITING: "That column week is no longer waiting for your answer.",
    Text.COLUMN_POST: (
        "This week's expert column: <@{expert}> shares a question, dilemma or work in progress from their "
        "practice. Ask your questions in the thread below!"
    ),
    Text.COLUMN_POST_TOPIC: (
        "This week's expert column: <@{expert}> on {topic}. Ask your questions in the thread below!"
    ),
    Text.PROMPT_POST: "Something to talk about: {prompt}\nReply in the thread; half-finished thoughts are welcome.",
    Text.SLOT_MISSED_NOTICE: (
        "Kindling was offline when the {what} of {when} was due, longer than the {grace} hour grace window, "
        "so it was skipped rather than posted late. The next one is {next}."
    ),
    Text.ROTA_ADDED: "Added to the column rota: {members}. The rota: {rota}",
    Text.ROTA_ALREADY: "<@{member}> is already on the column rota.",
    Text.ROTA_REMOVED: "Removed from the column rota: {members}. The rota: {rota}",
    Text.ROTA_NOT_ON: "<@{member}> is not on the column rota.",
    Text.ROTA_LIST: "The column rota, in order: {rota}",
    Text.ROTA_EMPTY: "The column rota is empty. Add experts with /kindling column rota add @member.",
    Text.COLUMN_SCHEDULE_SAVED: "The expert column is every {weekday} at {time} ({timezone}). The next one: {when}.",
    Text.COLUMN_SCHEDULE_INVALID: (
        "Give a weekday and a time, for example: /kindling column schedule tuesday 09:30"
    ),
    Text.COLUMN_NO_SCHEDULE: "There is no column schedule yet: /kindling column schedule <weekday> <HH:MM>.",
    Text.COLUMN_TOPIC_SAVED: "Topic for the column of {when}: {topic}",
    Text.COLUMN_SHOW: "The expert column: every {weekday} at {time} ({timezone}). Next: {when}, expert: {expert}.",
    Text.PROMPT_ADDED: "Prompt added to the bank; you have {count} of your own besides Kindling's.",
    Text.PROMPT_TOO_LONG: "That prompt is {length} characters; please keep it to {limit} at most.",
    Text.QUIET_SAVED: "Quiet hours: {start} to {end} ({timezone}). Nothing proactive is posted then; it waits.",
    Text.QUIET_INVALID: "Give two times, for example: /kindling quiet 22:00 08:00",
    Text.NO_HOME_CHANNEL: "Set a home channel first: run /kindling setup in your main channel.",
    Text.COLUMN_WHAT: "expert column",
    Text.NUDGE_FIRST_POST: (
        "Hi {name}! You joined {community} a few days ago. Sharing something half-finished is the easiest "
        "start, for example: \"I'm drafting a lesson on fractions and I'm unsure how to open it; how do you "
        'start yours?" Post it in <#{channel}>: people here like to help with work in progress.'
    ),
    Text.NUDGE_COFFEE: (
        "Hi {name}! Would you like to meet another member of {community} for a coffee, online or in person? "
        "Join the coffee pairings with /kindling coffee join and you'll be introduced to someone every round."
    ),
    Text.NEWCOMERS_SILENT: "Newcomers of the last {days} days who have not posted yet:\n{lines}",
    Text.NEWCOMERS_NONE: "Every newcomer of the last {days} days has posted. Lovely!",
    Text.NEWCOMER_LINE: "<@{member}>, joined {days} day(s) ago",
    Text.AMBASSADORS_ONLY: "Only ambassadors and organisers can use '{command}'.",
    Text.POLL_POST: "Poll: {question}",
    Text.POLL_VOTED: "Your vote: {option}. You can change it until the poll closes, {when}.",
    Text.POLL_VOTE_REMOVED: "Vote taken back: {option}.",
    Text.POLL_CLOSED: "That poll is closed.",
    Text.POLL_RESULT: "The poll has closed: {question}\n{lines}\n{total} member(s) voted.",
    Text.POLL_RESULT_LINE: "{option}: {count}",
    Text.POLL_STARTED: "Your poll is posted in <#{channel}>; it closes {when}.",
    Text.POLL_QUOTES: 'Put the question and each option in double quotes, for example: /kindling poll "Which day suits you?" "Tuesday" "Thursday"',
    Text.POLL_TOO_FEW_OPTIONS: 'A poll needs at least 2 options; you gave {count}. For example: /kindling poll "Which day suits you?" "Tuesday" "Thursday"',
    Text.POLL_TOO_MANY_OPTIONS: "A poll can have at most 10 options; you gave {count}.",
    Text.POLL_OPTION_TOO_LONG: "Keep each option to {limit} characters; '{option}' is longer.",
    Text.POLL_QUESTION_TOO_LONG: "Keep the question to {limit} characters; yours has {length}.",
    Text.POLL_DUPLICATE_OPTIONS: "Each option must be different; '{option}' appears twice.",
    Text.POLL_BAD_HOURS: "A poll runs between 1 and 768 hours (32 days); '{hours}' is not that.",
    Text.FALLBACK_POLL_QUESTION: "It's quiet in this thread. What would help you join in?",
    Text.FALLBACK_POLL_INTRO: "No rush, and a quick poll is easier than a reply:",
    Text.FALLBACK_ASK_AMBASSADORS: (
        "A {what} in <#{channel}> has had {replies} repl(ies) in {hours} hours. Could you give it a nudge: "
        'reply in the thread, or start a poll with /kindling poll "question" "option" "option"?'
    ),
    Text.FALLBACK_SAVED: (
        "Patience: a post with fewer than {replies} repl(ies) after {hours} hours gets {mode}; at most one per "
        "thread, and one per channel every {cooldown} hours."
    ),
    Text.FALLBACK_INVALID: "Usage: /kindling fallback <replies 1-20> <hours 1-336> [poll|ambassadors], for example: /kindling fallback 2 48 poll",
    Text.COFFEE_JOINED: "You're in the coffee pairings: every round I'll introduce you to another member.",
    Text.COFFEE_ALREADY: "You're already in the coffee pairings.",
    Text.COFFEE_LEFT: "You've left the coffee pairings. Come back any time with /kindling coffee join.",
    Text.COFFEE_NOT_IN: "You're not in the coffee pairings; join with /kindling coffee join.",
    Text.COFFEE_SKIPPING: "You'll sit out the next round ({when}); after that you're paired again.",
    Text.COFFEE_CADENCE_SAVED: "Coffee pairings every {weeks} week(s), starting on Mondays at 10:00 ({timezone}). The next round: {when}.",
    Text.COFFEE_CADENCE_INVALID: "The cadence is 1, 2 or 4 weeks, for example: /kindling coffee cadence 2",
    Text.COFFEE_SHOW: "Coffee pairings every {weeks} week(s); {count} member(s) take part. Next round: {when}. Last round: {met} of {pairs} pair(s) said they met.",
    Text.COFFEE_NOT_SET_UP: "Coffee pairings are not set up yet: an organiser starts them with /kindling coffee cadence 2. You can already join with /kindling coffee join.",
    Text.COFFEE_INTRO: "Coffee time! {members}: you are paired this round. Find half an hour in the next {weeks} week(s) to meet, online or in person, and ask each other what you are working on right now.",
    Text.COFFEE_CHECKIN: "Did you manage to meet {others} this round?",
    Text.COFFEE_BUTTON_MET: "Yes, we met",
    Text.COFFEE_BUTTON_NOT_MET: "Not this time",
    Text.COFFEE_THANKS_MET: "Lovely, thanks for letting me know!",
    Text.COFFEE_THANKS_NOT_MET: "Thanks for letting me know; maybe next round.",
    Text.COFFEE_CHECKIN_UNKNOWN: "That check-in is no longer open.",
    Text.STATUS_CONTENT_PLAN_SET: "✅ 4. A content plan: an expert column every {weekday} at {time}, {experts} expert(s) on the rota.",
    Text.STATUS_CONTENT_PLAN_MISSING: "⬜ 4. A content plan: no expert column yet. Use /kindling column schedule <weekday> <HH:MM>.",
    Text.STATUS_COFFEE_SET: "✅ 5. Online meets face-to-face: coffee pairings every {weeks} week(s), {count} member(s) taking part.",
    Text.STATUS_COFFEE_MISSING: "⬜ 5. Online meets face-to-face: no coffee pairings yet. Use /kindling coffee cadence 2.",
    Text.STATUS_PATIENCE: "✅ 6. Patience: a post with fewer than {replies} repl(ies) after {hours} hours gets {mode}.",
    Text.COFFEE_WHAT: "coffee round",
    Text.DEAD_LETTER_NOTICE: "Kindling could not deliver a message to {target} after {attempts} tries ({error}). It is kept as a dead letter. The usual causes: a member who does not accept direct messages, or a channel Kindling was removed from.",
    Text.PRIVACY_EXPORTED: "Everything Kindling keeps about <@{member}> in this community is on its way to your DMs ({parts} message(s)).",
    Text.PRIVACY_FORGOTTEN: "Kindling has forgotten <@{member}> in this community: their member record, roles, welcomes, votes, pairings and messages to them are gone. Posts in channels stay, as they belong to the conversation.",
    Text.PRIVACY_OTHERS_ORGANISERS_ONLY: "You can export or forget your own data; only organisers can do so for someone else.",
    Text.TIP_POST: "💡 A tip from {author}: {tip}",
    Text.TIP_BUTTON: "Useful",
    Text.TIP_SAVED: "Tip saved and shared in <#{channel}>. /kindling tips shows the most useful ones.",
    Text.TIP_VOTED: "Thanks: marked as useful.",
    Text.TIP_ALREADY_VOTED: "You marked this tip as useful already.",
    Text.TIP_TOO_LONG: "Keep a tip to {limit} characters; yours has {length}.",
    Text.TIPS_LIST: "The most useful tips:\n{lines}",
    Text.TIPS_LINE: "{votes} × {tip} ({author})",
    Text.TIPS_NONE: "No tips yet. Share one with /kindling tip <text>, or react with 💡 to a message worth keeping.",
    Text.TIP_FROM_MESSAGE: "a message in <#{channel}>",
    Text.IDEA_SAVED: "Idea #{number} is in the idea box. The organisers will look at it.",
    Text.IDEA_SAVED_ANONYMOUS: "Idea #{number} is in the idea box, anonymously: Kindling did not store who sent it.",
    Text.IDEA_NEW_NOTICE: "A new idea in the box (#{number}): {idea}",
    Text.IDEAS_LIST: "Open ideas:\n{lines}\nAccept one with /kindling idea accept <number>, close with /kindling idea close <number>.",
    Text.IDEAS_LINE: "#{number}: {idea} ({author})",
    Text.IDEAS_NONE: "The idea box is empty.",
    Text.IDEA_ANONYMOUS_AUTHOR: "anonymous",
    Text.IDEA_ACCEPTED: "Idea #{number} is accepted and posted in <#{channel}> for everyone's vote.",
    Text.IDEA_CLOSED: "Idea #{number} is closed.",
    Text.IDEA_NOT_FOUND: "There is no open idea #{number}. /kindling ideas lists them.",
    Text.IDEA_POLL_QUESTION: "An idea from the idea box: {idea} Shall we do it?",
    Text.IDEA_POLL_OPTIONS: "Yes, let's|Maybe later|No",
    Text.IDEA_TOO_LONG: "Keep an idea to {limit} characters; yours has {length}.",
    Text.POLL_ANONYMOUS_NOTE: "(anonymous: only the counts are kept)",
    Text.POLL_ANONYMOUS_ALREADY: "You have voted in this anonymous poll already; to keep it anonymous, a vote cannot be changed.",
    Text.APPRECIATION_POST: "🙏 Thank you this week to {members} for sharing questions, dilemmas and work in progress, and for helping each other along. That is what makes this network work.",
    Text.APPRECIATION_OFF: "You won't be named in the weekly thank-you post any more. /kindling appreciation on brings you back.",
    Text.APPRECIATION_ON: "You can be named in the weekly thank-you post again.",
    Text.APPRECIATION_WHAT: "weekly thank-you post",
    Text.POLL_VOTED_ANONYMOUSLY: "Your vote for {option} is counted; nobody, Kindling included, can see it was yours. The poll closes {when}.",
    Text.PULSE_TITLE: "📈 Weekly pulse for {community}: the week of {start} to {end}",
    Text.PULSE_LINE: "• {label}: {value} {trend}",
    Text.PULSE_LABEL_NEW_MEMBERS: "New members",
    Text.PULSE_LABEL_FIRST_TIME_POSTERS: "Members who posted for the first time",
    Text.PULSE_LABEL_ACTIVE_MEMBERS: "Active members",
    Text.PULSE_LABEL_REPLIES_PER_PROMPT: "Replies per prompt or column",
    Text.PULSE_LABEL_POLL_TURNOUT: "Poll turnout",
    Text.PULSE_LABEL_PAIRS_MET: "Coffee pairs that met",
    Text.PULSE_UP: "(up {difference} on the week before)",
    Text.PULSE_DOWN: "(down {difference} on the week before)",
    Text.PULSE_SAME: "(the same as the week before)",
    Text.PULSE_NO_COMPARISON: "",
    Text.PULSE_NO_VALUE: "–",
    Text.PULSE_CANDIDATES: "Ambassador candidates, helpful early members who are not ambassadors yet: {members}. Add one with /kindling ambassador add @member.",
    Text.PULSE_NO_CANDIDATES: "No ambassador candidates this week: nobody who joined in the last 90 days has posted yet.",
    Text.PULSE_DECIMAL_SEPARATOR: ".",
    Text.PULSE_CHART_TITLE: "{community}: the last {weeks} weeks",
    Text.PULSE_CHART_NOTE: "Active members are counted in the week of their latest post, so earlier weeks read low.",
    Text.STATUS_PULSE: "✅ 6. Weekly pulse: organisers get it by DM on Mondays at 09:00; /kindling pulse shows it now.",
    Text.MEETUP_ANNOUNCE: "📅 Meetup: {title}, {when}. Bring a case you want to work on together: /kindling case <text>. Are you coming?",
    Text.MEETUP_BUTTON_GOING: "I'm coming",
    Text.MEETUP_BUTTON_MAYBE: "Maybe",
    Text.MEETUP_BUTTON_NO: "Can't make it",
    Text.MEETUP_PLANNED: "Meetup #{number} is planned for {when} and announced in <#{channel}>.",
    Text.MEETUP_BAD_WHEN: "Give a date, a time and a title, for example: /kindling meetup plan 2026-03-12 19:30 Case evening (the date may also be 12-03-2026).",
    Text.MEETUP_IN_THE_PAST: "{when} has already passed; plan the meetup for a moment to come.",
    Text.MEETUP_TITLE_TOO_LONG: "Keep the title to {limit} characters; yours has {length}.",
    Text.MEETUP_RSVP_GOING: "Lovely, see you at {title} ({when}). You'll get a reminder the day before.",
    Text.MEETUP_RSVP_MAYBE: "Noted as maybe for {title} ({when}).",
    Text.MEETUP_RSVP_NO: "Noted: you can't make {title}. Maybe next time!",
    Text.MEETUP_UNKNOWN: "That meetup is no longer open for answers.",
    Text.MEETUP_NONE: "No meetups planned. An organiser plans one with /kindling meetup plan <date> <time> <title>.",
    Text.MEETUP_LIST: "Planned meetups:\n{lines}",
    Text.MEETUP_LINE: "#{number} {title}, {when}: {going} coming, {cases} case(s)",
    Text.CASE_SAVED: "Your case is on the list for {title} ({when}). Thank you: real cases make the best meetups.",
    Text.CASE_SAVED_NO_MEETUP: "Your case is saved; it goes on the agenda of the next meetup that is planned.",
    Text.CASE_TOO_LONG: "Keep a case to {limit} characters; yours has {length}.",
    Text.MEETUP_AGENDA: "📋 The agenda for {title} ({when}), the cases you gathered:\n{cases}\n{going} member(s) are coming.",
    Text.MEETUP_AGENDA_NO_CASES: "📋 {title} is on {when}. No cases yet: add one with /kindling case <text>. {going} member(s) are coming.",
    Text.MEETUP_REMINDER: "A reminder: {title} is tomorrow, {when}. See you there!",
    Text.MEETUP_RECAP_ASK: "How did {title} go? Share a short recap for everyone who could not come: /kindling meetup recap {number} <text>",
    Text.MEETUP_RECAP_POST: "📝 A recap of {title}: {recap}",
    Text.MEETUP_RECAP_SAVED: "Thank you: the recap is posted in <#{channel}>.",
    Text.TIPS_DIGEST: "💡 The best tips of {month}:\n{lines}\nKeep them coming: /kindling tip <text>, or react with 💡.",
    Text.POLL_LIVE_VOTERS: "Voted so far: {count}",
    Text.POLL_LIVE_VOTERS_ANONYMOUS: "Voted so far: {count} (the count per option is shown when the poll closes)",
    Text.POLL_CLOSED_INLINE: "Closed. {total} member(s) voted:\n{lines}",
    Text.MEETUP_EVENT_DESCRIPTION: "Online meets face to face. Bring a case you want to work on together: /kindling case <text>. Mark yourself interested here, or answer the announcement, for a reminder the day before.",
    Text.MEETUP_EVENT_LOCATION: "Face to face: see the announcement",
}
