"""Seed 002, an AcadHomepage page (Jiaming Xu, 许珈铭): about, "🔥 News" to the month,
"👥 Team" from the lab's people (Now / Previous with periods like 2024.10~2025.6),
"📝 Publications" as paper boxes (thumbnail, venue badge, co-first marks, notes, links),
"🎖 Honors and Awards", "📖 Educations", "💬 Presentation" (talk kinds) and "💻 Service".

Built through what admin writes through: the lab and its people, section rows with the
seed's headings, "Paste a list…" (people.pasting) for news, honours, education and
service (the seed's own lists, tests/people/seed_lists.py, as pasted: the paste keeps the text of
the red spans, not their colour),
CV rows for the talks, "Paste authors" (publications.author_entry) for the co-first
marks, papers with thumbnails and links.
"""

# ruff: noqa: E501 (the seed's sentences as they are)

import datetime
from types import SimpleNamespace

from django.utils.text import slugify

from people.pasting import create_pasted_items
from publications.author_entry import plan_pasted_authors, replace_authors
from tests.factories import (
    make_cv_entry,
    make_lab,
    make_person,
    make_person_link,
    make_person_section,
    make_publication,
)
from tests.people.seed_lists import (
    SEED_002_EDUCATION,
    SEED_002_HONOURS,
    SEED_002_NEWS,
    SEED_002_SERVICE,
)
from tests.seeds.common import png_file

HOST = "seed002.example.org"
PATH = "/people/jiaming-xu/"
NAME = "Jiaming Xu"

ABOUT = """I am Jiaming Xu (许珈铭), a third year Ph.D student supervised by [Prof. Guohao Dai (戴国浩)](https://dai.sjtu.edu.cn/pepledetail.html?id=218) in School of Computer Science, Shanghai Jiao Tong University ([上海交通大学计算机学院](https://www.cs.sjtu.edu.cn/)) and Shanghai Innovation Institute ([上海创智学院](https://www.sii.edu.cn/)). Previously, I obtained my Bachelor's degree in 2023 from School of Computer Science and Technology, Xidian University ([西安电子科技大学计算机科学与技术学院](https://cs.xidian.edu.cn/)) supervised by [Prof. Nannan Wang (王楠楠)](https://web.xidian.edu.cn/nnwang/). I was once an intern in Infinigence AI ([无问芯穹](https://cloud.infini-ai.com/platform/ai)) and now still collaborate closely with Xiuhong Li ([李秀红](https://www.zhihu.com/people/hong_pku)) in Infinigence AI.

My research focuses on efficient machine learning systems (MLSys), primarily the effcient AI (e.g., LLM, sparse computing, embodied AI, multimodal model) inference through algorithm (e.g., quantization, pruning, speculative decoding) and system (kernel design, memory management, dataflow design, heterogeneous computing) co-deisgn. I have published 10+ papers at the top international conferences and journals such as IEEE TCAD, ISCA, MLSys, DAC."""

TEAM_INTRO = """Now I lead the system team (DAI-Sys) in our lab. Our team currently consists of 9 students, including 4 Ph.D. students, 1 master student, and 4 undergraduates. I am very happpy to cooperate with them. ==I am looking for students, who are excited to tackle efficiency problems in AI from an algorithm, modeling, system/hardare perspectives, to join us== ([DAI-Sys小组招生](https://dai.sjtu.edu.cn/join.html))."""

# (name, native name, position, affiliation, joined, left): "Now" after the lead, then "Previous".
TEAM = [
    ("Yaoxiu Lian", "廉瑶秀", "fourth year Ph.D student", "Shanghai Jiao Tong University", None, None),
    ("Yongkang Zhou", "周永康", "first year Ph.D student", "Shanghai Jiao Tong University and Shanghai Innovation Institude", None, None),
    ("Kele Shao", "邵可乐", "first year Ph.D student", "Westlake University and Shanghai Innovation Institude", None, None),
    ("Jiayi Pan", "潘佳一", "second year master student", "Shanghai Jiao Tong University", None, None),
    ("Tianlang Zhao", "赵天朗", "fourth year undergraduate", "Shanghai Jiao Tong University", None, None),
    ("Hanzhen Wang", "王翰楨", "third year undergraduate", "Shanghai Jiao Tong University", None, None),
    ("Haotian Fang", "方皓天", "second year undergraduate", "Shanghai Jiao Tong University", None, None),
    ("Qiming Cheng", "程淇铭", "second year undergraduate", "East China Normal University", None, None),
    ("Siming Chen", "陈思铭", "fourth year undergraduate", "Lanzhou University", datetime.date(2024, 10, 1), datetime.date(2025, 6, 1)),
    ("Junyi Wu", "吴俊逸", "third year undergraduate", "Shanghai Jiao Tong University", datetime.date(2024, 1, 1), datetime.date(2025, 3, 1)),
]

