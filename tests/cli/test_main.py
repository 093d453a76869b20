"""The command line's entry point (``balkan_kg.cli.main``): exit codes and error lines.

Exit codes (``balkan_kg.errors``): 0 success, 1 not publishable, 2 a wrong request, 3 a
service or limit stopped the work, 70 a bug. Expected errors print one line on standard
error; an unexpected exception prints one line too, unless ``BALKAN_KG_DEBUG`` is set,
when its traceback is raised. ``python -m balkan_kg`` is the console script.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from balkan_kg.cli import DEBUG_ENV, main
from balkan_kg.cli import commands as commands_module
from balkan_kg.cli.parser import PROG
from balkan_kg.errors import (
    EXIT_BUG,
    BalkanKGError,
    BuildError,
    CheckError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    InconsistencyError,
    InputError,
    ParameterError,
    QueryAbortedError,
    QueryTimeoutError,
    ResultTooLargeError,
    UnknownQueryError,
)


def handler_raising(exc: BaseException) -> Callable[..., int]:
    def handler(args: object) -> int:
        raise exc

    return handler


@pytest.fixture
def no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_ENV, raising=False)


def test_a_handler_s_code_is_the_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    for code in (0, 1):
        monkeypatch.setitem(commands_module.HANDLERS, "queries", lambda args, code=code: code)
        assert main(["queries"]) == code


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CheckError({"a-check": ["x=bk:A"]}), 1),
        (InconsistencyError(["bk:X is a member of owl:Nothing"]), 1),
        (BalkanKGError("any other expected failure"), 2),
        (InputError("data/facts.ttl", 4, "syntax error: bad", column=9), 2),
        (ParameterError("parameter 'org' of query 'members' expects iri"), 2),
        (UnknownQueryError("member", ["members"]), 2),
        (BuildError("refusing to build into /dev/null: /dev is not for files"), 2),
        (QueryTimeoutError("the query ran past its time limit of 1 s"), 3),
        (QueryAbortedError("the query's worker process stopped (out of memory?)"), 3),
        (ResultTooLargeError("the answer has 9 rows, more than the cap of 3"), 3),
        (EndpointUnreachableError("http://127.0.0.1:9/query", "connection refused"), 3),
        (EndpointTimeoutError("http://127.0.0.1:9/query", "no answer in 5 s"), 3),
    ],
    ids=lambda x: type(x).__name__ if isinstance(x, BaseException) else str(x),
)
def test_an_expected_error_exits_with_its_code_and_prints_its_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_debug: None,
    error: BalkanKGError,
    code: int,
) -> None:
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(error))
    assert main(["queries"]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{PROG}: error: {error}\n"
    if code != 1:  # the not-publishable errors list their findings below the first line
        assert len(captured.err.splitlines()) == 1


def test_an_unexpected_exception_exits_70_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_debug: None
) -> None:
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(RuntimeError("boom")))
    assert main(["queries"]) == EXIT_BUG == 70
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{PROG}: error: unexpected RuntimeError: boom (a bug; set {DEBUG_ENV}=1 for the "
        "traceback and please report it)\n"
    )


def test_an_empty_debug_variable_counts_as_unset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DEBUG_ENV, "")
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(KeyError("k")))
    assert main(["queries"]) == 70
    assert "unexpected KeyError" in capsys.readouterr().err


def test_with_debug_set_the_exception_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")
    error = RuntimeError("boom")
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(error))
    with pytest.raises(RuntimeError) as caught:
        main(["queries"])
    assert caught.value is error


def test_with_debug_set_an_expected_error_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")
    error = ParameterError("bad value")
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(error))
    assert main(["queries"]) == 2
    assert capsys.readouterr().err == f"{PROG}: error: bad value\n"


def test_a_closed_pipe_ends_quietly_with_0(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setitem(
        commands_module.HANDLERS, "queries", handler_raising(BrokenPipeError("pipe"))
    )
    assert main(["queries"]) == 0
    assert stderr.closed  # nothing more is written to a reader that went away


def test_an_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(commands_module.HANDLERS, "queries", handler_raising(KeyboardInterrupt()))
    assert main(["queries"]) == 130


def test_usage_errors_and_help_are_argparse_s(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert main(["nonsense"]) == 2
    assert "invalid choice" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# Real processes
# ---------------------------------------------------------------------------------------


def console_script() -> str:
    script = shutil.which("balkan-kg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the balkan-kg console script is not installed next to this Python")
    return script


def run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120
    )


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALKAN_KG_")}
    env.update(extra)
    return env


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["query", "--help"], ["queries"], ["query", "nope"], []],
    ids=lambda argv: " ".join(argv) or "no arguments",
)
def test_python_m_balkan_kg_is_the_console_script(argv: list[str]) -> None:
    env = clean_env()
    module = run([sys.executable, "-m", "balkan_kg", *argv], env)
    script = run([console_script(), *argv], env)
    assert (module.returncode, module.stdout, module.stderr) == (
        script.returncode,
        script.stdout,
        script.stderr,
    )
    assert module.returncode in (0, 2)
    assert "Traceback" not in module.stderr


def test_an_unknown_query_exits_2_from_a_real_process() -> None:
    done = run([console_script(), "query", "nope"], clean_env())
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{PROG}: error: unknown query 'nope'")
    assert len(done.stderr.splitlines()) == 1


BUG = """\
import sys
from balkan_kg.cli import commands, main
def broken(args):
    raise ZeroDivisionError("division by zero")
commands.HANDLERS["queries"] = broken
raise SystemExit(main(["queries"]))
"""


def test_a_bug_exits_70_from_a_real_process_and_debug_shows_the_traceback() -> None:
    done = run([sys.executable, "-c", BUG], clean_env())
    assert done.returncode == 70
    assert done.stderr.splitlines() == [
        f"{PROG}: error: unexpected ZeroDivisionError: division by zero (a bug; set "
        f"{DEBUG_ENV}=1 for the traceback and please report it)"
    ]
    debug = run([sys.executable, "-c", BUG], clean_env(**{DEBUG_ENV: "1"}))
    assert debug.returncode == 1  # Python's own exit code for an uncaught exception
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.rstrip().endswith("ZeroDivisionError: division by zero")


def test_a_reader_that_stops_early_does_not_make_an_error(
    real_layout: object, tmp_path: Path
) -> None:
    env = clean_env(BALKAN_KG_BUILD_DIR=str(tmp_path / "build"))
    assert run([console_script(), "build"], env).returncode == 0
    process = subprocess.Popen(
        [console_script(), "sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "-f", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b"s,p,o\r\nhtt"
    process.stdout.close()  # as `| head -c 10` does: the answer is far longer than a pipe
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert err == ""
