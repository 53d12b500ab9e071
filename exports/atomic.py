"""Write an export so that readers only ever see a complete file.

An export of a large survey takes seconds to minutes; if the process dies half way (a
worker restart, a full disk, a timeout) the analyst must find either the previous file or
none at all, never a truncated workbook that Excel refuses to open. So every export is
written to a temporary file in the target directory and renamed into place, which is
atomic on POSIX and on Windows (``os.replace``) as long as both names share a file system.
The file keeps ``mkstemp``'s owner-only permissions: exports hold personal answers.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def write_atomically(path: str | os.PathLike, writer_fn: Callable[[str], T]) -> T:
    """Call ``writer_fn(temp_path)`` and move the finished file to ``path``.

    ``writer_fn`` receives the path of a fresh temporary file beside ``path`` and must
    write the whole export to it. When it raises, the temporary file is removed, ``path``
    is left as it was, and the exception propagates. Returns what ``writer_fn`` returns.
    """
    target = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        result = writer_fn(temp_name)
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    return result
