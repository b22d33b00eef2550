"""The OpenAPI 3 description of /api/v1, written as data; tests check the server against it."""

from __future__ import annotations

from typing import Any

from planner.conditions import ALIASES, CATALOG
from planner.logio import MAX_ACTIVITY_ID, MAX_DISTANCE_KM, MAX_MOVING_MINUTES, MAX_SOURCE
from planner.model import ItemKind, Phase, Protocol, Sport, Status
from planner.validation import PAIN_FIELDS
from web.api import rules
from web.core.guards import MAX_ID
from web.forms.limits import MAX_ITEM, MAX_NAME, MAX_QUERY, MAX_RECORD_NOTE, NAME_PATTERN
from web.services.roster_needs import NEEDS


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(
    properties: dict[str, Any], required: tuple[str, ...] = (), extra: bool = False
) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    return schema


DATE, TIME, PAIN, FLAG, FLAGS = rules.DATE, rules.TIME, rules.PAIN, rules.FLAG, rules.FLAGS
ITEM = {"type": "string", "minLength": 1, "maxLength": MAX_ITEM, "pattern": rules.NO_NUL}
RECORD_NOTE = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_RECORD_NOTE,
    "pattern": rules.NON_BLANK,
    "description": "Who or what cleared running, or why the flag was a mistake.",
}
ENUM = {
    name: {"type": "string", "enum": [m.value for m in kind]}
    for name, kind in (
        ("Protocol", Protocol),
        ("Phase", Phase),
        ("Status", Status),
        ("ItemKind", ItemKind),
        ("Sport", Sport),
    )
}
ACTIVITY = {  # one activity a watch recorded, as the log keeps it (SPEC §5 `activities`)
    "id": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ACTIVITY_ID,
        "pattern": rules.NO_NUL,
        "description": "Stable per recording: the same file always gives the same id.",
    },
    "date": DATE,
    "sport": ref("Sport"),
    "moving_minutes": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MOVING_MINUTES},
    "distance_km": nullable({"type": "number", "minimum": 0, "maximum": MAX_DISTANCE_KM}),
    "longest_run_minutes": nullable(
        {"type": "number", "minimum": 0, "maximum": MAX_MOVING_MINUTES}
    ),
    "source": {"type": "string", "maxLength": MAX_SOURCE, "pattern": rules.NO_NUL},
}

ATHLETE = {  # a row of the coach's dashboard
    "athlete_id": {"type": "integer"},
    "name": {"type": "string"},
    "managed": {"type": "boolean", "description": "A profile without a login, kept by the coach."},
    "need": ref("Need"),
    "need_label": {"type": "string"},
    "plan_id": nullable({"type": "integer"}),
    "condition": nullable({"type": "string"}),
    "status": nullable(ref("Status")),
    "phase": nullable(ref("Phase")),
    "stage": nullable({"type": "string"}),
    "last_report": nullable(DATE),
    "last_pain": PAIN,
    "adherence": nullable(
        {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "Share of the last 7 days' items ticked off.",
        }
    ),
    "next_session": nullable(DATE),
    "red_flag": {"type": "boolean"},
    "red_session": {"type": "boolean"},
    "morning_pain": {"type": "array", "items": {"type": "integer"}},
    "pain_trend": {"type": "array", "items": {"type": "integer"}},
}

