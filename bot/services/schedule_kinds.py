"""The kinds of recurring slot in the `schedules` table, named once (each is declared by its feature)."""

from __future__ import annotations

from typing import Final

COLUMN: Final = "column"
COFFEE: Final = "coffee"
APPRECIATION: Final = "appreciation"
