"""What reading one upload may cost: bytes, files, track points and parts, counted before parsing.

Reading is pure Python and costs by the point, not by the byte. Measured on one core: gpxpy takes
55-90 µs a track point (0.3-0.7 s a MB of a real GPX, 3.5 s a MB of bare points), and about 400 MB
of memory for 150,000 points; the TCX reader 15-25 µs a point; Garmin's FIT decoder 12 µs a
message, 3 µs more a field and 0.8 µs more a byte (a record with every sensor, 15 fields, 106 µs).
A 3-hour run recorded every second (10,800 points) reads in 0.3-0.8 s. So a tiny .gz of one point
repeated (31 MB, 380,000 points) took 27 s: the bytes allowed it, the points did not; and a .gz of
few but wide FIT messages (255 fields each) took minutes: the messages allowed it, the fields did
not. A part is about 3.5 µs of parsing: an XML element or attribute, a FIT field or 4 bytes.

Memory, peak RSS of one read (resource.getrusage): gpxpy copies every element of an
<extensions> into a document of its own, 0.7-0.8 kB a part. A GPX of 2,000,000 bare elements
(just under MAX_FILE_PARTS) took 10.6 s and 1.6 GB; a 33-hour GPX every second (118,800 points)
0.7 GB with heart rate and cadence (1.07 million parts) and 1.0 GB with five sensors (1.43
million). A GPX limit well below MAX_FILE_PARTS would refuse such ultras (every sensor, 14 parts
a point: 1.66 million), so the web app reads one file at a time in a process: two of the bare
GPX at once took 3.3 GB, one after the other 1.6 GB (web/services/watch_files.py).

Points and parts are counted with bytes.count (XML) or a walk over the FIT message headers, both
milliseconds, before any parser runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from watch.errors import WatchFileError

MiB = 1024 * 1024
# One activity file, uncompressed: a 30-hour run with a point every second is about 30 MB as TCX.
MAX_FILE_BYTES = 32 * MiB
# Track points in one file: a 100-mile race recorded every second (33 hours) is 120,000 points,
# and 11 s of reading at the slowest measured rate.
MAX_FILE_POINTS = 120_000
# Parts of one file (XML elements and attributes; FIT messages weigh their fields and bytes): a TCX
# point with every sensor is 14 elements, so 120,000 of them fit; elements with no point cost 2-6 µs
# each. A FIT record of 6 sensors weighs 13 parts, so a 33-hour ultra of them fits.
MAX_FILE_PARTS = 2_000_000
# A FIT message costs the decoder 12 µs before its fields: 3 parts (with its header byte, 4).
FIT_MESSAGE_PARTS = 3
# Each FIT field costs about a part, and every 4 bytes another (an array of 255 values is slow).
FIT_BYTES_PER_PART = 4
# One upload (a request's files together, or one zip): a month of hour-long runs recorded every
# second is 108,000 points, 2.9 million parts as FIT records of every sensor (27 parts each);
# the worst upload is about 14 s of reading (4 million parts of 3.5 µs).
MAX_UPLOAD_POINTS = 150_000
MAX_UPLOAD_PARTS = 4_000_000
# All the activity files of one upload, uncompressed: 150,000 points of TCX fit with room.
MAX_UPLOAD_BYTES = 64 * MiB
# Activity files read from one upload (nested zips included): years of runs without points.
MAX_UPLOAD_FILES = 4000

# XML namespaces one file may declare: a watch's export declares fewer than ten. gpxpy registers
# each prefix with the XML library, process-wide, scanning all those registered before: 12,000
# declarations (300 kB) took 10 s of CPU, and every later upload of the process longer.
MAX_XML_NAMESPACES = 64

# GPX tracks, segments, points, routes and waypoints; TCX activities, laps and trackpoints.
XML_POINT_TAGS = (b"trk", b"rte", b"wpt", b"Trackpoint", b"Lap", b"Activit")
FIT_RECORD = 20  # the FIT profile's number for a `record` message: one point


@dataclass
class Budget:
    """What one upload may still read; one budget is shared by all the files of a request."""

    bytes_left: int = MAX_UPLOAD_BYTES
    files_left: int = MAX_UPLOAD_FILES
    points_left: int = MAX_UPLOAD_POINTS
    parts_left: int = MAX_UPLOAD_PARTS

    @classmethod
    def local(cls) -> Budget:
        """Return the budget of a runner's own machine (`rtr import`): a whole account export."""
        return cls(bytes_left=512 * MiB, points_left=10**9, parts_left=10**10)

    @property
    def spent(self) -> bool:
        return min(self.bytes_left, self.files_left, self.points_left, self.parts_left) < 0

    def spend(self, upload: str, files: int, size: int) -> None:
        """Take files and bytes from the budget; refuse the upload once it is spent."""
        self.files_left -= files
        self.bytes_left -= size
        if self.files_left < 0:
            raise WatchFileError(
                upload, f"holds more than {MAX_UPLOAD_FILES} activity files; send fewer at a time"
            )
        if self.bytes_left < 0:
            raise WatchFileError(
                upload,
                f"unpacks to more than {MAX_UPLOAD_BYTES // MiB} MB with the files before it, "
                "the most one upload may; send fewer files at a time",
            )

    def read(self, data: bytes, name: str, is_fit: bool) -> None:
        """Count a file's points and parts before it is parsed; refuse it over either limit,
        or an XML file whose bytes cannot be counted (UTF-16) or that declares a namespace
        bomb."""
        if not is_fit and _utf_16(data):
            raise WatchFileError(
                name,
                "is UTF-16 text; activity files are read as UTF-8: export it again, "
                "or save it as UTF-8",
            )
        if not is_fit and data.count(b"xmlns") > MAX_XML_NAMESPACES:
            raise WatchFileError(
                name, "declares more XML namespaces than any activity file; it was not read"
            )
        points, parts = count_fit(data) if is_fit else count_xml(data)
        if points > MAX_FILE_POINTS:
            raise WatchFileError(
                name,
                f"has more than {MAX_FILE_POINTS:,} track points, the most one file may hold "
                "(33 hours recorded every second)",
            )
        if parts > MAX_FILE_PARTS:
            raise WatchFileError(name, "holds far more data than one activity; it was not read")
        self.points_left -= points
        self.parts_left -= parts
        if self.points_left < 0:
            raise WatchFileError(
                name,
                f"was not read: with the files before it the upload holds more than "
                f"{MAX_UPLOAD_POINTS:,} track points; send the rest in another upload",
            )
        if self.parts_left < 0:
            raise WatchFileError(
                name,
                "was not read: with the files before it the upload holds more data than one "
                f"upload may ({MAX_UPLOAD_PARTS:,} parts); send the rest in another upload",
            )