SCHEMAS: dict[str, Any] = {
    "Error": obj(
        {"error": obj({"message": {"type": "string"}, "field": {"type": "string"}}, ("message",))},
        ("error",),
    ),
    "Ping": obj({"status": {"type": "string", "enum": ["ok"]}}, ("status",)),
    "PlanInput": obj(
        {
            "condition": {
                "type": "string",
                "enum": [*CATALOG, *ALIASES],
                "example": "achilles-tendinopathy-midportion",
            },
            "onset": DATE,
            "weekly_volume": {**rules.VOLUME, "example": 30},
            "unit": {"type": "string", "enum": ["km", "mi", "min"]},
            "start": nullable({**DATE, "description": "On or after the onset, within a year."}),
            "goal": nullable(rules.VOLUME),
            "runs_per_week": {"type": "integer", "minimum": 1, "maximum": 7},
            "easy_pace": nullable(rules.PACE),
            "run_days": rules.RUN_DAYS,
            "calendar_time": nullable(TIME),
            "athlete_id": nullable(
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_ID,
                    "description": "A coach's athlete who will own the plan.",
                }
            ),
        },
        ("condition", "onset", "weekly_volume", "unit"),
    )
    | {"allOf": rules.plan_rules()},
    "PlanSettings": obj(
        {
            "clearance": nullable(
                {
                    **DATE,
                    "description": "Only the plan's own clearance, as read (else 422): record "
                    "a clinician's clearance with POST /plans/{plan_id}/clearances.",
                }
            ),
            "calendar_time": nullable(TIME),
            "weekly_volume": {
                **rules.VOLUME,
                "description": "A new usual week from today on, the days before keeping theirs: "
                "in the unit sent with it, else the plan's. " + str(rules.VOLUME["description"]),
            },
            "unit": {
                "type": "string",
                "enum": ["km", "mi", "min"],
                "description": "Says the whole plan in this unit (its routines before too), "
                "each day keeping its minutes.",
            },
            "goal": nullable(
                {**rules.VOLUME, "description": "null: no goal beyond the usual week."}
            ),
            "runs_per_week": {"type": "integer", "minimum": 1, "maximum": 7},
            "easy_pace": nullable({**rules.PACE, "description": "null: the default, 6:00/km."}),
            "run_days": {
                **rules.RUN_DAYS,
                "description": "At least runs_per_week of them; null or [] for the plan's "
                "default days. Left out, the plan keeps its days.",
            },
        }
    )
    | {"allOf": rules.settings_rules()},
    "Plan": obj(
        {
            "id": {"type": "integer"},
            "condition": {"type": "string"},
            "onset": DATE,
            "weekly_volume": {"type": "number"},
            "unit": {"type": "string"},
            "start": nullable(DATE),
            "goal": nullable({"type": "number"}),
            "runs_per_week": {"type": "integer"},
            "easy_pace": nullable({"type": "string"}),
            "run_days": {"type": "array", "items": {"type": "integer"}},
            "calendar_time": nullable(TIME),
            "clearance": nullable(DATE),
            "created": {"type": "string", "format": "date-time"},
            "archived": {"type": "boolean"},
            "earlier_settings": {
                "type": "array",
                "description": "The settings before each change, oldest first: each was "
                "followed up to the day before its `until`, and those days were built with it.",
                "items": obj(
                    {
                        "until": DATE,
                        "weekly_volume": {"type": "number"},
                        "goal": nullable({"type": "number"}),
                        "runs_per_week": {"type": "integer"},
                        "run_days": {"type": "array", "items": {"type": "integer"}},
                        "easy_pace": nullable({"type": "string"}),
                    },
                    ("until", "weekly_volume", "goal", "runs_per_week", "run_days", "easy_pace"),
                ),
            },
        },
        (
            "id",
            "condition",
            "onset",
            "weekly_volume",
            "unit",
            "start",
            "goal",
            "runs_per_week",
            "easy_pace",
            "run_days",
            "calendar_time",
            "clearance",
            "created",
            "archived",
            "earlier_settings",
        ),
    ),
    "PlanList": obj({"plans": {"type": "array", "items": ref("Plan")}}, ("plans",)),
    "Item": obj(
        {
            "key": {"type": "string"},
            "kind": ref("ItemKind"),
            "title": {"type": "string"},
            "dose": {"type": "string"},
        },
        ("key", "kind", "title", "dose"),
    ),
    "Day": obj(
        {
            "date": DATE,
            "day": {"type": "integer"},
            "phase": ref("Phase"),
            "stage": nullable({"type": "string"}),
            "projected": {"type": "boolean"},
            "headline": {"type": "string"},
            "ramp_week": nullable({"type": "integer"}),
            "run_minutes": {"type": "number"},
            "run_distance": nullable({"type": "number"}),
            "items": {"type": "array", "items": ref("Item")},
        },
        ("date", "day", "phase", "stage", "projected", "run_minutes", "run_distance", "items"),
        extra=True,
    ),
    "Decision": obj(
        {"date": DATE, "rule": {"type": "string"}, "message": {"type": "string"}},
        ("date", "rule", "message"),
    ),
    "BuiltPlan": obj(
        {
            "condition": obj(
                {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "tissue": {"type": "string"},
                    "protocol": ref("Protocol"),
                },
                ("id", "name", "tissue", "protocol"),
                extra=True,
            ),
            "unit": {"type": "string", "enum": ["km", "mi", "min"]},
            "status": ref("Status"),
            "days": {"type": "array", "items": ref("Day")},
            "decisions": {"type": "array", "items": ref("Decision")},
        },
        ("condition", "unit", "status", "days", "decisions"),
        extra=True,
    ),
    "ReportInput": obj(
        {
            "date": nullable({**DATE, "description": "Today when left out."}),
            **dict.fromkeys(PAIN_FIELDS, PAIN),
            "flags": nullable(FLAGS),
            "note": nullable(rules.NOTE),
            "confirm": {
                "type": "string",
                "const": "red_flag",
                "description": "Required with a red flag: the runner confirms it, knowing it "
                "stops the plan. Without it a report with a red flag its day does not carry "
                "yet answers 409 and saves nothing; a day's stored flags sent again need no "
                "new confirmation (the web form asks the same).",
            },
        }
    )
    | {"anyOf": rules.something_reported(), "allOf": [{"anyOf": rules.flag_confirmed()}]},
    "Report": obj(
        {
            "date": DATE,
            **dict.fromkeys(PAIN_FIELDS, PAIN),
            "flags": FLAGS,
            "note": {"type": "string"},
        },
        ("date", *PAIN_FIELDS, "flags", "note"),
    ),
    "ReportList": obj({"reports": {"type": "array", "items": ref("Report")}}, ("reports",)),
    "Completion": obj({"date": DATE, "item": ITEM}, ("date", "item")),
    "CompletionList": obj(
        {"completions": {"type": "array", "items": ref("Completion")}}, ("completions",)
    ),
    "LogInput": obj(
        {
            "reports": {"type": "array", "items": obj(rules.LOG_REPORT, ("date",))},
            "completions": {"type": "array", "items": ref("Completion")},
            "clearance": nullable(DATE),
            "clearances": {"type": "array", "items": obj(rules.LOG_CLEARANCE, ("date",))},
            "retractions": {
                "type": "array",
                "items": obj(rules.LOG_RETRACTION, ("date", "flag", "recorded")),
            },
            "activities": {
                "type": "array",
                "items": obj(ACTIVITY, ("id", "date", "sport", "moving_minutes")),
            },
        }
    ),
    "Log": obj(
        {
            "reports": {"type": "array", "items": ref("Report")},
            "completions": {"type": "array", "items": ref("Completion")},
            "clearance": DATE,
            "clearances": {
                "type": "array",
                "items": obj({"date": DATE, "note": {"type": "string"}}, ("date",)),
            },
            "retractions": {
                "type": "array",
                "items": obj(
                    {"date": DATE, "flag": FLAG, "recorded": DATE, "reason": {"type": "string"}},
                    ("date", "flag", "recorded"),
                ),
            },
            "activities": {"type": "array", "items": ref("Activity")},
        }
    ),
    "Clearance": obj({"date": DATE, "note": RECORD_NOTE}, ("date", "note")),
    "Retraction": obj(
        {"date": DATE, "flag": FLAG, "recorded": DATE, "reason": RECORD_NOTE},
        ("date", "flag", "recorded", "reason"),
    ),
    "RetractionInput": obj(
        {
            "date": {**DATE, "description": "The day of the report that carries the flag."},
            "flag": FLAG,
            "reason": RECORD_NOTE,
            "confirm": {
                "type": "boolean",
                "const": True,
                "description": "Must be true: the runner confirms the flag was a mistake.",
            },
        },
        ("date", "flag", "reason", "confirm"),
    ),
    "Condition": obj(
        {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "locations": {"type": "array", "items": {"type": "string"}},
            "feels": {"type": "string"},
            "tissue": {"type": "string"},
            "protocol": ref("Protocol"),
            "risk": nullable({"type": "string"}),
            "recovery_weeks": {"type": "array", "items": {"type": "integer"}},
            "pain_ceiling": {"type": "integer"},
            "floor_only": {"type": "boolean"},
        },
        (
            "id",
            "name",
            "locations",
            "feels",
            "tissue",
            "protocol",
            "risk",
            "recovery_weeks",
            "pain_ceiling",
            "floor_only",
        ),
    ),
    "ConditionList": obj(
        {"conditions": {"type": "array", "items": ref("Condition")}}, ("conditions",)
    ),
    "Exercise": obj(
        {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "how_to": {"type": "string"},
            "dose": {"type": "string"},
            "protocols": {"type": "array", "items": ref("Protocol")},
            "phases": {"type": "array", "items": ref("Phase")},
            "equipment": {"type": "string"},
            "progression": nullable({"type": "string"}),
            "regression": nullable({"type": "string"}),
            "impact": {"type": "boolean"},
            "source": {"type": "string"},
        },
        (
            "id",
            "name",
            "how_to",
            "dose",
            "protocols",
            "phases",
            "equipment",
            "progression",
            "regression",
            "impact",
            "source",
        ),
    ),
    "ExerciseList": obj({"exercises": {"type": "array", "items": ref("Exercise")}}, ("exercises",)),
    "Need": {"type": "string", "enum": list(NEEDS)},
    "Athlete": obj(ATHLETE, tuple(ATHLETE)),
    "AthleteDetail": obj(
        {**ATHLETE, "plans": {"type": "array", "items": ref("Plan")}}, (*ATHLETE, "plans")
    ),
    "Roster": obj({"athletes": {"type": "array", "items": ref("Athlete")}}, ("athletes",)),
    "AthleteInput": obj(
        {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_NAME,
                "pattern": NAME_PATTERN,
            }
        },
        ("name",),
    ),
    "Token": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "hint": {"type": "string", "description": "The token's first characters."},
            "created": {"type": "string", "format": "date-time"},
            "expires": nullable({"type": "string", "format": "date-time"}),
            "expired": {"type": "boolean"},
        },
        ("id", "name", "hint", "created", "expires", "expired"),
    ),
    "TokenList": obj({"tokens": {"type": "array", "items": ref("Token")}}, ("tokens",)),
    "AccountExport": obj(
        {
            "format": {"type": "string"},
            "version": {"type": "integer"},
            "exported": {"type": "string", "format": "date-time"},
            "account": obj(
                {
                    "email": {"type": "string"},
                    "role": {"type": "string"},
                    "timezone": {"type": "string"},
                    "created": {"type": "string", "format": "date-time"},
                },
                ("email", "role", "timezone", "created"),
            ),
            "plans": {
                "type": "array",
                "items": {"type": "object"},
                "description": "Each plan's settings with its log, coach notes, feed and "
                "reminder options.",
            },
            "coach": nullable({"type": "object"}),
            "athletes": {"type": "array", "items": {"type": "object"}},
            "invites": {"type": "array", "items": {"type": "object"}},
            "api_tokens": {"type": "array", "items": {"type": "object"}},
            "notes_written": {
                "type": "array",
                "items": {"type": "object"},
                "description": "The notes this account wrote as a coach on athletes' plans.",
            },
            "messages": {
                "type": "array",
                "items": {"type": "object"},
                "description": "The reminders and plan changes sent or queued, with what they "
                "said.",
            },
            "reminder_digest": nullable({"type": "object"}),
            "push_subscriptions": {
                "type": "array",
                "items": {"type": "object"},
                "description": "Each subscribed browser's push service (host) and date.",
            },
        },
        (
            "format",
            "version",
            "exported",
            "account",
            "plans",
            "coach",
            "athletes",
            "invites",
            "api_tokens",
            "notes_written",
            "messages",
            "reminder_digest",
            "push_subscriptions",
        ),
    ),
    "Activity": obj(ACTIVITY, tuple(ACTIVITY)),
    "ActivityList": obj(
        {"activities": {"type": "array", "items": ref("Activity")}}, ("activities",)
    ),
    "ActivityUpload": obj(
        {
            "added": {"type": "array", "items": ref("Activity")},
            "already_there": {"type": "array", "items": ref("Activity")},
            "problems": {
                "type": "array",
                "items": {"type": "string"},
                "description": "One line per file that could not be read.",
            },
        },
        ("added", "already_there", "problems"),
    ),
    "AccountDeletion": obj(
        {
            "password": {
                "type": "string",
                "minLength": 1,
                "description": "The account's password, to confirm.",
            }
        },
        ("password",),
    ),
    **ENUM,
}

