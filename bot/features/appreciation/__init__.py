"""Step 3, visible appreciation: the weekly thank-you post, and each member's choice to be named in it."""

from __future__ import annotations

from bot.commands.parsing import choice
from bot.feature import Choice, Command, Feature, Option, ScheduleKind, Step
from bot.features.appreciation.service import ensure_schedule, run_schedule, set_opt_out
from bot.i18n import Text
from bot.services.schedule_kinds import APPRECIATION

FEATURE = Feature(
    name="appreciation",
    summary=Text.FEATURE_APPRECIATION,
    commands=(
        Command(
            words=("appreciation",),
            dutch=("waardering",),
            permission="anyone",
            step=Step.SHARING,
            rest="some",
            parse=choice({"on": True, "off": False, "aan": True, "uit": False}),
            run=set_opt_out,
            usage=Text.USAGE_APPRECIATION,
            summary=Text.SUMMARY_APPRECIATION,
            example=Text.EXAMPLE_APPRECIATION,
            options=(
                Option(
                    "named",
                    "choice",
                    Text.OPTION_APPRECIATION,
                    choices=(
                        Choice("on", Text.CHOICE_APPRECIATION_ON),
                        Choice("off", Text.CHOICE_APPRECIATION_OFF),
                    ),
                ),
            ),
        ),
    ),
    schedules=(ScheduleKind(APPRECIATION, run_schedule, Text.APPRECIATION_WHAT),),
    home_channel_set=ensure_schedule,
)