# (title, venue badge, note, year, thumbnail, authors as pasted, links (kind, url, label)).
PAPERS = [
    ("SpecEE: Accelerating Large Language Model Inference with Speculative Early Exiting",
     "ISCA 2025", "CCF-A", 2025, "ISCA25.png",
     "Jiaming Xu, Jiayi Pan, Yongkang Zhou, Siming Chen, Jinhao Li, Yaoxiu Lian, Junyi Wu, Guohao Dai",
     [("pdf", "https://dai.sjtu.edu.cn/my_file/pdf/7e067065-0e58-4e87-a373-feea0bebde1b.pdf", "Paper"),
      ("code", "https://github.com/infinigence/SpecEE", "Code"),
      ("blog", "https://mp.weixin.qq.com/s/vecJX1J8sFoRK8ZudFfzaA", "机器之心")]),
    ("Enabling Efficient Sparse Multiplications on GPUs with Heuristic Adaptability",
     "IEEE TCAD 2025", "CCF-A", 2025, "TCAD25.png",
     "Jiaming Xu*, Shan Huang*, Jinhao Li, Guyue Huang, Yuan Xie, Yu Wang, Guohao Dai",
     [("pdf", "https://ieeexplore.ieee.org/document/10802949", "Paper"),
      ("project", "https://dgsparse.github.io/", "Project"),
      ("code", "https://github.com/dgSPARSE", "Code")]),
    ("FlashDecoding++: Faster Large Language Model Inference with Asynchronization, Flat GEMM Optimization, and Heuristics",
     "MLSys 2024", "non-CCF", 2024, "MLSys24.png",
     "Ke Hong*, Guohao Dai*, Jiaming Xu*, Qiuli Mao, Xiuhong Li, Jun Liu, Kangdi Chen, Yuhan Dong, Yu Wang",
     [("pdf", "https://proceedings.mlsys.org/paper_files/paper/2024/file/5321b1dabcd2be188d796c21b733e8c7-Paper-Conference.pdf", "Paper"),
      ("arxiv", "https://arxiv.org/abs/2311.01282", "Arxiv"),
      ("blog", "https://mp.weixin.qq.com/s/e9OHATqk88Q9zM3Y5czFQA", "机器之心")]),
]  # fmt: skip

# What a metadata refresh would have stored for each paper (as metadata/apply.py writes it):
# (citations, the day they were read, code stars or None, the day those were read). The seed
# shows live ones (shields.io stars of the Code repositories, Scholar's count per paper).
READ_ON = datetime.date(2026, 11, 30)
STARS_READ_ON = datetime.date(2026, 12, 1)
RECORDED = [(120, READ_ON, 95, STARS_READ_ON), (37, READ_ON, 48, STARS_READ_ON),
            (210, READ_ON, None, None)]  # fmt: skip
# The seed's citations badge links to this profile (a PersonLink of kind "scholar").
SCHOLAR = "https://scholar.google.com/citations?user=DhtAFkwAAAAJ"

# (month, talk kind, title, event, place), newest first as the seed lists them.
TALKS = [
    ((2025, 8), "invited", "Efficient LLM inference via hardware-software codesign", "CCF-HPC 2025", "Ordos, China"),
    ((2025, 6), "oral", "Accelerating Large Language Model Inference with Speculative Early Exiting", "ISCA 2025", "Tokyo, Japan"),
    ((2024, 12), "oral", "Efficient LLM Inference on GPUs with Operator Optimization and Compilation", "Chinasys 2024", "Tianjin, China"),
    ((2024, 11), "oral", "MARCA: Mamba Accelerator with Reconfigurable Architecture", "ICCAD 2024", "New York, USA"),
    ((2024, 11), "oral", "Fast and Efficient 2-bit LLM Inference on GPU: 2/4/16-bit in a Weight Matrix with Asynchronous Dequantization", "ICCAD 2024", "New York, USA"),
    ((2024, 11), "oral", "Towards Floating Point-Based Attention-Free LLM: Hybrid PIM with Non-Uniform Data Format and Reduced Multiolications", "ICCAD 2024", "New York, USA"),
    ((2024, 9), "invited", "Efficient GPU computation in Large Language Models", "CCF-HPC 2024", "Wuhan, China"),
    ((2024, 5), "oral", "FlashDecoding++: Faster Large Language Model Inference with Asynchronization, Flat GEMM Optimization, and Heuristics", "MLSys 2024", "California, USA"),
    ((2024, 3), "invited", "NVIDIA GPU and LLM Exploration, Flat GEMM Optimization", "SJTU", "Shanghai, USA"),
]  # fmt: skip

