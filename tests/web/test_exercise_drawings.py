"""Every exercise has a drawing that says what it shows, and its how-to reads as numbered steps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from planner.exercises import LIBRARY

ROOT = Path(__file__).resolve().parents[2]
DRAWINGS = ROOT / "web" / "static" / "exercises"
SVG = "{http://www.w3.org/2000/svg}"


def how_to_module():
    env = Environment(loader=FileSystemLoader(ROOT / "templates"), autoescape=True)
    env.globals["url_for"] = lambda endpoint, filename: f"/static/{filename}"
    return env.get_template("exercises/how_to.html").make_module()


def drawing(exercise_id: str) -> ET.Element:
    return ET.parse(DRAWINGS / f"{exercise_id}.svg").getroot()


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_every_exercise_has_a_drawing_titled_with_its_name(exercise_id):
    svg = drawing(exercise_id)
    assert svg.get("viewBox") == "0 0 120 120"
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "title desc"
    assert svg.find(f"{SVG}title").text == LIBRARY[exercise_id].name


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_a_drawings_alt_text_is_its_own_description(exercise_id):
    alt = how_to_module().DRAWINGS[exercise_id]
    assert drawing(exercise_id).find(f"{SVG}desc").text == alt
    assert len(alt) > 40  # a sentence that says the position and the movement


def test_no_drawing_is_left_without_an_exercise():
    assert {path.stem for path in DRAWINGS.glob("*.svg")} == set(LIBRARY)
    assert set(how_to_module().DRAWINGS) == set(LIBRARY)


def test_all_drawings_share_one_stroke_style_and_show_a_movement_or_a_time():
    styles = {ET.tostring(drawing(e).find(f"{SVG}style")) for e in LIBRARY}
    assert len(styles) == 1
    for exercise_id in LIBRARY:
        classes = {node.get("class") for node in drawing(exercise_id).iter()}
        assert classes & {"move", "move both", "label"}, f"{exercise_id} shows no movement"


def test_the_drawing_macro_gives_an_image_with_the_alt_text():
    html = str(how_to_module().drawing("heel-drops"))
    assert 'src="/static/exercises/heel-drops.svg"' in html
    assert 'alt="The ball of the sore foot on the edge of a step' in html
    assert str(how_to_module().drawing("no-such-exercise")).strip() == ""


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_a_how_to_reads_as_one_numbered_step_per_sentence(exercise_id):
    text = LIBRARY[exercise_id].how_to
    html = str(how_to_module().steps(text))
    steps = [re.sub(r"\s+", " ", s).strip() for s in re.findall(r"<li>(.*?)</li>", html, re.S)]
    assert html.strip().startswith('<ol class="how-steps">')
    assert len(steps) == text.count(". ") + 1
    assert all(step.endswith((".", "!", "?")) for step in steps)
    assert " ".join(steps).replace("&#39;", "'") == text


def test_today_draws_each_exercise_and_numbers_its_steps(client, plan_id):
    html = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert '<img class="drawing" src="/static/exercises/towel-scrunches.svg"' in html
    assert 'alt="A bare foot on a towel, heel down, toes curling' in html
    assert '<ol class="how-steps">' in html
    assert 'data-trainer data-dose="3×15 per foot" data-title="Towel scrunches" hidden' in html


def test_every_drawing_is_served_as_svg(client):
    for exercise_id in LIBRARY:
        response = client.get(f"/static/exercises/{exercise_id}.svg")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        response.close()


def test_every_page_links_the_svg_favicon(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/static/favicon.svg")
    assert response.mimetype == "image/svg+xml"
    assert ET.fromstring(response.get_data()).get("viewBox") == "0 0 32 32"
    response.close()
