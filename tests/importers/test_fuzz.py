"""Whatever is uploaded, parsing returns a ParseResult: bad input gives errors, not crashes."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publications.choices import ImportFormat
from publications.importers import ParseResult, parse

DATA = Path(__file__).parent / "data"
GOOD_SAMPLES = [
    (DATA / name).read_bytes()
    for name in [
        "scholar_profile.bib",
        "dblp.bib",
        "scholar.csv",
        "scholar.ris",
        "scholar.enw",
        "gs_data.json",
        "gs_data_list.json",
    ]
]
FORMATS = ["auto", *ImportFormat.values]
# Characters that mean something to one of the parsers, so random text reaches them.
SYNTAX = st.sampled_from(
    [*'@{}(),="#%$\\~\n ;[]:', "TY  - ", "ER  - ", "%0 ", "%A ", "and", "others", "é", "…"]
    + ["article", "title", "2023"]
)


def assert_parses_cleanly(data: bytes) -> None:
    for format_ in FORMATS:
        result = parse(data, filename="upload.bin", format=format_)
        assert isinstance(result, ParseResult)
        assert not any("internal error" in error.message for error in result.errors)
        for entry in result.entries:
            assert entry.title.strip()
            assert entry.year is None or 1000 <= entry.year <= 2100
            assert entry.month is None or 1 <= entry.month <= 12
        for error in result.errors:
            assert str(error).startswith("upload.bin")


@st.composite
def mutated_samples(draw):
    data = bytearray(draw(st.sampled_from(GOOD_SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 64)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "replace", "truncate"]))
        if operation == "delete":
            del data[start:end]
        elif operation == "insert":
            data[start:start] = draw(st.binary(max_size=16))
        elif operation == "duplicate":
            data[start:start] = data[start:end]
        elif operation == "replace":
            data[start:end] = "".join(draw(st.lists(SYNTAX, max_size=8))).encode()
        else:
            del data[start:]
    return bytes(data)


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    assert_parses_cleanly(data)


@FUZZ
@given(st.lists(SYNTAX, max_size=200).map("".join))
def test_random_syntax_soup(text):
    assert_parses_cleanly(text.encode())


@FUZZ
@given(mutated_samples())
def test_mutated_good_samples(data):
    assert_parses_cleanly(data)
