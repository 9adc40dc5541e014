"""Every feature of Kindling, in the order their listeners run and their commands appear in help.

This tuple is the one place a feature is switched on: dispatch, buttons, listeners, due work, schedules,
privacy, help and the Discord command tree are all built from it.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features import (
    appreciation,
    coffee,
    column,
    community,
    configuration,
    ideas,
    meetups,
    overview,
    patience,
    polls,
    privacy,
    prompts,
    pulse,
    roles,
    tips,
    voice,
    welcome,
)
from bot.registry import Registry

FEATURES: tuple[Feature, ...] = (
    overview.FEATURE,
    community.FEATURE,
    configuration.FEATURE,
    welcome.FEATURE,
    roles.FEATURE,
    column.FEATURE,
    prompts.FEATURE,
    polls.FEATURE,
    tips.FEATURE,
    ideas.FEATURE,
    appreciation.FEATURE,
    coffee.FEATURE,
    meetups.FEATURE,
    patience.FEATURE,
    voice.FEATURE,
    pulse.FEATURE,
    privacy.FEATURE,
)


def registry() -> Registry:
    return Registry(FEATURES)
