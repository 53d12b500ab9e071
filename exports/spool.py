"""Temporary files for what an export must keep but must not hold in memory.

Open text answers (to list them after the pass, grouped by question) and every value of
a numeric question (for an exact median) grow with the number of responses, so they go
to anonymous temporary files that disappear when closed, with a small buffer in memory.
"""
from __future__ import annotations

import tempfile
from array import array


class TextBuffer:
    """Rows of text cells kept in a temporary file (tab separated, escaped), not in memory."""

    def __init__(self):
        self._file = None

    @staticmethod
    def _escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    @staticmethod
    def _unescape(text: str) -> str:
        if "\\" not in text:
            return text
        out, chars = [], iter(text)
        for ch in chars:
            if ch == "\\":
                nxt = next(chars, "")
                out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
            else:
                out.append(ch)
        return "".join(out)

    def add(self, *cells: str) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._file.write("\t".join(map(self._escape, cells)) + "\n")

    def rows(self):
        if self._file is None:
            return
        self._file.seek(0)
        for line in self._file:
            yield [self._unescape(cell) for cell in line.rstrip("\n").split("\t")]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class NumberLog:
    """Every value of a numeric question, as 8-byte doubles in a temporary file.

    The exact median needs all values; they are kept on disk while streaming (a small
    buffer in memory) and read back, one question at a time, when the summary is written.
    """

    _BUFFER = 65536

    def __init__(self):
        self._buffer = array("d")
        self._file = None

    def append(self, value: float) -> None:
        buffer = self._buffer
        buffer.append(value)
        if len(buffer) >= self._BUFFER:
            if self._file is None:
                self._file = tempfile.TemporaryFile()
            buffer.tofile(self._file)
            del buffer[:]

    def values(self) -> array:
        found = array("d")
        if self._file is not None:
            self._file.seek(0)
            found.frombytes(self._file.read())
        found.extend(self._buffer)
        return found

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
