"""Step 4, the idea box: anyone may suggest (anonymously if they like); organisers accept or close."""

from __future__ import annotations

from bot.commands.parsing import ParseError, nothing, number
from bot.feature import Command, Feature, Option, PrivacyHooks, Step
from bot.features.ideas import service
from bot.features.ideas.service import Submission
from bot.i18n import Text
from bot.storage import ideas

ANONYMOUS = "--anonymous"


def _submission(rest: str) -> Submission | ParseError:
    word, _, remainder = rest.partition(" ")
    if word.lower() in (ANONYMOUS, "--anoniem"):
        return Submission(remainder.strip(), anonymous=True) if remainder.strip() else ParseError.missing()
    return Submission(rest) if rest else ParseError.missing()


NUMBER = Option("number", "integer", Text.OPTION_IDEA_NUMBER, minimum=1, maximum=999_999)

FEATURE = Feature(
    name="ideas",
    summary=Text.FEATURE_IDEAS,
    commands=(
        Command(
            words=("idea",),
            dutch=("idee",),
            discord_path_nl=("idee", "indienen"),
            permission="anyone",
            step=Step.CONTENT,
            rest="some",
            parse=_submission,
            run=service.submit,
            usage=Text.USAGE_IDEA,
            summary=Text.SUMMARY_IDEA,
            example=Text.EXAMPLE_IDEA,
            options=(
                Option("text", "text", Text.OPTION_IDEA_TEXT),
                Option("anonymous", "flag", Text.OPTION_IDEA_ANONYMOUS, required=False, flag=ANONYMOUS),
            ),
            discord_path=("idea", "submit"),
        ),
        Command(
            words=("ideas",),
            dutch=("ideeën",),
            aliases=(("idea", "list"), ("ideeen",), ("idee", "lijst")),
            discord_path_nl=("idee", "lijst"),
            permission="organiser",
            step=Step.CONTENT,
            parse=nothing,
            run=service.listing,
            usage=Text.USAGE_IDEAS,
            summary=Text.SUMMARY_IDEAS,
            example=Text.EXAMPLE_IDEAS,
            discord_path=("idea", "list"),
        ),
        Command(
            words=("idea", "accept"),
            dutch=("idee", "aannemen"),
            permission="organiser",
            step=Step.CONTENT,
            rest="any",
            parse=number,
            run=service.accept,
            usage=Text.USAGE_IDEA_ACCEPT,
            summary=Text.SUMMARY_IDEA_ACCEPT,
            example=Text.EXAMPLE_IDEA_ACCEPT,
            options=(NUMBER,),
        ),
        Command(
            words=("idea", "close"),
            dutch=("idee", "sluiten"),
            permission="organiser",
            step=Step.CONTENT,
            rest="any",
            parse=number,
            run=service.close,
            usage=Text.USAGE_IDEA_CLOSE,
            summary=Text.SUMMARY_IDEA_CLOSE,
            example=Text.EXAMPLE_IDEA_CLOSE,
            options=(NUMBER,),
        ),
    ),
    privacy=(PrivacyHooks(export=ideas.export, forget=ideas.forget),),
    member_columns=("ideas.author_member_id",),
)
