"""--out writes only to a regular file or a new one, and only once the writing succeeded."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from netweave.outfiles import (
    OutFileError,
    out_file,
    out_file_check,
    out_file_failure,
    out_file_write,
)


@pytest.mark.parametrize(
    ("place", "says"),
    [
        ("/dev/null", "not a regular file"),
        ("{tmp}", "is a folder"),
        ("{tmp}/missing/report.pdf", "does not exist"),
        ("/sys/report.pdf", "cannot write in folder /sys"),
    ],
)
def test_refused_places(tmp_path, place, says):
    with pytest.raises(OutFileError, match=says):
        out_file_check(Path(place.format(tmp=tmp_path)))
    with pytest.raises(OutFileError, match=says), out_file(Path(place.format(tmp=tmp_path))):
        pytest.fail("nothing may be written")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutFileError, match="not a regular file"):
        out_file_check(fifo)


def test_a_new_file_is_written_with_the_usual_permissions(tmp_path):
    target = tmp_path / "report.html"
    assert out_file_write(target, b"<p>hi</p>") == target
    assert target.read_bytes() == b"<p>hi</p>"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_regular_file_is_replaced_keeping_its_permissions(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    out_file_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), out_file(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("renderer broke")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_link_to_a_regular_file_writes_the_file_and_stays_a_link(tmp_path):
    real = tmp_path / "real.html"
    real.write_bytes(b"old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    out_file_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    with pytest.raises(OutFileError, match="not a regular file"):
        out_file_check(link)


def test_a_failing_write_names_the_file_asked_for(tmp_path):
    target = tmp_path / "report.html"
    with pytest.raises(OSError) as raised, out_file(target):
        raise OSError(28, "No space left on device")
    assert raised.value.filename == str(target)
    assert out_file_failure(raised.value) == f"could not write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []
