"""Line breaking for Chinese in the terminal: Rich breaks CJK text anywhere, so a wrapped line may start with
、 or ）. Here a closing mark stays with the character before it and an opening mark with the one after it
(the 禁则 of Chinese typesetting), Latin words and numbers are not split unless longer than a line, and
styles survive the break."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text

# May not start a line (closing brackets, pause and stop marks, ellipsis) / may not end one (opening brackets).
CLOSING = "、，。．：；！？）」』】〕〉》”’…·%‰℃),.:;!?]}"
OPENING = "（「『【〔〈《“‘([{"
# One unbreakable unit: opening marks, then a Latin word / number or one other character, then closing marks
# and any space after it (a space never starts a line).
_UNIT = re.compile(rf"[{re.escape(OPENING)}]*(?:[A-Za-z0-9_./:@#%+\-]+|[^\s])[{re.escape(CLOSING)}]*\s*|\s+")


def breaks(text: str, width: int) -> list[int]:
    """Offsets at which to break one line of `text` into lines of at most `width` cells."""
    offsets: list[int] = []
    used = 0
    for match in _UNIT.finditer(text):
        unit = match.group()
        size = cell_len(unit.rstrip())
        if used and used + size > width:
            offsets.append(match.start())
            used = 0
        if size > width:  # a unit longer than a line (a URL, a long number): split it by cells
            position = match.start()
            for char in unit:
                step = cell_len(char)
                if used and used + step > width:
                    offsets.append(position)
                    used = 0
                used += step
                position += 1
            continue
        used += cell_len(unit)
    return offsets


def wrap(text: Text, width: int, max_lines: int | None = None) -> Text:
    """`text` broken into lines of at most `width` cells; with `max_lines`, the rest cut to an ellipsis."""
    lines: list[Text] = []
    for line in text.split("\n"):
        for piece in line.divide(breaks(line.plain, width)):
            piece.rstrip()
            lines.append(piece)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last.plain and cell_len(last.plain) + 1 > width:
            last.right_crop(1)
        last.append("…")
    return Text("\n").join(lines)
