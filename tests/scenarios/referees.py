"""Sixty days of a small referee community, lived through the console hour by hour.

Twelve members (an organiser, three ambassadors, eight others who join over the first two weeks), an expert
column on a rota of three (one expert always answers, one every other week, one never), coffee pairings every
two weeks, a meetup with cases gathered online, a member's tip and poll, and twenty member questions with
thirty-four replies between them. Members react as people do: greeters mostly greet, pairs mostly meet, a
question's author votes in the poll under their own thread, an ambassador asked about a quiet question
answers it two times out of three.

What Kindling delivered is tallied for the test: its posts in #home and threads (a post that answers a
member's command, such as their tip or their poll, counts as that member's), the members' posts, every DM by
member and week, and who replied in which thread.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from bot.domain.status import OutboxStatus
from bot.messages import Direct, Group, destination_from_json
from bot.storage.models import OutboxMessage
from tests.scenarios.driver import Delivery
from tests.support.console_driver import ConsoleDriver

DAYS = 60
AMBASSADORS = ("amy", "bob", "cas")
EXPERTS = ("dan", "eva", "fien")
#: Everyone but the organiser, with the day they join. The ambassadors were there before Kindling: the
#: organiser names them (a platform mention) before anyone new arrives.
JOINS = {
    "amy": 0, "bob": 0, "cas": 0, "dan": 0, "eva": 1, "fien": 1,
    "gijs": 7, "hans": 7, "ilse": 9, "joost": 9, "kees": 14,
}  # fmt: skip
GOALS = {
    "nl": "We helpen nieuwe scheidsrechters groeien, o.a. door samen naar lastige situaties te kijken. "
    "Deel elke week één wedstrijdsituatie.",
    "en": "We help new referees grow, e.g. by looking at hard calls together. "
    "Share one match situation a week.",
}
QUESTION_DAYS = (1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 25, 27, 30, 33, 36, 40, 44, 48, 52, 56)
#: Replies per question, 34 in all; some questions stay quiet.
REPLIES = (3, 2, 0, 1, 2, 4, 0, 1, 2, 3, 1, 0, 2, 2, 1, 3, 2, 0, 2, 3)
REPLY_DELAYS = (2, 5, 26, 30)  # hours after the question
_ASKED_ABOUT = re.compile(r"message (m\d+) in #home")


@dataclass
class Tally:
    member_posts: int = 0
    kindling_posts: list[Delivery] = field(default_factory=list)
    member_made: list[Delivery] = field(default_factory=list)
    dms: Counter[tuple[str, int]] = field(default_factory=Counter)
    sent: list[Delivery] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)
    repliers: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: For each thread Kindling posted a poll in: who had replied there by then.
    polls_in_threads: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def kindling_share(self) -> float:
        ours = len(self.kindling_posts)
        return ours / (ours + self.member_posts + len(self.member_made))


class Referees:
    def __init__(self, console: ConsoleDriver, language: str) -> None:
        self.console = console
        self.language = language
        self.start = console.clock.now()
        self.tally = Tally()
        self._posts = 0
        self._seen = 0
        self._greet_requests = 0
        self._asks = 0
        self._pairs_answered = 0
        self._questions: list[str] = []
        self._events = self._script()

    async def run(self) -> Tally:
        """Each scripted hour in order; in between, time jumps and Kindling does whatever fell due."""
        for hour in sorted(self._events):
            await self._until(hour)
            for line in self._events[hour]:
                await self._line(line)
        await self._until(DAYS * 24)
        self.tally.dms = await self._dms_per_week()
        return self.tally

    async def _dms_per_week(self) -> Counter[tuple[str, int]]:
        """DMs each member got per week of the sixty days, as the outbox sent them (a coffee introduction to a
        group is a DM to each of its members)."""
        counted: Counter[tuple[str, int]] = Counter()
        async with self.console.database.transaction() as session:
            rows = await session.execute(
                sa.select(OutboxMessage.destination, OutboxMessage.sent_at).where(
                    OutboxMessage.status == OutboxStatus.SENT
                )
            )
            for raw, sent_at in rows:
                destination = destination_from_json(raw)
                week = ((sent_at or self.start) - self.start) // timedelta(days=7)
                if isinstance(destination, Direct):
                    counted[(destination.member_id, week)] += 1
                elif isinstance(destination, Group):
                    for member in destination.member_ids:
                        counted[(member, week)] += 1
        return counted

    async def _until(self, hour: int) -> None:
        gap = self.start + timedelta(hours=hour) - self.console.clock.now()
        if gap > timedelta(0):
            await self._line(f"time +{int(gap.total_seconds()) // 60}m")

    def _script(self) -> defaultdict[int, list[str]]:
        events: defaultdict[int, list[str]] = defaultdict(list)

        def at(day: int, hour: int, *lines: str) -> None:
            events[day * 24 + hour].extend(lines)

        at(0, 0, "organiser ann", f"ann: /kindling language {self.language}",
           "ann: /kindling timezone Europe/Amsterdam", f"ann: /kindling goal {GOALS[self.language]}",
           "ann: /kindling ambassador add <@amy> <@bob> <@cas>")  # fmt: skip
        for name, day in JOINS.items():
            if name not in AMBASSADORS:
                at(day, 1, f"join {name}")
        at(
            1,
            2,
            "ann: /kindling column rota add @dan @eva @fien",
            "ann: /kindling column schedule thursday 10:00",
        )
        at(2, 2, "ann: /kindling coffee cadence 2")
        for day, name in ((2, "dan"), (2, "eva"), (3, "amy"), (8, "gijs"), (8, "hans"), (10, "ilse")):
            at(day, 4, f"{name}: /kindling coffee join")
        at(10, 3, "ann: /kindling meetup plan 2026-02-09 19:30 Casusavond")
        at(12, 5, "hans: /kindling case Een trainer die elke beslissing aanvecht")
        at(20, 5, "ilse: /kindling case Een speler die na het laatste fluitsignaal blijft praten")
        at(28, 5, "kees: /kindling case Twee blessures tegelijk bij regen")
        at(
            36,
            3,
            "ann: /kindling meetup recap 1 We bespraken drie casussen; de aantekeningen staan in de map.",
        )
        at(20, 6, "hans: /kindling tip Leg je kaarten altijd in dezelfde zak.")
        at(
            24,
            6,
            'amy: /kindling poll --hours 48 "Welke avond voor de volgende casusavond?" "dinsdag" "donderdag"',
        )
        asked_by = ("dan", "eva", "fien", "gijs", "hans", "ilse", "joost", "kees", "amy", "gijs")
        others = ("amy", "bob", "cas", "dan", "eva", "fien", "gijs", "hans", "ilse", "joost", "kees")
        for number, (day, replies) in enumerate(zip(QUESTION_DAYS, REPLIES, strict=True)):
            author = asked_by[number % len(asked_by)]
            while JOINS.get(author, 0) > day:
                author = "dan"
            hour = 3 + number % 6  # 10:00 to 15:00 in Amsterdam
            at(day, hour, f"{author}: Hoe pakken jullie situatie {number + 1} aan?")
            repliers = [name for name in others if name != author and JOINS[name] <= day]
            for index in range(replies):
                replier = repliers[(number * 3 + index) % len(repliers)]
                at(day, hour + REPLY_DELAYS[index], f"{replier}: reply Q{number + 1} Zo doe ik het.")
        return events

    async def _line(self, scripted: str) -> None:
        line = self._resolve(scripted)
        if line is None:
            return
        name, _, text = line.partition(": ")
        delivered = await self.console.line(line)
        if text and not text.startswith(("/kindling", "click ")):
            self._posts += 1
            self.tally.member_posts += 1
            if text.startswith("reply "):
                self.tally.repliers[text.split()[1]].append(name)
            else:
                self.tally.authors[f"m{self._posts}"] = name
                self._questions.append(f"m{self._posts}")
        answering_command = text.startswith("/kindling")
        await self._take(delivered, answering_command=answering_command)

    def _resolve(self, line: str) -> str | None:
        """`reply Q3` names the third question: its message id is known once it was posted."""
        match = re.search(r"reply Q(\d+) ", line)
        if not match:
            return line
        number = int(match.group(1))
        if number > len(self._questions):
            return None
        return line.replace(f"Q{number} ", f"{self._questions[number - 1]} ", 1)

    async def _take(self, delivered: list[Delivery], *, answering_command: bool) -> None:
        for delivery in delivered:
            if delivery.kind == "console":
                continue
            self.tally.sent.append(delivery)
            if delivery.kind == "channel":
                (self.tally.member_made if answering_command else self.tally.kindling_posts).append(delivery)
                if delivery.thread and any("poll.vote" in action for _, action, _ in delivery.buttons):
                    self.tally.polls_in_threads.append(
                        (delivery.thread, list(self.tally.repliers.get(delivery.thread, [])))
                    )
        for delivery in delivered:
            for reaction in self._react(delivery):
                await self._line(reaction)

    def _react(self, delivery: Delivery) -> list[str]:
        """What a member does on seeing `delivery`."""
        actions = {action: (label, value) for label, action, value in delivery.buttons}
        who = delivery.to
        if "kindling.greeted" in actions:
            self._greet_requests += 1
            if self._greet_requests % 4:  # one request in four is forgotten
                return [f"{who}: click kindling.greeted {actions['kindling.greeted'][1]}"]
        week = (self.console.clock.now() - self.start) // timedelta(days=7)
        if "kindling.column.confirm" in actions and (who == "dan" or (who == "eva" and week % 2 == 0)):
            return [f"{who}: click kindling.column.confirm {actions['kindling.column.confirm'][1]}"]
        if delivery.kind == "channel" and delivery.thread == "" and self._is_column(delivery):
            expert = next(name for name in EXPERTS if f"@{name}" in delivery.text)
            return [f"{expert}: reply {delivery.message_id} Mijn column: de eerste vijf minuten."]
        if "kindling.coffee.met" in actions:
            self._pairs_answered += 1
            yes, no = (value for _, action, value in delivery.buttons if action == "kindling.coffee.met")
            return [f"{who}: click kindling.coffee.met {yes if self._pairs_answered % 3 else no}"]
        if "kindling.meetup.rsvp" in actions and delivery.kind == "channel":
            going = delivery.buttons[0][2]
            return [
                f"{name}: click kindling.meetup.rsvp {going}"
                for name in ("bob", "dan", "hans", "ilse", "kees")
            ]
        votes = [value for _, action, value in delivery.buttons if action == "kindling.poll.vote"]
        if votes and delivery.kind == "channel":
            if delivery.thread:  # a poll under a member's thread: its author answers it, nobody else
                return [
                    f"{self.tally.authors.get(delivery.thread, 'amy')}: click kindling.poll.vote {votes[0]}"
                ]
            return [
                f"{name}: click kindling.poll.vote {votes[n % 2]}"
                for n, name in enumerate(("bob", "cas", "gijs", "hans"))
            ]
        asked = _ASKED_ABOUT.search(delivery.text)
        if delivery.kind == "dm" and asked and who in (*AMBASSADORS, "ann"):
            self._asks += 1
            if self._asks % 3:
                return [f"{who}: reply {asked.group(1)} Goede vraag, zo pak ik het aan."]
        return []

    @staticmethod
    def _is_column(delivery: Delivery) -> bool:
        return any(f"@{name}" in delivery.text for name in EXPERTS) and "column" in delivery.text.lower()
