"""`/kindling <subcommand> ...`: one grammar for every platform, parsed here and nowhere else."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import date, time
from typing import ClassVar, Literal

from bot.i18n import Text, is_language
from bot.i18n.calendar import weekday_number

Permission = Literal["anyone", "ambassador", "organiser"]
RoleName = Literal["organiser", "ambassador"]


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Who a command names: an id from a platform mention (`<@U123|ann>`), or a name typed by hand."""

    text: str
    member_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Help:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class Status:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class Setup:
    channel_id: str | None = None
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ShowGoal:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SetGoal:
    text: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetLanguage:
    language: Literal["nl", "en"]
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetTimezone:
    name: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ChangeRole:
    role: RoleName
    grant: bool
    member: MemberRef
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ListRole:
    role: RoleName
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class PreviewWelcome:
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetWelcomeTemplate:
    """`template` None means: back to the default."""

    template: str | None
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class StartPoll:
    question: str
    options: tuple[str, ...]
    hours: int = 48
    multiple: bool = False
    anonymous: bool = False
    permission: ClassVar[Permission] = "ambassador"


@dataclass(frozen=True, slots=True)
class ConfigureFallback:
    replies: int
    hours: int
    mode: Literal["poll", "ambassadors"] | None = None
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class Coffee:
    """`coffee` shows the pairings; join, leave and skip are a member's own choice."""

    action: Literal["show", "join", "leave", "skip"]
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SetCoffeeCadence:
    weeks: int
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class Privacy:
    """Export or forget a member's data: one's own (anyone), or someone else's (organisers; checked by the
    privacy service, since who may depends on whom the command names)."""

    action: Literal["export", "forget"]
    member: MemberRef | None = None
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SaveTip:
    text: str
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class ShowTips:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SubmitIdea:
    text: str
    anonymous: bool = False
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class ListIdeas:
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class DecideIdea:
    number: int
    accept: bool
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetAppreciation:
    named: bool
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class PlanMeetup:
    day: date
    at: time
    title: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ListMeetups:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class MeetupRecap:
    number: int
    text: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class AddCase:
    text: str
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class ShowPulse:
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class Newcomers:
    permission: ClassVar[Permission] = "ambassador"


@dataclass(frozen=True, slots=True)
class ShowColumn:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class SetColumnSchedule:
    weekday: int
    at: time
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetColumnTopic:
    topic: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ChangeRota:
    add: bool
    members: tuple[MemberRef, ...]
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class ListRota:
    permission: ClassVar[Permission] = "anyone"


@dataclass(frozen=True, slots=True)
class AddPrompt:
    text: str
    permission: ClassVar[Permission] = "organiser"


@dataclass(frozen=True, slots=True)
class SetQuietHours:
    start: time
    end: time
    permission: ClassVar[Permission] = "organiser"


Command = (
    Help
    | Status
    | Setup
    | ShowGoal
    | SetGoal
    | SetLanguage
    | SetTimezone
    | ChangeRole
    | ListRole
    | PreviewWelcome
    | SetWelcomeTemplate
    | Newcomers
    | ShowPulse
    | PlanMeetup
    | ListMeetups
    | MeetupRecap
    | AddCase
    | SaveTip
    | ShowTips
    | SubmitIdea
    | ListIdeas
    | DecideIdea
    | SetAppreciation
    | Privacy
    | Coffee
    | SetCoffeeCadence
    | StartPoll
    | ConfigureFallback
    | ShowColumn
    | SetColumnSchedule
    | SetColumnTopic
    | ChangeRota
    | ListRota
    | AddPrompt
    | SetQuietHours
)


@dataclass(frozen=True, slots=True)
class ParseError:
    key: Text
    values: dict[str, str] = field(default_factory=dict)


_MENTION = re.compile(r"^<@!?([A-Za-z0-9_.-]+)(?:\|([^>]*))?>$")
_CHANNEL = re.compile(r"^<#([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$|^#([\w.-]+)$")

