"""Each step of the method judged by what happened, for `/kindling status`.

A step is working when its outcome is there, not when it is configured: welcomes went out with a goal, three
ambassadors are still here and greet, members posted, experts wrote their columns, pairs met, quiet threads
came alive. The thresholds are deliberately modest: status should point at the one step to work on next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.status import ColumnWeekStatus, RoleName, WatchKind
from bot.i18n import Text
from bot.i18n.calendar import WEEKDAYS
from bot.messages import mentions
from bot.services import voice
from bot.services.people import ambassadors as present_ambassadors
from bot.services.schedule_kinds import COFFEE, COLUMN
from bot.storage import coffee, meetups, members, roles, rota, schedules, watched, welcomes
from bot.turn import Turn

THE_METHODS_AMBASSADORS = 3
#: Sharing looks at a fortnight: two quiet weeks are worth acting on.
SHARING_WINDOW = timedelta(weeks=2)
#: Fewer members posting than this in a fortnight means the group has not started sharing yet.
SHARING_MEMBERS = 3
WORKING, NOT_WORKING = "✅", "⚠️"


@dataclass(frozen=True, slots=True)
class StepReport:
    """One step: a heading line, details, and what to try when it is not working."""

    working: bool
    heading: str
    details: tuple[str, ...] = ()
    suggestion: str | None = None

    def render(self) -> list[str]:
        lines = [f"{WORKING if self.working else NOT_WORKING} {self.heading}"]
        lines += [f"    {detail}" for detail in self.details]
        if not self.working and self.suggestion:
            lines.append(f"    → {self.suggestion}")
        return lines


def home(*, turn: Turn) -> StepReport:
    channel = turn.community.home_channel_id
    if channel:
        return StepReport(True, turn.text(Text.STATUS_HOME_SET, channel=channel))
    return StepReport(False, turn.text(Text.STATUS_HOME_MISSING), suggestion=turn.text(Text.STATUS_TRY_SETUP))


async def goal(*, turn: Turn, since: datetime) -> StepReport:
    sent, _ = await welcomes.sent_since(turn.session, community_id=turn.community.id, since=since)
    details = (turn.text(Text.STATUS_WELCOMES, sent=sent),)
    if turn.community.goal:
        return StepReport(True, turn.text(Text.STATUS_GOAL_SET, goal=turn.community.goal), details)
    return StepReport(False, turn.text(Text.STATUS_GOAL_MISSING), details, turn.text(Text.STATUS_TRY_GOAL))


async def ambassadors(*, turn: Turn, since: datetime) -> StepReport:
    community_id = turn.community.id
    here = await present_ambassadors(turn)
    left = await roles.departed(
        turn.session, community_id=community_id, role=RoleName.AMBASSADOR, since=since
    )
    active = await members.posted_since(turn.session, community_id=community_id, member_ids=here, since=since)
    sent, greeted = await welcomes.sent_since(turn.session, community_id=community_id, since=since)
    if not here:
        heading = turn.text(Text.STATUS_AMBASSADORS_NONE)
    elif len(here) < THE_METHODS_AMBASSADORS:
        heading = turn.text(Text.STATUS_AMBASSADORS_FEW, members=mentions(here), count=len(here))
    else:
        heading = turn.text(Text.STATUS_AMBASSADORS_OK, members=mentions(here))
    details = []
    if here:
        details.append(turn.text(Text.STATUS_AMBASSADORS_POSTED, active=len(active)))
    if sent:
        details.append(turn.text(Text.STATUS_GREETED, greeted=greeted, sent=sent))
    if left:
        details.append(turn.text(Text.STATUS_AMBASSADORS_LEFT, members=mentions(left)))
    suggestion = None
    if len(here) < THE_METHODS_AMBASSADORS:
        suggestion = Text.STATUS_TRY_AMBASSADOR_ADD
    elif greeted * 2 < sent:
        suggestion = Text.STATUS_TRY_GREETING
    elif not active:
        suggestion = Text.STATUS_TRY_AMBASSADORS_POST
    return StepReport(
        suggestion is None, heading, tuple(details), turn.text(suggestion) if suggestion else None
    )


async def sharing(*, turn: Turn) -> StepReport:
    since = turn.now - SHARING_WINDOW
    posted, first = await members.activity_since(turn.session, community_id=turn.community.id, since=since)
    heading = (
        turn.plural(Text.STATUS_SHARING, posted, posted=posted)
        if posted
        else turn.text(Text.STATUS_SHARING_NONE)
    )
    details = (turn.text(Text.STATUS_FIRST_POSTS, first=first),) if first else ()
    return StepReport(posted >= SHARING_MEMBERS, heading, details, turn.text(Text.STATUS_TRY_SHARING))


async def content_plan(*, turn: Turn, since: datetime) -> StepReport:
    community_id = turn.community.id
    schedule = await schedules.find(turn.session, community_id=community_id, kind=COLUMN)
    if schedule is None:
        return StepReport(
            False, turn.text(Text.STATUS_COLUMN_MISSING), suggestion=turn.text(Text.STATUS_TRY_COLUMN)
        )
    experts = await rota.members(turn.session, community_id=community_id)
    heading = turn.text(
        Text.STATUS_COLUMN_SET,
        weekday=WEEKDAYS[turn.language][schedule.weekday],
        time=schedule.local_time,
        rota=mentions(experts) or "-",
    )
    weeks = await rota.recent_weeks(turn.session, community_id=community_id, before=turn.now, limit=4)
    written = sum(week.status == ColumnWeekStatus.POSTED for week in weeks)
    details = []
    if weeks:
        details.append(turn.text(Text.STATUS_COLUMNS_WRITTEN, written=written, slots=len(weeks)))
    prompts, answered = await watched.answered_since(
        turn.session, community_id=community_id, kind=WatchKind.PROMPT, since=since
    )
    if prompts:
        details.append(turn.text(Text.STATUS_PROMPTS, posted=prompts, answered=answered))
    if not experts:
        return StepReport(False, heading, tuple(details), turn.text(Text.STATUS_TRY_ROTA))
    working = written * 2 >= len(weeks)
    return StepReport(working, heading, tuple(details), turn.text(Text.STATUS_TRY_EXPERTS))


async def face_to_face(*, turn: Turn) -> StepReport:
    community_id = turn.community.id
    details = []
    schedule = await schedules.find(turn.session, community_id=community_id, kind=COFFEE)
    met = pairs = 0
    if schedule is None:
        details.append(turn.text(Text.STATUS_COFFEE_MISSING))
    else:
        taking_part = await coffee.participant_count(turn.session, community_id=community_id)
        weeks = schedule.every_weeks or 1
        details.append(turn.plural(Text.STATUS_COFFEE, weeks, weeks=weeks, count=taking_part))
        met, pairs = await coffee.last_round_met(turn.session, community_id=community_id)
        if pairs:
            details.append(turn.text(Text.STATUS_COFFEE_MET, met=met, pairs=pairs))
    planned = await meetups.upcoming(turn.session, community_id=community_id, now=turn.now)
    if planned:
        nearest = planned[0]
        cases = await meetups.cases(turn.session, meetup_id=nearest.id)
        moment = turn.when(nearest.starts_at)
        details.append(turn.text(Text.STATUS_MEETUP_NEXT, title=nearest.title, when=moment, cases=len(cases)))
    else:
        details.append(turn.text(Text.STATUS_MEETUP_NONE))
    heading = turn.text(Text.STATUS_FACE_TO_FACE)
    if schedule is None and not planned:
        return StepReport(False, heading, tuple(details), turn.text(Text.STATUS_TRY_FACE_TO_FACE))
    # One pair that did not meet says little; a whole round in which nobody met is worth a word.
    working = not (pairs >= 2 and met == 0)
    return StepReport(working, heading, tuple(details), turn.text(Text.STATUS_TRY_MEET))


async def patience(*, turn: Turn, since: datetime) -> StepReport:
    asked, helped = await watched.handed_over_since(turn.session, community_id=turn.community.id, since=since)
    heading = (
        turn.text(Text.STATUS_PATIENCE, asked=asked, helped=helped)
        if asked
        else turn.text(Text.STATUS_PATIENCE_NONE)
    )
    budget = await voice.budget(turn)
    said = budget.member_posts + budget.kindling_posts
    share = round(100 * budget.kindling_posts / said) if said else 0
    details = (turn.text(Text.STATUS_VOICE, share=share, budget=budget.share, held=budget.held_back),)
    working = not (asked >= 2 and helped == 0)
    return StepReport(working, heading, details, turn.text(Text.STATUS_TRY_PATIENCE))
