"""Safe file writes: write to a temporary file in the same folder, then rename over the target."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


class NotAFileError(OSError):
    """The output path exists and is not a regular file: a device, a link, a FIFO or a folder."""


def check_writable_target(path: Path) -> None:
    """Refuse a path that exists as anything but a regular file; a new path is fine.

    A rename over a symlink or a device node would replace it with a regular file: as root, a
    path under /dev would replace a system device. Links are refused even when they point at a
    regular file, since the rename replaces the link, not what it points at.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = (
        "a symbolic link"
        if stat.S_ISLNK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "not a regular file"
    )
    raise NotAFileError(
        errno.EEXIST, f"is {kind}; write to a new path or a regular file", str(path)
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    check_writable_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; these are ordinary project files, readable like any other.
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # Checked again: the path may have become a link while the data was written.
        check_writable_target(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
