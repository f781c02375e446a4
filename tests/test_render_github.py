"""GitHub Actions annotations: one workflow command per gap and finding, values escaped."""

from __future__ import annotations

from rendering import sample_result

from disclosure_check.render import github


def test_sample_annotations():
    lines = github.render(sample_result()).splitlines()
    assert len(lines) == 43 + 3  # items, then structure ×2 and consistency.parts-sum
    path = sample_result().documents[0].path
    assert lines[1] == (f"::warning file={path},line=26,title=2. 学校章程及制定的各项规章制度%3A 部分公开::"
                        "缺少：学校章程")
    assert f"::error file={path},title=3. 教职工代表大会相关制度、工作报告%3A 未公开::未找到公开证据" in lines
    assert lines[-2] == f"::error file={path},title=structure.part-missing::年度报告缺少第8部分“清单事项公开情况表”"
    assert lines[-1].startswith(f"::warning file={path},line=32,title=consistency.parts-sum::")


def test_values_are_escaped():
    result = sample_result()
    result.documents[0].path = "a,b:c%.txt"
    result.documents[0].items[2].message = "100%\nnext"
    line = next(x for x in github.render(result).splitlines() if "title=3." in x)
    assert line.startswith("::error file=a%2Cb%3Ac%25.txt,title=")
    assert line.endswith("::100%25%0Anext")


def test_cell_locator_is_kept_in_the_message():
    result = sample_result()
    result.documents[0].items[1].evidence[0].locator = "清单!B7"
    line = next(x for x in github.render(result).splitlines() if "title=2." in x)
    assert ",line=" not in line and line.endswith("缺少：学校章程 [清单!B7]")
