"""Polls: an ambassador's or organiser's question to the channel, the patience fallback, and the vote on an
accepted idea."""

from __future__ import annotations

from bot.commands.parsing import number
from bot.events import PollChosen, PollVoted
from bot.feature import ButtonAction, Command, DueSource, Feature, Listener, Option, PrivacyHooks, Step
from bot.features.polls import service
from bot.features.polls.grammar import parse_poll
from bot.i18n import Text
from bot.storage import polls

FEATURE = Feature(
    name="polls",
    summary=Text.FEATURE_POLLS,
    commands=(
        Command(
            words=("poll",),
            dutch=("peiling",),
            discord_path_nl=("peiling", "starten"),
            permission="ambassador",
            step=Step.CONTENT,
            rest="some",
            parse=parse_poll,
            run=service.start_by_command,
            usage=Text.USAGE_POLL,
            summary=Text.SUMMARY_POLL,
            example=Text.EXAMPLE_POLL,
            options=(
                Option("question", "quoted", Text.OPTION_POLL_QUESTION),
                Option("answers", "quoted", Text.OPTION_POLL_ANSWERS, separator="|"),
                Option(
                    "hours",
                    "integer",
                    Text.OPTION_POLL_HOURS,
                    required=False,
                    minimum=1,
                    maximum=768,
                    flag="--hours",
                ),
                Option("multiple", "flag", Text.OPTION_POLL_MULTIPLE, required=False, flag="--multiple"),
                Option("anonymous", "flag", Text.OPTION_POLL_ANONYMOUS, required=False, flag="--anonymous"),
            ),
            discord_path=("poll", "start"),
        ),
        Command(
            words=("poll", "close"),
            dutch=("peiling", "sluiten"),
            permission="ambassador",
            step=Step.CONTENT,
            rest="some",
            parse=number,
            run=service.close_early,
            usage=Text.USAGE_POLL_CLOSE,
            summary=Text.SUMMARY_POLL_CLOSE,
            example=Text.EXAMPLE_POLL_CLOSE,
            options=(Option("number", "integer", Text.OPTION_POLL_NUMBER, minimum=1, maximum=999_999),),
        ),
    ),
    buttons=(ButtonAction(service.VOTE_ACTION, service.vote_by_button),),
    listeners=(Listener(PollVoted, service.vote_natively), Listener(PollChosen, service.choose_natively)),
    due=(DueSource("closing polls", service.find_due, service.close_at_deadline, service.next_after),),
    privacy=(PrivacyHooks(export=polls.export, forget=polls.forget),),
    member_columns=("polls.creator_member_id", "poll_votes.member_id"),
)
