"""Every text Kindling sends has a key here and an entry in each language's catalog."""

from __future__ import annotations

from enum import StrEnum


class Text(StrEnum):
    # Welcome flow
    WELCOME_DEFAULT_TEMPLATE = "welcome.default_template"
    WELCOME_NO_AMBASSADOR = "welcome.no_ambassador"
    WELCOME_HOME_FALLBACK = "welcome.home_fallback"
    GREET_REQUEST = "greet.request"
    GREET_REQUEST_ORGANISER = "greet.request_organiser"
    GREET_BUTTON = "greet.button"
    GREET_THANKS = "greet.thanks"
    GREET_ALREADY = "greet.already"
    GREET_UNKNOWN = "greet.unknown"
    HELD_WELCOME_NOTICE = "welcome.held_notice"
    HELD_WELCOMES_RELEASED = "welcome.held_released"

    # Command plumbing
    HELP = "command.help"
    UNKNOWN_COMMAND = "command.unknown"
    MISSING_ARGUMENT = "command.missing_argument"
    UNEXPECTED_ARGUMENT = "command.unexpected_argument"
    ORGANISERS_ONLY = "command.organisers_only"
    MEMBER_NOT_FOUND = "command.member_not_found"
    UNKNOWN_ACTION = "command.unknown_action"

    # Configuration
    SETUP_DONE = "setup.done"
    GOAL_SHOW = "goal.show"
    GOAL_NOT_SET = "goal.not_set"
    GOAL_SAVED = "goal.saved"
    GOAL_TOO_MANY_SENTENCES = "goal.too_many_sentences"
    GOAL_TOO_LONG = "goal.too_long"
    LANGUAGE_SAVED = "language.saved"
    LANGUAGE_INVALID = "language.invalid"
    TIMEZONE_SAVED = "timezone.saved"
    TIMEZONE_INVALID = "timezone.invalid"

    # Roles
    AMBASSADOR_ADDED = "ambassador.added"
    AMBASSADOR_ALREADY = "ambassador.already"
    AMBASSADOR_REMOVED = "ambassador.removed"
    AMBASSADOR_NOT_ONE = "ambassador.not_one"
    AMBASSADOR_LIST = "ambassador.list"
    AMBASSADOR_NONE = "ambassador.none"
    AMBASSADOR_TOO_FEW = "ambassador.too_few"
    AMBASSADOR_TOO_MANY = "ambassador.too_many"
    AMBASSADOR_JUST_RIGHT = "ambassador.just_right"
    AMBASSADOR_IS_BOT = "ambassador.is_bot"
    ORGANISER_ADDED = "organiser.added"
    ORGANISER_ALREADY = "organiser.already"
    ORGANISER_REMOVED = "organiser.removed"
    ORGANISER_NOT_ONE = "organiser.not_one"
    ORGANISER_LIST = "organiser.list"
    ORGANISER_NONE = "organiser.none"

    # Welcome configuration
    WELCOME_PREVIEW = "welcome.preview"
    WELCOME_TEMPLATE_SAVED = "welcome.template_saved"
    WELCOME_TEMPLATE_RESET = "welcome.template_reset"
    WELCOME_TEMPLATE_UNKNOWN_PLACEHOLDER = "welcome.template_unknown_placeholder"
    WELCOME_TEMPLATE_MALFORMED = "welcome.template_malformed"
    WELCOME_TEMPLATE_TOO_LONG = "welcome.template_too_long"

    # Status checklist
    STATUS_TITLE = "status.title"
    STATUS_HOME_SET = "status.home_set"
    STATUS_HOME_MISSING = "status.home_missing"
    STATUS_GOAL_SET = "status.goal_set"
    STATUS_GOAL_MISSING = "status.goal_missing"
    STATUS_AMBASSADORS_OK = "status.ambassadors_ok"
    STATUS_AMBASSADORS_MISSING = "status.ambassadors_missing"
    STATUS_WELCOME_DEFAULT = "status.welcome_default"
    STATUS_WELCOME_CUSTOM = "status.welcome_custom"
    STATUS_LOCALE = "status.locale"
    STATUS_MEMBERS = "status.members"