ERRORS = {
    "400": "The body is not valid JSON.",
    "401": "No valid bearer token.",
    "403": "Not allowed for this account: only a plan's runner changes their log, and only "
    "a coach has a roster.",
    "404": "No such plan, or not yours.",
    "405": "Method not allowed.",
    "409": "The request conflicts with itself or the stored data.",
    "413": "The body is too large.",
    "415": "The body is not sent as JSON: send it with Content-Type: application/json.",
    "422": "A field failed validation; `field` names it.",
    "429": "Too many wrong passwords: wait, as the message says.",
}


def respond(codes: dict[str, Any], *errors: str) -> dict[str, Any]:
    """Build a responses object: success codes with their schema, then JSON errors."""
    out: dict[str, Any] = {}
    for code, (description, schema) in codes.items():
        out[code] = {"description": description}
        if schema:
            out[code]["content"] = {"application/json": {"schema": ref(schema)}}
    for code in ("401", "405", *errors):
        out[code] = {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": ref("Error")}},
        }
    return out


def operation(
    op_id: str,
    summary: str,
    codes: dict[str, Any],
    *errors: str,
    body: str | None = None,
    public: bool = False,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "responses": respond(codes, *errors),
    }
    if body:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(body)}},
        }
        for code in ("400", "413", "415", "422"):
            result["responses"][code] = {
                "description": ERRORS[code],
                "content": {"application/json": {"schema": ref("Error")}},
            }
    if public:
        result["security"] = []
    return result


