"""Kindling's configuration: read once from the environment (prefix ``KINDLING_``) and an optional ``.env``.

The settings object is built by the composition root and passed down; nothing else reads the environment.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_DEFAULT = "https://slack.com/api/"
DISCORD_API_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KINDLING_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite+aiosqlite:///kindling.db"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_mode: Literal["socket", "http"] = "socket"
    slack_api_url: str = SLACK_API_DEFAULT

    discord_token: SecretStr | None = None
    discord_api_url: str = DISCORD_API_DEFAULT
    discord_gateway_url: str = DISCORD_GATEWAY_DEFAULT
    discord_shard_count: int | None = Field(default=None, ge=1)
    discord_shard_ids: list[int] | None = None
    #: How long discord.py waits for more guilds after READY before it says it is ready (seconds).
    discord_guild_ready_timeout: float = Field(default=2.0, gt=0, le=60)

    #: The homeserver's client-server API base URL, e.g. https://matrix.example.org
    matrix_homeserver: str | None = None
    #: Kindling's own account, e.g. @kindling:example.org
    matrix_user_id: str | None = None
    matrix_access_token: SecretStr | None = None

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=3000, ge=1, le=65535)

    outbox_max_attempts: int = Field(default=8, ge=1, le=100)
    #: How long a worker's claim on a message lasts; a worker that dies mid-send hands it on after this.
    outbox_lease_seconds: float = Field(default=60.0, ge=1.0, le=3600.0)
    schedule_grace_hours: float = Field(default=6.0, ge=0)
    #: The language of a community Kindling meets for the first time, until an organiser sets one.
    default_language: Literal["nl", "en"] = "en"

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @property
    def slack_configured(self) -> bool:
        """Any Slack setting: then Slack runs, and a missing one is named rather than Slack skipped."""
        return any(
            value is not None
            for value in (
                self.slack_bot_token,
                self.slack_client_id,
                self.slack_app_token,
                self.slack_signing_secret,
            )
        )

    @property
    def discord_configured(self) -> bool:
        return self.discord_token is not None

    @property
    def matrix_configured(self) -> bool:
        return self.matrix_access_token is not None


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning pydantic's report into one readable line per bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            field = "_".join(str(part) for part in issue["loc"] if isinstance(part, str))
            problems.append(f"KINDLING_{field.upper()}: {issue['msg']}")
        raise SettingsError("; ".join(problems)) from None
