"""Untrusted text (article text, titles, file names, messages quoting them) made safe to print to a terminal.

Rich's ``Text`` does not interpret markup, but it passes control characters through (it drops only BEL, BS,
VT, FF and CR): an ESC or CSI in a title would reach the terminal raw and could retitle it, move the cursor
or hide text. :func:`printable` shows each control character visibly instead, as its Python escape.
"""

from __future__ import annotations

import re

# C0 controls but tab, DEL and C1 controls, and the invisible bidirectional overrides that reorder what is shown
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character escaped visibly (``\\x1b``), tabs kept; ``newlines`` keeps line breaks.

    >>> printable("a\\x1b]0;pwned\\x07b\\x9b")
    'a\\\\x1b]0;pwned\\\\x07b\\\\x9b'
    >>> printable("one\\ntwo", newlines=True)
    'one\\ntwo'
    """
    return (_CONTROL_BUT_NEWLINE if newlines else _CONTROL).sub(_escape, text)
