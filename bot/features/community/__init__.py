"""The members themselves: who is here, when they joined, posted and left. Kindling counts that someone
posted and on which local days; it never keeps what they wrote."""

from __future__ import annotations

from bot.events import MemberLeft, MessagePosted
from bot.feature import Feature, Listener, PrivacyHooks
from bot.i18n import Text
from bot.services import voice
from bot.storage import members
from bot.turn import Turn


async def member_posted(turn: Turn, event: MessagePosted) -> None:
    person = event.member
    if person.is_bot:
        return
    member = await members.remember(turn.session, community_id=turn.community.id, person=person, now=turn.now)
    member.post_count += 1
    member.last_post_at = turn.now
    if member.first_post_at is None:
        member.first_post_at = turn.now
    if event.channel_id == turn.community.home_channel_id:
        await voice.member_posted(turn)  # what Kindling's own voice budget follows
    # The local day, so that the pulse's local Monday-to-Sunday weeks count the post where members saw it.
    await members.record_active_day(
        turn.session,
        community_id=turn.community.id,
        member_id=person.external_id,
        day=turn.now.astimezone(turn.zone).date(),
    )


async def member_left(turn: Turn, event: MemberLeft) -> None:
    member = await members.find(turn.session, community_id=turn.community.id, member_id=event.member_id)
    if member is not None and member.left_at is None:
        member.left_at = turn.now


FEATURE = Feature(
    name="community",
    summary=Text.FEATURE_COMMUNITY,
    listeners=(Listener(MessagePosted, member_posted), Listener(MemberLeft, member_left)),
    privacy=(PrivacyHooks(export=members.export, forget=members.forget),),
    member_columns=("members.member_id", "member_active_days.member_id"),
)
