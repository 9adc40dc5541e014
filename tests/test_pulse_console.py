"""The pulse through the console: /kindling pulse for organisers, and the Monday DM once a week."""

from __future__ import annotations

from tests.support.console_driver import ConsoleDriver


async def test_pulse_on_demand_for_organisers_only(console: ConsoleDriver) -> None:
    # The console's clock starts on Monday 5 January 2026 at 09:00 UTC.
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", "join amy", "join ben")
    await console.lines("amy: hello?", "time +7d", "ben: hi", "amy: again")
    [reply] = [d for d in await console.line("ann: /kindling pulse") if d.kind == "private"]
    assert reply.to == "ann"
    lines = reply.text.splitlines()
    assert lines[0].startswith("📈 Weekly pulse for") and "5 January to 11 January" in lines[0]
    assert (
        "• New members: 2 (up 2 on the week before)" in lines
    )  # amy and ben; ann, the organiser, is not new
    assert "• Members who posted for the first time: 1 (up 1 on the week before)" in lines
    assert "@amy" in reply.text  # a candidate: joined, posted, not an ambassador
    assert lines[-1].startswith("(file) kindling-pulse.png, ")  # the chart goes with it
    assert "latest post" not in reply.text  # active members are counted per day posted, in every week
    [refusal] = [d for d in await console.line("amy: /kindling pulse") if d.kind == "private"]
    assert "Only organisers" in refusal.text
    dutch = await console.lines("ann: /kindling language nl", "ann: /kindling pulse")
    assert "Wekelijkse polsslag" in dutch[-1].text and "Nieuwe leden: 2" in dutch[-1].text


async def test_the_monday_dm_goes_out_once_a_week(console: ConsoleDriver) -> None:
    await console.lines("organiser ann", "ann: /kindling goal Learn together.", "join amy", "amy: hi")
    await console.line("time +13d")  # to Sunday 18 January 09:00: one Monday (the 12th) on the way
    pulses = [d for d in console.to("dm", "ann") if "Weekly pulse" in d.text]
    assert len(pulses) == 1 and "5 January to 11 January" in pulses[0].text
    await console.line("time +2d")
    pulses = [d for d in console.to("dm", "ann") if "Weekly pulse" in d.text]
    assert len(pulses) == 2 and "12 January to 18 January" in pulses[1].text
    assert [d for d in console.to("dm", "amy") if "Weekly pulse" in d.text] == []
