"""Seed 000, a plain page (Aurick Qiao): a photo right of the text, two paragraphs of
about, an obfuscated e-mail, three profile links and five selected papers with their
links, the member in bold and the papers' highlights (Spotlight, Best Paper Award).

Built from what admin writes: a lab, the member (photo, profile options, about), link
rows, two section rows, papers with authors and links, highlights as paper awards.
``add_items(seed, copy=2)`` adds a second copy of every list (the query-budget check).
"""

# ruff: noqa: E501 (the seed's sentences as they are)

from types import SimpleNamespace

from tests.factories import (
    make_award,
    make_lab,
    make_person,
    make_person_link,
    make_person_section,
    make_publication,
)
from tests.seeds.common import png_file

HOST = "seed000.example.org"
NAME = "Aurick Qiao"

ABOUT = """I am currently at [Snowflake AI Research](https://www.snowflake.com/en/product/ai/ai-research/), where I lead the development of [Arctic Inference](https://github.com/snowflakedb/ArcticInference). My research interests lie broadly in efficient ML systems, algorithms, and architectures. Previously, I served as the CEO of [Petuum](https://www.cmu.edu/news/stories/archives/2017/october/petuum-funding.html) and received my PhD in Computer Science from Carnegie Mellon University, where I was supervised by [Eric Xing](https://www.cs.cmu.edu/~epxing/).

Before getting into ML systems, I studied Computer Science and Combinatorics & Optimization at the University of Waterloo, where I worked on [improving Quicksort](https://cs.uwaterloo.ca/~skushagr/multipivotQuicksort.pdf) with [J. Ian Munro](https://cs.uwaterloo.ca/~imunro/) and [Alejandro Lopez-Ortiz](https://cs.uwaterloo.ca/people-profiles/alejandro-alex-lopez-ortiz). I also participated in competitive programming, and won a [gold medal](https://stats.ioinformatics.org/people/303) at the International Olympiad in Informatics (IOI)."""

LINKS = [
    ("linkedin", "https://www.linkedin.com/in/aurickq/", "LinkedIn"),
    ("x", "https://x.com/aurickq", "Twitter/X"),
    ("scholar", "https://scholar.google.com/citations?user=DOM7ToIAAAAJ&hl=en", "Scholar"),
]

# (title, year, badge, links, authors (the member's index), highlight): in the seed's order.
PAPERS = [
    ("SuffixDecoding: Extreme Speculative Decoding for Emerging AI Applications", 2025, "NeurIPS’25",
     [("pdf", "https://arxiv.org/pdf/2411.04975", "paper"),
      ("code", "https://github.com/snowflakedb/ArcticInference/tree/main/csrc/suffix_decoding", "code"),
      ("blog", "https://www.snowflake.com/en/engineering-blog/fast-speculative-decoding-vllm-arctic/", "blog")],
     ["Gabriele Oliaro", "Zhihao Jia", "Daniel Campos", NAME], "Spotlight"),
    ("SwiftKV: Fast Prefill-Optimized Inference with Knowledge-Preserving Model Transformation", 2025, "EMNLP’25",
     [("pdf", "https://arxiv.org/pdf/2410.03960", "paper"),
      ("code", "https://github.com/snowflakedb/ArcticTraining/tree/main/projects/swiftkv", "code"),
      ("blog", "https://www.snowflake.com/en/blog/up-to-75-lower-inference-cost-llama-meta-llm/", "blog")],
     [NAME, "Zhewei Yao", "Samyam Rajbhandari", "Yuxiong He"], ""),
    ("LLM360: Towards Fully Transparent Open-source LLMs", 2023, "COLM’23",
     [("pdf", "https://arxiv.org/pdf/2312.06550", "paper"),
      ("project", "https://www.llm360.ai/", "website")],
     ["Zhengzhong Liu", NAME, "Willie Neiswanger", "Hongyi Wang", "Bowen Tan", "Tianhua Tao", "Junbo Li", "Yuqi Wang", "Suqi Sun", "Omkar Pangarkar", "Richard Fan", "Yi Gu", "Victor Miller", "Yonghao Zhuang", "Guowei He", "Haonan Li", "Fajri Koto", "Liping Tang", "Nikhil Ranjan", "Zhiqiang Shen", "Xuguang Ren", "Roberto Iriondo", "Cun Mu", "Zhiting Hu", "Mark Schulze", "Preslav Nakov", "Tim Baldwin", "Eric P Xing"], ""),
    ("Pollux: Co-adaptive Cluster Scheduling for Goodput-optimized Deep Learning", 2021, "OSDI’21",
     [("pdf", "https://www.usenix.org/system/files/osdi21-qiao.pdf", "paper"),
      ("code", "https://github.com/petuum/adaptdl/tree/osdi21-artifact", "code")],
     [NAME, "Sang Keun Choe", "Suhas Jayaram Subramanya", "Willie Neiswanger", "Qirong Ho", "Hao Zhang", "Gregory R Ganger", "Eric P Xing"], "Best Paper Award"),
    ("Managed Communication and Consistency for Fast Data-parallel Iterative Analytics", 2015, "SoCC’15",
     [("pdf", "https://dl.acm.org/doi/pdf/10.1145/2806777.2806778", "paper"),
      ("code", "https://github.com/sailing-pmls/bosen", "code")],
     ["Jinliang Wei", "Wei Dai", NAME, "Qirong Ho", "Henggang Cui", "Gregory R Ganger", "Phillip B Gibbons", "Garth A Gibson", "Eric P Xing"], "Best Paper Award"),
]  # fmt: skip


def build() -> SimpleNamespace:
    lab = make_lab(slug="seed-000", name="Snowflake AI Research", hosts=[HOST])
    person = make_person(
        lab=lab, slug="aurick-qiao", full_name=NAME, sections=[], about=ABOUT,
        email="contact@aurick.net", email_display="written",
        email_written="contact (at) [my first name] (dot) net",
        photo_position="right", photo_shape="original", photo_size="large",
        photo_alt="Aurick Qiao",
    )  # fmt: skip
    person.photo = png_file("aurick.png", size=(500, 600))
    person.save()
    for order, (kind, url, label) in enumerate(LINKS):
        make_person_link(lab=lab, person=person, kind=kind, url=url, label=label, order=order)
    make_person_section(lab=lab, person=person, kind="about", heading="", order=10)
    make_person_section(
        lab=lab, person=person, kind="publications", heading="Selected Publications", order=20,
        publication_filter="selected", display_style="list", title_link="link",
        venue_display="line", show_highlights=True,
    )  # fmt: skip
    seed = SimpleNamespace(lab=lab, person=person, host=HOST, path="/people/aurick-qiao/")
    add_items(seed, copy=1)
    return seed


def add_items(seed, *, copy: int) -> None:
    """The seed's papers and highlights (a second copy is titled "… (copy 2)")."""
    lab, person = seed.lab, seed.person
    for index, (title, year, venue, links, authors, highlight) in enumerate(PAPERS, start=1):
        suffix = "" if copy == 1 else f" (copy {copy})"
        paper = make_publication(
            lab=lab, title=title + suffix, slug=f"paper-{index}-{copy}", year=year,
            venue=venue, venue_short=venue, selected=True,
            position_in_year=index + 10 * (copy - 1),
            authors=[(name, person) if name == NAME else name for name in authors],
            links=links,
        )  # fmt: skip
        if highlight:
            make_award(lab=lab, publication=paper, kind="paper", title=highlight, year=year)

