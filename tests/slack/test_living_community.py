"""Kindling added to a Slack workspace whose home channel already has members, on the fake Slack:
`/kindling setup` notes the channel's members (with progress in a large one), a newcomer Kindling cannot
DM is welcomed in the home channel, and the organisers hear of that once."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from bot.features.configuration.roster import LEASE, MAX_ATTEMPTS, MemberSyncWorker
from bot.storage import member_syncs
from bot.storage.models import Member
from tests.fakes.slack_api import FakeSlackApi
from tests.scenarios.welcome import GOAL
from tests.slack.harness import HOME, SlackCommunity, SlackHarness

#: Over Slack's page of 1,000, so both listings turn a page, and over the progress milestone.
CHANNEL_SIZE = 1500


async def _rows(harness: SlackHarness) -> dict[str, Member]:
    async with harness.database.transaction() as session:
        return {row.member_id: row for row in await session.scalars(sa.select(Member))}


async def test_setup_notes_the_home_channels_members_with_progress_in_a_large_one(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    owner = community.user_id("owner")
    slack.set_user(owner, name="owner", display_name="owner", is_owner=True)
    others = [f"U0M{number:05d}" for number in range(CHANNEL_SIZE - 3)]
    slack.set_user("U0ROBOT", name="robot", is_bot=True)
    slack.set_user("U0GONE", name="gone", deleted=True)
    slack.set_channel_members(HOME, [owner, *others, "U0ROBOT", "U0GONE"])
    await community.command("owner", "setup")
    [answer] = await community.settle()
    assert "noting who is already here" in answer.text

    worker = MemberSyncWorker(
        turns=http.core.turns,
        platform_name="slack",
        lister=http.runtime.platform,
        clock=http.clock,
        wakeup=http.core.wakeup,
        page=400,
    )
    await worker.run_until_idle()
    told = [d.text for d in await community.settle() if d.kind == "dm" and d.to == "owner"]
    humans = CHANNEL_SIZE - 2  # not the bot, not the deactivated account
    progress, done = told  # one progress message (at 1,000 noted), then the outcome
    so_far = int(re.findall(r"([\d,]+) members so far", progress)[0].replace(",", ""))
    assert 1000 <= so_far < humans
    assert done == (
        f"Done: {humans:,} members were here before Kindling. They get no newcomer's welcome, and the "
        "pulse, /kindling newcomers and the ambassador suggestions count them as existing members."
    )
    rows = await _rows(http)
    assert sum(row.before_kindling and not row.is_bot for row in rows.values()) == humans
    assert rows["U0ROBOT"].is_bot and "U0GONE" not in rows
    assert len(slack.calls_to("conversations.members")) == 2 and len(slack.calls_to("users.list")) == 2
    # The request is done: another run finds nothing to do and says nothing.
    await worker.run_until_idle()
    assert [d for d in await community.settle() if d.kind == "dm"] == []


async def test_a_newcomer_kindling_cannot_dm_is_welcomed_in_the_home_channel_organisers_told_once(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    await community.start()
    await community.command("owner", f"goal {GOAL}")
    await community.settle()
    delivered = []
    for name in ("nia", "noor"):
        slack.fail_next("conversations.open", 200, error="user_not_visible")  # the newcomer's DM
        await community.join(name)
        delivered += await community.settle()
    for name in ("nia", "noor"):
        [welcome] = [d for d in delivered if d.kind == "channel" and f"@{name}" in d.text]
        assert welcome.to == "home" and GOAL in welcome.text
    notices = [d for d in delivered if d.kind == "dm" and "does not accept direct messages" in d.text]
    assert [(d.to, "@nia" in d.text) for d in notices] == [("owner", True)]
    assert not [d for d in delivered if "could not deliver" in d.text]


def _worker(harness: SlackHarness) -> MemberSyncWorker:
    return MemberSyncWorker(
        turns=harness.core.turns,
        platform_name="slack",
        lister=harness.runtime.platform,
        clock=harness.clock,
        wakeup=harness.core.wakeup,
    )


async def test_a_list_slack_refuses_is_tried_again_later_then_given_up_on_with_word_to_who_asked(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    await community.start()  # #home's members were never set: conversations.members says channel_not_found
    worker = _worker(http)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await worker.run_until_idle()
        assert len(slack.calls_to("conversations.members", include_faulted=True)) == attempt
        await worker.run_until_idle()  # not again before its retry time
        assert len(slack.calls_to("conversations.members", include_faulted=True)) == attempt
        http.clock.advance(timedelta(hours=1))
    await worker.run_until_idle()  # given up: not tried a sixth time
    assert len(slack.calls_to("conversations.members", include_faulted=True)) == MAX_ATTEMPTS
    [told] = [d for d in await community.settle() if d.kind == "dm" and d.to == "owner"]
    assert (
        told.text.startswith("Kindling could not list the members already here")
        and "(Slack: channel_not_found)" in told.text
    )


async def test_a_second_lease_waits_for_the_first_and_takes_over_after_a_crash(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    slack.set_channel_members(HOME, [community.user_id("owner"), "U0ANN"])
    await community.start()
    async with http.database.transaction() as session:
        first = await member_syncs.claim_next(
            session, platform="slack", now=http.clock.now(), lease=LEASE, skip_locked=False
        )
    assert first is not None  # a worker took it, then its process died before it finished
    other = _worker(http)
    await other.run_until_idle()
    assert slack.calls_to("conversations.members") == []  # the lease still runs
    http.clock.advance(LEASE)
    await other.run_until_idle()
    [done] = [d.text for d in await community.settle() if d.kind == "dm" and d.to == "owner"]
    assert done.startswith("Done: 2 members")
    # Set-up again asks again, and hears again.
    await community.command("owner", "setup")
    await other.run_until_idle()
    assert [d.text[:14] for d in await community.settle() if d.kind == "dm"] == ["Done: 2 member"]


async def test_a_dutch_community_hears_it_in_dutch_with_dutch_thousands(
    http: SlackHarness, slack: FakeSlackApi
) -> None:
    community = SlackCommunity(http)
    owner = community.user_id("owner")
    slack.set_user(owner, name="owner", display_name="owner", is_owner=True)
    slack.set_channel_members(HOME, [owner, *(f"U0N{number:05d}" for number in range(1000))])
    await community.command("owner", "taal nl")
    await community.command("owner", "instellen")
    answers = [d.text for d in await community.settle() if d.kind == "private"]
    assert "Kindling noteert nu wie er al lid is" in answers[-1]
    await _worker(http).run_until_idle()
    told = [d.text for d in await community.settle() if d.kind == "dm" and d.to == "owner"]
    assert [text.split(":")[0] for text in told] == [
        "Kindling noteert nog steeds wie er al lid is",
        "Klaar",
    ]
    assert "tot nu toe 1.000 leden" in told[0] and told[1].startswith(
        "Klaar: 1.001 leden waren er al vóór Kindling"
    )
