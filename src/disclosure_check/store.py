"""The documents of a batch run, kept out of memory: each as its JSON text in an unlinked temporary file, parsed
back into a DocumentResult only when a renderer reaches it.

A DocumentResult is ~80 KB of JSON and several times that as Python objects; keeping a thousand of them made
the parent of a batch run grow by ~0.3 MB per file. Here the parent keeps one offset and length per document,
and the JSON renderer copies the stored text straight to its output (`json_text`), never parsing it.
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from disclosure_check.result import DocumentResult


class DocumentStore(Sequence[DocumentResult]):
    """A sequence of DocumentResult; each access parses a fresh copy, so write a changed one back (`store[i] = d`)."""

    def __init__(self) -> None:
        # Unlinked at once: nothing to clean up, and it lives as long as the store (no context manager).
        self._file = tempfile.TemporaryFile(prefix="disclosure-check-")  # noqa: SIM115
        self._offsets = array("q")
        self._sizes = array("q")
        self._end = 0

    def append_json(self, text: str) -> None:
        """Add a document given as `DocumentResult.model_dump_json(indent=2)`."""
        self._offsets.append(self._write(text))
        self._sizes.append(self._end - self._offsets[-1])

    def append(self, document: DocumentResult) -> None:
        self.append_json(document.model_dump_json(indent=2))

    def json_text(self, index: int) -> str:
        self._file.seek(self._offsets[index])
        return self._file.read(self._sizes[index]).decode("utf-8")

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> DocumentResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[DocumentResult]: ...

    def __getitem__(self, index: int | slice) -> DocumentResult | list[DocumentResult]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return DocumentResult.model_validate_json(self.json_text(index))

    def __setitem__(self, index: int, document: DocumentResult) -> None:
        # The old text stays in the file unread: rewrites are rare (waivers, baseline) and the file is temporary.
        offset = self._write(document.model_dump_json(indent=2))
        self._offsets[index], self._sizes[index] = offset, self._end - offset

    def __iter__(self) -> Iterator[DocumentResult]:
        for index in range(len(self)):
            yield self[index]

    def close(self) -> None:
        self._file.close()

    def _write(self, text: str) -> int:
        offset = self._end
        self._file.seek(offset)
        self._end = offset + self._file.write(text.encode("utf-8"))
        return offset
