"""`rtr conditions`, `rtr plan`, `rtr import` and `rtr serve` (SPEC §5). Errors: exit 2, one line, no traceback."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from planner import build, conditions
from planner.errors import InputError
from planner.logio import log_from_dict
from planner.model import Log, Plan, PlanSpec
from planner.serialize import plan_to_json
from planner.validation import (
    WHOLE,
    check_spec,
    parse_date,
    parse_pace,
    parse_runs_per_week,
    parse_unit,
    parse_volume,
)
from rtr.files import read_json, write_bytes
from rtr.text import conditions_text, plan_text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError("arguments", message)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rtr", description="Return-to-run planner for foot, ankle and shin injuries."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = commands.add_parser("conditions", help="list the condition catalog")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    plan = commands.add_parser("plan", help="print, export and explain a plan")
    plan.add_argument("--condition", required=True)
    plan.add_argument("--onset", required=True)
    plan.add_argument("--weekly-volume", required=True)
    plan.add_argument("--unit", required=True)
    plan.add_argument("--start")
    plan.add_argument("--goal")
    plan.add_argument("--runs-per-week", default="4")
    plan.add_argument("--easy-pace")
    plan.add_argument("--log")
    plan.add_argument("--as-of")
    plan.add_argument(
        "--cleared",
        nargs="?",
        const="",
        metavar="YYYY-MM-DD",
        help="a clinician has cleared running, on this day (default: the as-of day, so give "
        "the date when the same command runs on later days)",
    )
    plan.add_argument("--format", choices=("text", "json", "ics", "fit", "fit-zip"), default="text")
    plan.add_argument("--output")
    plan.add_argument(
        "--day",
        help="fit: the day whose running to export; fit-zip: the first day (default: as-of)",
    )
    plan.add_argument("--days", default="14", help="fit-zip: how many days from --day (default 14)")
    importing = commands.add_parser("import", help="add the activities of watch files to a log")
    importing.add_argument(
        "--log", required=True, help="the log JSON to add to (created if missing)"
    )
    importing.add_argument(
        "--tz", required=True, help="your time zone, e.g. Europe/Berlin: it dates each activity"
    )
    importing.add_argument(
        "files", nargs="+", metavar="FILE", help=".fit, .gpx, .tcx, a .gz of one, or a .zip export"
    )
    serve = commands.add_parser("serve", help="run the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument(
        "--workers",
        type=_processes,
        default=1,
        help="processes to serve with (gunicorn; POSIX only): about one per core on a busy "
        "server (default: 1, waitress)",
    )
    return parser


def main(argv: Sequence[str] | None = None, today: date | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = make_parser().parse_args(argv)
        if args.command == "conditions":
            return _write(None, _conditions(args.format))
        if args.command == "serve":
            return _serve(args.host, args.port, args.workers)
        if args.command == "import":
            from rtr.importer import import_files

            return import_files(args.log, args.tz, args.files)
        return _plan(args, today or date.today())
    except InputError as error:
        print(f"rtr: error: {error.field}: {error.message}", file=sys.stderr)
        return 2


def _conditions(fmt: str) -> str:
    if fmt == "json":
        from planner.serialize import conditions_to_list

        return json.dumps(conditions_to_list(), indent=2, ensure_ascii=False) + "\n"
    return conditions_text()


def spec_from_args(args: argparse.Namespace) -> PlanSpec:
    """Turn plan arguments into a checked PlanSpec (as-of is needed for date checks)."""
    conditions.get(args.condition)
    unit = parse_unit("unit", args.unit)
    pace = parse_pace("easy_pace", args.easy_pace)
    return PlanSpec(
        condition=args.condition,
        onset=parse_date("onset", args.onset),
        baseline=parse_volume("weekly_volume", args.weekly_volume, unit, pace),
        unit=unit,
        start=parse_date("start", args.start) if args.start else None,
        goal=parse_volume("goal", args.goal, unit, pace) if args.goal else None,
        runs_per_week=parse_runs_per_week("runs_per_week", args.runs_per_week),
        easy_pace=pace,
    )


def _plan(args: argparse.Namespace, today: date) -> int:
    as_of = parse_date("as_of", args.as_of) if args.as_of else today
    spec = check_spec(spec_from_args(args), as_of=as_of)
    log = _read_log(args.log, spec, as_of)
    if args.cleared is not None and log.clearance is None:
        cleared = parse_date("cleared", args.cleared) if args.cleared else as_of
        if not spec.onset <= cleared <= as_of:
            raise InputError("cleared", "the clearance must be between the onset and the as-of day")
        log = replace(log, clearance=cleared)
    plan = build(spec, log, as_of)
    if args.format == "json":
        return _write(args.output, plan_to_json(plan))
    if args.format in ("fit", "fit-zip"):
        return write_bytes(args.output, _workouts(args, plan, as_of))
    if args.format == "ics":
        from rtr.ics import export

        return write_bytes(args.output, export(plan, args.output))
    return _write(args.output, plan_text(plan))


def _workouts(args: argparse.Namespace, plan: Plan, as_of: date) -> bytes:
    from rtr.workouts import day_fit, days_zip

    first = parse_date("day", args.day) if args.day else as_of
    if args.format == "fit":
        return day_fit(plan, first)
    return days_zip(plan, first, parse_count("days", args.days))


def parse_count(field: str, text: str) -> int:
    """Parse a whole number of days."""
    if not WHOLE.fullmatch(text) or len(text) > 6:
        raise InputError(field, f"{text[:20]!r} is not a whole number")
    return int(text)


def _read_log(path: str | None, spec: PlanSpec, as_of: date) -> Log:
    if path is None:
        return Log()
    return log_from_dict(read_json(Path(path)), onset=spec.onset, as_of=as_of)


def _write(path: str | None, text: str) -> int:
    return write_bytes(path, text.encode("utf-8"))


def _processes(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _serve(host: str, port: int, workers: int) -> int:
    from rtr.serving import serve
    from web import create_app

    print(f"return-to-run on http://{host}:{port}/", file=sys.stderr)
    serve(create_app(), host, port, workers)
    return 0