# (kind, heading, anchor) in the seed's order; the about text keeps the seed's #about-me.
SECTIONS = [
    ("about", "", "about-me"), ("news", "🔥 News", ""), ("team", "👥 Team", ""),
    ("publications", "📝 Publications", ""), ("awards", "🎖 Honors and Awards", ""),
    ("education", "📖 Educations", ""), ("talks", "💬 Presentation", ""),
    ("service", "💻 Service", ""),
]  # fmt: skip


def build() -> SimpleNamespace:
    # The lab writes periods "2024.10~2025.6"; the member's page dates "2025.09" and
    # periods "2023.06 - 2028.06", "2024.05 - Now".
    lab = make_lab(slug="seed-002", name="DAI Lab", hosts=[HOST], date_format="dotted_unpadded")
    person = make_person(
        lab=lab, slug="jiaming-xu", full_name=NAME, native_name="许珈铭", sections=[],
        position="third year Ph.D student",
        affiliation="Shanghai Jiao Tong University and Shanghai Innovation Institude",
        about=ABOUT, date_format="dotted_spaced", photo_alt="Jiaming Xu",
        joined=datetime.date(2023, 9, 1),
    )  # fmt: skip
    person.photo = png_file("jiaming.png", size=(400, 400), colour=(150, 90, 60))
    person.save()
    make_person_link(lab=lab, person=person, kind="scholar", url=SCHOLAR)
    for order, (kind, heading, anchor) in enumerate(SECTIONS, start=1):
        options = {}
        if kind == "team":
            options = {"body": TEAM_INTRO}
        if kind == "about":  # the seed's citations badge, as our own (text) badge
            options = {"show_citation_total": True}
        if kind == "service":  # the seed keeps its own order, dates aside
            options = {"entry_order": "manual"}
        if kind == "publications":
            options = {"publication_filter": "selected", "display_style": "boxes",
                       "title_link": "link", "venue_display": "both", "show_citations": True}  # fmt: skip
        make_person_section(
            lab=lab, person=person, kind=kind, heading=heading, anchor=anchor,
            order=order * 10, **options,
        )  # fmt: skip
    seed = SimpleNamespace(lab=lab, person=person, host=HOST, path=PATH)
    add_items(seed, copy=1)
    return seed


def add_items(seed, *, copy: int) -> None:
    """Every list of the page; a second copy's texts end in "(copy 2)"."""
    lab, person = seed.lab, seed.person
    suffix = "" if copy == 1 else f" (copy {copy})"

    def pasted(text: str) -> str:
        lines = text.strip().splitlines()
        return "\n".join(line.rstrip() + suffix for line in lines)

    for order, (name, native, position, affiliation, joined, left) in enumerate(TEAM, start=1):
        make_person(
            lab=lab, full_name=name + suffix, slug=f"{slugify(name)}-{copy}",
            native_name=native, position=position,
            affiliation=affiliation, joined=joined, left=left, team_lead=person,
            order=order + 100 * (copy - 1),
        )  # fmt: skip
    create_pasted_items(person=person, target="news", text=pasted(SEED_002_NEWS))
    create_pasted_items(person=person, target="awards", text=pasted(SEED_002_HONOURS))
    create_pasted_items(person=person, target="cv:education", text=pasted(SEED_002_EDUCATION))
    create_pasted_items(person=person, target="cv:service", text=pasted(SEED_002_SERVICE))
    for order, ((year, month), kind, title, event, place) in enumerate(TALKS, start=1):
        make_cv_entry(
            lab=lab, person=person, kind="talk", talk_kind=kind, title=title + suffix,
            organisation=event, place=place, start_year=year, start_month=month, order=order,
        )  # fmt: skip
    papers = zip(PAPERS, RECORDED, strict=True)
    for position, ((title, badge, note, year, image, authors, links), recorded) in enumerate(
        papers, 1
    ):
        citations, citations_read_on, stars, stars_read_on = recorded
        paper = make_publication(
            lab=lab, title=title + suffix, slug=f"paper-{position}-{copy}", year=year,
            venue_short=badge, note=note, selected=True,
            position_in_year=position + 10 * (copy - 1), links=links,
            thumbnail_alt=f"Overview figure of {title.split(':')[0]}",
            citation_count=citations, citations_read_on=citations_read_on,
            code_stars=stars, code_stars_read_on=stars_read_on,
        )  # fmt: skip
        paper.thumbnail = png_file(image, size=(600, 360), colour=(40 + 50 * position, 90, 120))
        paper.save()
        planned, truncated = plan_pasted_authors(lab=lab, publication=paper, text=authors)
        replace_authors(publication=paper, authors=planned, truncated=truncated)
