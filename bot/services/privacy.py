"""A member's data belongs to them: export everything Kindling keeps about them in one community, or
forget it. A member may ask for their own; organisers may ask for anyone's. Every table is covered."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Text
from bot.messages import Direct, Group, Message, Private, destination_from_json
from bot.services.turn import Turn
from bot.storage.models import (
    CoffeeCheckin,
    CoffeeMember,
    CoffeePair,
    ColumnWeek,
    Idea,
    Meetup,
    MeetupCase,
    MeetupRsvp,
    Member,
    MemberActiveDay,
    OutboxMessage,
    Poll,
    PollVote,
    Prompt,
    Role,
    RotaEntry,
    SlotClaim,
    Tip,
    TipVote,
    WatchedPost,
    Welcome,
)

CHUNK = 1800  # under every platform's message limit
FORGOTTEN = "forgotten"


async def export(*, turn: Turn, member_id: str, requester_id: str) -> Message:
    data = await collect(turn.session, community_id=turn.community.id, member_id=member_id)
    text = json.dumps(data, ensure_ascii=False, indent=1, default=_json_default)
    parts = [text[start : start + CHUNK] for start in range(0, len(text), CHUNK)] or ["{}"]
    stamp = turn.now.isoformat()
    for number, part in enumerate(parts, start=1):
        await turn.send(
            key=f"privacy:{turn.community.id}:{member_id}:{stamp}:{number}",
            to=Direct(requester_id),
            message=Message(f"({number}/{len(parts)})\n{part}"),
        )
    return Message(turn.text(Text.PRIVACY_EXPORTED, member=member_id, parts=len(parts)))


async def collect(session: AsyncSession, *, community_id: int, member_id: str) -> dict[str, Any]:
    def rows(model: Any, *conditions: Any) -> sa.Select[Any]:
        return sa.select(model).where(model.community_id == community_id, *conditions)

    async def dump(query: sa.Select[Any], *fields: str) -> list[dict[str, Any]]:
        return [{field: getattr(row, field) for field in fields} for row in await session.scalars(query)]

    member_pairs = [
        pair for pair in await session.scalars(rows(CoffeePair)) if member_id in pair.members.split(",")
    ]
    votes = await session.execute(
        sa.select(Poll.question, Poll.options, PollVote.option, PollVote.voted_at)
        .join(Poll, Poll.id == PollVote.poll_id)
        .where(Poll.community_id == community_id, PollVote.member_external_id == member_id)
    )
    return {
        "member": await dump(
            rows(Member, Member.external_id == member_id),
            "external_id",
            "display_name",
            "joined_at",
            "first_post_at",
            "last_post_at",
            "post_count",
            "left_at",
        ),
        "active_days": [
            row.day.isoformat()
            for row in await session.scalars(
                rows(MemberActiveDay, MemberActiveDay.member_external_id == member_id).order_by(
                    MemberActiveDay.day
                )
            )
        ],
        "roles": await dump(
            rows(Role, Role.member_external_id == member_id), "role", "granted_at", "granted_by"
        ),
        "welcomes": await dump(
            rows(
                Welcome,
                sa.or_(
                    Welcome.member_external_id == member_id,
                    Welcome.greeted_by == member_id,
                    Welcome.ambassador_external_id == member_id,
                ),
            ),
            "member_external_id",
            "status",
            "ambassador_external_id",
            "created_at",
            "greeted_at",
            "greeted_by",
        ),
        "column_rota": await dump(
            rows(RotaEntry, RotaEntry.member_external_id == member_id), "position", "added_at"
        ),
        "column_weeks": await dump(
            rows(ColumnWeek, ColumnWeek.expert_external_id == member_id), "slot_at", "topic", "status"
        ),
        "prompts": await dump(rows(Prompt, Prompt.created_by == member_id), "text", "created_at"),
        "polls_started": await dump(
            rows(Poll, Poll.created_by == member_id), "question", "options", "created_at"
        ),
        "poll_votes": [
            {"question": question, "vote": json.loads(options)[option], "voted_at": voted_at}
            for question, options, option, voted_at in votes
        ],
        "questions_watched": await dump(
            rows(WatchedPost, WatchedPost.author_external_id == member_id),
            "channel_id",
            "posted_at",
            "replies",
        ),
        "coffee": await dump(
            rows(CoffeeMember, CoffeeMember.member_external_id == member_id), "joined_at", "skip_until"
        ),
        "coffee_pairs": [{"members": pair.members.split(",")} for pair in member_pairs],
        "coffee_checkins": await dump(
            sa.select(CoffeeCheckin).where(
                CoffeeCheckin.pair_id.in_([pair.id for pair in member_pairs]),
                CoffeeCheckin.member_external_id == member_id,
            ),
            "met",
            "answered_at",
        ),
        "meetup_cases": await dump(
            rows(MeetupCase, MeetupCase.author_external_id == member_id), "text", "created_at"
        ),
        "meetup_answers": [
            {"meetup": title, "answer": answer, "answered_at": answered_at}
            for title, answer, answered_at in await session.execute(
                sa.select(Meetup.title, MeetupRsvp.answer, MeetupRsvp.answered_at)
                .join(Meetup, Meetup.id == MeetupRsvp.meetup_id)
                .where(Meetup.community_id == community_id, MeetupRsvp.member_external_id == member_id)
            )
        ],
        "meetups_planned": await dump(rows(Meetup, Meetup.created_by == member_id), "title", "starts_at"),
        "tips": await dump(
            rows(Tip, sa.or_(Tip.author_external_id == member_id, Tip.saved_by == member_id)),
            "text",
            "created_at",
        ),
        "ideas": await dump(rows(Idea, Idea.author_external_id == member_id), "text", "status", "created_at"),
        "scheduled_for_them": await dump(
            rows(SlotClaim, SlotClaim.subject == member_id), "kind", "slot_at", "outcome"
        ),
        "messages_to_them": [
            {"text": json.loads(row.message)["text"], "created_at": row.created_at, "status": row.status}
            for row in await session.scalars(rows(OutboxMessage))
            if _addressed_to(row.destination, member_id)
        ],
    }


async def forget(*, turn: Turn, member_id: str) -> Message:
    session, community_id = turn.session, turn.community.id
    for model, column in (
        (MemberActiveDay, MemberActiveDay.member_external_id),
        (Role, Role.member_external_id),
        (RotaEntry, RotaEntry.member_external_id),
        (Prompt, Prompt.created_by),
        (WatchedPost, WatchedPost.author_external_id),
        (CoffeeMember, CoffeeMember.member_external_id),
        (SlotClaim, SlotClaim.subject),
        (MeetupCase, MeetupCase.author_external_id),
        (Tip, Tip.author_external_id),
        (Idea, Idea.author_external_id),
        (Welcome, Welcome.member_external_id),
        (Member, Member.external_id),
    ):
        await session.execute(sa.delete(model).where(model.community_id == community_id, column == member_id))
    # Rows that are the community's, not the member's, keep existing but no longer name them.
    for column, replacement in (
        (Welcome.greeted_by, FORGOTTEN),
        (Welcome.ambassador_external_id, FORGOTTEN),
        (ColumnWeek.expert_external_id, None),
        (Poll.created_by, None),
        (Meetup.created_by, None),
        (Tip.saved_by, FORGOTTEN),
    ):
        table = column.class_
        await session.execute(
            sa.update(table)
            .where(table.community_id == community_id, column == member_id)
            .values({column.key: replacement})
        )
    meetup_ids = sa.select(Meetup.id).where(Meetup.community_id == community_id).scalar_subquery()
    await session.execute(
        sa.delete(MeetupRsvp).where(
            MeetupRsvp.meetup_id.in_(meetup_ids), MeetupRsvp.member_external_id == member_id
        )
    )
    tip_ids = sa.select(Tip.id).where(Tip.community_id == community_id).scalar_subquery()
    await session.execute(
        sa.delete(TipVote).where(TipVote.tip_id.in_(tip_ids), TipVote.member_external_id == member_id)
    )
    polls = sa.select(Poll.id).where(Poll.community_id == community_id).scalar_subquery()
    await session.execute(
        sa.delete(PollVote).where(PollVote.poll_id.in_(polls), PollVote.member_external_id == member_id)
    )
    for pair in await session.scalars(sa.select(CoffeePair).where(CoffeePair.community_id == community_id)):
        people = pair.members.split(",")
        if member_id in people:
            await session.execute(
                sa.delete(CoffeeCheckin).where(
                    CoffeeCheckin.pair_id == pair.id, CoffeeCheckin.member_external_id == member_id
                )
            )
            pair.members = ",".join(FORGOTTEN if person == member_id else person for person in people)
    for row in await session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.community_id == community_id)
    ):
        if _addressed_to(row.destination, member_id):
            await session.delete(row)
    return Message(turn.text(Text.PRIVACY_FORGOTTEN, member=member_id))


def _addressed_to(raw: str, member_id: str) -> bool:
    match destination_from_json(raw):
        case Direct(member_id=to) | Private(member_id=to):
            return to == member_id
        case Group(member_ids=group):
            return member_id in group
        case _:
            return False


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