def download(op: dict[str, Any], mimetype: str, description: str) -> dict[str, Any]:
    """Give an operation a 200 that is a file to save, not JSON."""
    content = {mimetype: {"schema": {"type": "string", "format": "binary"}}}
    op["responses"]["200"] = {"description": description, "content": content}
    return op


def multipart(op: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Give an operation a body of files sent as multipart/form-data, and its 415."""
    op["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    op["responses"]["415"] = {
        "description": NOT_MULTIPART,
        "content": {"application/json": {"schema": ref("Error")}},
    }
    return op


NOT_MULTIPART = (
    "The body is not sent as files: send them with Content-Type: multipart/form-data, "
    "in the field files."
)


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


TOKEN_ID = path_param("token_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID})
PLAN_ID = path_param("plan_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID})
ATHLETE_ID = path_param("athlete_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID})
NO_CONTENT = {"204": ("Done.", None)}

PATHS = {
    "/ping": {
        "get": operation(
            "ping", "Answer, without the database.", {"200": ("Up.", "Ping")}, public=True
        )
    },
    "/plans": {
        "get": operation("listPlans", "List your plans.", {"200": ("Your plans.", "PlanList")}),
        "post": operation(
            "createPlan",
            "Create a plan (a coach may name an athlete).",
            {"201": ("Created.", "Plan")},
            "404",
            body="PlanInput",
        ),
    },
    "/plans/{plan_id}": {
        "parameters": [PLAN_ID],
        "get": operation(
            "readPlan", "Show a plan's settings.", {"200": ("The plan.", "Plan")}, "404"
        ),
        "patch": operation(
            "updatePlan",
            "Change the routine (usual week, runs, run days, goal, easy pace, unit) from your "
            "today on, as the plan's settings page does, and the calendar time. A clearance is "
            "recorded with POST .../clearances.",
            {"200": ("The plan.", "Plan")},
            "404",
            body="PlanSettings",
        ),
        "delete": operation("deletePlan", "Delete a plan and its log.", NO_CONTENT, "403", "404"),
    },
    "/plans/{plan_id}/plan": {
        "parameters": [PLAN_ID],
        "get": operation(
            "builtPlan",
            "The plan built for your today (SPEC §5).",
            {"200": ("The built plan.", "BuiltPlan")},
            "404",
        ),
    },
    "/plans/{plan_id}/reports": {
        "parameters": [PLAN_ID],
        "get": operation(
            "listReports", "List reports.", {"200": ("Reports.", "ReportList")}, "404"
        ),
        "post": operation(
            "saveReport",
            "Store a day's report (replaces that day's; its red flags stay). A report with a "
            'red flag new to its day needs "confirm": "red_flag"; without it, 409 and nothing '
            "is saved.",
            {"200": ("Stored.", "Report")},
            "403",
            "404",
            "409",
            body="ReportInput",
        ),
    },
    "/plans/{plan_id}/reports/{date}": {
        "parameters": [PLAN_ID, path_param("date", DATE)],
        "delete": operation(
            "deleteReport",
            "Delete a day's report; one with a red flag stays "
            "(409): record a clearance or a retraction instead.",
            NO_CONTENT,
            "403",
            "404",
            "409",
            "422",
        ),
    },
    "/plans/{plan_id}/clearances": {
        "parameters": [PLAN_ID],
        "post": operation(
            "addClearance",
            "Record a clinician's clearance: a halted plan resumes from its date.",
            {"201": ("Recorded.", "Clearance"), "200": ("Was already recorded.", "Clearance")},
            "403",
            "404",
            body="Clearance",
        ),
    },
    "/plans/{plan_id}/retractions": {
        "parameters": [PLAN_ID],
        "post": operation(
            "addRetraction",
            "Record, confirmed, that a reported red flag was a "
            "mistake (recorded today): a halt for it lifts.",
            {"201": ("Recorded.", "Retraction"), "200": ("Was already recorded.", "Retraction")},
            "403",
            "404",
            body="RetractionInput",
        ),
    },
    "/plans/{plan_id}/completions": {
        "parameters": [PLAN_ID],
        "get": operation(
            "listCompletions", "List check-offs.", {"200": ("Check-offs.", "CompletionList")}, "404"
        ),
        "post": operation(
            "addCompletion",
            "Tick an item off.",
            {"201": ("Stored now.", "Completion"), "200": ("Was already stored.", "Completion")},
            "403",
            "404",
            body="Completion",
        ),
    },
    "/plans/{plan_id}/completions/{date}/{item}": {
        "parameters": [PLAN_ID, path_param("date", DATE), path_param("item", ITEM)],
        "delete": operation("deleteCompletion", "Untick an item.", NO_CONTENT, "403", "404", "422"),
    },
    "/plans/{plan_id}/log": {
        "parameters": [PLAN_ID],
        "get": operation(
            "exportLog", "The whole log (SPEC §5).", {"200": ("The log.", "Log")}, "404"
        ),
        "put": operation(
            "importLog",
            "Merge a log into the plan's: reports are added or "
            "update their day (red flags stay), ticks, clearances and retractions "
            "are added; nothing is deleted.",
            {"200": ("The merged log.", "Log")},
            "403",
            "404",
            "409",
            body="LogInput",
        ),
    },
    "/plans/{plan_id}/activities": {
        "parameters": [PLAN_ID],
        "get": operation(
            "listActivities",
            "The activities a watch recorded, by date.",
            {"200": ("Activities.", "ActivityList")},
            "404",
        ),
        "post": multipart(
            operation(
                "uploadActivities",
                "Add the activities of FIT, GPX or TCX files (also .gz and .zip), each once; "
                "dated in the plan owner's time zone.",
                {
                    "201": ("Something was added.", "ActivityUpload"),
                    "200": ("Everything was already there.", "ActivityUpload"),
                },
                "403",
                "404",
                "413",
                "422",
            ),
            obj(
                {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "minItems": 1,
                    }
                },
                ("files",),
            ),
        ),
    },
    "/plans/{plan_id}/days/{date}/workout.fit": {
        "parameters": [PLAN_ID, path_param("date", DATE)],
        "get": download(
            operation(
                "dayWorkout",
                "A day's running as a FIT workout (404 for a day without running).",
                {},
                "404",
                "422",
            ),
            "application/vnd.ant.fit",
            "The workout, named for the watch (20250321-S3.fit).",
        ),
    },
    "/plans/{plan_id}/workouts.zip": {
        "parameters": [PLAN_ID],
        "get": download(
            operation(
                "workoutsZip",
                "The FIT workouts of the running days among the next 14.",
                {},
                "404",
            ),
            "application/zip",
            "A zip of FIT workouts: copy them to GARMIN/NewFiles on the watch.",
        ),
    },
    "/conditions": {
        "get": operation(
            "listConditions", "The condition catalog.", {"200": ("Conditions.", "ConditionList")}
        )
    },
    "/conditions/{condition_id}": {
        "parameters": [path_param("condition_id", {"type": "string"})],
        "get": operation(
            "readCondition", "One condition.", {"200": ("The condition.", "Condition")}, "404"
        ),
    },
    "/exercises": {
        "get": operation(
            "listExercises", "The exercise library.", {"200": ("Exercises.", "ExerciseList")}
        )
    },
    "/roster": {
        "get": {
            **operation(
                "listRoster",
                "A coach's athletes, most in need first.",
                {"200": ("The roster.", "Roster")},
                "403",
                "422",
            ),
            "parameters": [
                {"name": "need", "in": "query", "required": False, "schema": ref("Need")},
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "maxLength": MAX_QUERY, "pattern": rules.NO_NUL},
                    "description": "Part of a name, any case.",
                },
            ],
        },
        "post": operation(
            "addAthlete",
            "Add a managed athlete profile (no login).",
            {"201": ("Added.", "AthleteDetail")},
            "403",
            body="AthleteInput",
        ),
    },
    "/account/export": {
        "get": operation(
            "exportAccount",
            "Everything the account holds, as one JSON document.",
            {"200": ("The account's data.", "AccountExport")},
        ),
    },
    "/account": {
        "delete": operation(
            "deleteAccount",
            "Delete the account and everything it owns (a coach's managed profiles too).",
            NO_CONTENT,
            "403",
            "429",
            body="AccountDeletion",
        ),
    },
    "/tokens": {
        "get": operation(
            "listTokens",
            "The account's API tokens (never a token itself).",
            {"200": ("The tokens.", "TokenList")},
        ),
    },
    "/tokens/{token_id}": {
        "parameters": [TOKEN_ID],
        "delete": operation("revokeToken", "Revoke one API token at once.", NO_CONTENT, "404"),
    },
    "/roster/{athlete_id}": {
        "parameters": [ATHLETE_ID],
        "get": operation(
            "readAthlete",
            "One athlete: signals and plans.",
            {"200": ("The athlete.", "AthleteDetail")},
            "403",
            "404",
        ),
        "delete": operation(
            "removeAthlete",
            "Take an athlete off the roster; a managed profile is deleted with its plans.",
            NO_CONTENT,
            "403",
            "404",
        ),
    },
}

RETRY_LATER = {
    "description": "Nothing was saved: the database cannot write just now, or (a watch upload) "
    "the server is reading another upload. Send it again after Retry-After seconds.",
    "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 0}}},
    "content": {"application/json": {"schema": ref("Error")}},
}
WRITES = ("post", "put", "patch", "delete")


def retry_later(paths: dict[str, Any]) -> dict[str, Any]:
    """Give every write its 503 (web/core/failures.py, web/services/watch_files.py)."""
    for item in paths.values():
        for method in WRITES:
            if method in item:
                item[method]["responses"]["503"] = RETRY_LATER
    return paths


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "return-to-run API",
        "version": "1",
        "description": "Plans, reports and check-offs of the return-to-run planner. "
        "Create a personal token on your account page and send it as "
        "`Authorization: Bearer <token>`.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
    "paths": retry_later(PATHS),
}
