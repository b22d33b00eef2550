"""XML for TCX and GPX, parsed with the standard library's expat and no DTD at all.

Activity files never carry a DOCTYPE, so one is refused outright: no entity is ever declared,
expanded or fetched (the attacks defusedxml guards against: billion laughs, external entities).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from watch.errors import WatchFileError


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse XML into an element tree; raise WatchFileError for a DTD or malformed XML."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        raise WatchFileError(name, "declares a DTD or entities, which activity files never do")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attributes: builder.start(
        _clark(tag), {_clark(key): value for key, value in attributes.items()}
    )
    parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except WatchFileError:
        raise
    except expat.ExpatError as error:
        problem = expat.ErrorString(error.code) or "malformed"
        raise WatchFileError(
            name, f"is not well-formed XML ({problem}, line {error.lineno})"
        ) from None
    except (LookupError, ValueError):  # expat knows no such encoding, or cannot read it
        raise WatchFileError(
            name, "is XML in an encoding that cannot be read; save it as UTF-8"
        ) from None


def _clark(name: str) -> str:
    """Return expat's "uri}local" as ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


def local(tag: str) -> str:
    """Return an element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Return the direct children with a local name, whatever their namespace."""
    return [child for child in element if local(child.tag) == name]


def child_text(element: ET.Element, *path: str) -> str | None:
    """Return the stripped text at a path of local names below an element, or None."""
    found: ET.Element | None = element
    for name in path:
        found = next(iter(children(found, name)), None) if found is not None else None
    text = found.text if found is not None else None
    return text.strip() if text and text.strip() else None
