"""Step 4, best tips: shared with a "useful" button, kept by a 💡 reaction, listed and digested monthly."""

from __future__ import annotations

from bot.commands.parsing import nothing, text_of
from bot.events import ReactionAdded
from bot.feature import ButtonAction, Command, DueSource, Feature, Listener, Option, PrivacyHooks, Step
from bot.features.tips import service
from bot.i18n import Text
from bot.storage import tips

FEATURE = Feature(
    name="tips",
    summary=Text.FEATURE_TIPS,
    commands=(
        Command(
            words=("tip",),
            discord_path_nl=("tip", "delen"),
            permission="anyone",
            step=Step.CONTENT,
            rest="some",
            parse=text_of,
            run=service.save,
            usage=Text.USAGE_TIP,
            summary=Text.SUMMARY_TIP,
            example=Text.EXAMPLE_TIP,
            options=(Option("text", "text", Text.OPTION_TIP_TEXT),),
            discord_path=("tip", "share"),
        ),
        Command(
            words=("tips",),
            aliases=(("tip", "list"),),
            discord_path_nl=("tip", "lijst"),
            permission="anyone",
            step=Step.CONTENT,
            parse=nothing,
            run=service.best,
            usage=Text.USAGE_TIPS,
            summary=Text.SUMMARY_TIPS,
            example=Text.EXAMPLE_TIPS,
            discord_path=("tip", "list"),
        ),
    ),
    buttons=(ButtonAction(service.VOTE_ACTION, service.mark_useful),),
    listeners=(Listener(ReactionAdded, service.save_from_reaction),),
    due=(
        DueSource(
            "the monthly tips digest", service.find_digests, service.post_digest, service.next_digest_after
        ),
    ),
    privacy=(PrivacyHooks(export=tips.export, forget=tips.forget),),
    member_columns=("tips.author_member_id", "tips.saver_member_id", "tip_votes.member_id"),
)
