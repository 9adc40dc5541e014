"""What the core decides from a platform's capabilities beyond Slack's and Discord's shapes (a third platform,
Matrix, needed these): commands written with the platform's own prefix, a native poll ended on the platform
when Kindling closes it, and a native poll's answer that is the member's whole choice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa

from adapters.matrix.capabilities import CAPABILITIES as MATRIX
from bot.clock import ManualClock
from bot.events import ButtonClicked, CommandInvoked, CommunityRef, Person, PollChosen
from bot.features.polls.service import VOTE_ACTION
from bot.i18n import Text, translate_plural
from bot.messages import Destination, Direct, Edit, Message, destination_from_json, message_from_json
from bot.port import Delivered
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Community, DirectDay, OutboxMessage, PollVote
from bot.turn import Turn
from kindling_cli.wiring import Core
from tests.support.core import test_core

HOME = "!home:kindling.test"
MATRIX_HOME = CommunityRef("matrix", HOME, "home")
DISCORD_HOME = CommunityRef("discord", "1", "home")
ANN = Person("@ann:kindling.test", "Ann")
BOB = Person("@bob:kindling.test", "Bob")


def _settings(database: Database) -> Settings:
    return Settings(database_url=database.url)


def _turn(prefix: str) -> Turn:
    capabilities = replace(MATRIX, command_prefix=prefix)
    community = Community(language="en", timezone="UTC")
    return Turn(
        session=cast(Any, None), community=community, now=datetime.now(UTC), capabilities=capabilities
    )


def test_catalog_commands_take_the_platforms_prefix_and_members_text_does_not() -> None:
    matrix = _turn("!kindling")
    assert matrix.text(Text.GOAL_NOT_SET) == (
        "No goal yet. An organiser sets it with !kindling goal <at most two sentences>."
    )
    # A member's words are theirs: a "/kindling" they wrote stays as they wrote it.
    assert "'/kindling'" in matrix.text(Text.UNKNOWN_COMMAND, command="/kindling")
    assert "!kindling help" in matrix.text(Text.UNKNOWN_COMMAND, command="/kindling")
    assert "!kindling ambassador add" in matrix.template(Text.PULSE_CANDIDATES)
    assert matrix.command("goal") == "!kindling goal"
    slack = _turn("/kindling")
    assert "/kindling goal" in slack.text(Text.GOAL_NOT_SET)


def test_a_plural_text_keeps_a_members_words_too() -> None:
    values = {"total": 1, "lines": "/kindling tip: 1"}
    written = _turn("!kindling").plural(Text.POLL_CLOSED_INLINE, 1, **values)
    assert written == translate_plural("en", Text.POLL_CLOSED_INLINE, 1, **values)


async def _outbox(database: Database) -> list[tuple[str, Destination, Message]]:
    async with database.transaction() as session:
        rows = await session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
        return [(r.key, destination_from_json(r.destination), message_from_json(r.message)) for r in rows]


async def _command(core: Core, community: CommunityRef, who: Person, text: str) -> None:
    await core.kindling.handle(
        CommandInvoked(community, who, channel_id=community.external_id, text=text, invoker_is_admin=True)
    )


async def test_help_and_usage_name_commands_as_members_write_them_there(
    database: Database, clock: ManualClock
) -> None:
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, "help goal")
    await _command(core, MATRIX_HOME, ANN, "ambassador add")
    [(_, help_to, help_text), (_, _, usage)] = await _outbox(database)
    assert help_to == Direct(ANN.external_id)  # no ephemeral answers on Matrix: a direct message
    assert "!kindling goal" in help_text.text and "/kindling" not in help_text.text
    assert "!kindling ambassador add" in usage.text and "/kindling" not in usage.text


class PollPlatform:
    """The far side of the port for a platform with native polls that Kindling can end."""

    capabilities = MATRIX

    def __init__(self) -> None:
        self.posted: list[tuple[str, Message]] = []
        self.ended: list[tuple[str, str, str, str]] = []

    async def send_direct(
        self, *, community_id: str, member_id: str, message: Message, key: str
    ) -> Delivered:
        return Delivered(channel_id=f"dm-{member_id}", message_id=f"${key}")

    async def post_in_channel(
        self, *, community_id: str, channel_id: str, thread_id: str | None, message: Message, key: str
    ) -> Delivered:
        self.posted.append((channel_id, message))
        return Delivered(channel_id=channel_id, message_id=f"$poll-{len(self.posted)}")

    async def reply_privately(self, **_: Any) -> Delivered:
        raise AssertionError("the core sends no ephemeral answers where the platform has none")

    async def close_poll(
        self, *, community_id: str, channel_id: str, message_id: str, message: Message, key: str
    ) -> Delivered:
        self.ended.append((channel_id, message_id, message.text, key))
        return Delivered(channel_id=channel_id, message_id=message_id)


async def test_closing_a_native_poll_ends_it_on_the_platform_after_it_is_out(
    database: Database, clock: ManualClock
) -> None:
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, 'poll "Best day?" "Monday" "Friday"')
    platform = PollPlatform()
    worker = core.worker(_settings(database), platform_name="matrix", chat=platform)
    await worker.run_until_idle()
    for voter in (ANN, BOB):
        await core.kindling.handle(PollChosen(MATRIX_HOME, voter, "$poll-1", (1,)))
    await _command(core, MATRIX_HOME, ANN, "poll close 1")
    await worker.run_until_idle()
    [(channel, poll_id, text, key)] = platform.ended
    assert (channel, poll_id, key) == (HOME, "$poll-1", "poll:1:end")
    assert "2 members voted" in text and "Friday: 2" in text
    # The ended poll shows its result in every client: no second post of it.
    assert [m.text for _, m in platform.posted if "Best day?" in m.text and m.poll is None] == []


async def test_a_quiet_native_poll_is_ended_quietly(database: Database, clock: ManualClock) -> None:
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, 'poll "Best day?" "Monday" "Friday"')
    await _command(core, MATRIX_HOME, ANN, "poll close 1")
    platform = PollPlatform()
    await core.worker(_settings(database), platform_name="matrix", chat=platform).run_until_idle()
    assert [text for _, _, text, _ in platform.ended] == ["Closed."]


async def test_where_polls_cannot_be_ended_nothing_is_queued_for_it(
    database: Database, clock: ManualClock
) -> None:
    core = test_core(database, clock)
    await _command(core, DISCORD_HOME, Person("7", "ann"), 'poll "Best day?" "Monday" "Friday"')
    await _command(core, DISCORD_HOME, Person("7", "ann"), "poll close 1")
    assert [key for key, to, _ in await _outbox(database) if isinstance(to, Edit)] == []


async def _votes(database: Database) -> list[tuple[str, int]]:
    async with database.transaction() as session:
        rows = await session.execute(sa.select(PollVote.member_id, PollVote.option).order_by(PollVote.option))
        return [(member, option) for member, option in rows]


async def test_a_whole_choice_replaces_the_members_votes(database: Database, clock: ManualClock) -> None:
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, 'poll --multiple "Snacks?" "Tea" "Cake" "Fruit"')
    await _command(core, MATRIX_HOME, ANN, 'poll "Day?" "Monday" "Friday"')
    platform = PollPlatform()
    await core.worker(_settings(database), platform_name="matrix", chat=platform).run_until_idle()
    multiple, single = "$poll-1", "$poll-2"

    async def choose(message_id: str, *options: int) -> None:
        await core.kindling.handle(PollChosen(MATRIX_HOME, BOB, message_id, options))

    await choose(multiple, 0, 1)
    await choose(multiple, 1, 2, 2, 9)  # a repeat and an option the poll does not have count for nothing
    assert await _votes(database) == [(BOB.external_id, 1), (BOB.external_id, 2)]
    await choose(multiple)
    assert await _votes(database) == []
    await choose(single, 1, 0)  # a single-choice poll takes the first
    assert await _votes(database) == [(BOB.external_id, 1)]


async def test_a_choice_on_a_closed_poll_is_answered_once_by_direct_message(
    database: Database, clock: ManualClock
) -> None:
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, 'poll "Day?" "Monday" "Friday"')
    await core.worker(_settings(database), platform_name="matrix", chat=PollPlatform()).run_until_idle()
    await _command(core, MATRIX_HOME, ANN, "poll close 1")
    for _ in range(2):  # the platform sends the same answer again: one reply
        await core.kindling.handle(PollChosen(MATRIX_HOME, BOB, "$poll-1", (0,)))
    late = [m.text for _, to, m in await _outbox(database) if to == Direct(BOB.external_id)]
    assert late == ['The poll "Day?" has closed, so your vote was not counted.']
    assert await _votes(database) == []


async def test_answers_by_direct_message_are_not_unasked_messages(
    database: Database, clock: ManualClock
) -> None:
    """Without ephemeral replies the answer to a command or a click is a DM; it answers, so it does not use
    up the member's room for unasked DMs."""
    core = test_core(database, clock)
    await _command(core, MATRIX_HOME, ANN, 'poll --anonymous "Honestly?" "Fine" "Tired"')
    await core.kindling.handle(
        ButtonClicked(MATRIX_HOME, BOB, action_id=VOTE_ACTION, value="1:0", channel_id=HOME)
    )
    answers = [to for _, to, _ in await _outbox(database) if isinstance(to, Direct)]
    assert answers == [Direct(ANN.external_id), Direct(BOB.external_id)]
    async with database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(DirectDay)) == 0
