"""A guard against zip bombs, checked before any XLSForm workbook is parsed.

An .xlsx is a zip archive. A few kilobytes can declare gigabytes of sheet XML, and
openpyxl would hold it all in memory while pyxform reads it. Python's ``zipfile`` never
inflates a member past the size its header declares, so checking the declared sizes and
ratios before parsing bounds what parsing can cost.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO


@dataclass(frozen=True)
class ArchiveLimits:
    #: The most a workbook may unpack to, in bytes, all members together.
    max_unpacked: int = 30 * 1024 * 1024
    #: The highest compression ratio a member (over 1 MB unpacked) or the whole may have.
    max_ratio: int = 100


class ArchiveTooLarge(ValueError):
    """The archive unpacks to more than its limits allow."""


def check_archive(data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> None:
    """Raise :class:`ArchiveTooLarge` when ``data``, a zip archive, unpacks beyond ``limits``.
    Data that is not a zip archive passes: the workbook reader reports what it is."""
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > limits.max_unpacked or (unpacked > 1024 * 1024 and unpacked / packed > limits.max_ratio):
        raise ArchiveTooLarge(unpacked)
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size / max(member.compress_size, 1) > limits.max_ratio:
            raise ArchiveTooLarge(member.file_size)
