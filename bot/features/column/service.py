"""Step 4 of the method: a weekly expert column on a rota, with a discussion prompt when nobody writes.

Three days before the slot the week's expert is asked (confirm, swap with the next, or skip); at the slot
the column is announced in the home channel, or a prompt from the bank goes out instead; the rota advances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.commands.parsing import MemberRef, Nothing
from bot.domain.status import ColumnWeekStatus, WatchKind
from bot.events import MemberLeft
from bot.feature import Invocation
from bot.features.patience.service import watch_own_post
from bot.features.prompts.service import next_prompt
from bot.i18n import Text
from bot.i18n.calendar import WEEKDAYS
from bot.messages import Button, Direct, InChannel, Message, mentions
from bot.services import recurring
from bot.services.people import resolve_member, tell_organisers
from bot.services.schedule_kinds import COLUMN
from bot.services.voice import Priority, may_speak
from bot.storage import members, rota, schedules
from bot.storage.models import ColumnWeek, Schedule
from bot.turn import Turn

ASK_AHEAD = timedelta(days=3)
CONFIRM_ACTION = "kindling.column.confirm"
SWAP_ACTION = "kindling.column.swap"
SKIP_ACTION = "kindling.column.skip"
MAX_TOPIC_LENGTH = 300


@dataclass(frozen=True, slots=True)
class Slot:
    weekday: int
    at: time


@dataclass(frozen=True, slots=True)
class RotaChange:
    add: bool
    members: tuple[MemberRef, ...]


async def set_schedule(asker: Invocation, slot: Slot) -> Message:
    turn = asker.turn
    schedule = await recurring.weekly(turn=turn, kind=COLUMN, weekday=slot.weekday, at=slot.at, move=True)
    return Message(
        turn.text(
            Text.COLUMN_SCHEDULE_SAVED,
            weekday=WEEKDAYS[turn.language][slot.weekday],
            time=schedule.local_time,
            timezone=turn.community.timezone,
            when=turn.when(schedule.next_slot_at),
        )
    )


async def show(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=COLUMN)
    if schedule is None:
        return Message(turn.text(Text.COLUMN_NO_SCHEDULE))
    expert = await _expert_for(turn=turn, slot=schedule.next_slot_at)
    return Message(
        turn.text(
            Text.COLUMN_SHOW,
            weekday=WEEKDAYS[turn.language][schedule.weekday],
            time=schedule.local_time,
            timezone=turn.community.timezone,
            when=turn.when(schedule.next_slot_at),
            expert=f"<@{expert}>" if expert else "-",
        )
    )


async def set_topic(asker: Invocation, topic: str) -> Message:
    turn = asker.turn
    if len(topic) > MAX_TOPIC_LENGTH:
        return Message(turn.text(Text.COLUMN_TOPIC_TOO_LONG, length=len(topic), limit=MAX_TOPIC_LENGTH))
    schedule = await schedules.find(turn.session, community_id=turn.community.id, kind=COLUMN)
    if schedule is None:
        return Message(turn.text(Text.COLUMN_NO_SCHEDULE))
    week = await rota.open_week(
        turn.session, community_id=turn.community.id, slot_at=schedule.next_slot_at, now=turn.now
    )
    week.topic = topic
    week.updated_at = turn.now
    return Message(turn.text(Text.COLUMN_TOPIC_SAVED, when=turn.when(schedule.next_slot_at), topic=topic))


async def change_rota(asker: Invocation, change: RotaChange) -> Message:
    """All named members are checked before anything changes: one unknown name refuses the whole command."""
    turn = asker.turn
    found = []
    for ref in change.members:
        member = await resolve_member(turn=turn, ref=ref)
        if member is None or member.left_at is not None or member.is_bot:
            return Message(turn.text(Text.MEMBER_NOT_FOUND, member=ref.text[:80]))
        if member.member_id not in found:
            found.append(member.member_id)
    current = await rota.members(turn.session, community_id=turn.community.id)
    for member_id in found:
        if change.add and member_id in current:
            return Message(turn.text(Text.ROTA_ALREADY, member=member_id))
        if not change.add and member_id not in current:
            return Message(turn.text(Text.ROTA_NOT_ON, member=member_id))
    for member_id in found:
        if change.add:
            await rota.add(turn.session, community_id=turn.community.id, member_id=member_id, now=turn.now)
        else:
            await rota.remove(turn.session, community_id=turn.community.id, member_id=member_id)
    listing = mentions(await rota.members(turn.session, community_id=turn.community.id)) or "-"
    key = Text.ROTA_ADDED if change.add else Text.ROTA_REMOVED
    return Message(turn.text(key, members=mentions(found), rota=listing))


async def list_rota(asker: Invocation, _: Nothing) -> Message:
    turn = asker.turn
    current = await rota.members(turn.session, community_id=turn.community.id)
    if not current:
        return Message(turn.text(Text.ROTA_EMPTY))
    return Message(turn.text(Text.ROTA_LIST, rota=mentions(current)))


async def run_schedule(turn: Turn, schedule: Schedule, grace: timedelta) -> None:
    """Do what is due for this schedule at `turn.now`: post at the slot (caught up within `grace`), and ask
    the week's expert three days ahead of the next one."""
    await recurring.run_due_slots(
        turn=turn, schedule=schedule, grace=grace, on_slot=_post, what=Text.COLUMN_WHAT
    )
    slot = schedule.next_slot_at
    if turn.now >= slot - ASK_AHEAD:
        week = await rota.week(turn.session, community_id=turn.community.id, slot_at=slot)
        if (week is None or week.status == ColumnWeekStatus.OPEN) and await turn.claim(
            kind="column-ask", slot_at=slot
        ):
            await _ask(turn=turn, slot=slot)


