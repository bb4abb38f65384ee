"""Writing a file the user named (``--out``): only a regular file or a new one, never half of it.

Every command that writes a file a user chose goes through :func:`out_file`. It refuses devices
(``/dev/null``), folders, a missing parent folder and places it cannot write, with a message that
says which; it writes to a temporary file in the same folder and renames it over the target only
after the writer succeeded, so a failed or interrupted write leaves the old file (or none).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "OutFileError",
    "out_file",
    "out_file_check",
    "out_file_failure",
    "out_file_write",
    "out_folder_check",
]


class OutFileError(ValueError):
    """The named place cannot be written to; the message says why and what is allowed."""


def out_file_check(path: Path) -> Path:
    """The absolute path ``path`` will be written to, or :class:`OutFileError`.

    A symbolic link to a regular file writes the file it points to (the link stays a link).
    """
    target = Path(os.path.abspath(Path(path).expanduser()))
    if target.is_symlink():
        target = target.resolve()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutFileError(f"cannot use {target}: {error.strerror}") from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise OutFileError(f"{target} is a folder; give the name of a file in it")
        if not stat.S_ISREG(mode):
            raise OutFileError(
                f"{target} is not a regular file (a device, pipe or socket); "
                "give a new file or a regular one to replace"
            )
        if not os.access(target, os.W_OK):
            raise OutFileError(f"{target} is read-only; give a file you may change")
    _folder_writable(target.parent)
    return target


def _folder_writable(folder: Path) -> None:
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutFileError(f"folder {folder} {what}; create it first or choose another place")
    # A real try, not os.access: root passes that everywhere, even on read-only file systems.
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".netweave-probe.")
    except OSError as error:
        raise OutFileError(
            f"cannot write in folder {folder} ({error.strerror}); choose a place you may write to"
        ) from None
    os.close(descriptor)
    os.unlink(probe)


def out_folder_check(path: Path) -> Path:
    """The absolute folder ``path`` (existing, or new in a writable folder), or an error."""
    folder = Path(os.path.abspath(Path(path).expanduser()))
    if folder.exists():
        if not folder.is_dir():
            raise OutFileError(f"{folder} exists and is not a folder; give a folder")
        _folder_writable(folder)
    else:
        _folder_writable(folder.parent)
    return folder


@contextmanager
def out_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; it becomes ``path`` only on success.

    Raises :class:`OutFileError` before anything is written when ``path`` cannot be written;
    an :class:`OSError` while writing (a full disk) is raised again with ``filename`` set to
    ``path``, after the temporary file is removed (:func:`out_file_failure` words it).
    """
    target = out_file_check(path)
    try:
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".part{target.suffix}"
        )
    except OSError as error:
        raise OutFileError(f"cannot write in folder {target.parent}: {error.strerror}") from None
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
        # Checked again: the target may have become a folder or device while we wrote.
        out_file_check(target)
        _mode_copy(target, partial)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        # The same error, naming the file the user knows rather than the temporary one.
        raise OSError(error.errno, error.strerror, str(target)) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


WRITE_FAILURES = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO}
)
"""Errors of writing a file that are the place's fault (room, rights), not a bug."""


def out_file_failure(error: OSError) -> str | None:
    """What to tell the user about ``error`` from writing a file, or None if it is no such."""
    if error.errno not in WRITE_FAILURES or not error.filename:
        return None
    return f"could not write {error.filename}: {error.strerror}"


def _mode_copy(target: Path, partial: Path) -> None:
    """Give the new file the old one's permissions, or the usual ones for a new file.

    mkstemp makes files readable by their owner only; a report is an ordinary file.
    """
    if target.exists():
        os.chmod(partial, stat.S_IMODE(target.stat().st_mode))
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(partial, 0o666 & ~umask)


def out_file_write(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through :func:`out_file`; returns the path written."""
    target = out_file_check(path)
    with out_file(target) as partial:
        partial.write_bytes(content)
    return target
