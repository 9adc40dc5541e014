"""`poll [--multiple] [--anonymous] [--hours N] "question" "option" "option" ...`: question and options in
double quotes (typographic quotes too), flags before the first quote. Option counts and lengths are the
platform's limits, checked by the service with the community's language."""

from __future__ import annotations

import shlex

from bot.commands.parsing import ParseError, parse_number
from bot.features.polls.service import DEFAULT_HOURS, PollRequest
from bot.i18n import Text


def parse_poll(rest: str) -> PollRequest | ParseError:
    text = rest.replace("\u201c", '"').replace("\u201d", '"')
    # Flags come before the first quote; a quoted question may itself start with "--".
    flags, quote, quoted = text.partition('"')
    try:
        words = shlex.split(quote + quoted)
    except ValueError:
        return ParseError.own(Text.POLL_QUOTES)
    hours, multiple, anonymous = DEFAULT_HOURS, False, False
    flag_words = flags.split()
    while flag_words:
        flag = flag_words.pop(0).lower()
        if flag.startswith("--hours="):
            flag_words.insert(0, flag.removeprefix("--hours="))
            flag = "--hours"
        if not flag.startswith("--"):
            return ParseError.own(Text.POLL_QUOTES)  # words before the first quote: the question is unquoted
        if flag == "--multiple":
            multiple = True
        elif flag == "--anonymous":
            anonymous = True
        elif flag == "--hours":
            value = flag_words.pop(0) if flag_words else ""
            found = parse_number(value)
            if found is None:
                return ParseError.own(Text.POLL_HOURS_NOT_A_NUMBER, hours=value[:20] or "-")
            hours = found
        else:
            return ParseError.unexpected(flag)
    if not words or not quote:
        return ParseError.own(Text.POLL_QUOTES)
    question, *options = (word.strip() for word in words)
    if not question:
        return ParseError.own(Text.POLL_QUOTES)
    if any(not option for option in options):
        return ParseError.own(Text.POLL_EMPTY_OPTION)
    return PollRequest(
        question=question, options=tuple(options), hours=hours, multiple=multiple, anonymous=anonymous
    )
