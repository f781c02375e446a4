"""pdfium calls made once per page object or per character, with handles as plain addresses.

The pypdfium2 bindings type every handle, so ctypes builds or checks a pointer object on each call: about a
third of the time of a call, which adds up over every object of a page or every character's box. The same
functions, cast to prototypes that take and return addresses, skip that. Only pypdfium2 is imported, and only
when first called (the command line imports the readers at start-up).
"""

from __future__ import annotations

import functools
from types import SimpleNamespace


@functools.cache
def calls() -> SimpleNamespace:
    import ctypes

    import pypdfium2.raw as raw

    def untyped(function, restype, *argtypes):
        return ctypes.cast(function, ctypes.CFUNCTYPE(restype, *argtypes))  # the bindings load pdfium as a CDLL

    address, integer = ctypes.c_void_p, ctypes.c_int
    return SimpleNamespace(
        get_object=untyped(raw.FPDFPage_GetObject, address, address, integer),
        object_type=untyped(raw.FPDFPageObj_GetType, integer, address),
        object_bounds=untyped(raw.FPDFPageObj_GetBounds, integer, address, address, address, address, address),
        loose_box=untyped(raw.FPDFText_GetLooseCharBox, integer, address, integer, address),
    )


def address(handle) -> int:
    """The address a typed pypdfium2 handle (a page's or a text page's `.raw`) points to."""
    import ctypes

    return ctypes.cast(handle, ctypes.c_void_p).value


def rect():
    """A box buffer (left, bottom, right, top) for pdfium to fill, and its address: one for all of a page's calls."""
    import ctypes

    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    return box, ctypes.addressof(box)
