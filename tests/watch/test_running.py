"""The longest-run rule: what counts as running, and what breaks a run (watch/running.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import watch
from tests.watch import files
from watch.running import (
    RUN_MIN_CADENCE,
    RUN_MIN_SPEED,
    WALK_BREAK_SECONDS,
    Sample,
    Stretch,
    longest_run_seconds,
    stretches,
)

RUN, WALK = 2.8, 1.4  # m/s


def R(seconds: float) -> Stretch:
    return Stretch(seconds, True)


def W(seconds: float) -> Stretch:
    return Stretch(seconds, False)


def U(seconds: float) -> Stretch:
    return Stretch(seconds, None)


@pytest.mark.parametrize(
    ("spans", "longest"),
    [
        pytest.param([R(120), W(60), R(120)], 120, id="a walk break of a minute ends a run"),
        pytest.param([R(120), W(29), R(120)], 269, id="slowing for 29 s does not"),
        pytest.param([R(120), W(30), R(120)], 120, id="slowing for 30 s does"),
        pytest.param([R(120), W(10), W(10), W(10), R(120)], 120, id="slow stretches add up"),
        pytest.param([R(120), W(15), U(15), R(120)], 120, id="an unknown pace counts as slow"),
        pytest.param([W(600), R(300), W(600)], 300, id="walking before and after is not running"),
        pytest.param([R(30), W(90)] * 8, 30, id="stage B1: half a minute at a time"),
        pytest.param([W(40), R(10), W(40)], 0, id="a ten-second dash is not a run"),
        pytest.param([R(100), W(5), R(10), W(5), R(100)], 220, id="nor does it break one"),
        pytest.param([R(100), W(10), R(10), W(10), R(100)], 100, id="it counts as slow time"),
        pytest.param([W(300)], 0, id="a walk has no running"),
        pytest.param([U(300)], None, id="no pace at all: unknown, not zero"),
        pytest.param([], None, id="nothing recorded"),
    ],
)
def test_the_longest_run_follows_the_walk_break_rule(spans, longest):
    assert longest_run_seconds(spans) == longest


@pytest.mark.parametrize(
    ("speed", "cadence", "running"),
    [
        pytest.param(1.85, 160, True, id="a slow jog at 9 min/km with a jog's steps runs"),
        pytest.param(2.5, 120, False, id="a fast walk's steps walk, whatever the speed"),
        pytest.param(None, RUN_MIN_CADENCE, True, id="the cadence threshold is running"),
        pytest.param(None, RUN_MIN_CADENCE - 1, False, id="just below it walks"),
        pytest.param(RUN_MIN_SPEED, None, True, id="no cadence: the speed decides"),
        pytest.param(RUN_MIN_SPEED - 0.01, None, False, id="no cadence, below the speed: walking"),
        pytest.param(RUN_MIN_SPEED, 0, True, id="a cadence of 0 is a sensor that lost count"),
        pytest.param(None, None, None, id="neither: unknown"),
    ],
)
def test_cadence_decides_when_the_device_counted_steps_and_speed_otherwise(speed, cadence, running):
    (span,) = stretches(
        [Sample(0, speed=speed, cadence=cadence), Sample(5, speed=speed, cadence=cadence)]
    )
    assert span.running is running


def series(*phases: tuple[int, float], every: int = 1, start: float = 0.0) -> list[Sample]:
    """Samples with the distance covered, phase after phase of (seconds, speed)."""
    samples, t, d = [Sample(start, distance=0.0)], start, 0.0
    for seconds, speed in phases:
        for _ in range(0, seconds, every):
            t, d = t + every, d + every * speed
            samples.append(Sample(t, distance=d))
    return samples


def test_speed_from_distance_finds_the_walk_breaks_of_a_walk_run():
    samples = series((120, RUN), (60, WALK), (120, RUN), (60, WALK), (120, RUN))
    assert longest_run_seconds(stretches(samples)) == pytest.approx(120, abs=10)


def test_gps_jitter_in_a_walk_break_does_not_join_the_runs_around_it():
    samples = series((120, RUN), (60, WALK), (120, RUN))
    # One point 8 m off the line in the walk break: 16 m more distance within two seconds.
    jittered = [
        Sample(s.seconds, distance=s.distance + (16 if s.seconds >= 150 else 0)) for s in samples
    ]
    assert longest_run_seconds(stretches(jittered)) == pytest.approx(120, abs=10)


def test_a_paused_timer_breaks_a_run_even_though_no_walking_was_recorded():
    before = series((300, RUN))
    after = series((300, RUN), start=600)
    joined = before + [
        Sample(s.seconds, distance=s.distance + before[-1].distance) for s in after[1:]
    ]
    assert longest_run_seconds(stretches(joined)) == pytest.approx(300, abs=10)


def test_a_sparse_recording_that_kept_running_between_points_is_one_run():
    samples = series((600, RUN), every=60)
    assert longest_run_seconds(stretches(samples)) == 600


@given(st.lists(st.builds(Stretch, st.floats(0.1, 3600), st.none() | st.booleans()), max_size=40))
def test_the_longest_run_is_never_longer_than_the_recording(spans):
    longest = longest_run_seconds(spans)
    if longest is not None:
        assert 0 <= longest <= sum(span.seconds for span in spans) + 1e-6


@given(
    st.lists(st.builds(Stretch, st.floats(0.1, 3600), st.none() | st.booleans()), max_size=20),
    st.lists(st.builds(Stretch, st.floats(0.1, 3600), st.none() | st.booleans()), max_size=20),
)
def test_a_walk_break_splits_a_recording_into_runs_no_longer_than_before(before, after):
    split = longest_run_seconds([*before, W(WALK_BREAK_SECONDS), *after])
    parts = [longest_run_seconds(before) or 0.0, longest_run_seconds(after) or 0.0]
    assert (split or 0.0) == pytest.approx(max(parts))


def test_a_slow_joggers_walk_run_reads_as_running_from_a_fit_files_cadence():
    """A walk-run at 8:45 min/km (1.9 m/s) with 160 steps a minute: 3 min runs, 1 min walks."""
    from datetime import UTC, datetime

    import watch
    from tests.watch import files

    jog, stroll = files.Phase(180, 1.9, 160), files.Phase(60, 1.3, 110)
    part = files.Part(
        datetime(2026, 11, 12, 7, tzinfo=UTC), (jog, stroll) * 3, cadence=True, laps=False
    )
    (activity,) = watch.read(files.fit_activity(part), "slow.fit", "UTC")
    assert activity.longest_run_minutes == pytest.approx(3.0, abs=0.1)


def test_a_recording_of_no_pace_at_all_stays_unknown_across_gaps_longer_than_a_walk_break():
    gap = WALK_BREAK_SECONDS + 1
    samples = [Sample(seconds=index * gap) for index in range(60)]
    assert {stretch.running for stretch in stretches(samples)} == {None}
    assert longest_run_seconds(stretches(samples)) is None


def test_a_sensorless_fit_run_recorded_every_31_s_has_an_unknown_longest_run():
    start = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    sensorless = files.Part(
        start,
        (files.run(30),),
        sub_sport="treadmill",
        gps=False,
        speed=False,
        distance=False,
        cadence=False,
        laps=False,
        every=31,
    )
    (activity,) = watch.read(files.fit_activity(sensorless), "treadmill.fit", "UTC")
    assert activity.longest_run_minutes is None
