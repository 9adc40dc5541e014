"""Settings: environment in, secrets kept secret, one clear line per bad setting."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(str(tmp_path))
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///kindling.db"
    assert not settings.slack_configured and not settings.discord_configured


def test_secrets_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINDLING_SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("KINDLING_DISCORD_TOKEN", "discord-very-secret")
    settings = load_settings()
    assert settings.slack_configured and settings.discord_configured
    assert "very-secret" not in repr(settings) and "very-secret" not in str(settings.model_dump())
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-very-secret"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KINDLING_SLACK_MODE", "carrier-pigeon"),
        ("KINDLING_HTTP_PORT", "99999"),
        ("KINDLING_DATABASE_URL", "mysql://localhost/db"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert name in message and "\n" not in message


def test_json_logs_are_one_object_per_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import logging

    from kindling_cli.logs import configure_logging

    monkeypatch.setenv("KINDLING_LOG_FORMAT", "json")
    configure_logging(load_settings())
    try:
        logging.getLogger("kindling.test").warning("outbox message %s failed", 7)
        [line] = capsys.readouterr().err.strip().splitlines()
        entry = json.loads(line)
        assert (entry["level"], entry["logger"], entry["message"]) == (
            "WARNING",
            "kindling.test",
            "outbox message 7 failed",
        )
    finally:
        logging.getLogger().handlers.clear()
