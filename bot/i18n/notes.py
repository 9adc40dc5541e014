"""Notes for translators, written into the catalogs as extracted comments (#.) above an entry: what a
placeholder holds when it is not obvious, or how a text is used."""

from __future__ import annotations

from bot.i18n.keys import Text

NOTES: dict[Text, str] = {
    Text.DURATION_HOURS: "A duration, filled into other texts as {wait} or {cooldown}.",
    Text.EVERY_WEEKS: "How often coffee rounds start, filled into other texts as {every}.",
    Text.MEETUP_CASES: "How many cases a meetup has, filled into the meetup list as {cases}.",
    Text.FALLBACK_SAVED: "{wait} and {cooldown} are durations such as '48 hours' (the entry 'duration.hours').",
    Text.FALLBACK_ASK_ONE: "{what} is 'A member's question' and the like, with its article (start of the sentence); {wait} a duration such as '48 hours'; {post} a link to the post.",
    Text.FALLBACK_ASK_NONE: "{what} is 'A member's question' and the like, with its article (start of the sentence); {wait} a duration such as '48 hours'; {post} a link to the post.",
    Text.COFFEE_SHOW: "{every} is 'every week' or 'every 2 weeks' (the entry 'coffee.every_weeks').",
    Text.MEETUP_LINE: "{going} is how many are coming; {cases} is '1 case' or '2 cases' (the entry 'meetup.cases').",
    Text.WELCOME_DEFAULT_TEMPLATE: "A template: organisers can write their own with the same placeholders.",
    Text.IDEA_POLL_OPTIONS: "The answers of the poll on an idea, split by |.",
    Text.PULSE_DECIMAL_SEPARATOR: "The decimal separator in the pulse's numbers.",
    Text.COLUMN_WHAT: "Filled into 'slot.missed_notice' as {what}, with its article.",
    Text.COFFEE_WHAT: "Filled into 'slot.missed_notice' as {what}, with its article.",
    Text.APPRECIATION_WHAT: "Filled into 'slot.missed_notice' as {what}, with its article.",
    Text.NUDGE_FIRST_POST: "{goal} is the last sentence of the community's goal (what members do together).",
}
