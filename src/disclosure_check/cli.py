"""Command-line wiring only: parse options, run the pipeline, choose renderers, set the exit code."""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from disclosure_check import __version__
from disclosure_check.budget import memory_capped
from disclosure_check.errors import InputError

EXIT_OK, EXIT_GAPS, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
_ARGV: list[str] | None = None  # the arguments as typed, for reports that say how they were made
# Where a parse cannot be held under an address-space limit (no RLIMIT_AS: Windows, macOS), --help says so.
_PDF_MEMORY = "" if memory_capped() else (" No memory cap for PDF parsing on this platform: a PDF bomb may use"
                                          " much memory, but costs only its own file.")


class DefaultToCheck(TyperGroup):
    """`disclosure-check FILE…` means `disclosure-check check FILE…`, as linters are used."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, _links_flag(args))


def _links_flag(args: list[str]) -> list[str]:
    """`--check-links` alone means rows; its value is given as --check-links=all (or a following rows/all/false)."""
    out: list[str] = []
    for arg in args:
        if out and out[-1] == "--check-links=rows" and arg in ("rows", "all", "false"):
            out[-1] = f"--check-links={arg}"
        else:
            out.append("--check-links=rows" if arg == "--check-links" else arg)
    return out


class Readable(TyperCommand):
    """Help as users read it: placeholders (FILE..., PATH) without typer's Python types (`<list[Path]>`) and
    braces around required arguments."""

    def get_help(self, ctx: typer.Context) -> str:  # type: ignore[override]
        text = super().get_help(ctx)
        text = re.sub(r" <[\w\[\], ]+>", lambda m: " " * len(m.group()), text)  # spaces keep the columns
        return re.sub(r"\{([A-Z.]+)\}(\.\.\.)?", r"\1", text)


app = typer.Typer(cls=DefaultToCheck, add_completion=False, rich_markup_mode=None,
                  help="Check a university information-disclosure report against the MOE 50-item checklist. "
                       "Run `disclosure-check FILE...` (the check command: see `disclosure-check check --help` "
                       "for its options, the settings file and waivers).")
checklist_app = typer.Typer(help="Show or validate the checklist.", add_completion=False)
app.add_typer(checklist_app, name="checklist")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"disclosure-check {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    pass


@app.command(cls=Readable, epilog=(
    "Settings: a .disclosure-check.toml, or [tool.disclosure-check] in pyproject.toml, found from the current "
    "folder upward (keys as the options: year, not-applicable, fail-on, lang…); the command line overrides them. "
    "Waivers go there too, one [[waivers]] table each with item, reason, approved_by and expires: a waived gap "
    "is shown but does not fail the run. Exit codes: 0 nothing at or above --fail-on, 1 gaps found, 2 usage error "
    "or no file readable."))
def check(
    files: List[Path] = typer.Argument(
        ..., metavar="FILE...",
        help="Reports or spreadsheets (docx, pdf, xlsx, html, txt, md), folders (read recursively) or globs; "
             "- reads standard input.", show_default=False),
    output_format: List[str] = typer.Option(
        ["table"], "--format", "-f", metavar="FORMAT", show_default=False,
        help="table (default) | json | sarif | junit | markdown | github | csv | xlsx | html; repeatable."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="PATH",
        help="Write the machine format to this file; without --format its suffix chooses the format: .xlsx, .json, "
             ".sarif, .xml (junit), .md, .csv, .html. The table still goes to the terminal."),
    year: Optional[int] = typer.Option(None, "--year", metavar="YEAR", help="Reporting year (default: the report's own)."),
    not_applicable: Optional[str] = typer.Option(
        None, "--not-applicable", metavar="ITEMS", help="Items that do not apply: numbers, ranges, graduate, degree "
                                                        "(e.g. 11-14,44)."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why those items do not apply."),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", metavar="LEVEL",
        help="Exit 1 at or above: error (= missing; default) | warning (= stale) | partial | info | never."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="zh (default) | en."),
    only_gaps: bool = typer.Option(False, "--only-gaps", help="Hide disclosed and not-applicable items."),
    one_line: bool = typer.Option(False, "--summary", help="One line per document instead of the table."),
    checklist_file: Optional[Path] = typer.Option(None, "--checklist", metavar="PATH", help="A checklist YAML file of your own."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found (2 stays 2)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="PATH",
                                            help="A previous run's --format json output: fail on regressions only."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                        help="Worker processes (default: one per core)."),
    explain: Optional[str] = typer.Option(
        None, "--explain", metavar="N|report",
        help="Instead of the table: every hit considered for item N and why; 'report': how the document's kind, "
             "title, year and period were decided."),
    max_unzip_mb: Optional[int] = typer.Option(None, "--max-unzip-mb", metavar="MB", help="Largest inflated docx/xlsx (default: 200)."),
    max_members: Optional[int] = typer.Option(None, "--max-members", metavar="N", help="Most members in a docx/xlsx (default: 10000)."),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", metavar="N", help="Most PDF pages read (default: 2000)." + _PDF_MEMORY),
    max_text_mb: Optional[int] = typer.Option(None, "--max-text-mb", metavar="MB",
                                              help="Most text read from one document (default: 100)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS",
                                           help="Time allowed to read and check one file (default: 120)."),
    ocr: bool = typer.Option(False, "--ocr", help="Recognise the text of scanned PDFs (pip install 'disclosure-check[ocr]')."),
    check_links: Optional[str] = typer.Option(
        None, "--check-links", metavar="[all|false]",
        help="Fetch and judge links: --check-links (清单 rows and evidence) | --check-links=all | =false."),
    link_jobs: Optional[int] = typer.Option(None, "--link-jobs", min=1, metavar="N", help="Links fetched at once (default: 16)."),
    link_timeout: Optional[float] = typer.Option(None, "--link-timeout", metavar="SECONDS", help="Time per link (default: 10)."),
    link_budget: Optional[float] = typer.Option(None, "--link-budget", metavar="SECONDS",
                                               help="Time for all links; the rest are skipped (default: 300)."),
    link_exclude: List[str] = typer.Option([], "--link-exclude", metavar="REGEX", show_default=False,
                                          help="Skip links matching this regex; repeatable."),
    link_exclude_private: bool = typer.Option(False, "--link-exclude-private", help="Skip links to private addresses."),
    link_cache: Optional[Path] = typer.Option(None, "--link-cache", metavar="PATH", help="Link cache file (default: the user cache folder)."),
    no_link_cache: bool = typer.Option(False, "--no-link-cache", help="Neither read nor write the link cache."),
) -> None:
    """Check reports and print the gap table (the default command: `disclosure-check FILE...`); several
    documents get one summary row each."""
    from disclosure_check.config import FAIL_RANK, load_settings
    from disclosure_check.pipeline import run
    from disclosure_check.render import FORMATS

    unknown = [f for f in output_format if f not in FORMATS]
    if unknown:
        raise InputError("--format", f"未知格式：{unknown[0]}（可选 {' | '.join(FORMATS)}）",
                         f"unknown format {unknown[0]!r} (choose from {' | '.join(FORMATS)})")
    settings = load_settings(Path.cwd(), {
        "year": year, "not_applicable": not_applicable, "reason": reason, "fail_on": fail_on, "lang": lang,
        "checklist": checklist_file, "max_unzip_mb": max_unzip_mb, "max_members": max_members,
        "max_pages": max_pages, "max_text_mb": max_text_mb, "timeout": timeout, "ocr": ocr or None,
        "check_links": check_links, "link_jobs": link_jobs, "link_timeout": link_timeout, "link_budget": link_budget,
        "link_exclude": link_exclude, "link_exclude_private": link_exclude_private or None,
        "link_cache": False if no_link_cache else link_cache,
    })
    if explain is not None:
        explain = _check_explain(explain, settings)
    paths = _inputs(files, output)
    if output is not None:
        from disclosure_check.output import target

        target(output, [*paths, *(p for p in (baseline, settings.checklist) if p is not None)])
    output_format = _formats(output_format, output)
    if explain is not None:  # the explanation instead of the table; machine formats are still written
        output_format = [f for f in output_format if f != "table"]
    tally = _Tally(_ci(settings, baseline), FAIL_RANK[settings.fail_on])
    with _progress(len(paths)) as advance:
        result = run(paths, settings, jobs, advance, tally, _link_progress(settings.lang),
                     meanwhile=lambda: _renderers(output_format, len(paths) > 1, one_line))
    result.tool.command = shlex.join(["disclosure-check", *_ARGV]) if _ARGV is not None else None
    for error in tally.errors:
        typer.echo(f"disclosure-check: {error}", err=True)
    _emit(result, output_format, output, only_gaps, one_line)
    if explain is not None:
        _explain(result, explain, to_stderr=bool(output_format) and output is None)
    if not tally.readable:
        raise typer.Exit(EXIT_ERROR)
    gaps = tally.readable < len(result.documents) or tally.failing
    raise typer.Exit(EXIT_GAPS if gaps and not exit_zero else EXIT_OK)


def _inputs(files: list[Path], output: Optional[Path]) -> list[Path]:
    """The files to check, never the run's own --output (a summary.xlsx left in the folder by the last run);
    a usage error when no argument yields a file."""
    from disclosure_check.pipeline import expand, nothing_found

    _once("--output", "-o")
    try:
        skip = output.stat() if output is not None and str(output) != "-" else None
    except (OSError, ValueError):
        skip = None
    paths = expand(files, skip)
    empty = [error for error in map(nothing_found, paths) if error is not None]
    if len(empty) == len(paths):
        raise empty[0]
    return paths


def _once(*names: str) -> None:
    """An option given twice is a mistake when it names a file: the first would be silently ignored."""
    given = [a for a in _ARGV or [] if a in names or a.startswith(tuple(f"{n}=" for n in names if n.startswith("--")))]
    if len(given) > 1:
        raise InputError(names[0], "只能给出一次", "may be given only once")


class _Tally:
    """Seen by the pipeline as each document arrives (documents are not kept in memory): waivers and baseline
    applied, and what the exit code and stderr need noted."""

    def __init__(self, prepare: Callable[[object, int], None] | None, threshold: int) -> None:
        self.prepare, self.threshold = prepare, threshold
        self.errors: list[str] = []
        self.readable = 0
        self.failing = False

    def __call__(self, document) -> bool:  # type: ignore[no-untyped-def]
        if document.error:
            self.errors.append(document.error)
        if document.error or document.needs_ocr:
            return False
        if self.prepare is not None:
            self.prepare(document, self.readable)
        self.readable += 1
        self.failing = self.failing or _worst(document) >= self.threshold
        return self.prepare is not None


def _worst(document) -> int:  # type: ignore[no-untyped-def]
    from disclosure_check.config import FAIL_RANK

    ranks = [FAIL_RANK[i.status.value] for i in document.items if i.status.value in FAIL_RANK and i.gates]
    ranks += [FAIL_RANK[f.severity.value] for f in document.findings if not f.baselined]
    return max(ranks, default=-1)


def _emit(result, formats: list[str], output: Optional[Path], only_gaps: bool,  # type: ignore[no-untyped-def]
          one_line: bool = False) -> None:
    """Each format once: the table to the terminal, the first machine format to --output if given."""
    from disclosure_check.output import write_atomic, write_stdout
    from disclosure_check.render import TERMINAL, machine_chunks

    machine = [f for f in formats if f != TERMINAL]
    many = len(result.documents) > 1
    for name in dict.fromkeys(formats):
        if name == TERMINAL:
            if one_line:
                from disclosure_check.render import table

                table.render_lines(result, _console())
            elif many:
                from disclosure_check.render import summary

                summary.render(result, _console())
            else:
                from disclosure_check.render import table

                table.render(result, _console(), only_gaps=only_gaps)
            continue
        if many and name == "xlsx":  # many documents: the summary workbook, not one document's gap sheet
            from disclosure_check.render import summary_xlsx

            rendered: Iterable[str | bytes] = [summary_xlsx.render(result)]
        else:  # in pieces: a batch's JSON or SARIF is never one string in memory
            rendered = machine_chunks(name)(result)
        data = (piece.encode("utf-8") if isinstance(piece, str) else piece for piece in rendered)
        if output is not None and name == machine[0]:
            write_atomic(output, data)
        else:
            write_stdout(data)


def _renderers(formats: list[str], many: bool, one_line: bool) -> None:
    """Import what `_emit` will use, while the workers read (pipeline.run's `meanwhile`): on a single file
    that start-up overlaps the reading instead of following it. A module that fails to import is left to
    `_emit`, which reports it as it always has."""
    from importlib import import_module

    from disclosure_check.render import MACHINE_FORMATS, TERMINAL

    for name in formats:
        if name == TERMINAL:
            module = "summary" if many and not one_line else "table"
        elif many and name == "xlsx":
            module = "summary_xlsx"
        else:
            module = MACHINE_FORMATS[name].rpartition(".")[2]
        with suppress(ImportError):
            renderer = import_module(f"disclosure_check.render.{module}")
            if name == TERMINAL and module == "table" and not one_line:
                renderer.warm_up()


def _formats(formats: list[str], output: Optional[Path]) -> list[str]:
    """The formats to emit, checked before the run (which may be long). `--output FILE` with no machine format:
    the suffix chooses it (`gaps.xlsx`) and a suffix that chooses nothing is refused rather than guessed; with
    a machine format, that format decides, unless the suffix names another one (`-f markdown -o x.xlsx`)."""
    from disclosure_check.render import BINARY_FORMATS, SUFFIX_FORMATS, TERMINAL, suffix_format

    machine = [f for f in formats if f != TERMINAL]
    if output is not None:
        named = suffix_format(output.name)
        suffixes = " ".join(dict.fromkeys(SUFFIX_FORMATS))
        if not machine and named is None:
            raise InputError("--output", f"无法从文件名“{output.name}”判断输出格式：请用 --format 指定，"
                             f"或使用后缀 {suffixes}",
                             f"the name {output.name!r} does not say which format to write: add --format, "
                             f"or use a suffix {suffixes}")
        if not machine:
            formats = [*formats, named]
            machine = [named]
        elif named is not None and named != machine[0]:
            raise InputError("--output", f"文件名“{output.name}”是 {named} 格式的后缀，与 --format {machine[0]} 不符",
                             f"{output.name!r} is named as {named}, but --format is {machine[0]}")
    for name in machine[1 if output is not None else 0:]:
        if name in BINARY_FORMATS:
            raise InputError("--format", f"{name} 格式需要 --output 文件（且须为第一个机器格式）",
                             f"{name} needs --output FILE (as the first machine format)")
    return formats


def _ci(settings, baseline: Optional[Path]) -> Callable[[object, int], None] | None:  # type: ignore[no-untyped-def]
    """Waivers and baseline for one checked document (and its position among the checked ones)."""
    if not settings.waivers and baseline is None:
        return None
    from disclosure_check.ci import compare, load_baseline, waive

    previous = load_baseline(baseline) if baseline is not None else None

    def prepare(document, position: int) -> None:  # type: ignore[no-untyped-def]
        waive(document, settings.waivers, settings.lang)
        if previous is not None:
            compare(document, previous, position)
    return prepare


@contextmanager
def _progress(total: int) -> Iterator[Callable[[object], None] | None]:
    """A progress bar on stderr when it is a terminal and there is more than one file."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("disclosure-check", total=total)
        yield lambda _result: bar.advance(task)


def _check_explain(target: str, settings) -> int | str:  # type: ignore[no-untyped-def]
    """--explain names a checklist item or `report`: anything else is refused before any file is read."""
    from disclosure_check.checklist import load_checklist

    if target.strip().lower() == "report":
        return "report"
    ids = [item.id for item in load_checklist(settings.checklist).items]
    try:
        item_id = int(target)
    except ValueError:
        raise InputError("--explain", f"应为清单事项序号或 report：{target}（可选 {min(ids)}–{max(ids)}）",
                         f"expected an item number or 'report', got {target!r} (choose {min(ids)}-{max(ids)})") from None
    if item_id not in ids:
        raise InputError("--explain", f"清单中没有第{item_id}项（可选 {min(ids)}–{max(ids)}）",
                         f"there is no item {item_id} in the checklist (choose {min(ids)}-{max(ids)})")
    return item_id


def _link_progress(lang: str) -> Callable[[int], object]:
    """A progress bar on stderr while links are fetched (a terminal only)."""
    from disclosure_check.i18n import t

    @contextmanager
    def bar(total: int) -> Iterator[Callable[[], None] | None]:
        if not sys.stderr.isatty():
            yield None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(t("links.progress", lang), total=total)
            yield lambda: progress.advance(task)
    return bar


def _explain(result, item_id: int | str, to_stderr: bool) -> None:  # type: ignore[no-untyped-def]
    """On stderr when a machine format goes to stdout, so the JSON stays parseable."""
    from rich.console import Console

    from disclosure_check.render import explain

    console = Console(stderr=True, highlight=False, no_color="NO_COLOR" in os.environ or None) if to_stderr else _console()
    if item_id == "report":
        explain.render_report(result, console)
    else:
        explain.render(result, int(item_id), console)


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(highlight=False, no_color="NO_COLOR" in os.environ or None)


@app.command("diff", cls=Readable)
def diff_command(
    old: Path = typer.Argument(..., metavar="OLD", help="Last year's report, or its --format json result."),
    new: Path = typer.Argument(..., metavar="NEW", help="This year's report, or its --format json result."),
    output_format: str = typer.Option("table", "--format", "-f", metavar="FORMAT", show_default=False,
                                      help="table (default) | json."),
    year: Optional[int] = typer.Option(None, "--year", metavar="YEAR", help="Reporting year of both (rarely needed)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="zh (default) | en."),
) -> None:
    """Compare two years: items that regressed or improved, parts added or removed (exit 1 on regressions)."""
    from disclosure_check.config import load_settings
    from disclosure_check.diff import diff, load

    if output_format not in ("table", "json"):
        raise InputError("--format", f"未知格式：{output_format}（可选 table | json）",
                         f"unknown format {output_format!r} (choose from table | json)")
    settings = load_settings(Path.cwd(), {"year": year, "lang": lang})
    result = diff(load(old, settings), load(new, settings), settings.lang)
    if output_format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        from disclosure_check.render.diff import render

        render(result, _console())
    raise typer.Exit(EXIT_GAPS if result.worse else EXIT_OK)


@checklist_app.callback(invoke_without_command=True)
def checklist_show(
    ctx: typer.Context,
    output_format: str = typer.Option("table", "--format", "-f", metavar="FORMAT", show_default=False,
                                      help="table (default) | json."),
    checklist_file: Optional[Path] = typer.Option(None, "--checklist", metavar="PATH", help="A checklist YAML file."),
    lang: str = typer.Option("zh", "--lang", metavar="LANG", show_default=False, help="zh (default) | en."),
) -> None:
    """Print the checklist's items by category."""
    if ctx.invoked_subcommand is not None:
        return
    from disclosure_check.checklist import load_checklist

    checklist = load_checklist(checklist_file)
    if output_format == "json":
        sys.stdout.write(checklist.model_dump_json(indent=2) + "\n")
        return
    from disclosure_check.render.checklist import render

    render(checklist, _console(), lang)


@checklist_app.command("validate", cls=Readable)
def checklist_validate(file: Path = typer.Argument(..., metavar="PATH", help="The checklist YAML file to check.")) -> None:
    """Check a checklist file: every problem, each with its YAML line and item."""
    from disclosure_check.checklist import validate_file

    problems = validate_file(file)
    for problem in problems:
        typer.echo(f"{file}:{problem}" if problem.line else f"{file}: {problem}")
    if problems:
        raise typer.Exit(EXIT_GAPS)
    typer.echo(f"{file}: OK")


@app.command(cls=Readable)
def template(
    output: Path = typer.Option(..., "--output", "-o", metavar="PATH",
                               help="Where to write the blank 清单事项公开情况表 (.xlsx)."),
    checklist_file: Optional[Path] = typer.Option(None, "--checklist", metavar="PATH",
                                                   help="A checklist YAML file of your own."),
) -> None:
    """Write the blank 清单事项公开情况表 (one row per checklist item) for an office to fill in."""
    from disclosure_check.checklist import load_checklist
    from disclosure_check.output import target, write_atomic
    from disclosure_check.template import build

    _once("--output", "-o")
    target(output, [checklist_file] if checklist_file is not None else [])
    write_atomic(output, build(load_checklist(checklist_file)))
    typer.echo(str(output))


def _message_lang(args: list[str]) -> str:
    """The language of error messages, known before the options are parsed: --lang as typed (`--lang en`,
    `--lang=en`), else the settings file's `lang`, else Chinese."""
    for position, arg in enumerate(args):
        if arg == "--lang" and args[position + 1:position + 2] == ["en"] or arg == "--lang=en":
            return "en"
        if arg == "--lang" or arg.startswith("--lang="):
            return "zh"
    try:
        from disclosure_check.config_file import find_config

        found = find_config(Path.cwd())
    except Exception:  # a broken settings file is reported later, in the words chosen here
        return "zh"
    return "en" if found and found[1].get("lang") == "en" else "zh"


class Terminated(BaseException):
    """SIGTERM, raised where the run is so that it unwinds as for Ctrl-C: workers ended, temporary files and
    half-written output removed (a BaseException: no `except Exception` may swallow it)."""


def _terminate(signum, frame) -> None:  # type: ignore[no-untyped-def]
    raise Terminated


def utf8_output(platform: str = sys.platform, streams: Iterable[object] | None = None) -> None:
    """Standard output and error in UTF-8 on Windows when they are not the console: redirected to a file or a
    pipe they would take the ANSI code page (cp936, cp1252) and lose or refuse Chinese. The console itself
    already takes Unicode whatever its code page (Python writes it through the wide-character API). Machine
    formats go out as UTF-8 bytes, never with a BOM."""
    if platform != "win32":
        return
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def main() -> None:
    global _ARGV
    _ARGV = sys.argv[1:]
    import atexit
    import gc

    # The interpreter's last collection, as it exits, walks every object the imports made (pydantic's schemas,
    # typer's and rich's modules): a tenth of a single-file check. Registered first, this runs after every
    # other exit handler: output is flushed and files closed by then, and the process's end frees the rest.
    atexit.register(gc.freeze)
    from disclosure_check import pattern_cache

    pattern_cache.install()  # before the modules that compile patterns as they load
    # pydantic looks for plugins in every installed distribution's entry points as the first model is built
    # (a fifth of a single-file check's start-up); the command line has no use for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    utf8_output()
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGBREAK"):  # Ctrl-Break in a Windows console
        signal.signal(signal.SIGBREAK, _terminate)
    if len(sys.argv) == 1:
        sys.argv.append("--help")
    lang = "zh"
    try:  # from here on Ctrl-C and SIGTERM are one line (finding the language imports the settings code)
        lang = _message_lang(sys.argv[1:])
        code = app(standalone_mode=False, prog_name="disclosure-check")
        sys.stdout.flush()
    except InputError as error:
        typer.echo(f"disclosure-check: {error.message(lang)}", err=True)
        sys.exit(EXIT_ERROR)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as error:  # usage errors: one line, no traceback
        typer.echo(f"disclosure-check: {getattr(error, 'format_message', error.__str__)()}", err=True)
        sys.exit(EXIT_ERROR)
    except typer.Abort:
        typer.echo(f"disclosure-check: {'已中断' if lang == 'zh' else 'interrupted'}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        typer.echo(f"disclosure-check: {'已中断' if lang == 'zh' else 'interrupted'}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as error:  # standard output full or closed (the table, `> /dev/full`): one line
        from disclosure_check.output import silence_stdout

        silence_stdout()
        problem = error.strerror or str(error)
        typer.echo(f"disclosure-check: <stdout>: {'无法写出' if lang == 'zh' else 'cannot write'}（{problem}）", err=True)
        sys.exit(EXIT_ERROR)
    except Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the message
        typer.echo(f"disclosure-check: {'已终止' if lang == 'zh' else 'terminated'}", err=True)
        sys.exit(EXIT_TERMINATED)
    if code == EXIT_INTERRUPTED:  # typer returns Ctrl-C as a silent 130 when not standalone
        typer.echo(f"disclosure-check: {'已中断' if lang == 'zh' else 'interrupted'}", err=True)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