def _utf_16(data: bytes) -> bool:
    """Is this XML text in UTF-16 (a byte-order mark, or a "<" with a NUL beside it)?"""
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or data.lstrip(b" \t\r\n\x00").startswith(
        b"<\x00"
    )


def count_xml(data: bytes) -> tuple[int, int]:
    """Return (points, parts) of an XML file: parts are its elements and attributes.

    A point tag with a prefix may count twice, and every "=" counts as an attribute (text with an
    "=" counts too): the count errs high, never low.
    """
    points = sum(data.count(b"<" + tag) + data.count(b":" + tag) for tag in XML_POINT_TAGS)
    elements = data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
    return points, elements + data.count(b"=")


def count_fit(data: bytes) -> tuple[int, int]:
    """Return (record messages, parts) of a FIT file by walking its message headers.

    Every message, definitions too, weighs FIT_MESSAGE_PARTS and its fields and bytes. The walk
    stops once the file is over the parts limit, so it stays cheap on a bomb; a damaged file stops
    the count where it breaks, and the decoder then says what is wrong with it.
    """
    records = parts = offset = 0
    while offset + 12 <= len(data) and parts <= MAX_FILE_PARTS:
        header_size = data[offset]
        if header_size < 12:
            break
        size = int.from_bytes(data[offset + 4 : offset + 8], "little")
        end = min(offset + header_size + size, len(data))
        found, weight = _walk_messages(data, offset + header_size, end, MAX_FILE_PARTS - parts)
        records, parts = records + found, parts + weight
        offset = end + 2  # the CRC; a chained file may follow
    return records, parts


def _walk_messages(data: bytes, position: int, end: int, most: int) -> tuple[int, int]:
    """Count (record messages, parts) from `position` to `end`, stopping past `most` parts."""
    layouts: dict[int, tuple[int, int, int]] = {}  # local type -> (global number, fields, bytes)
    records = parts = 0
    while position < end and parts <= most:
        header = data[position]
        position += 1
        if header & 0x80:  # a compressed timestamp header: a data message of local type 0-3
            local = (header >> 5) & 0x03
        elif header & 0x40:  # a definition message
            try:
                layout, position = _definition(data, position, header & 0x20)
            except IndexError:
                break
            layouts[header & 0x0F] = layout
            parts += FIT_MESSAGE_PARTS + layout[1]
            continue
        else:
            local = header & 0x0F
        number, fields, size = layouts.get(local, (-1, 0, 0))
        position += size
        parts += FIT_MESSAGE_PARTS + fields + size // FIT_BYTES_PER_PART
        records += number == FIT_RECORD
    return records, parts


def _definition(data: bytes, position: int, developer: int) -> tuple[tuple[int, int, int], int]:
    """Return ((global number, fields, data size), next position) of a definition's content."""
    number_bytes = data[position + 2 : position + 4]
    number = int.from_bytes(number_bytes, "big" if data[position + 1] == 1 else "little")
    fields = data[position + 4]
    position += 5
    size = sum(data[position + 3 * i + 1] for i in range(fields))
    position += 3 * fields
    if developer:
        extra = data[position]
        size += sum(data[position + 1 + 3 * i + 1] for i in range(extra))
        position += 1 + 3 * extra
        fields += extra
    return (number, fields, size), position
