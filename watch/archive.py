"""Unpack what a runner uploads: a file, its .gz, or a .zip export, within its budget (limits)."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from watch.errors import WatchFileError
from watch.limits import MAX_FILE_BYTES, MAX_UPLOAD_BYTES, Budget, MiB

# A zip inside a zip is opened (an account export keeps its uploads so); deeper ones are refused.
MAX_ZIP_DEPTH = 2

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files, an empty zip
LOCAL_HEADER_BYTES = 30  # a zip member's local header before its name, extra field and data


@dataclass(frozen=True)
class Member:
    """One file to read: its name for messages and `source`, its bytes, and where it was found."""

    name: str
    data: bytes
    in_archive: bool = False


def unpack(data: bytes, name: str, budget: Budget) -> Iterator[Member | WatchFileError]:
    """Yield the activity files inside an upload, or an error for each one that cannot be opened;
    what they unpack to is taken from `budget`."""
    yield from _unpack(data, name, budget, depth=0, in_archive=False)


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGICS


def is_activity_name(name: str) -> bool:
    """Say whether a member's name is one to read: .fit, .gpx, .tcx, their .gz, or a .zip."""
    path = PurePosixPath(name.replace("\\", "/"))
    if name.endswith("/") or path.name.startswith(".") or "__MACOSX" in path.parts:
        return False  # folders, hidden files and the resource forks macOS adds to zips
    lower = path.name.lower().removesuffix(".gz")
    return lower.endswith(ACTIVITY_SUFFIXES) or _is_zip_name(path.name)


def _unpack(
    data: bytes, name: str, budget: Budget, depth: int, in_archive: bool
) -> Iterator[Member | WatchFileError]:
    try:
        if data[:2] == GZIP_MAGIC:
            data, name = gunzip(data, name), _without_gz(name)
            budget.spend(name, 0, len(data))
        if is_zip(data):
            yield from _unzip(data, name, budget, depth)
        else:
            yield Member(name, data, in_archive)
    except WatchFileError as error:
        yield error


def gunzip(data: bytes, name: str) -> bytes:
    """Return the content of a gzip file, every member of it (`cat a.gz b.gz`, bgzip), refusing
    one that unpacks to more than MAX_FILE_BYTES, is cut short, or is followed by bytes that
    are no member (NUL padding apart, as gzip allows)."""
    limit, content, rest = MAX_FILE_BYTES, b"", data
    while True:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            content += inflater.decompress(rest, limit + 1 - len(content))
        except zlib.error as error:
            raise WatchFileError(name, f"is a damaged .gz file ({error})") from None
        if len(content) > limit:
            raise WatchFileError(
                name, f"unpacks to more than {limit // MiB} MB; that is not one activity"
            )
        if not inflater.eof:
            raise WatchFileError(name, "is a .gz file that is cut short")
        rest = inflater.unused_data
        if not rest.strip(b"\x00"):
            return content


def _unzip(data: bytes, name: str, budget: Budget, depth: int) -> Iterator[Member | WatchFileError]:
    if depth >= MAX_ZIP_DEPTH:
        raise WatchFileError(
            name, f"is a zip nested more than {MAX_ZIP_DEPTH} deep; unpack it first"
        )
    archive, entries = _open_zip(data, name)
    if not entries:
        raise WatchFileError(name, "is a zip with no FIT, GPX or TCX file in it")
    # A zip inside is charged its own size before it is read, and its files when it is opened.
    budget.spend(name, len(entries), sum(info.file_size for info in entries))
    for info in entries:
        if budget.spent:
            return  # the error that spent it was reported once
        member = f"{name}/{info.filename}"
        try:
            content = _read_member(archive, info, member)
        except WatchFileError as error:
            yield error
            continue
        yield from _unpack(content, member, budget, depth + 1, in_archive=True)


def _open_zip(data: bytes, name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Return a zip and its activity entries; refuse a damaged zip or one whose files overlap."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [info for info in archive.infolist() if is_activity_name(info.filename)]
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        ValueError,
        EOFError,
    ) as error:
        raise WatchFileError(name, f"is a damaged zip file ({error})") from None
    _refuse_overlaps(entries, name)
    return archive, entries


def _refuse_overlaps(entries: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse entries whose data overlap: a zip bomb reads one compressed file many times over."""
    ordered = sorted(entries, key=lambda info: info.header_offset)
    for first, second in zip(ordered, ordered[1:], strict=False):
        # The local header and the data at least: a longer local extra field only moves it on.
        end = first.header_offset + LOCAL_HEADER_BYTES + first.compress_size
        if second.header_offset < end:
            raise WatchFileError(
                name,
                f"is a damaged zip file (two of its files overlap: {first.filename} and "
                f"{second.filename})",
            )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str) -> bytes:
    if info.flag_bits & 0x1:
        raise WatchFileError(member, "is encrypted in the zip; export it without a password")
    limit = MAX_UPLOAD_BYTES if _is_zip_name(info.filename) else MAX_FILE_BYTES
    if info.file_size > limit:
        raise WatchFileError(member, f"is larger than {limit // MiB} MB; that is not one activity")
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
    ) as error:
        raise WatchFileError(member, f"cannot be unpacked from the zip ({error})") from None
    if len(content) > limit:
        raise WatchFileError(member, f"is larger than {limit // MiB} MB; that is not one activity")
    return content


def _is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def _without_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name
