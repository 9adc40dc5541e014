"""Coffee pairing: everyone paired every round, a trio for an odd count, and no repeated pair while a
grouping with only new pairs exists (checked against an independent brute force)."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations, permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.pairing import History, cost, make_groups


def _all_new_grouping_exists(members: list[str], history: History) -> bool:
    # Independent of the implementation: try orderings and chunk them.
    for order in permutations(members):
        groups = [order[i : i + 2] for i in range(0, len(order) - len(order) % 2, 2)]
        if len(order) % 2:
            groups[-1] = (*groups[-1], order[-1])
        if cost(groups, history) == 0:
            return True
    return False


def _record(history: History, groups: list[tuple[str, ...]]) -> None:
    for group in groups:
        for pair in combinations(group, 2):
            history[frozenset(pair)] += 1


def test_twelve_rounds_of_seven() -> None:
    members = [f"m{n}" for n in range(7)]
    history: History = Counter()
    rng = random.Random(42)
    for _ in range(12):
        groups = make_groups(members, history, rng)
        assert sorted(person for group in groups for person in group) == sorted(members)  # everyone, once
        assert sorted(len(group) for group in groups) == [2, 2, 3]
        if _all_new_grouping_exists(members, history):
            assert cost(groups, history) == 0
        _record(history, groups)
    # 12 rounds hold 60 pair-meetings over 21 possible pairs (2.9 each): every pair met, and evenly.
    assert len(history) == 21
    assert min(history.values()) >= 2 and max(history.values()) <= 4


def test_small_rounds() -> None:
    rng = random.Random(1)
    assert make_groups([], Counter(), rng) == []
    assert make_groups(["a"], Counter(), rng) == []
    assert sorted(make_groups(["a", "b", "c"], Counter(), rng)[0]) == ["a", "b", "c"]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=11, max_value=40), st.integers(min_value=0, max_value=5))
def test_large_rounds_pair_everyone_once_and_avoid_repeats(size: int, rounds: int) -> None:
    members = [f"m{n}" for n in range(size)]
    history: History = Counter()
    rng = random.Random(size)
    for _ in range(rounds + 1):
        groups = make_groups(members, history, rng)
        assert sorted(p for g in groups for p in g) == sorted(members)
        assert all(len(group) in (2, 3) for group in groups)
        assert sum(len(group) == 3 for group in groups) == size % 2
        # With far more unused pairs than needed, the heuristic finds all-new pairs.
        assert cost(groups, history) == 0
        _record(history, groups)
