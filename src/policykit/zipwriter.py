"""A small deterministic zip writer that can reuse members compressed earlier.

The standard library's zipfile compresses every member it writes and cannot take data
that is already compressed. A house style's static parts (styles, settings, fonts,
images) are the same in every document of a build, so we deflate them once per build
(:func:`deflate`) and write the stored bytes into each document (:func:`write_zip`).
The format written is plain zip (no zip64, no extra fields), with fixed timestamps, so
the same members always give the same bytes; zipfile, Word and LibreOffice read it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

import attrs

__all__ = ["Member", "StreamDeflater", "deflate", "write_zip"]

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date zip can hold
_DOS_TIME = 0
_VERSION = 20  # 2.0: deflate
_DEFLATED = 8
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@attrs.frozen
class Member:
    """One member, already deflated: its name, CRC-32, sizes and compressed bytes."""

    name: str
    crc: int
    size: int
    data: bytes


def deflate(name: str, data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Member:
    """Compress ``data`` as a zip member (raw deflate, as zipfile does)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Member(name, zlib.crc32(data), len(data), packed)


class StreamDeflater:
    """Compresses a member piece by piece; the result is the same as :func:`deflate`'s."""

    def __init__(self, name: str, level: int = zlib.Z_DEFAULT_COMPRESSION) -> None:
        self._name = name
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        self._chunks: list[bytes] = []
        self._crc = 0
        self._size = 0

    def feed(self, text: str) -> None:
        """Add text (UTF-8) to the member."""
        data = text.encode("utf-8")
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._chunks.append(self._compressor.compress(data))

    def finish(self) -> Member:
        """The finished member."""
        self._chunks.append(self._compressor.flush())
        return Member(self._name, self._crc, self._size, b"".join(self._chunks))


def write_zip(members: Iterable[Member]) -> bytes:
    """The bytes of a zip archive holding ``members`` in the order given."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0x800 if not member.name.isascii() else 0
        header = _LOCAL.pack(
            0x04034B50, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            member.crc, len(member.data), member.size, len(name), 0,
        )  # fmt: skip
        entry = _CENTRAL.pack(
            0x02014B50, _VERSION, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            member.crc, len(member.data), member.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central.append(entry + name)
        out += (header, name, member.data)
        offset += len(header) + len(name) + len(member.data)
        count += 1
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end
