"""A member's data belongs to them: export it, or have Kindling forget it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from bot.commands.parsing import ParseError, parse_member
from bot.feature import Command, Feature, Option, Step
from bot.features.privacy.service import Request, handle
from bot.i18n import Text


def _request(action: Literal["export", "forget"]) -> Callable[[str], Request | ParseError]:
    def parse(rest: str) -> Request | ParseError:
        if " " in rest:
            return ParseError.unexpected(rest)
        return Request(action, parse_member(rest) if rest else None)

    return parse


WHO = Option("member", "member", Text.OPTION_PRIVACY_MEMBER, required=False)

FEATURE = Feature(
    name="privacy",
    summary=Text.FEATURE_PRIVACY,
    commands=(
        Command(
            words=("privacy", "export"),
            dutch=("privacy", "exporteren"),
            permission="anyone",
            step=Step.DATA,
            rest="any",
            parse=_request("export"),
            run=handle,
            usage=Text.USAGE_PRIVACY_EXPORT,
            summary=Text.SUMMARY_PRIVACY_EXPORT,
            example=Text.EXAMPLE_PRIVACY_EXPORT,
            options=(WHO,),
        ),
        Command(
            words=("privacy", "forget"),
            dutch=("privacy", "vergeten"),
            permission="anyone",
            step=Step.DATA,
            rest="any",
            parse=_request("forget"),
            run=handle,
            usage=Text.USAGE_PRIVACY_FORGET,
            summary=Text.SUMMARY_PRIVACY_FORGET,
            example=Text.EXAMPLE_PRIVACY_FORGET,
            options=(WHO,),
        ),
    ),
)
