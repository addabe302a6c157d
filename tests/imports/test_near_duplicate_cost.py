"""The near-duplicate search's inner loop costs no Python call per candidate pair.

Each new paper is checked against up to 20 neighbours (near_duplicates.py); a helper
call for every neighbour and a frozen dataclass per paper made the search the import's
slowest step after parsing (5,000 entries: 0.1 s of CPU per plan). What is left per pair
is the C similarity (rapidfuzz); Python calls are counted with a profile hook, which
does not depend on the machine's speed.
"""

import random
import sys

from publications.imports.near_duplicates import PairBudget, Title, find_near_duplicates
from tests.imports.bench_import import SURNAMES, WORDS


def titles(count: int) -> list[Title]:
    rng = random.Random(7)
    return [
        # 40 first authors; titles from 200 stems, so that some are near-identical.
        Title(paper=n, surname=rng.choice(SURNAMES[:40]).lower(),
              key=" ".join(random.Random(n % 200).sample(WORDS, 6)) + f" part {n % 7}",
              order=None if n % 5 == 0 else n)
        for n in range(count)
    ]


def python_calls(function) -> int:
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def test_the_search_makes_a_few_python_calls_per_paper_not_per_pair(settings):
    settings.LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT = 100_000
    papers = titles(2000)
    budget = PairBudget()
    found = []
    calls = python_calls(lambda: found.extend(find_near_duplicates(papers, budget=budget)))

    assert budget.stats.compared > 5 * len(papers)  # the neighbours are compared ...
    assert calls < 4 * len(papers), (calls, budget.stats.compared)  # ... not called per pair
    # What it finds is unchanged: near-identical titles by the same first author, each
    # pair once, by its later paper (a stored one, order None, counts as earlier).
    by_paper = {title.paper: title for title in papers}
    assert found
    for paper, others, _left_out in found:
        title = by_paper[paper]
        for other in (by_paper[near.paper] for near in others):
            assert other.surname == title.surname and other.key != title.key
            assert other.order is None or other.order < title.order


def test_titles_are_plain_tuples():
    title = Title("paper", "chen", "key", 3)
    assert isinstance(title, tuple) and title.order == 3 and title.paper == "paper"
