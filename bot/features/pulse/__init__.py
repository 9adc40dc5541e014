"""Step 6, showing the organiser how it grows: the weekly pulse, with its chart."""

from __future__ import annotations

from bot.commands.parsing import nothing
from bot.feature import Command, DueSource, Feature, Step
from bot.features.pulse import service
from bot.i18n import Text

FEATURE = Feature(
    name="pulse",
    summary=Text.FEATURE_PULSE,
    commands=(
        Command(
            words=("pulse",),
            dutch=("hartslag",),
            permission="organiser",
            step=Step.PATIENCE,
            parse=nothing,
            run=service.show,
            usage=Text.USAGE_PULSE,
            summary=Text.SUMMARY_PULSE,
            example=Text.EXAMPLE_PULSE,
        ),
    ),
    due=(DueSource("the weekly pulse", service.find_due, service.send_weekly, service.next_after),),
)