USAGE = {
    "setup": "/kindling setup [#channel]",
    "goal": "/kindling goal [text]",
    "language": "/kindling language nl|en",
    "timezone": "/kindling timezone <Area/City>",
    "ambassador": "/kindling ambassador add|remove @member, /kindling ambassador list",
    "organiser": "/kindling organiser add|remove @member, /kindling organiser list",
    "welcome": "/kindling welcome preview, /kindling welcome template <text>|reset",
    "status": "/kindling status",
    "help": "/kindling help",
    "column": (
        "/kindling column, /kindling column schedule <weekday> <HH:MM>, /kindling column topic <text>, "
        "/kindling column rota add|remove @member ..., /kindling column rota list"
    ),
    "prompt": "/kindling prompt add <text>",
    "newcomers": "/kindling newcomers",
    "pulse": "/kindling pulse",
    "meetup": (
        "/kindling meetup plan <date> <HH:MM> <title>, /kindling meetup [list], "
        "/kindling meetup recap <number> <text>"
    ),
    "case": "/kindling case <text>",
    "privacy": "/kindling privacy export|forget [@member]",
    "tip": "/kindling tip <text>",
    "tips": "/kindling tips",
    "idea": "/kindling idea [--anonymous] <text>, /kindling idea accept|close <number>",
    "ideas": "/kindling ideas",
    "appreciation": "/kindling appreciation on|off",
    "coffee": "/kindling coffee [join|leave|skip], /kindling coffee cadence 1|2|4",
    "poll": '/kindling poll [--multiple] [--anonymous] [--hours N] "question" "option" "option" ...',
    "fallback": "/kindling fallback <replies> <hours> [poll|ambassadors]",
    "quiet": "/kindling quiet <HH:MM> <HH:MM>",
}
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_clock(text: str) -> time | None:
    match = _CLOCK.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_day(text: str) -> date | None:
    """2026-03-12, or the Dutch way 12-03-2026 (also with slashes)."""
    parts = text.replace("/", "-").split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    first, second, third = (int(part) for part in parts)
    try:
        return date(first, second, third) if len(parts[0]) == 4 else date(third, second, first)
    except ValueError:
        return None


def parse_member(text: str) -> MemberRef:
    match = _MENTION.match(text)
    if match:
        return MemberRef(text=text, member_id=match.group(1), name=match.group(2) or None)
    return MemberRef(text=text, name=text.removeprefix("@"))


def parse_command(text: str) -> Command | ParseError:
    word, _, rest = text.strip().partition(" ")
    name = word.lower()
    rest = rest.strip()
    if name in ("", "help"):
        return Help()
    if name == "status":
        return Status() if not rest else _unexpected(name, rest)
    if name == "setup":
        return _parse_setup(rest)
    if name == "goal":
        return SetGoal(text=rest) if rest else ShowGoal()
    if name == "language":
        return _parse_language(rest)
    if name == "timezone":
        if not rest or " " in rest:
            return _missing(name) if not rest else _unexpected(name, rest)
        return SetTimezone(name=rest)
    if name in ("ambassador", "ambassadors"):
        return _parse_role("ambassador", rest)
    if name in ("organiser", "organizer", "organisers", "organizers"):
        return _parse_role("organiser", rest)
    if name == "welcome":
        return _parse_welcome(rest)
    if name == "column":
        return _parse_column(rest)
    if name == "poll":
        return _parse_poll(rest)
    if name == "fallback":
        return _parse_fallback(rest)
    if name == "coffee":
        return _parse_coffee(rest)
    if name == "tip":
        return SaveTip(rest) if rest else _missing(name)
    if name == "tips":
        return ShowTips() if not rest else _unexpected(name, rest)
    if name == "idea":
        return _parse_idea(rest)
    if name == "ideas":
        return ListIdeas() if not rest else _unexpected(name, rest)
    if name == "appreciation":
        if rest.lower() in ("on", "off"):
            return SetAppreciation(named=rest.lower() == "on")
        return _missing(name) if not rest else _unexpected(name, rest)
    if name == "privacy":
        action, _, target = rest.partition(" ")
        action, target = action.lower(), target.strip()
        if action not in ("export", "forget"):
            return _missing(name) if not action else _unexpected(name, action)
        if " " in target:
            return _unexpected(name, target)
        return Privacy("export" if action == "export" else "forget", parse_member(target) if target else None)
    if name == "meetup":
        return _parse_meetup(rest)
    if name == "case":
        return AddCase(rest) if rest else _missing(name)
    if name == "pulse":
        return ShowPulse() if not rest else _unexpected(name, rest)
    if name == "newcomers":
        return Newcomers() if not rest else _unexpected(name, rest)
    if name == "prompt":
        action, _, text = rest.partition(" ")
        if action.lower() != "add":
            return _missing(name) if not action else _unexpected(name, action)
        return AddPrompt(text=text.strip()) if text.strip() else _missing(name)
    if name == "quiet":
        return _parse_quiet(rest)
    return ParseError(Text.UNKNOWN_COMMAND, {"command": word[:40]})


