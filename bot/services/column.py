"""Step 4 of the method: a weekly expert column on a rota, with a discussion prompt when nobody writes.

Three days before the slot the week's expert is asked (confirm, swap with the next, or skip); at the slot
the column is announced in the home channel, or a prompt from the bank goes out instead; the rota advances.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.commands.grammar import MemberRef
from bot.i18n import Text
from bot.i18n.calendar import WEEKDAYS, when
from bot.messages import Button, Direct, InChannel, Message, mentions
from bot.services import patience, prompts, recurring
from bot.services.roles import resolve_member
from bot.services.turn import Turn
from bot.storage import members, roles, rota, schedules
from bot.storage.models import ColumnWeek, Schedule

KIND = "column"
ASK_AHEAD = timedelta(days=3)
CONFIRM_ACTION = "kindling.column.confirm"
SWAP_ACTION = "kindling.column.swap"
SKIP_ACTION = "kindling.column.skip"


def _when(turn: Turn, moment: datetime) -> str:
    return when(moment, language=turn.language, zone=turn.zone)


async def set_schedule(*, turn: Turn, weekday: int, at: time) -> Message:
    schedule = await recurring.weekly(turn=turn, kind=KIND, weekday=weekday, at=at, move=True)
    next_slot = schedule.next_slot_at
    return Message(
        turn.text(
            Text.COLUMN_SCHEDULE_SAVED,
            weekday=WEEKDAYS[turn.language][weekday],
            time=schedule.local_time,
            timezone=turn.community.timezone,
            when=_when(turn, next_slot),
        )
    )


async def show(*, turn: Turn) -> Message:
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=KIND)
    if schedule is None:
        return Message(turn.text(Text.COLUMN_NO_SCHEDULE))
    expert = await _expert_for(turn=turn, slot=schedule.next_slot_at)
    return Message(
        turn.text(
            Text.COLUMN_SHOW,
            weekday=WEEKDAYS[turn.language][schedule.weekday],
            time=schedule.local_time,
            timezone=turn.community.timezone,
            when=_when(turn, schedule.next_slot_at),
            expert=f"<@{expert}>" if expert else "-",
        )
    )


async def set_topic(*, turn: Turn, topic: str) -> Message:
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=KIND)
    if schedule is None:
        return Message(turn.text(Text.COLUMN_NO_SCHEDULE))
    week = await rota.open_week(
        turn.session, community_id=turn.community.id, slot_at=schedule.next_slot_at, now=turn.now
    )
    week.topic = topic
    week.updated_at = turn.now
    return Message(turn.text(Text.COLUMN_TOPIC_SAVED, when=_when(turn, schedule.next_slot_at), topic=topic))


async def change_rota(*, turn: Turn, add: bool, refs: tuple[MemberRef, ...]) -> Message:
    """All named members are checked before anything changes: one unknown name refuses the whole command."""
    found = []
    for ref in refs:
        member = await resolve_member(turn=turn, ref=ref)
        if member is None or member.left_at is not None or member.is_bot:
            return Message(turn.text(Text.MEMBER_NOT_FOUND, member=ref.text[:80]))
        found.append(member.external_id)
    current = await rota.members(turn.session, community_id=turn.community.id)
    for member_id in found:
        if add and member_id in current:
            return Message(turn.text(Text.ROTA_ALREADY, member=member_id))
        if not add and member_id not in current:
            return Message(turn.text(Text.ROTA_NOT_ON, member=member_id))
    for member_id in found:
        if add:
            await rota.add(turn.session, community_id=turn.community.id, member_id=member_id, now=turn.now)
        else:
            await rota.remove(turn.session, community_id=turn.community.id, member_id=member_id)
    listing = mentions(await rota.members(turn.session, community_id=turn.community.id)) or "-"
    key = Text.ROTA_ADDED if add else Text.ROTA_REMOVED
    return Message(turn.text(key, members=mentions(found), rota=listing))


async def list_rota(*, turn: Turn) -> Message:
    current = await rota.members(turn.session, community_id=turn.community.id)
    if not current:
        return Message(turn.text(Text.ROTA_EMPTY))
    return Message(turn.text(Text.ROTA_LIST, rota=mentions(current)))


async def run_schedule(*, turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    """Do what is due for this schedule at `turn.now`: post at the slot (caught up within `grace`), and ask
    the week's expert three days ahead of the next one."""
    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=_post_at, what=Text.COLUMN_WHAT
    )
    slot = schedule.next_slot_at
    if turn.now >= slot - ASK_AHEAD:
        week = await rota.week(turn.session, community_id=turn.community.id, slot_at=slot)
        if (week is None or week.status == "open") and await turn.claim(kind="column-ask", slot_at=slot):
            await _ask(turn=turn, slot=slot)


async def _post_at(turn: Turn, slot: datetime) -> None:
    await _post(turn=turn, slot=slot)


async def member_left(*, turn: Turn, member_id: str) -> None:
    await rota.remove(turn.session, community_id=turn.community.id, member_id=member_id)


