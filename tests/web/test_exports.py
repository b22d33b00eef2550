"""Export the log as JSON and CSV, and import a JSON log: a bad file changes nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.web.conftest import confirm_preview, import_log, log_counts, upload_log

LOG = {
    "reports": [
        {
            "date": "2025-03-08",
            "pain_rest": 1,
            "pain_walking": 1,
            "pain_running": 0,
            "pain_morning": 1,
            "flags": [],
            "note": "first jog",
        }
    ],
    "completions": [{"date": "2025-03-08", "item": "test"}],
}


def upload(client, plan_id, body: bytes):
    return import_log(client, plan_id, body)


def test_importing_a_log_then_exporting_it_gives_it_back(app, client, plan_id):
    response = upload(client, plan_id, json.dumps(LOG).encode())
    assert response.status_code == 302
    said = client.get(response.headers["Location"]).get_data(as_text=True)
    reports, ticks = len(LOG["reports"]), len(LOG["completions"])
    assert f"{reports} report{'s' if reports != 1 else ''} added" in said
    assert f"{ticks} check-off{'s' if ticks != 1 else ''} added" in said
    exported = client.get(f"/plans/{plan_id}/export.json")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert exported.json == LOG


def test_the_import_adds_to_the_old_log(app, client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "4"})
    upload(client, plan_id, json.dumps(LOG).encode())
    assert log_counts(app, plan_id) == (2, 1)


def test_the_csv_export_has_one_row_per_report_and_check_off(client, plan_id):
    upload(client, plan_id, json.dumps(LOG).encode())
    response = client.get(f"/plans/{plan_id}/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    assert response.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8 then
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["record"] for r in rows] == ["report", "completion"]
    assert rows[0]["note"] == "first jog" and rows[1]["item"] == "test"


@pytest.mark.parametrize(
    "body, message",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "This file is empty"),  # a UTF-16 byte order mark and nothing after
        (b"[]", "must be a JSON object"),
        (
            json.dumps({"reports": [{"date": "2025-03-08", "pain_rest": 11}]}).encode(),
            "Report 1, pain at rest: ",
        ),
        (json.dumps({"reports": [{"date": "2025-03-25", "pain_rest": 1}]}).encode(), "future"),
        (json.dumps({"reports": [{"date": "2025-03-08", "flags": ["nope"]}]}).encode(), "nope"),
        (json.dumps({"completions": [{"date": "2025-03-08"}]}).encode(), "Check-off 1"),
        (json.dumps({"surprise": 1}).encode(), "unknown key"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_changes(
    app, client, plan_id, body, message
):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "4"})
    response = upload(client, plan_id, body)
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert "Nothing was imported." in html and message in html
    assert log_counts(app, plan_id) == (1, 0)


def test_importing_the_csv_export_says_the_import_takes_the_json_one(app, client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "4"})
    exported = client.get(f"/plans/{plan_id}/export.csv").data
    response = upload(client, plan_id, exported)
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400
    assert "This is not a JSON log. The import takes a plan's JSON export" in html
    assert "The CSV export is for spreadsheets and cannot be imported" in html
    assert "Expecting value" not in html and "file:" not in html


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"", "This file is empty: choose a plan's JSON export."),
        (b"  \n", "This file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a JSON log. The import takes a plan's JSON"),
    ],
)
def test_an_empty_file_or_a_picture_is_told_what_the_import_takes_without_a_word_of_csv(
    app, client, plan_id, body, said
):
    response = upload(client, plan_id, body)
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400 and said in html and "CSV export is for" not in html


def test_a_json_log_saved_with_a_byte_order_mark_imports(app, client, plan_id):
    response = upload(client, plan_id, b"\xef\xbb\xbf" + json.dumps(LOG).encode())
    assert response.status_code == 302
    assert client.get(f"/plans/{plan_id}/export.json").json == LOG


def test_an_import_without_a_file_asks_for_one(app, client, plan_id):
    response = client.post(f"/plans/{plan_id}/import", data={})
    assert response.status_code == 400 and "Choose a JSON file" in response.get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused(app, client, plan_id):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    app.config["MAX_CONTENT_LENGTH"] = 1000  # small, so the test client keeps it in memory
    response = upload(client, plan_id, b" " * 2000)
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)
    assert "one upload may hold 1 kB at most" in response.get_data(as_text=True)


def test_two_reports_of_one_day_import_as_one_keeping_the_worse_scores_and_the_preview_says_so(
    app, client, plan_id
):
    twice = {
        "reports": [
            {"date": "2025-03-08", "pain_rest": 1, "pain_running": 4},
            {"date": "2025-03-08", "pain_rest": 3, "pain_running": 2},
        ]
    }
    preview = upload_log(client, plan_id, json.dumps(twice).encode())
    assert "more than one report on Saturday 8 March 2025" in preview.get_data(as_text=True)
    assert "the higher of each pain score, every red flag and every note" in preview.get_data(
        as_text=True
    )
    response = confirm_preview(client, plan_id, preview)
    assert response.status_code == 302
    stored = client.get(f"/plans/{plan_id}/export.json").json["reports"]
    assert len(stored) == 1
    assert (stored[0]["pain_rest"], stored[0]["pain_running"]) == (3, 4)


def test_an_overlong_item_key_is_refused_not_a_server_error(app, client, plan_id):
    log = {"completions": [{"date": "2025-03-08", "item": "x" * 500}]}
    response = upload(client, plan_id, json.dumps(log).encode())
    assert response.status_code == 400
    assert "at most 200 characters" in response.get_data(as_text=True)
    assert log_counts(app, plan_id) == (0, 0)


def test_a_note_that_looks_like_a_formula_is_defused_in_the_csv(client, plan_id):
    log = {
        "reports": [
            {"date": "2025-03-08", "pain_rest": 1, "note": '=HYPERLINK("http://x.example","hi")'}
        ]
    }
    upload(client, plan_id, json.dumps(log).encode())
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/plans/{plan_id}/export.csv").get_data(as_text=True))
        )
    )
    assert rows[0]["note"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("bom, encoding", [(b"", "utf-16"), (b"\xfe\xff", "utf-16-be")])
def test_a_json_log_saved_as_utf_16_imports(app, client, plan_id, bom, encoding):
    body = bom + json.dumps(LOG, ensure_ascii=False).encode(encoding)  # "utf-16" writes a BOM
    assert upload(client, plan_id, body).status_code == 302
    assert client.get(f"/plans/{plan_id}/export.json").json == LOG


def test_an_import_keeps_a_stored_note_before_the_files_and_the_preview_shows_both(
    app, client, plan_id
):
    """Found in a browser review: a file's "all fine" replaced the note told with a red flag
    ("Woke at 3am with an ache"), and the preview said only "(note updated)"."""
    client.post(
        f"/plans/{plan_id}/report",
        data={
            "pain_rest": "2",
            "flags": "night_pain",
            "confirm": "red_flag",
            "note": "Woke at 3am",
        },
    )
    file = {"reports": [{"date": "2025-03-20", "pain_rest": 0, "note": "all fine"}]}
    preview = upload_log(client, plan_id, file)
    page = preview.get_data(as_text=True)
    assert "note “Woke at 3am” → “Woke at 3am / all fine”" in page
    assert confirm_preview(client, plan_id, preview).status_code == 302
    (report,) = client.get(f"/plans/{plan_id}/export.json").json["reports"]
    assert (report["pain_rest"], report["flags"], report["note"]) == (
        0,
        ["night_pain"],
        "Woke at 3am / all fine",
    )


def test_an_export_imported_again_changes_no_note(app, client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "1", "note": "stiff"})
    exported = client.get(f"/plans/{plan_id}/export.json").get_data()
    assert "adds nothing new" in upload_log(client, plan_id, exported).get_data(as_text=True)


def test_notes_that_together_would_be_too_long_are_refused_naming_the_day(app, client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "1", "note": "a" * 1500})
    file = {"reports": [{"date": "2025-03-20", "pain_rest": 1, "note": "b" * 1500}]}
    refused = upload_log(client, plan_id, file)
    assert refused.status_code == 400
    assert "On Thursday 20 March the stored note and the file" in refused.get_data(
        as_text=True
    ).replace("&#39;", "'")
    assert client.get(f"/plans/{plan_id}/export.json").json["reports"][0]["note"] == "a" * 1500


@pytest.mark.parametrize(
    ("stored", "files", "kept"),
    [
        ("A", ["B", "B"], "A / B"),  # the same file imported twice
        ("A", ["A / B"], "A / B"),  # an export with a note added
        ("A / B", ["A"], "A / B"),  # an older backup restored
        ("", ["B"], "B"),
        ("A", [""], "A"),
    ],
)
def test_a_note_already_held_is_not_added_again(app, client, plan_id, stored, files, kept):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "1", "note": stored})
    for note in files:
        file = {"reports": [{"date": "2025-03-20", "pain_rest": 1, "note": note}]}
        preview = upload_log(client, plan_id, file)
        if "adds nothing new" not in preview.get_data(as_text=True):
            assert confirm_preview(client, plan_id, preview).status_code == 302
    assert client.get(f"/plans/{plan_id}/export.json").json["reports"][0]["note"] == kept