def _missing(name: str) -> ParseError:
    return ParseError(Text.MISSING_ARGUMENT, {"command": name, "usage": USAGE[name]})


def _unexpected(name: str, argument: str) -> ParseError:
    return ParseError(
        Text.UNEXPECTED_ARGUMENT, {"command": name, "argument": argument[:40], "usage": USAGE[name]}
    )


def _parse_setup(rest: str) -> Setup | ParseError:
    if not rest:
        return Setup()
    match = _CHANNEL.match(rest)
    if not match:
        return _unexpected("setup", rest)
    return Setup(channel_id=match.group(1) or match.group(2))


def _parse_language(rest: str) -> SetLanguage | ParseError:
    if not rest:
        return _missing("language")
    value = rest.lower()
    if value == "nl":
        return SetLanguage(language="nl")
    if value == "en":
        return SetLanguage(language="en")
    assert not is_language(value)
    return ParseError(Text.LANGUAGE_INVALID, {"language": rest[:40]})


def _parse_role(role: RoleName, rest: str) -> ChangeRole | ListRole | ParseError:
    action, _, target = rest.partition(" ")
    action = action.lower()
    target = target.strip()
    if action in ("", "list"):
        return ListRole(role=role) if not target else _unexpected(role, target)
    if action not in ("add", "remove"):
        return _unexpected(role, action)
    if not target:
        return _missing(role)
    if " " in target:
        return _unexpected(role, target)
    return ChangeRole(role=role, grant=action == "add", member=parse_member(target))


def _parse_welcome(rest: str) -> PreviewWelcome | SetWelcomeTemplate | ParseError:
    action, _, template = rest.partition(" ")
    action = action.lower()
    template = template.strip()
    if action == "preview":
        return PreviewWelcome() if not template else _unexpected("welcome", template)
    if action == "template":
        if not template:
            return _missing("welcome")
        return SetWelcomeTemplate(template=None if template.lower() == "reset" else template)
    if not action:
        return _missing("welcome")
    return _unexpected("welcome", action)


def _parse_column(rest: str) -> Command | ParseError:
    action, _, remainder = rest.partition(" ")
    action = action.lower()
    remainder = remainder.strip()
    if not action:
        return ShowColumn()
    if action == "schedule":
        parts = remainder.split()
        if len(parts) != 2:
            return ParseError(Text.COLUMN_SCHEDULE_INVALID)
        weekday, at = weekday_number(parts[0]), parse_clock(parts[1])
        if weekday is None or at is None:
            return ParseError(Text.COLUMN_SCHEDULE_INVALID)
        return SetColumnSchedule(weekday=weekday, at=at)
    if action == "topic":
        return SetColumnTopic(topic=remainder) if remainder else _missing("column")
    if action == "rota":
        verb, _, names = remainder.partition(" ")
        verb = verb.lower()
        if verb in ("", "list"):
            return ListRota() if not names.strip() else _unexpected("column", names.strip())
        if verb not in ("add", "remove"):
            return _unexpected("column", verb)
        refs = tuple(parse_member(word) for word in names.split())
        return ChangeRota(add=verb == "add", members=refs) if refs else _missing("column")
    return _unexpected("column", action)


def _parse_quiet(rest: str) -> SetQuietHours | ParseError:
    parts = rest.replace("-", " ").split()
    if len(parts) != 2:
        return ParseError(Text.QUIET_INVALID)
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if start is None or end is None:
        return ParseError(Text.QUIET_INVALID)
    return SetQuietHours(start=start, end=end)


