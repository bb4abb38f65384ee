"""Two `netweave demo` started at once in one installation: one waits, both end well."""

from __future__ import annotations

import re

import pytest

from .installations import Installation


@pytest.mark.slow
def test_two_demos_at_once_take_turns(installation: Installation):
    first = installation.popen("demo", "--no-serve")
    second = installation.popen("demo", "--no-serve")
    outputs = [process.communicate(timeout=600)[0] for process in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], outputs
    joined = "\n".join(outputs)
    assert "Traceback" not in joined
    assert sum("waiting for it" in output for output in outputs) == 1
    assert sum("' created:" in output for output in outputs) == 1
    assert sum("already there" in output for output in outputs) == 1
    # Both print the same steward login; the admin's password only once, by the one that made it.
    logins = set(re.findall(r"Log in as steward: user '([^']+)', password '([^']+)'", joined))
    assert len(logins) == 1
    assert len(re.findall(r"Installation admin .*user '([^']+)'", joined)) == 1
    again = installation.run("demo", "--no-serve")
    assert again.returncode == 0, again.stderr
    assert "Installation admin" not in again.stdout
    assert set(re.findall(r"user '([^']+)', password '([^']+)'", again.stdout)) == logins
