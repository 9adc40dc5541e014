"""Word lists in the catalogs: Kindling's default bank of discussion prompts (organisers add their own with
/kindling prompt add), the answers of the patience poll, and how patience names modes and kinds of post.
The texts are catalog entries like any other; these are the keys, in order."""

from __future__ import annotations

from bot.domain.status import FallbackMode, WatchKind
from bot.i18n.keys import Text

DEFAULT_PROMPTS: tuple[Text, ...] = (
    Text.PROMPT_BANK_1,
    Text.PROMPT_BANK_2,
    Text.PROMPT_BANK_3,
    Text.PROMPT_BANK_4,
    Text.PROMPT_BANK_5,
    Text.PROMPT_BANK_6,
)
#: The short default poll for a quiet thread.
FALLBACK_POLL_OPTIONS: tuple[Text, ...] = (
    Text.FALLBACK_OPTION_EXAMPLE,
    Text.FALLBACK_OPTION_SMALLER,
    Text.FALLBACK_OPTION_IN_PERSON,
    Text.FALLBACK_OPTION_NOT_MINE,
)
FALLBACK_MODES: dict[FallbackMode, Text] = {
    FallbackMode.POLL: Text.FALLBACK_MODE_POLL,
    FallbackMode.AMBASSADORS: Text.FALLBACK_MODE_AMBASSADORS,
}
#: Each starts a sentence, with its article: "A member's question has had no replies...".
POST_KINDS: dict[WatchKind, Text] = {
    WatchKind.PROMPT: Text.POST_KIND_PROMPT,
    WatchKind.COLUMN: Text.POST_KIND_COLUMN,
    WatchKind.QUESTION: Text.POST_KIND_QUESTION,
}
