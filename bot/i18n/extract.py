"""Bring the catalogs up to date with the English source: `python -m bot.i18n.extract` (or `make messages`).

It writes locale/kindling.pot from bot/i18n/en.py and merges it into every translation's .po file (new
keys untranslated, changed English marked fuzzy). `--check` changes nothing and exits 1 when a file is out
of date, for CI. A file whose content would not change is left alone, dates included.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.i18n import po
from bot.i18n.language import TRANSLATED


def updated_files() -> dict[Path, str]:
    """Every catalog file as it should read now (only those that differ from what is on disk)."""
    current_template = po.read(po.TEMPLATE_PATH) if po.TEMPLATE_PATH.exists() else None
    # The template keeps its creation date while its entries stay the same.
    created = current_template.creation_date if current_template else None
    template = po.template(created if isinstance(created, datetime) else None)
    wanted = {po.TEMPLATE_PATH: po.render(template)}
    if current_template is None or wanted[po.TEMPLATE_PATH] != po.TEMPLATE_PATH.read_text("utf-8"):
        template = po.template()
        wanted[po.TEMPLATE_PATH] = po.render(template)
    for language in TRANSLATED:
        path = po.po_path(language)
        wanted[path] = po.render(po.merge(po.read(path, language=language), template))
    return {
        path: text for path, text in wanted.items() if not path.exists() or path.read_text("utf-8") != text
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n.extract", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a catalog is out of date")
    arguments = parser.parse_args(argv)
    stale = updated_files()
    for path, text in stale.items():
        if arguments.check:
            print(f"{path} is out of date: run python -m bot.i18n.extract")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {path}")
    if not stale:
        print("the catalogs are up to date")
    return 1 if arguments.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