def _parse_poll(rest: str) -> StartPoll | ParseError:
    """Question and options in double quotes; --hours N and --multiple may come first. Option-count and
    length limits are the poll service's to check, with the community's language."""
    text = rest.replace("“", '"').replace("”", '"')
    # Flags come before the first quote; a quoted question may itself start with "--".
    flags, quote, quoted = text.partition('"')
    try:
        words = shlex.split(quote + quoted)
    except ValueError:
        return ParseError(Text.POLL_QUOTES)
    hours, multiple, anonymous = 48, False, False
    flag_words = flags.split()
    while flag_words:
        flag = flag_words.pop(0).lower()
        if not flag.startswith("--"):
            return ParseError(Text.POLL_QUOTES)  # words before the first quote: the question is unquoted
        if flag == "--multiple":
            multiple = True
        elif flag == "--anonymous":
            anonymous = True
        elif flag == "--hours" and flag_words and flag_words[0].isdigit() and len(flag_words[0]) <= 4:
            hours = int(flag_words.pop(0))
        else:
            return ParseError(
                Text.UNEXPECTED_ARGUMENT, {"command": "poll", "argument": flag[:40], "usage": USAGE["poll"]}
            )
    if not words or not quote:
        return ParseError(Text.POLL_QUOTES)
    question, *options = (word.strip() for word in words)
    if not question:
        return ParseError(Text.POLL_QUOTES)
    return StartPoll(
        question=question, options=tuple(options), hours=hours, multiple=multiple, anonymous=anonymous
    )


def _parse_fallback(rest: str) -> ConfigureFallback | ParseError:
    parts = rest.split()
    if len(parts) not in (2, 3) or not all(part.isdigit() and len(part) <= 4 for part in parts[:2]):
        return ParseError(Text.FALLBACK_INVALID)
    replies, hours = int(parts[0]), int(parts[1])
    mode = parts[2].lower() if len(parts) == 3 else None
    if not 1 <= replies <= 20 or not 1 <= hours <= 336 or mode not in (None, "poll", "ambassadors"):
        return ParseError(Text.FALLBACK_INVALID)
    return ConfigureFallback(
        replies=replies, hours=hours, mode="poll" if mode == "poll" else "ambassadors" if mode else None
    )


def _parse_coffee(rest: str) -> Coffee | SetCoffeeCadence | ParseError:
    action, _, remainder = rest.lower().partition(" ")
    remainder = remainder.strip()
    if action == "cadence":
        if remainder in ("1", "2", "4"):
            return SetCoffeeCadence(weeks=int(remainder))
        return ParseError(Text.COFFEE_CADENCE_INVALID)
    if remainder:
        return _unexpected("coffee", remainder)
    if action in ("", "show"):
        return Coffee("show")
    if action == "join":
        return Coffee("join")
    if action == "leave":
        return Coffee("leave")
    if action == "skip":
        return Coffee("skip")
    return _unexpected("coffee", action)


def _parse_idea(rest: str) -> SubmitIdea | DecideIdea | ParseError:
    word, _, remainder = rest.partition(" ")
    remainder = remainder.strip()
    if word.lower() in ("accept", "close") and remainder.isdigit() and len(remainder) <= 6:
        return DecideIdea(number=int(remainder), accept=word.lower() == "accept")
    if word.lower() == "--anonymous":
        return SubmitIdea(remainder, anonymous=True) if remainder else _missing("idea")
    return SubmitIdea(rest) if rest else _missing("idea")


def _parse_meetup(rest: str) -> PlanMeetup | ListMeetups | MeetupRecap | ParseError:
    action, _, remainder = rest.partition(" ")
    action, remainder = action.lower(), remainder.strip()
    if action in ("", "list"):
        return ListMeetups() if not remainder else _unexpected("meetup", remainder)
    if action == "plan":
        parts = remainder.split(" ", 2)
        day = parse_day(parts[0]) if parts else None
        at = parse_clock(parts[1]) if len(parts) > 1 else None
        title = parts[2].strip() if len(parts) > 2 else ""
        if day is None or at is None or not title:
            return ParseError(Text.MEETUP_BAD_WHEN)
        return PlanMeetup(day=day, at=at, title=title)
    if action == "recap":
        number, _, text = remainder.partition(" ")
        if not number.isdigit() or len(number) > 6 or not text.strip():
            return _missing("meetup")
        return MeetupRecap(number=int(number), text=text.strip())
    return _unexpected("meetup", action)
