"""The command grammar through the console: permissions, refusals that change nothing, and each command."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.models import Community, Role
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver


async def _community(console: ConsoleDriver) -> Community:
    async with console.database.transaction() as session:
        community: Community | None = await session.scalar(sa.select(Community))
        assert community is not None
        return community


async def _reply(console: ConsoleDriver, line: str) -> Delivery:
    delivered = await console.line(line)
    [reply] = [d for d in delivered if d.kind == "private"]
    return reply


async def test_members_may_ask_help_and_status_but_not_configure(console: ConsoleDriver) -> None:
    assert "status" in (await _reply(console, "zed: /kindling help")).text
    assert "Home channel" in (await _reply(console, "zed: /kindling status")).text
    for command in ("goal Be nice.", "language nl", "timezone Europe/Amsterdam", "setup", "welcome preview"):
        reply = await _reply(console, f"zed: /kindling {command}")
        assert "Only organisers" in reply.text, command
    community = await _community(console)
    assert (community.goal, community.language, community.timezone) == (None, "en", "UTC")


async def test_goal_of_three_sentences_is_refused_with_the_reason(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    reply = await _reply(console, "ann: /kindling goal We meet. We share. We grow!")
    assert "3 sentences" in reply.text and "at most two" in reply.text
    assert (await _community(console)).goal is None
    reply = await _reply(console, "ann: /kindling goal " + "word " * 70)
    assert "at most" in reply.text and "300" in reply.text
    assert (await _community(console)).goal is None
    reply = await _reply(console, "ann: /kindling goal We meet to learn. We share what works?")
    assert "Goal saved" in reply.text
    assert "We meet to learn" in (await _reply(console, "zed: /kindling goal")).text


async def test_language_and_timezone(console: ConsoleDriver) -> None:
    await console.line("organiser ann")
    assert "'nl' (Dutch)" in (await _reply(console, "ann: /kindling language fr")).text
    assert "not a time zone" in (await _reply(console, "ann: /kindling timezone Mars/Olympus")).text
    assert "Europe/Amsterdam" in (await _reply(console, "ann: /kindling timezone Europe/Amsterdam")).text
    assert "Nederlands" in (await _reply(console, "ann: /kindling language nl")).text
    community = await _community(console)
    assert (community.language, community.timezone) == ("nl", "Europe/Amsterdam")
    # From now on refusals are Dutch too.
    assert "Alleen organisatoren" in (await _reply(console, "zed: /kindling goal Iets.")).text


async def test_ambassadors_and_the_methods_three(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "join amy", "join ben", "join cas", "join dan")
    reply = await _reply(console, "ann: /kindling ambassador add amy")
    assert "@amy is now an ambassador" in reply.text and "Add 2 more" in reply.text
    assert "already" in (await _reply(console, "ann: /kindling ambassador add @amy")).text
    await console.lines("ann: /kindling ambassador add ben")
    assert "three ambassadors, just as" in (await _reply(console, "ann: /kindling ambassador add cas")).text
    assert "asks for three" in (await _reply(console, "ann: /kindling ambassador add dan")).text
    listing = await _reply(console, "zed: /kindling ambassador list")
    assert "@amy, @ben, @cas, @dan" in listing.text
    assert "no longer" in (await _reply(console, "ann: /kindling ambassador remove dan")).text
    assert "can't find" in (await _reply(console, "ann: /kindling ambassador add nobody")).text
    assert "needs more" in (await _reply(console, "ann: /kindling ambassador add")).text


async def test_organisers_added_by_an_organiser_may_configure(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "join bob")
    assert "Only organisers" in (await _reply(console, "bob: /kindling setup")).text
    assert "now an organiser" in (await _reply(console, "ann: /kindling organiser add bob")).text
    assert "home channel" in (await _reply(console, "bob: /kindling setup #lobby")).text
    assert (await _community(console)).home_channel_id == "lobby"
    await console.line("ann: /kindling organiser remove bob")
    assert "Only organisers" in (await _reply(console, "bob: /kindling setup")).text


async def test_welcome_template_refusals_keep_the_old_template(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.")
    await console.line("ann: /kindling welcome template Hi {name}, see {channel}")
    reply = await _reply(console, "ann: /kindling welcome template Hi {name.__class__}")
    assert "{name.__class__}" in reply.text and "{goal}" in reply.text
    assert "doesn't close" in (await _reply(console, "ann: /kindling welcome template Hi {name")).text
    assert (await _community(console)).welcome_template == "Hi {name}, see {channel}"
    preview = await _reply(console, "ann: /kindling welcome preview")
    assert "Hi ann, see #home" in preview.text
    assert "default" in (await _reply(console, "ann: /kindling welcome template reset")).text
    assert (await _community(console)).welcome_template is None


async def test_malformed_commands_get_a_clear_private_answer(console: ConsoleDriver) -> None:
    assert "don't know the command 'frobnicate'" in (await _reply(console, "zed: /kindling frobnicate")).text
    assert "takes no" in (await _reply(console, "zed: /kindling status now")).text
    await console.line("organiser ann")
    assert "needs more" in (await _reply(console, "ann: /kindling timezone")).text


async def test_status_follows_the_method_step_by_step(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "join amy", "ann: /kindling goal Learn together.", "amy: hello!")
    status = (await _reply(console, "ann: /kindling status")).text
    assert "✅ Home channel: #home" in status
    assert "✅ 1. Goal: Learn together." in status
    assert "⚠️ 2. Ambassadors: none yet (the method asks for 3)" in status
    assert "Members: 2, of whom 1 have posted" in status


async def test_refused_command_writes_nothing(console: ConsoleDriver) -> None:
    await console.line("join zed")
    await console.line("zed: /kindling ambassador add zed")
    async with console.database.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Role)) == 0


async def test_a_platform_mention_of_someone_kindling_has_not_seen_is_accepted(
    console: ConsoleDriver,
) -> None:
    from bot.events import CommandInvoked, CommunityRef, Person

    community = CommunityRef("console", "console", "Console", "home")
    admin = Person("U1", "Ann")
    await console.kindling.handle(
        CommandInvoked(community, admin, "home", "ambassador add <@U9|zoe>", invoker_is_admin=True)
    )
    await console.worker.run_until_idle()
    [reply] = [d for d in console.deliveries if d.kind == "private"]
    assert "@U9 is now an ambassador" in reply.text
    # A name typed by hand still has to be someone Kindling knows.
    assert "can't find" in (await _reply(console, "U1: /kindling ambassador add nobody")).text
