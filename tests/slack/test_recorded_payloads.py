"""Every recorded Slack payload (tests/fixtures/slack), and every variant of it with one field left out or
`null`, through the real Bolt app and Kindling's listeners (as Socket Mode delivers them): no exception
escapes, each original becomes its core event, a field Slack's description calls optional reads the same
`null` as left out, every event handed on is well typed, and what is not handed on is logged."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt.app.async_app import AsyncApp

from adapters.slack.app import build_app
from adapters.slack.boundary import bolt_request
from adapters.slack.permissions import UserDirectory
from adapters.slack.workspaces import Workspaces
from bot.clock import ManualClock
from bot.events import Event
from bot.intake import Intake
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_spec import SPEC_PATH as WEB_SPEC_PATH
from tests.support.recorded import (
    Recorded,
    Variant,
    attribute,
    get,
    load,
    paths,
    type_problems,
    variants,
)

BOT_TOKEN = "xoxb-recorded"
RECORDED = load("slack")
EVENTS_SPEC = WEB_SPEC_PATH.parent / "events-api-async-v1.json"


@dataclass
class Outcome:
    status: int
    events: list[Event] = field(default_factory=list)
    logs: list[logging.LogRecord] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return [type(e).__name__ for e in self.events]


@dataclass
class Slack:
    app: AsyncApp
    intake: Intake
    handled: list[Event]

    async def send(self, variant: Variant, caplog: pytest.LogCaptureFixture) -> Outcome:
        handled, logged = len(self.handled), len(caplog.records)
        request = bolt_request(variant.payload)  # as the Socket Mode handler reads an envelope
        status = 200 if request is None else (await self.app.async_dispatch(request)).status
        await self.intake.idle(timeout=5)
        return Outcome(status, self.handled[handled:], caplog.records[logged:])


@pytest.fixture
async def slack_app(clock: ManualClock) -> AsyncIterator[Slack]:
    async with FakeSlackApi(bot_tokens=[BOT_TOKEN]) as fake:
        fake.set_user("U0ANN", name="ann", display_name="ann", is_admin=True)
        workspaces = Workspaces(api_url=fake.base_url, bot_token=BOT_TOKEN)
        handled: list[Event] = []

        async def record(event: Event) -> None:
            handled.append(event)

        intake = Intake(handle=record, platform="slack")
        app = build_app(
            workspaces=workspaces,
            directory=UserDirectory(client_for=workspaces.client, clock=clock),
            intake=intake,
            signing_secret=None,
            bot_token=BOT_TOKEN,
        )
        yield Slack(app, intake, handled)
        await intake.close()


def _optional_in_slacks_description(recorded: Recorded, variant: Variant) -> bool:
    """An event's field other than `type` and `event_ts`, or an envelope field outside the envelope's
    required ones (Slack's Events API description, GenericEventWrapper)."""
    if recorded.spec["kind"] != "event" or not variant.path:
        return False
    if variant.path[0] == "event":
        return len(variant.path) > 1 and variant.path[1] not in ("type", "event_ts")
    required = {"token", "team_id", "api_app_id", "event", "type", "event_id", "event_time", "authed_users"}
    return len(variant.path) == 1 and variant.path[0] not in required


def test_the_optional_fields_are_the_ones_slacks_description_says() -> None:
    if not EVENTS_SPEC.is_file():
        pytest.skip("../shared/specs not present")
    wrapper = json.loads(EVENTS_SPEC.read_text())["components"]["schemas"]["GenericEventWrapper"]
    assert set(wrapper["required"]) == {
        "token",
        "team_id",
        "api_app_id",
        "event",
        "type",
        "event_id",
        "event_time",
        "authed_users",
    }
    assert set(wrapper["properties"]["event"]["required"]) == {"type", "event_ts"}


@pytest.mark.parametrize("recorded", RECORDED, ids=[r.name for r in RECORDED])
async def test_every_variant_is_read_or_skipped_with_a_log_line(
    recorded: Recorded, slack_app: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="adapters.slack")
    caplog.set_level(logging.DEBUG, logger="slack_bolt")
    outcomes: dict[str, tuple[Variant, Outcome]] = {}
    for variant in variants(recorded):
        outcome = await slack_app.send(variant, caplog)
        outcomes[variant.label] = (variant, outcome)
        for event in outcome.events:
            assert type_problems(event) == [], variant.label
        errors = [r for r in outcome.logs if r.levelno >= logging.ERROR]
        assert errors == [], (variant.label, [r.getMessage() for r in errors])
        if variant.change == "original":
            assert outcome.status == 200
            assert outcome.kinds == ([recorded.yields] if recorded.yields else []), variant.label
            if recorded.yields and recorded.spec.get("match"):
                on_event, in_payload = recorded.spec["match"]
                assert str(attribute(outcome.events[0], on_event)) == str(get(variant.payload, in_payload))
        elif recorded.yields and not outcome.events:
            assert any(r.name.startswith(("adapters.slack", "slack_bolt")) for r in outcome.logs), (
                f"{variant.label}: nothing handed on and nothing logged"
            )
    for variant, outcome in outcomes.values():
        if variant.change == "null" and _optional_in_slacks_description(recorded, variant):
            _, dropped = outcomes[variant.label.replace(": null ", ": dropped ")]
            assert outcome.kinds == dropped.kinds, variant.label


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_any_field_replaced_by_any_json_value_never_escapes(
    data: st.DataObject, slack_app: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """Beyond missing and null: a field of the wrong type (a number for a user, a list for a channel)."""
    recorded = data.draw(st.sampled_from(RECORDED))
    where = data.draw(st.sampled_from(list(paths(recorded.payload))))
    payload = copy.deepcopy(recorded.payload)
    parent: Any = payload
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = data.draw(_JSON)
    outcome = await slack_app.send(Variant(recorded, "null", where, payload), caplog)
    assert [r.getMessage() for r in outcome.logs if r.levelno >= logging.ERROR] == []
    for event in outcome.events:
        assert type_problems(event) == []
