"""Step 4, discussion prompts: the bank a column slot falls back on when no expert writes."""

from __future__ import annotations

from bot.commands.parsing import text_of
from bot.feature import Command, Feature, Option, PrivacyHooks, Step
from bot.features.prompts.service import add_prompt
from bot.i18n import Text
from bot.storage import prompts

FEATURE = Feature(
    name="prompts",
    summary=Text.FEATURE_PROMPTS,
    commands=(
        Command(
            words=("prompt", "add"),
            dutch=("vraag", "toevoegen"),
            permission="organiser",
            step=Step.CONTENT,
            rest="some",
            parse=text_of,
            run=add_prompt,
            usage=Text.USAGE_PROMPT_ADD,
            summary=Text.SUMMARY_PROMPT_ADD,
            example=Text.EXAMPLE_PROMPT_ADD,
            options=(Option("text", "text", Text.OPTION_PROMPT_TEXT),),
        ),
    ),
    privacy=(PrivacyHooks(export=prompts.export, forget=prompts.forget),),
    member_columns=("prompts.author_member_id",),
)
