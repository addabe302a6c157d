"""Benchmark: import a synthetic Scholar-style BibTeX export of N entries.

    .venv/bin/python -m tests.imports.bench_import [N ...] [--untuned-gc]   (default: 5000 10000)

Runs on a throw-away SQLite database in a temporary folder. For each N it prints the time
of bibtexparser's bare parse of the file, of our parse (with normalisation), of the whole
import (parse + matching + writes + author linking), and of a re-import of the same file.
The process's garbage collector is tuned as in production (``labsite.process``) unless
``--untuned-gc`` is given.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = [
    "Chen", "Dao", "Zhang", "Liu", "Wang", "Li", "Xiao", "Tian", "Han", "Song", "Ré", "Müller",
    "García", "Nguyen", "Smith", "Kim", "Park", "Rossi", "Novák", "Zhou", "Sun", "Lee", "Patel",
]
SURNAMES += [f"Surname{n}" for n in range(300)]
GIVEN = ["Beidi", "Tri", "Ying", "Zhenyu", "Song", "Christopher", "Anna", "Jose", "Mia", "Omar",
         "Yuandong", "Íñigo", "Peter", "Lee", "Sam", "Ravi", "Hao", "Xin", "Jun", "Ana"]
WORDS = [
    "efficient", "scalable", "sparse", "attention", "memory", "learning", "inference", "training",
    "models", "language", "graph", "neural", "systems", "distributed", "storage", "caching",
    "compression", "quantization", "retrieval", "robust", "private", "federated", "optimization",
    "kernels", "hardware", "streaming", "serving", "long", "context", "vision", "transformers",
    "diffusion", "agents", "planning", "reasoning", "benchmark", "evaluation",
]
VENUES = [
    ("article", "journal", "Advances in Neural Information Processing Systems"),
    ("inproceedings", "booktitle", "International Conference on Machine Learning"),
    ("inproceedings", "booktitle",
     "The Twelfth International Conference on Learning Representations"),
    ("article", "journal", "Proceedings of Machine Learning and Systems"),
    ("inproceedings", "booktitle",
     "18th USENIX Symposium on Operating Systems Design and Implementation ($\\{$OSDI$\\}$ 24)"),
    ("article", "journal", "Journal of Machine Learning Research"),
]


def tex(name: str) -> str:
    return (name.replace("é", "{\\'e}").replace("ü", '{\\"u}').replace("í", "{\\'\\i}")
            .replace("Í", "{\\'I}").replace("ñ", "{\\~n}").replace("á", "{\\'a}")
            .replace("ř", "{\\v{r}}"))


def make_bib(count: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    entries = []
    for n in range(count):
        title_words = rng.sample(WORDS, 7)
        title = f"{title_words[0].capitalize()}: {' '.join(title_words[1:])} {n}"
        authors = [f"{tex(rng.choice(SURNAMES))}, {tex(rng.choice(GIVEN))}"
                   for _ in range(rng.randint(1, 12))]
        # A member's profile export: the member is an author of every entry.
        authors.insert(rng.randint(0, len(authors)), "Chen, Beidi")
        if len(authors) > 10:
            authors = authors[:10] + ["others"]
        year = rng.randint(2010, 2025)
        if rng.random() < 0.2:
            fields = [("journal", f"arXiv preprint arXiv:{year % 100:02d}{rng.randint(1, 12):02d}."
                                  f"{rng.randint(10000, 99999)}")]
            kind = "article"
        else:
            kind, field, venue = rng.choice(VENUES)
            fields = [(field, venue), ("volume", str(rng.randint(1, 40))),
                      ("pages", f"{rng.randint(1, 900)}--{rng.randint(901, 2000)}")]
        body = [("title", title), ("author", " and ".join(authors)), *fields, ("year", str(year))]
        key = f"k{n}{title_words[0]}"
        lines = ",\n".join(f"  {name}={{{value}}}" for name, value in body)
        entries.append(f"@{kind}{{{key},\n{lines}\n}}")
    return "\n\n".join(entries) + "\n"


def main(sizes: list[int]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="labsite-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from labsite.process import tune_garbage_collector

    # The process an import runs in is tuned at start-up: a web worker by labsite.wsgi,
    # the import_publications command by itself (as `make bench` does, too).
    if "--untuned-gc" not in sys.argv:
        tune_garbage_collector()
    import logging

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    import bibtexparser
    from django.core.management import call_command

    from labsite.models import Lab
    from people.models import Person
    from publications.importers import parse
    from publications.imports import apply_import
    from publications.models import Publication

    call_command("migrate", verbosity=0)
    for size in sizes:
        text = make_bib(size)
        data = text.encode()
        lab = Lab.objects.create(slug=f"bench-{size}", name=f"Bench {size}")
        Person.objects.create(lab=lab, slug="beidi", full_name="Beidi Chen")
        Person.objects.create(lab=lab, slug="tri", full_name="Tri Dao")

        # CPU time of this process (the machine may be shared), best of three for parses.
        bare = min(_cpu(bibtexparser.parse_string, text) for _ in range(3))
        ours = min(_cpu(parse, data, filename="bench.bib") for _ in range(3))
        result = parse(data, filename="bench.bib")
        assert len(result.entries) == size, (len(result.entries), result.errors[:3])

        wall = time.perf_counter()
        full, report = _timed(apply_import, lab=lab, files=[("bench.bib", data)])
        wall = time.perf_counter() - wall
        created = Publication.objects.for_lab(lab).count()
        second, again = _timed(apply_import, lab=lab, files=[("bench.bib", data)])
        print(
            f"{size} entries ({len(data) / 1e6:.1f} MB), CPU seconds: bibtexparser parse "
            f"{bare:.2f}, our parse {ours:.2f}, full import {full:.2f} "
            f"({full / bare:.1f}x bare parse; wall {wall:.2f}; {created} created, "
            f"{report.counts['possible_duplicates']} possible duplicates); re-import "
            f"{second:.2f} ({again.counts['duplicates']} duplicates, "
            f"{again.counts['created']} created, {again.counts['updated']} updated)"
        )


def _timed(function, *args, **kwargs):
    started = time.process_time()
    result = function(*args, **kwargs)
    return time.process_time() - started, result


def _cpu(function, *args, **kwargs) -> float:
    return _timed(function, *args, **kwargs)[0]


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:] if arg.isdigit()] or [5000, 10000])
