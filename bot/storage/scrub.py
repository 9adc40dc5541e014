"""Free text that names a member (`<@id>`, `<@id|name>`, or the id as a word): rewritten when they are
forgotten, so no text column keeps their id."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


def mention_pattern(member_id: str) -> re.Pattern[str]:
    escaped = re.escape(member_id)
    return re.compile(rf"<@!?{escaped}(?:\|[^>]*)?>|(?<![\w.-]){escaped}(?![\w.-])")


async def scrub(
    session: AsyncSession,
    model: Any,
    columns: tuple[InstrumentedAttribute[Any], ...],
    *,
    community_id: int,
    member_id: str,
    replacement: str,
) -> None:
    """Rewrite `columns` of this community's `model` rows that mention the member."""
    pattern = mention_pattern(member_id)
    rows = await session.scalars(
        sa.select(model).where(
            model.community_id == community_id, sa.or_(*(column.contains(member_id) for column in columns))
        )
    )
    for row in rows:
        for column in columns:
            value = getattr(row, column.key)
            if isinstance(value, str):
                setattr(row, column.key, pattern.sub(replacement, value))
