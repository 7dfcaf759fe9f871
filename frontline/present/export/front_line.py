"""The front line of the date shown, as GeoJSON or KML, with its length and source."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import shapely

from frontline.model.boundaries import COUNTRY
from frontline.model.dataset import Dataset
from frontline.model.figures import FRONT_KM, SOURCE_ID
from frontline.model.provenance import attribution
from frontline.present.export.common import ExportError, export_name, figures_for

# Coordinates to 1e-5° (about 1 m), as the other exports.
DECIMALS = 5
KML_NS = "http://www.opengis.net/kml/2.2"
WHAT = (
    "The front line: where the occupied area meets the rest of Ukraine (its outline less the "
    "state border, the coast, slivers and cut-off strips; see the Sources page). Lengths are "
    "geodesic km, measured before the line was simplified for drawing."
)
# Where the line is traced on the embedded outlines: the lengths stay the full-precision ones.
DISPLAY_LINE = (
    "This copy of the data has no store: the line is traced on the embedded map outlines at "
    "display precision (simplified to about 100 m), so it may run up to a few hundred metres "
    "from the full-precision line; the lengths given are those measured at full precision."
)


@dataclass(frozen=True)
class FrontOnDay:
    """The front line of one snapshot, its km overall and per area, and what it cites."""

    requested: date
    snapshot: date
    line: shapely.Geometry
    total_km: float
    km: dict[str, float]
    source: str
    source_id: str
    # Whether the line was traced on the embedded map history's display outlines.
    display: bool


def front_on(dataset: Dataset, day: date) -> FrontOnDay:
    """The front line of `day` (the latest snapshot on or before it), or an ExportError."""
    resolved = figures_for(dataset, day).resolved
    line = dataset.front_line(resolved.snapshot)
    rows = dataset.every_area
    rows = rows[rows["date"] == resolved.snapshot]
    if line is None or FRONT_KM not in rows or rows[FRONT_KM].isna().all():
        raise ExportError(
            f"the front line of {resolved.snapshot.isoformat()} is not in this copy of the data "
            "(it is measured when the store is refreshed)"
        )
    lengths = dict(zip(rows["oblast"], rows[FRONT_KM], strict=True))
    country = rows[rows["oblast"] == COUNTRY].iloc[0]
    return FrontOnDay(
        resolved.requested,
        resolved.snapshot,
        line,
        float(lengths.pop(COUNTRY)),
        {area: float(km) for area, km in sorted(lengths.items()) if km > 0},
        str(country["source"]),
        str(country[SOURCE_ID]),
        dataset.display_outlines,
    )


def export_front_geojson(dataset: Dataset, day: date) -> bytes:
    """One MultiLineString feature in EPSG:4326 with `date`, `requested_date`, `front_km`,
    `front_km_by_oblast`, `source` and `source_id`."""
    front = front_on(dataset, day)
    geometry = json.loads(shapely.to_geojson(shapely.set_precision(front.line, 10**-DECIMALS)))
    feature = {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "layer": "front_line",
            "date": front.snapshot.isoformat(),
            "requested_date": front.requested.isoformat(),
            "front_km": round(front.total_km, 3),
            "front_km_by_oblast": {area: round(km, 3) for area, km in front.km.items()},
            "source": front.source,
            "source_id": front.source_id,
            "line_precision": "display" if front.display else "full",
        },
    }
    collection = {
        "type": "FeatureCollection",
        "name": export_name("front-geojson", front.requested).removesuffix(".geojson"),
        "description": f"{_what(front)} {_summary(front)}",
        "attribution": attribution(),
        "features": [feature],
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def export_front_kml(dataset: Dataset, day: date) -> bytes:
    """A KML document with the line as one placemark, its length and source in the text."""
    front = front_on(dataset, day)
    ET.register_namespace("", KML_NS)
    kml = ET.Element(f"{{{KML_NS}}}kml")
    document = ET.SubElement(kml, f"{{{KML_NS}}}Document")
    ET.SubElement(document, f"{{{KML_NS}}}name").text = f"Front line, {front.snapshot.isoformat()}"
    ET.SubElement(
        document, f"{{{KML_NS}}}description"
    ).text = f"{_what(front)} {_summary(front)} Map data: {attribution()}."
    placemark = ET.SubElement(document, f"{{{KML_NS}}}Placemark")
    ET.SubElement(placemark, f"{{{KML_NS}}}name").text = f"Front line ({front.total_km:,.0f} km)"
    ET.SubElement(placemark, f"{{{KML_NS}}}description").text = _summary(front)
    multi = ET.SubElement(placemark, f"{{{KML_NS}}}MultiGeometry")
    for part in shapely.get_parts(front.line):
        line = ET.SubElement(multi, f"{{{KML_NS}}}LineString")
        ET.SubElement(line, f"{{{KML_NS}}}coordinates").text = " ".join(
            f"{x:.{DECIMALS}f},{y:.{DECIMALS}f}" for x, y in shapely.get_coordinates(part)
        )
    ET.indent(kml)
    return ET.tostring(kml, encoding="utf-8", xml_declaration=True) + b"\n"


def _what(front: FrontOnDay) -> str:
    """What the file holds, and how precise its line is."""
    return f"{WHAT} {DISPLAY_LINE}" if front.display else WHAT


def _summary(front: FrontOnDay) -> str:
    """The line a reader can quote: the date, the lengths and the source."""
    snapshot = f"snapshot of {front.snapshot.isoformat()}"
    if front.snapshot != front.requested:
        snapshot += f", the latest on or before {front.requested.isoformat()}"
    areas = ", ".join(f"{area} {km:,.0f} km" for area, km in front.km.items())
    return (
        f"Front line on {front.requested.isoformat()} ({snapshot}): {front.total_km:,.0f} km"
        f"{f' ({areas})' if areas else ''}. Source: {front.source}."
    )