async def member_left(turn: Turn, event: MemberLeft) -> None:
    await rota.remove(turn.session, community_id=turn.community.id, member_id=event.member_id)


async def answer(asker: Invocation, week_id: str, action_id: str) -> Message:
    turn = asker.turn
    week = None
    if week_id.isdigit():
        week = await rota.week_by_id(turn.session, community_id=turn.community.id, week_id=int(week_id))
    waiting = (ColumnWeekStatus.ASKED, ColumnWeekStatus.CONFIRMED)
    if week is None or week.expert_member_id != asker.member_id or week.status not in waiting:
        return Message(turn.text(Text.COLUMN_NOT_WAITING))
    week.updated_at = turn.now
    if action_id == CONFIRM_ACTION:
        week.status = ColumnWeekStatus.CONFIRMED
        channel = turn.community.home_channel_id or ""
        return Message(turn.text(Text.COLUMN_CONFIRMED, when=turn.when(week.slot_at), channel=channel))
    if action_id == SKIP_ACTION:
        week.status = ColumnWeekStatus.SKIPPED
        return Message(turn.text(Text.COLUMN_SKIPPED))
    return await _swap(turn=turn, week=week, expert_id=asker.member_id)


async def confirm(asker: Invocation, value: str) -> Message:
    return await answer(asker, value, CONFIRM_ACTION)


async def swap(asker: Invocation, value: str) -> Message:
    return await answer(asker, value, SWAP_ACTION)


async def skip(asker: Invocation, value: str) -> Message:
    return await answer(asker, value, SKIP_ACTION)


async def _swap(*, turn: Turn, week: ColumnWeek, expert_id: str) -> Message:
    current = await _present_rota(turn=turn)
    others = [member_id for member_id in current if member_id != expert_id]
    if not others:
        return Message(turn.text(Text.COLUMN_SWAP_NOBODY))
    following = current[(current.index(expert_id) + 1) % len(current)] if expert_id in current else others[0]
    await rota.swap(turn.session, community_id=turn.community.id, first=expert_id, second=following)
    week.expert_member_id = following
    week.status = ColumnWeekStatus.ASKED
    await _send_ask(turn=turn, week=week, expert=following)
    return Message(turn.text(Text.COLUMN_SWAPPED, expert=following))


async def _present_rota(*, turn: Turn) -> list[str]:
    current = await rota.members(turn.session, community_id=turn.community.id)
    here = await members.present(turn.session, community_id=turn.community.id, member_ids=current)
    return [member_id for member_id in current if member_id in here]


