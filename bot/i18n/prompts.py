"""Kindling's default bank of discussion prompts; organisers add their own with /kindling prompt add."""

from __future__ import annotations

from bot.i18n import Language

DEFAULT_PROMPTS: dict[Language, tuple[str, ...]] = {
    "en": (
        "What is one thing you tried at work this month that did not go as planned, and what did you learn?",
        "Which question from your work would you love a second opinion on this week?",
        "Share a piece of work that is not finished yet: what is the part you are unsure about?",
        "What is a small habit or tool that saves you time, that others here might not know?",
        "Which dilemma do you keep coming back to in your work?",
        "What would you like to learn from someone in this group in the coming month?",
    ),
    "nl": (
        "Wat heb je deze maand in je werk geprobeerd dat anders liep dan gepland, en wat heb je ervan geleerd?",
        "Over welke vraag uit je werk wil je deze week graag een tweede mening?",
        "Deel iets waar je aan werkt en dat nog niet af is: over welk deel twijfel je?",
        "Welke kleine gewoonte of welk hulpmiddel scheelt je tijd, en kennen anderen hier die misschien niet?",
        "Bij welk dilemma in je werk kom je steeds weer uit?",
        "Wat zou je de komende maand willen leren van iemand in deze groep?",
    ),
}

#: The short default poll for a quiet thread, when the prompt brings no options of its own.
FALLBACK_POLL_OPTIONS: dict[Language, tuple[str, ...]] = {
    "en": ("A concrete example", "A smaller question", "Talking it over in person", "Not my topic this time"),
    "nl": (
        "Een concreet voorbeeld",
        "Een kleinere vraag",
        "Er samen over praten",
        "Deze keer niet mijn onderwerp",
    ),
}
#: How the patience setting names what a quiet post gets, and what kind of post it was.
FALLBACK_MODES: dict[Language, dict[str, str]] = {
    "en": {"poll": "a poll", "ambassadors": "a note to the ambassadors"},
    "nl": {"poll": "een peiling", "ambassadors": "een berichtje aan de ambassadeurs"},
}
POST_KINDS: dict[Language, dict[str, str]] = {
    "en": {"prompt": "A discussion prompt", "column": "An expert column", "question": "A member's question"},
    "nl": {"prompt": "Een gespreksvraag", "column": "Een expertcolumn", "question": "Een vraag van een lid"},
}
