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


@pytest.fixture(scope="module")
def config_seeds(tmp_path_factory) -> dict[str, bytes]:
    return fuzzing.build_config_seeds(tmp_path_factory.mktemp("config-seeds"))


def test_config_seeds_load(config_seeds, tmp_path):
    for kind, data in config_seeds.items():
        path = tmp_path / kind / f"seed{kind}"
        path.parent.mkdir()
        path.write_bytes(data)
        assert fuzzing.load_or_input_error(kind, path) == "ok", kind


def test_mutated_settings_checklists_and_results_give_one_line_errors(config_seeds, tmp_path):
    counter = iter(range(10**9))

    @settings(max_examples=150, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(fuzzing.config_files(config_seeds))
    def run(case: tuple[str, bytes]) -> None:
        kind, data = case
        path = tmp_path / str(next(counter)) / f"case{kind}"
        path.parent.mkdir()
        path.write_bytes(data)
        fuzzing.load_or_input_error(kind, path)

    run()