async def _expert_for(*, turn: Turn, slot: datetime) -> str | None:
    week = await rota.week(turn.session, community_id=turn.community.id, slot_at=slot)
    if week is not None and week.expert_member_id:
        return week.expert_member_id
    current = await _present_rota(turn=turn)
    return current[turn.community.rota_cursor % len(current)] if current else None


async def _ask(*, turn: Turn, slot: datetime) -> None:
    expert = await _expert_for(turn=turn, slot=slot)
    if expert is None:
        return  # an empty rota: the slot gets a prompt from the bank
    week = await rota.open_week(turn.session, community_id=turn.community.id, slot_at=slot, now=turn.now)
    week.expert_member_id = expert
    week.status = ColumnWeekStatus.ASKED
    week.updated_at = turn.now
    await _send_ask(turn=turn, week=week, expert=expert)


async def _send_ask(*, turn: Turn, week: ColumnWeek, expert: str) -> None:
    text = turn.text(Text.COLUMN_ASK, community=turn.community.name, when=turn.when(week.slot_at))
    if week.topic:
        text += "\n" + turn.text(Text.COLUMN_ASK_TOPIC, topic=week.topic)
    value = str(week.id)
    await turn.send(
        key=f"column:{week.id}:ask:{expert}",
        to=Direct(expert),
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


async def _post(turn: Turn, slot: datetime) -> None:
    home = turn.community.home_channel_id
    week = await rota.open_week(turn.session, community_id=turn.community.id, slot_at=slot, now=turn.now)
    week.updated_at = turn.now
    present = await _present_rota(turn=turn)
    if present:
        turn.community.rota_cursor += 1  # the rota advances whether the expert wrote or not
    if home is None:
        await tell_organisers(
            turn, key=f"column:{slot.isoformat()}:nohome", message=Message(turn.text(Text.NO_HOME_CHANNEL))
        )
        return
    expert = week.expert_member_id
    unanswered = week.status == ColumnWeekStatus.ASKED
    if week.status == ColumnWeekStatus.CONFIRMED and expert is not None and expert in present:
        week.status = ColumnWeekStatus.POSTED
        text_key = Text.COLUMN_POST_TOPIC if week.topic else Text.COLUMN_POST
        text = turn.text(text_key, expert=expert, topic=week.topic or "")
    else:
        week.status = ColumnWeekStatus.PROMPTED
        text = turn.text(Text.PROMPT_POST, prompt=await next_prompt(turn=turn))
    outbox_key = f"column:{week.id}:post"
    await may_speak(turn, Priority.ESSENTIAL)  # the column (or the prompt in its place) always goes out
    await turn.send(key=outbox_key, to=InChannel(home), message=Message(text), proactive=True)
    kind = WatchKind.COLUMN if week.status == ColumnWeekStatus.POSTED else WatchKind.PROMPT
    await watch_own_post(turn=turn, channel_id=home, outbox_key=outbox_key, kind=kind)
    if week.status == ColumnWeekStatus.PROMPTED:
        await _tell_about_fallback(turn=turn, week=week, unanswered_by=expert if unanswered else None)


async def _tell_about_fallback(*, turn: Turn, week: ColumnWeek, unanswered_by: str | None) -> None:
    """Organisers hear when an expert let the question go unanswered, and once when the column fell back to a
    prompt two weeks running (not every week after: by then they know)."""
    lines = []
    if unanswered_by is not None:
        lines.append(turn.text(Text.COLUMN_UNANSWERED_NOTICE, expert=unanswered_by))
    before = await rota.recent_weeks(
        turn.session, community_id=turn.community.id, before=week.slot_at, limit=2
    )
    fell_back = [earlier.status == ColumnWeekStatus.PROMPTED for earlier in before]
    if fell_back[:1] == [True] and fell_back[1:2] != [True]:
        lines.append(turn.text(Text.COLUMN_FELL_BACK_NOTICE))
    if lines:
        await tell_organisers(turn, key=f"column:{week.id}:fallback", message=Message("\n\n".join(lines)))
