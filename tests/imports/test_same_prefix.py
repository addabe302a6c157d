"""An arXiv version and its venue version renamed after the colon are possible duplicates.

Real pairs: FlashDecoding++ (arXiv 2311.01282, "…Faster Large Language Model Inference on
GPUs", as papers cite it; MLSys 2024 "…with Asynchronization, Flat GEMM Optimization, and
Heuristics", seed 002) and SuffixDecoding (arXiv 2411.04975 "A Model-Free Approach to
Speeding Up Large Language Model Inference"; NeurIPS 2025 "Extreme Speculative Decoding
for Emerging AI Applications", seed 000). Their titles are too different to be
near-identical, so the search also indexes (title before the colon, first author).
"""

import random
import time

import pytest

from publications.imports import NEW, POSSIBLE_DUPLICATE
from publications.imports.keys import title_key
from publications.imports.near_duplicates import (
    PairBudget,
    Title,
    find_near_duplicates,
    prefix_key,
)
from publications.models import PossibleDuplicate, Publication
from tests.factories import make_publication
from tests.imports.bench_import import WORDS
from tests.imports.helpers import bib, run_import

pytestmark = pytest.mark.django_db

FLASHDECODING_AUTHORS = ("Hong, Ke and Dai, Guohao and Xu, Jiaming and Mao, Qiuli and "
                         "Li, Xiuhong and Liu, Jun and Chen, Kangdi and Dong, Yuhan and Wang, Yu")
# Scholar's spelling of both records (sentence case).
FLASHDECODING_ARXIV = f"""@article{{hong2023flashdecoding++,
  title={{Flashdecoding++: Faster large language model inference on gpus}},
  author={{{FLASHDECODING_AUTHORS}}},
  journal={{arXiv preprint arXiv:2311.01282}},
  year={{2023}}
}}"""
FLASHDECODING_MLSYS = f"""@article{{hong2024flashdecoding++,
  title={{FlashDecoding++: Faster Large Language Model Inference with Asynchronization,
    Flat GEMM Optimization, and Heuristics}},
  author={{{FLASHDECODING_AUTHORS}}},
  journal={{Proceedings of Machine Learning and Systems}},
  volume={{6}},
  year={{2024}}
}}"""


def pairs(lab):
    return {(pair.publication.title, pair.other.title) for pair in
            PossibleDuplicate.objects.for_lab(lab).select_related("publication", "other")}


def test_the_arxiv_and_the_venue_version_in_one_import_are_listed(lab_a, lab_b):
    report = run_import(lab_a, ("flashdecoding.bib", bib(FLASHDECODING_ARXIV,
                                                         FLASHDECODING_MLSYS)))

    assert [item.status for item in report.items] == [NEW, POSSIBLE_DUPLICATE]
    reason = report.items[1].reasons[0]
    assert reason.startswith('possible duplicate: the same title before the colon '
                             '("FlashDecoding++") as new "Flashdecoding++: Faster large')
    assert reason.endswith(", same first author (Ke Hong)")
    # Listed for review, never merged silently.
    assert Publication.objects.for_lab(lab_a).count() == 2
    assert pairs(lab_a) == {(
        "FlashDecoding++: Faster Large Language Model Inference with Asynchronization, "
        "Flat GEMM Optimization, and Heuristics",
        "Flashdecoding++: Faster large language model inference on gpus",
    )}
    assert report.plan.near_duplicates.same_prefix == 1
    assert not PossibleDuplicate.objects.for_lab(lab_b).exists()


def test_a_stored_venue_version_is_found_by_the_imported_arxiv_record(lab_a, lab_b):
    # Seed 000 lists the NeurIPS'25 version; Scholar still has the arXiv one.
    neurips = make_publication(
        lab=lab_a, title="SuffixDecoding: Extreme Speculative Decoding for Emerging AI "
                         "Applications",
        authors=["Gabriele Oliaro", "Zhihao Jia", "Daniel Campos", "Aurick Qiao"])
    # The same paper in another lab is never a candidate.
    make_publication(lab=lab_b, title="SuffixDecoding: Something else entirely",
                     authors=["Gabriele Oliaro"])
    arxiv = """@article{oliaro2024suffixdecoding,
      title={Suffixdecoding: A model-free approach to speeding up large language model inference},
      author={Oliaro, Gabriele and Jia, Zhihao and Campos, Daniel and Qiao, Aurick},
      journal={arXiv preprint arXiv:2411.04975}, year={2024}}"""

    report = run_import(lab_a, ("scholar.bib", bib(arxiv)))

    assert report.items[0].status == POSSIBLE_DUPLICATE
    assert neurips.slug in report.items[0].reasons[0]
    assert PossibleDuplicate.objects.for_lab(lab_a).get().other == neurips
    assert not PossibleDuplicate.objects.for_lab(lab_b).exists()
    # Re-importing asks nothing again.
    again = run_import(lab_a, ("scholar.bib", bib(arxiv)))
    assert again.counts["possible_duplicates"] == 0
    assert PossibleDuplicate.objects.for_lab(lab_a).count() == 1


def entry(key: str, title: str, author: str = "Chen, Beidi") -> str:
    return (f"@article{{{key}, title={{{title}}}, author={{{author}}}, "
            f"journal={{Journal of Things}}, year={{2024}}}}")


