"""Bounded fuzzing for CI: mutated real documents through every reader, random text through the normaliser.
Long runs: scripts/fuzz.py (README)."""

from __future__ import annotations

import fuzzing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    return fuzzing.build_seeds(tmp_path_factory.mktemp("seeds"))


def test_seeds_are_read(seeds, tmp_path):
    # The mutations start from documents the readers accept: a fuzzer fed only broken seeds tests little.
    for suffix, data in seeds.items():
        path = tmp_path / f"seed{suffix}"
        path.write_bytes(data)
        assert fuzzing.read_or_input_error(path) == "ok", suffix


def test_mutated_documents_give_a_document_or_an_input_error(seeds, tmp_path):
    @settings(max_examples=250, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(fuzzing.documents(seeds))
    def run(case: tuple[str, bytes]) -> None:
        suffix, data = case
        path = tmp_path / f"case 报告{suffix}"
        path.write_bytes(data)
        fuzzing.read_or_input_error(path)

    run()


@settings(max_examples=400, deadline=None, database=None, derandomize=True)
@given(fuzzing.TEXT)
def test_normaliser_never_raises_and_keeps_offsets(text):
    fuzzing.normalise(text)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.text(max_size=80))
def test_result_strings_always_serialise(text):
    from disclosure_check.result import DocumentResult, Evidence, ItemResult, ItemStatus

    item = ItemResult(id=1, category=text, title=text, category_id=1, status=ItemStatus.missing,
                      evidence=[Evidence(quote=text, locator=text)])
    document = DocumentResult(path=text, error=text, items=[item])
    document.report.title = text
    dumped = document.model_dump_json()
    dumped.encode("utf-8")  # lone surrogates would fail here
    assert not any(ch < " " and ch not in "\t\n" for ch in document.report.title or "")
    assert item.status is ItemStatus.missing
