"""Kindling added to a Slack workspace whose home channel already has members, on the fake Slack:
`/kindling setup` notes the channel's members (with progress in a large one), a newcomer Kindling cannot
DM is welcomed in the home channel, and the organisers hear of that once."""

from __future__ import annotations

import re

import sqlalchemy as sa

from bot.features.configuration.roster import MemberSyncWorker
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