@pytest.mark.parametrize("first, second", [
    # Prefixes that name a kind of text, not a paper.
    ("Introduction: Efficient Systems for Foundation Models",
     "Introduction: Locality Sensitive Hashing in Practice"),
    ("Editorial: Sparse Computing for Machine Learning",
     "Editorial: Hashing Algorithms for Large-Scale Search"),
    ("Part II: Randomized Algorithms", "Part II: Streaming Data"),
    # A one-word prefix of one or two letters.
    ("AI: A Survey of Efficient Inference", "AI: Challenges for Hardware Design"),
    ("Q: Quantized Attention Kernels", "Q: Questions About Long Context"),
])
def test_unrelated_papers_sharing_a_generic_prefix_are_not_listed(lab_a, first, second):
    report = run_import(lab_a, ("generic.bib", bib(entry("a", first), entry("b", second))))

    assert [item.status for item in report.items] == [NEW, NEW]
    assert not PossibleDuplicate.objects.for_lab(lab_a).exists()


def test_the_same_prefix_by_another_first_author_is_not_listed(lab_a):
    report = run_import(lab_a, ("two.bib", bib(
        FLASHDECODING_ARXIV,
        entry("z", "FlashDecoding++: A Reproduction Study", author="Zhang, Zhenyu"),
    )))

    assert [item.status for item in report.items] == [NEW, NEW]


def test_two_deja_vu_papers_by_two_liu_are_not_listed(lab_a):
    """Real: Zichang Liu's ICML 2023 "Deja vu" and Jinwoo Liu's MLSys 2023 "Deja vu"
    share a surname, a prefix and even Scholar's key (tests/imports/data/profile.bib)."""
    report = run_import(lab_a, "profile.bib")

    deja = [item for item in report.items if item.key == "liu2023deja"]
    assert [item.status for item in deja] == [NEW, NEW]


def test_the_first_author_may_be_written_with_initials(lab_a):
    make_publication(lab=lab_a, title="Flashdecoding++: Faster large language model "
                                      "inference on gpus", authors=["K Hong", "G Dai"])

    report = run_import(lab_a, ("mlsys.bib", bib(FLASHDECODING_MLSYS)))

    assert report.items[0].status == POSSIBLE_DUPLICATE


def test_a_prefix_shared_by_more_papers_than_can_be_listed_is_a_series(lab_a, settings):
    settings.LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY = 5
    titles = [f"Sparsity Lectures: {rest}" for rest in (
        "hashing for inference", "pruning transformers", "quantized attention kernels",
        "mixture of experts routing", "low-rank adapters in practice",
        "speculative decoding trees", "streaming with attention sinks")]
    report = run_import(lab_a, ("series.bib", bib(*(entry(f"s{n}", title)
                                                    for n, title in enumerate(titles)))))

    assert {item.status for item in report.items} == {NEW}
    assert report.plan.near_duplicates.same_prefix == 0


@pytest.mark.parametrize("title, key", [
    ("FlashDecoding++: Faster Large Language Model Inference on GPUs", "flashdecoding"),
    ("H2O: Heavy-Hitter Oracle for Efficient Generative Inference", "h2o"),
    ("Deja Vu: Contextual Sparsity for Efficient LLMs at Inference Time", "dejavu"),
    ("Efficient Streaming Language Models with Attention Sinks", ""),  # no colon
    ("Trailing colon:", ""),
    ("Introduction: Anything", ""),
    ("Guest Editorial: Anything", ""),
    ("Chapter 3: Anything", ""),
    ("AI: Anything", ""),
])
def test_prefix_key(title, key):
    assert prefix_key(title) == key


def prefix_titles(size: int) -> list[Title]:
    """``size`` papers of one first author: pairs of versions renamed after the colon
    ("Name: faster … on GPUs" / "Name: faster … with …"), and a series of papers sharing
    one prefix ("Lectures: …")."""
    rng = random.Random(size)
    titles = []
    for n in range(size // 2):
        name = "".join(word.capitalize() for word in rng.sample(WORDS, 3)) + str(n)
        arxiv, venue = " ".join(rng.sample(WORDS, 5)), " ".join(rng.sample(WORDS, 8))
        for order, rest in enumerate((f"faster {arxiv} on GPUs", f"faster {venue} with B")):
            title = f"{name}: {rest}"
            titles.append(Title(title, "chen", title_key(title), 2 * n + order,
                                prefix=prefix_key(title), first_author="chen b"))
    for n in range(size // 10):
        title = f"Lectures: {' '.join(rng.sample(WORDS, 6))} {n}"
        titles.append(Title(title, "chen", title_key(title), size + n, prefix=prefix_key(title),
                            first_author="chen b"))
    return titles


def search(titles: list[Title], settings):
    budget = PairBudget(per_entry=5, per_import=10**9)
    found = list(find_near_duplicates(titles, budget=budget, candidates=20))
    return found, budget.stats


def test_the_prefix_index_stays_linear_in_work_and_time(settings):
    measured = {}
    for size in (1_000, 4_000):
        titles = prefix_titles(size)
        found, stats = search(titles, settings)
        # Each pair of versions is found once; the series of lectures is not listed.
        by_prefix = [(paper, other.paper) for paper, others, _ in found for other in others
                     if other.same_prefix]
        assert len(by_prefix) == size // 2
        assert all(paper.startswith(other.split(":")[0] + ":") for paper, other in by_prefix)
        assert stats.same_prefix == size // 2
        best = min(_timed(titles, settings) for _ in range(5))  # the machine is shared
        measured[size] = (stats.compared + stats.same_prefix, best)
    work, seconds = measured[1_000]
    work4, seconds4 = measured[4_000]
    assert work4 <= 5 * work
    # Four times the papers: about four times the time (a square would be 16; the slack
    # is for a shared machine).
    assert seconds4 <= 10 * seconds + 0.1, (seconds, seconds4)


def _timed(titles, settings) -> float:
    # CPU time of this process: the other engineers' jobs on the machine do not count.
    start = time.process_time()
    search(titles, settings)
    return time.process_time() - start
