"""The Matrix adapter against the real Synapse: what the shared scenarios do not reach.

Polls (MSC3381 and stable responses, numbered replies, a multiple choice replaced whole, ended when closed),
buttons as keycap reactions with live counts as `m.replace` edits, one event per outbox key, direct chats
found again after a restart, a gap in the timeline filled, threads, images, commands in a direct chat a
member opened (answered with Matrix's own command prefix), and a pair's room.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from adapters.matrix.payloads import BUTTONS_FIELD, DIRECT_STATE, KEY_FIELD
from adapters.matrix.render import KEYCAPS, POLL_END_TYPE, POLL_START_TYPE
from bot.clock import ManualClock
from bot.events import CommandInvoked, MemberJoined, MessagePosted
from bot.features.configuration.roster import MemberSyncWorker
from bot.messages import Attachment, Direct, Message
from bot.storage.database import Database
from bot.storage.models import Member, OutboxMessage, PollTally, PollVote
from tests.matrix.client import Person
from tests.matrix.harness import MatrixHarness, running_adapter
from tests.matrix.synapse import Synapse
from tests.scenarios.welcome import GOAL

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


async def _timeline(person: Person) -> list[tuple[str, dict[str, Any]]]:
    """(room, event) for every timeline event in `person`'s next sync, accepting Kindling's invitations."""
    found: list[tuple[str, dict[str, Any]]] = []
    for _ in range(3):
        answer = await person.sync()
        rooms = answer.get("rooms", {})
        for room_id, joined in rooms.get("join", {}).items():
            found += [(room_id, e) for e in joined.get("timeline", {}).get("events", [])]
        invited = list(rooms.get("invite", {}))
        for room_id in invited:
            await person.join(room_id)
        if not invited:
            return found
    return found


def _from(adapter: MatrixHarness, events: list[tuple[str, dict[str, Any]]], kind: str) -> list[Any]:
    return [(r, e) for r, e in events if e["sender"] == adapter.bot.user_id and e["type"] == kind]


async def _member(adapter: MatrixHarness, name: str) -> Person:
    person = await adapter.person(name)
    await person.join(adapter.home)
    return person


async def _settle(adapter: MatrixHarness) -> None:
    await adapter.settle()


async def _votes(database: Database) -> list[tuple[str, int]]:
    async with database.transaction() as session:
        rows = await session.execute(sa.select(PollVote.member_id, PollVote.option))
        return sorted((member, option) for member, option in rows)


async def test_poll_is_an_msc3381_poll_and_every_kind_of_answer_counts(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob, cas, dan = [await _member(adapter, n) for n in ("bob", "cas", "dan")]
        await adapter.owner.say(adapter.home, '!kindling poll "Best day?" "Monday" "Friday"')
        await _settle(adapter)
        [(room, poll)] = _from(adapter, await _timeline(bob), POLL_START_TYPE)
        assert room == adapter.home
        start = poll["content"]["org.matrix.msc3381.poll.start"]
        assert start["question"]["org.matrix.msc1767.text"] == "Best day?"
        assert [a["org.matrix.msc1767.text"] for a in start["answers"]] == ["Monday", "Friday"]
        assert start["max_selections"] == 1
        assert [a["m.text"][0]["body"] for a in poll["content"]["m.poll"]["answers"]] == ["Monday", "Friday"]
        assert "1. Monday\n2. Friday" in poll["content"]["body"]  # the text fallback

        reference = {"rel_type": "m.reference", "event_id": poll["event_id"]}
        await bob.send(
            room,
            "org.matrix.msc3381.poll.response",
            {"m.relates_to": reference, "org.matrix.msc3381.poll.response": {"answers": ["1"]}},
        )
        await cas.send(room, "m.poll.response", {"m.relates_to": reference, "m.selections": ["0"]})
        await dan.say(room, "2", **{"m.relates_to": {"m.in_reply_to": {"event_id": poll["event_id"]}}})
        await _settle(adapter)
        assert await _votes(database) == sorted([(bob.user_id, 1), (cas.user_id, 0), (dan.user_id, 1)])

        await bob.send(
            room,
            "org.matrix.msc3381.poll.response",
            {"m.relates_to": reference, "org.matrix.msc3381.poll.response": {"answers": ["0"]}},
        )
        await _settle(adapter)
        assert await _votes(database) == sorted([(bob.user_id, 0), (cas.user_id, 0), (dan.user_id, 1)])
        assert adapter.recorder.errors == []


async def test_closing_a_poll_ends_it_for_clients_with_its_result(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob, cas = await _member(adapter, "bob"), await _member(adapter, "cas")
        await adapter.owner.say(adapter.home, '!kindling poll "Best day?" "Monday" "Friday"')
        await _settle(adapter)
        [(room, poll)] = _from(adapter, await _timeline(bob), POLL_START_TYPE)
        reference = {"rel_type": "m.reference", "event_id": poll["event_id"]}
        for voter in (bob, cas):
            await voter.send(room, "m.poll.response", {"m.relates_to": reference, "m.selections": ["1"]})
        await _settle(adapter)
        await adapter.owner.say(adapter.home, "!kindling poll close 1")
        await _settle(adapter)
        seen = await _timeline(bob)
        [(_, end)] = _from(adapter, seen, POLL_END_TYPE)
        assert end["content"]["m.relates_to"] == reference and end["content"]["m.mentions"] == {}
        assert "Friday: 2" in end["content"]["org.matrix.msc1767.text"]
        # The ended poll shows its result in every client: no second post of it in the room.
        assert [e for r, e in _from(adapter, seen, "m.room.message") if r == room] == []

        # An answer sent after the end (a client that missed it) is not counted; Kindling says so once.
        for _ in range(2):
            await bob.send(room, "m.poll.response", {"m.relates_to": reference, "m.selections": ["0"]})
        await _settle(adapter)
        assert await _votes(database) == sorted([(bob.user_id, 1), (cas.user_id, 1)])
        late = [e for r, e in _from(adapter, await _timeline(bob), "m.room.message") if r != room]
        assert ["has closed" in e["content"]["body"] for e in late] == [True]


async def test_a_multiple_choice_response_replaces_the_members_selection(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        await adapter.owner.say(adapter.home, '!kindling poll --multiple "Snacks?" "Tea" "Cake" "Fruit"')
        await _settle(adapter)
        [(room, poll)] = _from(adapter, await _timeline(bob), POLL_START_TYPE)
        assert poll["content"]["org.matrix.msc3381.poll.start"]["max_selections"] == 3
        reference = {"rel_type": "m.reference", "event_id": poll["event_id"]}
        for answers in (["0", "1"], ["1", "2"]):
            await bob.send(
                room,
                "org.matrix.msc3381.poll.response",
                {"m.relates_to": reference, "org.matrix.msc3381.poll.response": {"answers": answers}},
            )
        await _settle(adapter)
        assert await _votes(database) == [(bob.user_id, 1), (bob.user_id, 2)]


async def test_buttons_are_keycap_reactions_and_live_counts_are_edits(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """An anonymous poll has no native form: buttons, pressed by reacting, its count kept up by edits."""
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        await adapter.owner.say(adapter.home, '!kindling poll --anonymous "Honestly?" "Fine" "Tired"')
        await _settle(adapter)
        seen = await _timeline(bob)
        [(room, post)] = [(r, e) for r, e in _from(adapter, seen, "m.room.message") if r == adapter.home]
        buttons = post["content"][BUTTONS_FIELD]
        assert [b["label"] for b in buttons] == ["Fine", "Tired"]
        assert "1️⃣ Fine\n2️⃣ Tired" in post["content"]["body"]
        offered = [e["content"]["m.relates_to"]["key"] for _, e in _from(adapter, seen, "m.reaction")]
        assert offered == list(KEYCAPS[:2])  # Kindling's own reactions: a click away for members

        # Kindling may remove what members post in the room (moderator): a press is then counted privately.
        levels = await adapter.owner.state(room, "m.room.power_levels")
        levels["users"][adapter.bot.user_id] = 50
        await adapter.owner.set_state(room, "m.room.power_levels", levels)
        pressed = await bob.react(room, post["event_id"], KEYCAPS[1])
        await _settle(adapter)
        redacted = await bob.call("GET", f"/rooms/{room}/event/{pressed}")
        assert redacted["content"] == {} and "redacted_because" in redacted["unsigned"]
        after = await _timeline(bob)
        [(_, answer)] = [(r, e) for r, e in _from(adapter, after, "m.room.message") if r != adapter.home]
        assert "Tired" in answer["content"]["body"] and answer["content"][KEY_FIELD].startswith("once:")
        [(_, edit)] = [(r, e) for r, e in _from(adapter, after, "m.room.message") if r == adapter.home]
        assert edit["content"]["m.relates_to"] == {"rel_type": "m.replace", "event_id": post["event_id"]}
        assert "1" in edit["content"]["m.new_content"]["body"]
        async with database.transaction() as session:
            assert await session.scalar(sa.select(PollTally.count).where(PollTally.option == 1)) == 1


async def test_a_retried_send_posts_once_and_is_found_by_its_key(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        await _settle(adapter)
        message = Message("Welcome, once.")
        key = f"welcome:test:{secrets.token_hex(4)}"
        first = await adapter.platform.send_direct(
            community_id=adapter.home, member_id=bob.user_id, message=message, key=key
        )
        again = await adapter.platform.send_direct(
            community_id=adapter.home, member_id=bob.user_id, message=message, key=key
        )
        assert again == first
        sent = [e for _, e in _from(adapter, await _timeline(bob), "m.room.message")]
        assert [e["content"][KEY_FIELD] for e in sent].count(key) == 1
        found = await adapter.platform.find_delivered(
            community_id=adapter.home, destination=Direct(bob.user_id), key=key
        )
        assert found == first
        missing = await adapter.platform.find_delivered(
            community_id=adapter.home, destination=Direct(bob.user_id), key="never-sent"
        )
        assert missing is None


async def test_a_restarted_adapter_finds_the_direct_chat_without_m_direct(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """As if Kindling died right after creating the room: `m.direct` never written, memory gone."""
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        await _settle(adapter)
        first = await adapter.platform.send_direct(
            community_id=adapter.home, member_id=bob.user_id, message=Message("one"), key="k1"
        )
        await adapter.api.set_account_data("m.direct", {})
        await adapter.restart()
        second = await adapter.platform.send_direct(
            community_id=adapter.home, member_id=bob.user_id, message=Message("two"), key="k2"
        )
        assert second.channel_id == first.channel_id
        invites = [r for r, _ in _from(adapter, await _timeline(bob), DIRECT_STATE)]
        assert invites == [first.channel_id]


async def test_joins_while_down_are_handled_after_a_restart_even_across_a_gap(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """Six joins while Kindling is down, with timelines cut to three events: `/messages` fills the gap."""
    async with running_adapter(synapse, database=database, clock=clock, timeline_limit=3) as adapter:
        await adapter.stop()
        people = [await adapter.person(f"late{n}") for n in range(6)]
        for person in people:
            await person.join(adapter.home)
        await adapter.restart()
        await adapter.fence()
        joined = [e.member.external_id for e in adapter.recorder.events if isinstance(e, MemberJoined)]
        assert joined == [p.user_id for p in people]


async def test_threads_questions_and_images(synapse: Synapse, database: Database, clock: ManualClock) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        await _settle(adapter)
        root = await adapter.platform.post_in_channel(
            community_id=adapter.home,
            channel_id=adapter.home,
            thread_id=None,
            message=Message("Column"),
            key="c",
        )
        reply = await adapter.platform.post_in_channel(
            community_id=adapter.home,
            channel_id=adapter.home,
            thread_id=root.message_id,
            message=Message("In the thread", attachments=(Attachment.of("pulse.png", "image/png", PNG),)),
            key="t",
        )
        await bob.say(adapter.home, "Anyone tried this?")
        await bob.say(
            adapter.home,
            "Yes, last week",
            **{"m.relates_to": {"rel_type": "m.thread", "event_id": root.message_id}},
        )
        await adapter.fence()
        posted = [e for e in adapter.recorder.events if isinstance(e, MessagePosted)]
        assert [(p.thread_id, p.looks_like_question) for p in posted] == [
            (None, True),
            (root.message_id, False),
        ]
        seen = dict((e["event_id"], e) for _, e in _from(adapter, await _timeline(bob), "m.room.message"))
        assert seen[str(reply.message_id)]["content"]["m.relates_to"]["rel_type"] == "m.thread"
        [image] = [e for e in seen.values() if e["content"].get("msgtype") == "m.image"]
        assert image["content"]["url"].startswith("mxc://")
        assert image["content"]["info"] == {"mimetype": "image/png", "size": len(PNG)}
        assert image["content"]["m.relates_to"]["event_id"] == root.message_id


async def test_commands_in_a_direct_chat_the_member_opened(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob = await _member(adapter, "bob")
        direct = await bob.create_room("", public=False, is_direct=True, invite=[adapter.bot.user_id])
        await _settle(adapter)
        await bob.say(direct, "!kindling goal")
        await _settle(adapter)
        command = [e for e in adapter.recorder.events if isinstance(e, CommandInvoked)][-1]
        assert command.community.external_id == adapter.home and command.channel_id == adapter.home
        answers = [(r, e) for r, e in _from(adapter, await _timeline(bob), "m.room.message") if r == direct]
        [(_, answer)] = answers
        # The answer goes to the member's direct chat, naming the command as it is written on Matrix.
        assert "No goal yet" in answer["content"]["body"] and "!kindling goal" in answer["content"]["body"]
        assert "/kindling" not in answer["content"]["body"]


async def test_a_pair_gets_one_room_of_its_own(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        bob, cas = await _member(adapter, "bob"), await _member(adapter, "cas")
        await _settle(adapter)
        pair = (bob.user_id, cas.user_id)
        first = await adapter.platform.send_group(
            community_id=adapter.home, member_ids=pair, message=Message("Coffee?"), key="pair:1"
        )
        second = await adapter.platform.send_group(
            community_id=adapter.home, member_ids=pair[::-1], message=Message("Still on?"), key="pair:2"
        )
        assert second.channel_id == first.channel_id
        for person in (bob, cas):
            rooms = {r for r, _ in _from(adapter, await _timeline(person), "m.room.message")}
            assert rooms == {first.channel_id}


async def test_a_member_who_blocks_invitations_is_welcomed_in_the_room(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """The homeserver refuses Kindling's invitation to a direct chat (`m.invite_permission_config`): the
    welcome goes to the community room instead, mentioning the newcomer; no dead-letter notice follows."""
    async with running_adapter(synapse, database=database, clock=clock) as adapter:
        await adapter.owner.say(adapter.home, f"!kindling goal {GOAL}")
        await _settle(adapter)
        bob = await adapter.person("bob")
        config = f"/user/{quote(bob.user_id)}/account_data/m.invite_permission_config"
        await bob.call("PUT", config, {"default_action": "block"})
        await bob.join(adapter.home)
        await _settle(adapter)
        await adapter.deliver()  # the refused welcome is handed to the welcome feature, which posts instead
        seen = await _timeline(bob)
        posted = [e for r, e in _from(adapter, seen, "m.room.message") if r == adapter.home]
        assert [GOAL in e["content"]["body"] for e in posted] == [True]
        assert posted[0]["content"]["m.mentions"] == {"user_ids": [bob.user_id]}
        assert [r for r, _ in _from(adapter, seen, "m.room.message") if r != adapter.home] == []
        async with database.transaction() as session:
            rows = await session.execute(sa.select(OutboxMessage.key, OutboxMessage.status))
            by_key = {key: status for key, status in rows}
        # The refused direct message is given up on at once, and handled: no dead-letter notice about it.
        assert [key for key, status in by_key.items() if status == "dead"] == [
            key for key in by_key if key.endswith(":newcomer")
        ]
        assert not [key for key in by_key if key.startswith("deadletter:")]


async def test_setup_notes_who_was_already_in_the_room(
    synapse: Synapse, database: Database, clock: ManualClock
) -> None:
    """Joining a living community: `!kindling setup` asks for the room's members, the member-list worker
    notes them as here before Kindling (never newcomers), and whoever asked hears how many."""
    async with running_adapter(
        synapse, database=database, clock=clock, already_there=("ann", "amy")
    ) as adapter:
        worker = MemberSyncWorker(
            turns=adapter.core.turns,
            platform_name="matrix",
            lister=adapter.platform,
            clock=clock,
            wakeup=adapter.core.wakeup,
        )
        await worker.run_until_idle()
        await adapter.deliver()
        async with database.transaction() as session:
            noted = {row.member_id: row.before_kindling for row in await session.scalars(sa.select(Member))}
        ann, amy = adapter.people["ann"].user_id, adapter.people["amy"].user_id
        assert noted[ann] and noted[amy] and adapter.bot.user_id not in noted
        told = [
            e["content"]["body"] for r, e in _from(adapter, await _timeline(adapter.owner), "m.room.message")
        ]
        assert any("were here before Kindling" in body for body in told)
