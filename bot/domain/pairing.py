"""Coffee pairings: split the members of a round into pairs (a trio absorbs an odd one out) so that people
meet someone new: the grouping with the fewest repeats of earlier pairs wins.

Small rounds (up to ten people) are searched exhaustively, so "no repeated pair while an unused one exists"
holds exactly; larger ones use random restarts with pairwise swaps, which in practice finds all-new pairs
whenever plenty exist.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import combinations

Group = tuple[str, ...]
History = Counter[frozenset[str]]
EXHAUSTIVE_UP_TO = 10


def cost(groups: Sequence[Group], history: History) -> int:
    """Zero for all-new pairs; a pair met before weighs the square of its meetings, so repeats spread out
    rather than the same two people meeting again and again."""
    return sum(history[frozenset(pair)] ** 2 for group in groups for pair in combinations(group, 2))


def make_groups(members: Sequence[str], history: History, rng: random.Random) -> list[Group]:
    people = list(dict.fromkeys(members))
    if len(people) < 2:
        return []
    if len(people) <= 3:
        return [tuple(people)]
    rng.shuffle(people)  # ties go to a random grouping, not always the same one
    if len(people) <= EXHAUSTIVE_UP_TO:
        best = min(_partitions(people), key=lambda groups: cost(groups, history))
    else:
        best = _improve(people, history, rng)
    return [tuple(group) for group in best]


def _partitions(people: list[str]) -> Iterator[list[Group]]:
    """Every split into pairs, with one trio when the count is odd."""
    if len(people) % 2 == 0:
        yield from _pairings(people)
        return
    for trio in combinations(people, 3):
        rest = [person for person in people if person not in trio]
        for pairs in _pairings(rest):
            yield [trio, *pairs]


def _pairings(people: list[str]) -> Iterator[list[Group]]:
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for index, partner in enumerate(rest):
        for others in _pairings(rest[:index] + rest[index + 1 :]):
            yield [(first, partner), *others]


def _improve(people: list[str], history: History, rng: random.Random, restarts: int = 30) -> list[Group]:
    best: list[Group] | None = None
    for _ in range(restarts):
        order = people[:]
        rng.shuffle(order)
        groups = _chunk(order)
        groups = _swap_until_stuck(groups, history)
        if best is None or cost(groups, history) < cost(best, history):
            best = groups
        if cost(best, history) == 0:
            break
    assert best is not None
    return best


def _chunk(order: list[str]) -> list[Group]:
    groups = [tuple(order[i : i + 2]) for i in range(0, len(order) - len(order) % 2, 2)]
    if len(order) % 2:
        groups[-1] = (*groups[-1], order[-1])
    return groups


def _swap_until_stuck(groups: list[Group], history: History) -> list[Group]:
    """Swap two people between two groups while that lowers the cost (bounded: the cost only falls)."""
    current = [list(group) for group in groups]
    improved = True
    while improved:
        improved = False
        for a, b in combinations(range(len(current)), 2):
            for i in range(len(current[a])):
                for j in range(len(current[b])):
                    before = cost([tuple(current[a]), tuple(current[b])], history)
                    current[a][i], current[b][j] = current[b][j], current[a][i]
                    if cost([tuple(current[a]), tuple(current[b])], history) < before:
                        improved = True
                    else:
                        current[a][i], current[b][j] = current[b][j], current[a][i]
    return [tuple(group) for group in current]
