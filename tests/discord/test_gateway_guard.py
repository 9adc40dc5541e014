"""The gateway guard's list of fields read as absent when `null`, checked against Discord's description."""

from __future__ import annotations

from typing import Any

from adapters.discord.gateway_guard import GATEWAY_FIELDS, MESSAGE_FIELDS, without_nulls
from tests.fakes.discord_spec import DiscordSpec


def _nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_nullable(option) for key in ("oneOf", "anyOf") for option in schema.get(key, []))


def test_message_fields_dropped_when_null_are_optional_and_never_null_in_discords_description(
    spec: DiscordSpec,
) -> None:
    message = spec.document["components"]["schemas"]["MessageResponse"]
    for field in MESSAGE_FIELDS:
        assert field in message["properties"], field
        assert field not in message["required"], field
        assert not _nullable(message["properties"][field]), field
    # What a message must have is never dropped, null or not.
    assert not (set(message["required"]) & (MESSAGE_FIELDS | GATEWAY_FIELDS))


def test_nulls_are_dropped_at_any_depth_and_other_nulls_are_kept() -> None:
    payload = {
        "guild_id": None,
        "edited_timestamp": None,
        "message": {"thread": None, "id": "1", "referenced_message": None},
        "mentions": [{"member": None, "id": "2"}],
    }
    assert without_nulls(payload) == {
        "edited_timestamp": None,
        "message": {"id": "1", "referenced_message": None},
        "mentions": [{"id": "2"}],
    }
