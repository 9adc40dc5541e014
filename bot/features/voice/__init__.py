"""Step 6, patience, as Kindling's own restraint: its voice budget, which organisers see and tune."""

from __future__ import annotations

from bot.commands.parsing import Nothing, ParseError, nothing, parse_number
from bot.feature import Command, Feature, Invocation, Option, Step
from bot.i18n import Text
from bot.messages import Message
from bot.services.voice import MAX_SHARE, MIN_SHARE, budget


def _share(rest: str) -> int | ParseError:
    found = parse_number(rest.removesuffix("%").strip())
    if found is None or not MIN_SHARE <= found <= MAX_SHARE:
        return ParseError.own(Text.VOICE_INVALID, low=str(MIN_SHARE), high=str(MAX_SHARE))
    return found


async def show(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    found = await budget(turn)
    lines = [
        turn.plural(
            Text.VOICE_SHOW,
            found.allowed,
            share=found.share,
            allowed=found.allowed,
            channel=turn.community.home_channel_id or "-",
        ),
        turn.plural(Text.VOICE_MEMBERS_POSTED, found.member_posts, count=found.member_posts),
        turn.plural(Text.VOICE_KINDLING_POSTED, found.kindling_posts, count=found.kindling_posts),
    ]
    if found.held_back:
        lines.append(turn.plural(Text.VOICE_HELD_BACK, found.held_back, count=found.held_back))
    return Message("\n".join(lines))


async def set_share(asker: Invocation, share: int) -> Message:
    asker.turn.community.voice_share = share
    return await show(asker, Nothing())


FEATURE = Feature(
    name="voice",
    summary=Text.FEATURE_VOICE,
    commands=(
        Command(
            words=("voice",),
            dutch=("spreektijd",),
            permission="organiser",
            step=Step.PATIENCE,
            parse=nothing,
            run=show,
            usage=Text.USAGE_VOICE,
            summary=Text.SUMMARY_VOICE,
            example=Text.EXAMPLE_VOICE,
            discord_path=("settings", "voice"),
            discord_path_nl=("instellingen", "spreektijd"),
        ),
        Command(
            words=("voice",),
            dutch=("spreektijd",),
            permission="organiser",
            step=Step.PATIENCE,
            rest="some",
            parse=_share,
            run=set_share,
            usage=Text.USAGE_VOICE_SET,
            summary=Text.SUMMARY_VOICE_SET,
            example=Text.EXAMPLE_VOICE_SET,
            options=(
                Option("percent", "integer", Text.OPTION_VOICE_SHARE, minimum=MIN_SHARE, maximum=MAX_SHARE),
            ),
            discord_path=("settings", "voice-share"),
            discord_path_nl=("instellingen", "spreektijd-aandeel"),
        ),
    ),
)
