"""The best-tips list: a tip saved with /kindling tip (or by a 💡 reaction on a message worth keeping),
shared in the home channel with a "useful" button; /kindling tips shows the most useful; on the first of
each month a digest of the month before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.commands.parsing import Nothing
from bot.domain.slots import local_to_utc
from bot.events import ReactionAdded
from bot.feature import Due, Invocation
from bot.i18n import Text
from bot.i18n.calendar import MONTHS
from bot.messages import Button, InChannel, Message
from bot.services.voice import Priority, may_speak
from bot.storage import tips
from bot.storage.database import Session
from bot.storage.models import Tip
from bot.turn import Turn

VOTE_ACTION = "kindling.tip.useful"
MAX_TIP_LENGTH = 500
TOP = 5
#: A 💡 reaction keeps a message in the best-tips list (Slack names it "bulb").
TIP_REACTIONS = frozenset({"💡", "bulb", "light_bulb"})
DIGEST_AT = time(10, 0)


async def save(asker: Invocation, text: str) -> Message:
    turn = asker.turn
    if len(text) > MAX_TIP_LENGTH:
        return Message(turn.text(Text.TIP_TOO_LONG, limit=MAX_TIP_LENGTH, length=len(text)))
    home = turn.community.home_channel_id
    if home is None:
        return Message(turn.text(Text.NO_HOME_CHANNEL))
    tip = await tips.add(
        turn.session,
        community_id=turn.community.id,
        text=text,
        author_id=asker.member_id,
        saver_id=asker.member_id,
        now=turn.now,
    )
    await _share(turn=turn, tip=tip, home=home)
    return Message(turn.text(Text.TIP_SAVED, channel=home))


async def save_from_reaction(turn: Turn, event: ReactionAdded) -> None:
    """A 💡 reaction keeps a member's message as a tip. Kindling does not read messages, so the tip points to
    the message; the same message is kept once however many react."""
    if event.emoji not in TIP_REACTIONS or event.member.is_bot:
        return
    if await tips.kept_message(turn.session, community_id=turn.community.id, message_id=event.message_id):
        return
    await tips.add(
        turn.session,
        community_id=turn.community.id,
        text=turn.text(Text.TIP_FROM_MESSAGE, channel=event.channel_id),
        author_id=event.author_id,
        saver_id=event.member.external_id,
        channel_id=event.channel_id,
        message_id=event.message_id,
        now=turn.now,
    )


async def _share(*, turn: Turn, tip: Tip, home: str) -> None:
    author = f"<@{tip.author_member_id}>" if tip.author_member_id else "-"
    await turn.send(
        key=f"tip:{tip.id}:post",
        to=InChannel(home),
        message=Message(
            turn.text(Text.TIP_POST, author=author, tip=tip.text),
            buttons=(Button(VOTE_ACTION, turn.text(Text.TIP_BUTTON), str(tip.id)),),
        ),
    )


async def mark_useful(asker: Invocation, value: str) -> Message:
    turn = asker.turn
    tip = (
        await tips.get(turn.session, community_id=turn.community.id, tip_id=int(value))
        if value.isdigit()
        else None
    )
    if tip is None:
        return Message(turn.text(Text.UNKNOWN_ACTION))
    if not await tips.mark_useful(turn.session, tip_id=tip.id, member_id=asker.member_id):
        return Message(turn.text(Text.TIP_ALREADY_VOTED))
    return Message(turn.text(Text.TIP_VOTED))


def _lines(turn: Turn, rows: list[tuple[str, str | None, int]]) -> list[str]:
    return [
        turn.text(Text.TIPS_LINE, votes=count, tip=text, author=f"<@{author}>" if author else "-")
        for text, author, count in rows
    ]


async def best(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    lines = _lines(turn, await tips.most_useful(turn.session, community_id=turn.community.id, limit=TOP))
    if not lines:
        return Message(turn.text(Text.TIPS_NONE))
    return Message(turn.text(Text.TIPS_LIST, lines="\n".join(lines)))


# The monthly digest: on the first of the month at 10:00 local time, the best tips of the month before.


def digest_slot(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    return local_to_utc(date(local.year, local.month, 1), DIGEST_AT, zone)


async def find_digests(session: Session, now: datetime, grace: timedelta) -> list[Due[None]]:
    """Communities with recent tips whose digest moment has come (and is within grace). The moment depends
    only on the time zone: decide per zone, load communities only when one is due."""
    zones = await tips.zones_with_recent_tips(session, now=now, with_home=True)
    due_zones = [name for name in zones if timedelta(0) <= now - digest_slot(now, ZoneInfo(name)) <= grace]
    if not due_zones:
        return []
    return [
        Due(community_id, None)
        for community_id in await tips.communities_with_recent_tips(session, now=now, zones=due_zones)
    ]


async def post_digest(turn: Turn, _: None, grace: timedelta) -> None:
    slot = digest_slot(turn.now, turn.zone)
    home = turn.community.home_channel_id
    if home is None or not await turn.claim(kind="tips-digest", slot_at=slot):
        return
    month_start = local_to_utc(
        (slot.astimezone(turn.zone) - timedelta(days=1)).date().replace(day=1), time(0), turn.zone
    )
    rows = await tips.most_useful(
        turn.session, community_id=turn.community.id, limit=TOP, start=month_start, end=slot
    )
    if not rows or not await may_speak(turn, Priority.NORMAL):
        return
    month = MONTHS[turn.language][month_start.astimezone(turn.zone).month - 1]
    await turn.send(
        key=f"tips-digest:{turn.community.id}:{slot.isoformat()}",
        to=InChannel(home),
        message=Message(turn.text(Text.TIPS_DIGEST, month=month, lines="\n".join(_lines(turn, rows)))),
        proactive=True,
    )


async def next_digest_after(session: Session, moment: datetime) -> datetime | None:
    """The next first-of-the-month moment for any community with tips (the console jumps there)."""
    moments = []
    for timezone in await tips.zones_with_recent_tips(session, now=moment, with_home=False):
        zone = ZoneInfo(timezone)
        slot = digest_slot(moment, zone)
        if slot <= moment:
            local = moment.astimezone(zone)
            following = date(local.year + (local.month == 12), local.month % 12 + 1, 1)
            slot = local_to_utc(following, DIGEST_AT, zone)
        moments.append(slot)
    return min(moments) if moments else None
