"""A local stand-in for The Economist's table of areas: a thread serving built tables on 127.0.0.1.

`area_table` writes a table in the real one's layout (its header is `REAL_HEADER`, copied from
the source), and `serve_tables` serves answers by path: a body with a content type, a status, a
declared length that is a lie, or one of the hostile answers of `tests.hostile`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler

from tests.hostile import answer_hostile
from tests.local_server import serve_locally

# The header of output-data/areas_of_control_daily_summary.csv in
# github.com/TheEconomist/the-economist-war-fire-model (MIT code, CC BY 4.0 data), at commit
# 4c994279827ae681a47f55452af83303235a5781: the header only, to check the columns read.
REAL_HEADER = (
    "date,name,type,area,area_in_square_km,area_in_square_km_as_percent_of_Ukraine,"
    "area_as_percent_of_Ukraine,change_in_square_km,change_in_percent,source"
)
ASSESSED = "Territory assessed as Russia-controlled"
ADVANCES = "Assessed Russian advances"
UKRAINE_KM2 = 603_500.0


def area_row(day: date, km2: float, kind: str = ASSESSED, name: str = "") -> str:
    """One row as the real table writes it: m² and km², shares of Ukraine, no change given."""
    file_name = name or f"UkraineControlMapAO{day.strftime('%d%b%Y').upper()}.geojson"
    share = 100 * km2 / UKRAINE_KM2
    return (
        f"{day.isoformat()},{file_name},{kind},{km2 * 1e6!r},{km2!r},{share!r},{share!r},"
        "NA,NA,Institute for the Study of War"
    )


def area_table(days: Sequence[tuple[date, float]], header: str = REAL_HEADER) -> bytes:
    """A table of assessed control on `days` (date, km²), each day with an advances row too."""
    lines = [header]
    for day, km2 in days:
        lines += [area_row(day, 1_000.0, ADVANCES), area_row(day, km2)]
    return ("\n".join(lines) + "\n").encode()


@dataclass
class Answer:
    """How a path is answered: a body, or a hostile fault (see `tests.hostile.HOSTILE`)."""

    body: bytes = b""
    content_type: str = "text/csv; charset=utf-8"
    status: int = 200
    # A Content-Length other than the body's (a body cut short in transit).
    length: int | None = None
    fault: str = ""


@dataclass
class Tables:
    """The answers by path, the User-Agents seen, and the server's URL once it runs."""

    answers: dict[str, Answer] = field(default_factory=dict)
    agents: list[str] = field(default_factory=list)
    url: str = ""
    stop: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    tables: Tables

    def do_GET(self) -> None:
        self.tables.agents.append(self.headers.get("User-Agent", ""))
        answer = self.tables.answers.get(self.path)
        if answer is None:
            self.send_error(404)
            return
        if answer.fault:
            answer_hostile(self, answer.fault, self.tables.stop)
            return
        with contextlib.suppress(OSError):
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(answer.length or len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_tables(answers: dict[str, Answer] | None = None) -> Iterator[Tables]:
    """Serve `answers` on a free port of 127.0.0.1 until the block ends."""
    tables = Tables(dict(answers or {}))
    handler = type("Handler", (_Handler,), {"tables": tables})
    with serve_locally(handler, tables.stop) as tables.url:
        yield tables
