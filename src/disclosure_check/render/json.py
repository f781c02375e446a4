"""The versioned JSON document (schema_version in the output; field names are a contract)."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_check.result import RunResult

_EMPTY_TAIL = "[]\n}"  # how `"documents": []` closes the document (documents is the last field)
_INDENT = "    "  # a document's own lines sit two levels deep in the whole


def render(result: RunResult) -> str:
    return "".join(chunks(result))


def chunks(result: RunResult) -> Iterator[str]:
    """The same text as `render`, a document at a time: a batch run's documents (a DocumentStore) are copied
    from their stored JSON, byte for byte what dumping the whole Result would write, without parsing them."""
    from disclosure_check.store import DocumentStore

    documents = result.documents
    if not isinstance(documents, DocumentStore) or not documents:
        yield result.model_dump_json(indent=2) + "\n"
        return
    head = result.model_copy(update={"documents": []}).model_dump_json(indent=2)
    assert head.endswith(_EMPTY_TAIL)
    yield head[: -len(_EMPTY_TAIL)] + "[\n"
    for index in range(len(documents)):
        separator = ",\n" if index else ""
        yield separator + _INDENT + documents.json_text(index).replace("\n", "\n" + _INDENT)
    yield "\n  ]\n}\n"
