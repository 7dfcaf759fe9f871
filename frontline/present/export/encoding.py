"""Image files from drawn frames: PNG, and GIF written frame by frame so memory stays flat."""

from __future__ import annotations

import io
from typing import BinaryIO

import numpy as np
from PIL import GifImagePlugin, Image

GIF_COLOURS = 96


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes of an image."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class GifWriter:
    """An endlessly looping GIF, written to `out` as frames arrive.

    Pillow's own writer keeps every frame until it saves; this one keeps the previous frame
    (to send only the part that changed) and the last encoded one (whose duration is known
    only when the animation ends). Every frame uses the first frame's palette, so nothing
    flickers.
    """

    def __init__(self, out: BinaryIO, frame_ms: int, last_ms: int) -> None:
        self.out = out
        self.frame_ms = frame_ms
        self.last_ms = last_ms
        self.palette: Image.Image | None = None
        self.previous: np.ndarray | None = None
        self.pending: tuple[Image.Image, tuple[int, int]] | None = None

    def add(self, frame: Image.Image) -> None:
        """Quantise `frame` to the animation's palette and write the frame before it."""
        if self.palette is None:
            self.palette = frame.quantize(colors=GIF_COLOURS, method=Image.Quantize.MEDIANCUT)
            indexed = self.palette
            header, _ = GifImagePlugin.getheader(indexed.copy(), info={"loop": 0})
            self.out.write(b"".join(header))
        else:
            indexed = frame.quantize(palette=self.palette, dither=Image.Dither.NONE)
        pixels = np.asarray(indexed)
        self._flush(self.frame_ms)
        self.pending = _changed_part(indexed, pixels, self.previous)
        self.previous = pixels

    def close(self) -> None:
        """Write the last frame, held `last_ms`, and the GIF trailer."""
        if self.pending is None:
            raise ValueError("a GIF needs at least one frame")
        self._flush(self.last_ms)
        self.out.write(b";")

    def _flush(self, duration_ms: int) -> None:
        if self.pending is not None:
            image, offset = self.pending
            self.out.write(b"".join(GifImagePlugin.getdata(image, offset, duration=duration_ms)))
            self.pending = None


def _changed_part(
    image: Image.Image, pixels: np.ndarray, previous: np.ndarray | None
) -> tuple[Image.Image, tuple[int, int]]:
    """The smallest box of `image` that differs from the frame before, and where it goes."""
    if previous is None:
        return image, (0, 0)
    changed = pixels != previous
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if not rows.size:
        return image.crop((0, 0, 1, 1)), (0, 0)
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    return image.crop(box), box[:2]
