"""What every whole-report consistency rule returns: a finding that names each place it saw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SectionText:
    """One section as the checks read it, in document order. Offsets point into `body`."""

    section_id: int
    heading: str
    body: str


@dataclass(frozen=True)
class Place:
    """`text` is exactly `body[start:end]` of the section `section_id`."""

    section_id: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "section_id": self.section_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class ConsistencyFinding:
    """A contradiction between places of one report; for the reviewer, it never blocks."""

    code: str
    message: str
    suggestion: str
    places: tuple[Place, ...]

    def __post_init__(self) -> None:
        if not self.places:
            raise ValueError("a consistency finding names at least one place")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the checks API: code, message, suggestion, places."""
        return {
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
            "places": [place.to_dict() for place in self.places],
        }


def place_in(section: SectionText, start: int, end: int) -> Place:
    """A place whose text can never disagree with its offsets."""
    return Place(section.section_id, start, end, section.body[start:end])