async def answer(*, turn: Turn, action_id: str, week_id: str, expert_id: str) -> Message:
    week = None
    if week_id.isdigit():
        week = await rota.week_by_id(turn.session, community_id=turn.community.id, week_id=int(week_id))
    if week is None or week.expert_external_id != expert_id or week.status not in ("asked", "confirmed"):
        return Message(turn.text(Text.COLUMN_NOT_WAITING))
    week.updated_at = turn.now
    if action_id == CONFIRM_ACTION:
        week.status = "confirmed"
        channel = turn.community.home_channel_id or ""
        return Message(turn.text(Text.COLUMN_CONFIRMED, when=_when(turn, week.slot_at), channel=channel))
    if action_id == SKIP_ACTION:
        week.status = "skipped"
        return Message(turn.text(Text.COLUMN_SKIPPED))
    return await _swap(turn=turn, week=week, expert_id=expert_id)


async def _swap(*, turn: Turn, week: ColumnWeek, expert_id: str) -> Message:
    current = await _present_rota(turn=turn)
    others = [member_id for member_id in current if member_id != expert_id]
    if not others:
        return Message(turn.text(Text.COLUMN_SWAP_NOBODY))
    following = current[(current.index(expert_id) + 1) % len(current)] if expert_id in current else others[0]
    await rota.swap(turn.session, community_id=turn.community.id, first=expert_id, second=following)
    week.expert_external_id = following
    week.status = "asked"
    await _send_ask(turn=turn, week=week)
    return Message(turn.text(Text.COLUMN_SWAPPED, expert=following))


async def _present_rota(*, turn: Turn) -> list[str]:
    present = []
    for member_id in await rota.members(turn.session, community_id=turn.community.id):
        member = await members.find(turn.session, community_id=turn.community.id, external_id=member_id)
        if member is not None and member.left_at is None:
            present.append(member_id)
    return present


async def _expert_for(*, turn: Turn, slot: datetime) -> str | None:
    week = await rota.week(turn.session, community_id=turn.community.id, slot_at=slot)
    if week is not None and week.expert_external_id:
        return week.expert_external_id
    current = await _present_rota(turn=turn)
    return current[turn.community.rota_cursor % len(current)] if current else None


async def _ask(*, turn: Turn, slot: datetime) -> None:
    expert = await _expert_for(turn=turn, slot=slot)
    if expert is None:
        return  # an empty rota: the slot gets a prompt from the bank
    week = await rota.open_week(turn.session, community_id=turn.community.id, slot_at=slot, now=turn.now)
    week.expert_external_id = expert
    week.status = "asked"
    week.updated_at = turn.now
    await _send_ask(turn=turn, week=week)


async def _send_ask(*, turn: Turn, week: ColumnWeek) -> None:
    assert week.expert_external_id is not None
    text = turn.text(Text.COLUMN_ASK, community=turn.community.name, when=_when(turn, week.slot_at))
    if week.topic:
        text += "\n" + turn.text(Text.COLUMN_ASK_TOPIC, topic=week.topic)
    value = str(week.id)
    await turn.send(
        key=f"column:{week.id}:ask:{week.expert_external_id}",
        to=Direct(week.expert_external_id),
        message=Message(
            text,
            buttons=(
                Button(CONFIRM_ACTION, turn.text(Text.COLUMN_BUTTON_CONFIRM), value, "primary"),
                Button(SWAP_ACTION, turn.text(Text.COLUMN_BUTTON_SWAP), value),
                Button(SKIP_ACTION, turn.text(Text.COLUMN_BUTTON_SKIP), value),
            ),
        ),
        proactive=True,
    )


async def _post(*, turn: Turn, slot: datetime) -> None:
    home = turn.community.home_channel_id
    week = await rota.open_week(turn.session, community_id=turn.community.id, slot_at=slot, now=turn.now)
    week.updated_at = turn.now
    if await _present_rota(turn=turn):
        turn.community.rota_cursor += 1  # the rota advances whether the expert wrote or not
    if home is None:
        await _tell_organisers_no_home(turn=turn, slot=slot)
        return
    expert = week.expert_external_id
    still_here = expert is not None and expert in await _present_rota(turn=turn)
    if week.status == "confirmed" and still_here and expert is not None:
        week.status = "posted"
        text_key = Text.COLUMN_POST_TOPIC if week.topic else Text.COLUMN_POST
        text = turn.text(text_key, expert=expert, topic=week.topic or "")
    else:
        week.status = "prompted"
        text = turn.text(Text.PROMPT_POST, prompt=await prompts.next_prompt(turn=turn))
    outbox_key = f"column:{week.id}:post"
    await turn.send(key=outbox_key, to=InChannel(home), message=Message(text), proactive=True)
    await patience.watch_own_post(
        turn=turn,
        channel_id=home,
        outbox_key=outbox_key,
        kind="column" if week.status == "posted" else "prompt",
    )


async def _tell_organisers_no_home(*, turn: Turn, slot: datetime) -> None:
    for organiser in await roles.holders(turn.session, community_id=turn.community.id, role="organiser"):
        await turn.send(
            key=f"column:{slot.isoformat()}:nohome:{organiser}",
            to=Direct(organiser),
            message=Message(turn.text(Text.NO_HOME_CHANNEL)),
            proactive=True,
        )
