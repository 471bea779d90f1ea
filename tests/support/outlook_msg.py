"""Write small Outlook ``.msg`` files for tests: a compound file (MS-CFB v3) holding MAPI properties (MS-OXMSG).

Only what a mail needs: subject, plain body, sender name and address, message class and the submit time, as
``__substg1.0_XXXXYYYY`` streams and the ``__properties_version1.0`` stream. Every stream is smaller than the
4096-byte cutoff, so all of them live in the mini stream; the directory is one flat storage (the root).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

SECTOR = 512
MINI = 64
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

PT_UNICODE, PT_SYSTIME = 0x001F, 0x0040
PR_MESSAGE_CLASS, PR_SUBJECT, PR_BODY = 0x001A, 0x0037, 0x1000
PR_SENDER_NAME, PR_SENDER_EMAIL, PR_CLIENT_SUBMIT_TIME = 0x0C1A, 0x0C1F, 0x0039


def _filetime(moment: datetime) -> int:
    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def _properties(submitted: datetime, unicode_sizes: dict[int, int]) -> bytes:
    """The top-level properties stream: 32-byte header, then 16 bytes per property."""
    out = bytearray(struct.pack("<8xIIII8x", 0, 0, 0, 0))  # reserved, next recipient/attachment ids, counts
    flags = 0x2 | 0x4  # readable, writable
    out += struct.pack("<IIQ", (PR_CLIENT_SUBMIT_TIME << 16) | PT_SYSTIME, flags, _filetime(submitted))
    for prop, size in unicode_sizes.items():
        out += struct.pack("<IIII", (prop << 16) | PT_UNICODE, flags, size + 2, 0)
    return bytes(out)


def _entry(name: str, kind: int, start: int, size: int, child=NOSTREAM, right=NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    clsid = b"\0" * 16
    return struct.pack(
        "<64sHBBIII16sIQQIII", encoded, len(encoded), kind, 1, NOSTREAM, right, child, clsid, 0, 0, 0, start, size, 0
    )


def _sort_key(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def build_msg(*, subject: str, body: str, sender_name: str, sender_email: str, submitted: datetime) -> bytes:
    texts = {
        PR_MESSAGE_CLASS: "IPM.Note", PR_SUBJECT: subject, PR_BODY: body, PR_SENDER_NAME: sender_name,
        PR_SENDER_EMAIL: sender_email,
    }  # fmt: skip
    streams = {f"__substg1.0_{prop:04X}{PT_UNICODE:04X}": text.encode("utf-16-le") for prop, text in texts.items()}
    streams["__properties_version1.0"] = _properties(
        submitted, {p: len(t.encode("utf-16-le")) for p, t in texts.items()}
    )
    assert all(len(data) < 4096 for data in streams.values()), "this writer keeps every stream in the mini stream"

    # the mini stream: each stream padded to 64-byte mini sectors, chained in the mini FAT
    names = sorted(streams, key=_sort_key)
    mini_stream, minifat, starts = bytearray(), [], {}
    for name in names:
        data = streams[name]
        count = max(1, -(-len(data) // MINI))
        first = len(minifat)
        starts[name] = first
        minifat += [first + i + 1 for i in range(count - 1)] + [END]
        mini_stream += data.ljust(count * MINI, b"\0")

    # directory: root (its stream is the mini stream), then the streams as a right-sibling chain in sort order
    entries = []
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NOSTREAM
        entries.append(_entry(name, 2, starts[name], len(streams[name]), right=right))
    directory_bytes_needed = (len(entries) + 1) * 128
    dir_sectors = -(-directory_bytes_needed // SECTOR)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    mini_stream_sectors = -(-len(mini_stream) // SECTOR)
    fat_sectors = 1  # enough for 128 sectors, far more than these files use
    first_dir, first_minifat = fat_sectors, fat_sectors + dir_sectors
    first_mini_stream = first_minifat + minifat_sectors
    total = first_mini_stream + mini_stream_sectors
    assert total <= SECTOR // 4

    root = _entry("Root Entry", 5, first_mini_stream, len(mini_stream), child=1 if names else NOSTREAM)
    unused = dir_sectors * SECTOR // 128 - len(entries) - 1
    empty = struct.pack("<64sHBBIII16sIQQIII", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0, 0)
    directory = root + b"".join(entries) + empty * unused
    fat = [FATSECT]
    for first, count in ((first_dir, dir_sectors), (first_minifat, minifat_sectors),
                         (first_mini_stream, mini_stream_sectors)):  # fmt: skip
        fat += [first + i + 1 for i in range(count - 1)] + [END]
    fat_bytes = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat).ljust(minifat_sectors * SECTOR, b"\xff")

    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x003E, 3, 0xFFFE, 9, 6)  # minor, major v3, byte order, sector shifts
    struct.pack_into("<IIIIIIII", header, 40, 0, fat_sectors, first_dir, 0, 4096, first_minifat, minifat_sectors,
                     END)  # fmt: skip
    struct.pack_into("<I", header, 72, 0)  # no DIFAT sectors
    difat = [0] + [FREE] * 108  # the FAT is sector 0
    struct.pack_into("<109I", header, 76, *difat)
    return (
        bytes(header)
        + fat_bytes
        + directory
        + minifat_bytes
        + bytes(mini_stream).ljust(mini_stream_sectors * SECTOR, b"\0")
    )
