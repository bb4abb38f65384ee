"""Every `netweave` command, given bad values, ends with status 2 and a message, no traceback.

The cases are listed per command and the list of commands comes from the click group itself,
so a new command without cases here fails this test. Each case runs as a real process against
an installation of its own holding one small network ('small', data in 2024 and 2025).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netweave.cli import main

from .installations import Installation, fresh_installation

# {dir}: an existing folder; {backup}: a backup of the installation; {csv}: a members CSV;
# {json}: an exported network. Each case: the arguments, and what the message must say.
CASES: dict[str, list[tuple[list[str], str]]] = {
    "migrate": [(["now"], "unexpected extra argument")],
    "generate": [
        (["--members", "2"], "20<=x<=100000"),
        (["--members", "many"], "is not a valid integer"),
        (["--years", "0"], "1<=x<=20"),
        (["--seed", "-1"], "0<=x<=4294967295"),
        (["--until", "2025-13-01"], "YYYY-MM-DD"),
        (["--until", "1900-01-01"], "between 1971-01-01 and 2100-12-31"),
        (["--parquet", "/dev/null"], "is not a folder"),
        (["--parquet", "{dir}/missing/net"], "does not exist"),
        (["--members", "20", "--slug", "no spaces!"], "use letters, digits, '-' and '_'"),
        (["--members", "20", "--slug", "small"], "exists already"),
    ],
    "demo": [
        (["--no-serve", "--address", "localhost"], "HOST:PORT"),
        (["--no-serve", "--address", "127.0.0.1:70000"], "port from 1 to 65535"),
        (["--no-serve", "--address", "bad host!:8000"], "not an IP address or host name"),
    ],
    "report": [
        ([], "--network SLUG or --all"),
        (["--network", "small", "--all"], "--network SLUG or --all"),
        (["--network", "nope"], "networks here: small"),
        (["--network", "small", "--year", "99999"], "years with data: 2024, 2025"),
        (["--network", "small", "--year", "2019"], "years with data: 2024, 2025"),
        (["--network", "small", "--year", "last"], "is not a valid integer"),
        (["--network", "small", "--lang", "fr"], "'en', 'nl'"),
        (["--network", "small", "--format", "docx"], "'html', 'pdf'"),
        (["--network", "small", "--out", "/dev/null"], "not a regular file"),
        (["--network", "small", "--out", "{dir}"], "is a folder"),
        (["--network", "small", "--out", "{dir}/missing/r.pdf"], "does not exist"),
        (["--network", "small", "--out", "/sys/r.pdf"], "cannot write in folder /sys"),
        (["--all", "--out", "{dir}/r.pdf"], "leave --out out"),
        (["--all", "--year", "1999"], "years with data: 2024, 2025"),
    ],
    "import": [
        (["{dir}/missing.csv", "--network", "small"], "does not exist"),
        (["{dir}", "--network", "small"], "is a directory"),
        (["/dev/null", "--network", "small", "--kind", "members"], "not a regular file"),
        (["{csv}", "--network", "small", "--kind", "people"], "'members', 'organisations'"),
        (["{csv}", "--network", "nope", "--kind", "members"], "networks here: small"),
        (["{csv}", "--network", "small", "--kind", "members", "--map", "Naam"], "COLUMN=FIELD"),
        (["{csv}", "--network", "small", "--problems", "/dev/null"], "not a regular file"),
        (["{json}", "--network", "small"], "exists already"),
        (["{json}", "--network", "no spaces!"], "use letters, digits"),
    ],
    "export": [
        (["--network", "nope", "--format", "json", "--out", "{dir}/x.json"], "networks here"),
        (["--network", "small", "--format", "pdf", "--out", "{dir}/x"], "'csv', 'xlsx'"),
        (
            ["--network", "small", "--format", "gexf", "--year", "1800", "--out", "{dir}/x.gexf"],
            "years with data: 2024, 2025",
        ),
        (["--network", "small", "--format", "json", "--out", "/dev/null"], "not a regular file"),
        (["--network", "small", "--format", "json", "--out", "{dir}"], "is a folder"),
        (["--network", "small", "--format", "json"], "Missing option '--out'"),
    ],
    "backup": [
        (["--out", "/dev/null"], "not a regular file"),
        (["--out", "{dir}"], "is a folder"),
        (["--out", "{dir}/missing/b"], "does not exist"),
        ([], "Missing option '--out'"),
    ],
    "restore": [
        (["{dir}/missing"], "does not exist"),
        (["{dir}"], "is a directory"),
        (["{csv}"], "not a netweave backup"),
        (["{backup}"], "not empty (networks: 1"),
    ],
    "serve": [
        (["--no-such-option"], "No such option"),
        (["--address", "localhost"], "is not HOST:PORT"),
        (["--address", "127.0.0.1:70000"], "is not HOST:PORT"),
        (["--workers", "0"], "0 is not in the range"),
        (["--processes", "x"], "is not a valid integer"),
    ],
    "worker": [(["--no-such-option"], "No such option")],
    "tick": [(["now"], "unexpected extra argument")],
    "manage": [
        (["no_such_command"], "no management command 'no_such_command'"),
        (["check", "--no-such-option"], "unrecognized arguments"),
    ],
}


def test_every_command_has_bad_value_cases():
    assert set(CASES) == set(main.commands), "give every command its bad values here"
    assert all(CASES.values())


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Installation, dict]]:
    folder = tmp_path_factory.mktemp("bad-values")
    with fresh_installation(folder / "home") as made:
        generated = made.run("generate", "--members", "20", "--years", "1", "--until",
                             "2025-06-30", "--slug", "small")  # fmt: skip
        assert generated.returncode == 0, generated.stderr
        files = {"dir": str(folder), "csv": str(folder / "members.csv")}
        (folder / "members.csv").write_text("Naam;E-mail\nAnna Jansen;anna@example.org\n")
        for name, arguments in (
            ("backup", ["backup", "--out", str(folder / "backup")]),
            ("json", ["export", "--network", "small", "--format", "json", "--out",
                      str(folder / "small.json")]),
        ):  # fmt: skip
            done = made.run(*arguments)
            assert done.returncode == 0, done.stderr
            files[name] = arguments[-1]
        assert json.loads(Path(files["json"]).read_text())
        yield made, files


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "arguments", "says"),
    [(command, arguments, says) for command, cases in CASES.items() for arguments, says in cases],
)
def test_bad_value_ends_with_status_2_and_a_message(small, command, arguments, says):
    made, files = small
    filled = [argument.format(**files) for argument in arguments]
    done = made.run(command, *filled, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    assert says in output
