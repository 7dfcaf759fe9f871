"""Exports for an article or an archive: PNG and GIF maps, standalone HTML, GeoJSON and CSV.

`make_export` makes any format of the registry, and `make_comparison` any for two dates
compared; both return an `Export` (file name, bytes, MIME type) without writing anything: the
page hands the bytes to a download button, the command line writes them atomically.
"""

from frontline.present.export.changes import changes_name
from frontline.present.export.common import (
    POLYGONS_NOT_BUILT,
    Export,
    ExportBusy,
    ExportError,
    describe_range,
    export_name,
    step_dates,
)
from frontline.present.export.formats import (
    export_csv,
    export_geojson,
    export_gif,
    export_html,
    export_png,
    standalone_page,
)
from frontline.present.export.registry import (
    CHANGE_FORMATS,
    FORMATS,
    Format,
    Request,
    formats_for,
    make_comparison,
    make_export,
)

__all__ = [
    "CHANGE_FORMATS",
    "FORMATS",
    "POLYGONS_NOT_BUILT",
    "Export",
    "ExportBusy",
    "ExportError",
    "Format",
    "Request",
    "changes_name",
    "describe_range",
    "export_csv",
    "export_geojson",
    "export_gif",
    "export_html",
    "export_name",
    "export_png",
    "formats_for",
    "make_comparison",
    "make_export",
    "standalone_page",
    "step_dates",
]
