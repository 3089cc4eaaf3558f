"""No task is held in Redis for later: work due later is a due-date column that a beat task sweeps. The
Redis broker redelivers a task held past its visibility timeout, so a far-future eta or countdown would run
twice. A countdown of up to 300 seconds (a short back-off) is allowed; an eta, whose distance cannot be
read from the code, is not."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "schemes", "mentoring", "surveys", "claims", "reporting", "config"]
MOST_SECONDS = 300


def far_future_calls(source, filename="<code>"):
    """(line, what) for each call that passes eta=, or countdown= other than a number of at most 300."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "eta":
                found.append((node.lineno, "eta="))
            elif keyword.arg == "countdown":
                value = keyword.value
                if not (isinstance(value, ast.Constant) and isinstance(value.value, int | float)):
                    found.append((node.lineno, "countdown= that is not a number"))
                elif value.value > MOST_SECONDS:
                    found.append((node.lineno, f"countdown={value.value}"))
    return found


def test_the_scan_catches_what_it_should():
    source = "task.apply_async((1,), countdown=86400)\ntask.apply_async(eta=later)\ntask.apply_async(countdown=60)\n"

    assert far_future_calls(source) == [(1, "countdown=86400"), (2, "eta=")]


def test_no_task_is_sent_with_an_eta_or_a_countdown_over_five_minutes():
    files = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    assert len(files) > 50  # the scan really walked the code

    found = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in files
        for line, what in far_future_calls(path.read_text(), str(path))
    ]

    assert found == []
