"""The condition catalog of SPEC §4 and the "where does it hurt?" helper."""

import re

import pytest

from planner import conditions, sources
from planner.conditions import CATALOG, LOCATIONS, NOT_SURE, candidates, get
from planner.errors import InputError
from planner.model import Protocol, Risk

T, B, R = Protocol.TENDON, Protocol.BONE, Protocol.REFER
LOW, HIGH = Risk.LOW, Risk.HIGH

SPEC_CONDITIONS = [
    ("plantar-fasciitis", T, None),
    ("achilles-tendinopathy-midportion", T, None),
    ("achilles-tendinopathy-insertional", T, None),
    ("retrocalcaneal-bursitis", T, None),
    ("posterior-tibial-tendinopathy", T, None),
    ("peroneal-tendinopathy", T, None),
    ("extensor-tendinopathy", T, None),
    ("tibialis-anterior-tendinopathy", T, None),
    ("vamp-irritation", T, None),
    ("sinus-tarsi-syndrome", T, None),
    ("cuboid-syndrome", T, None),
    ("accessory-navicular-syndrome", T, None),
    ("ankle-sprain", T, None),
    ("ankle-impingement", T, None),
    ("shin-splints", T, None),
    ("metatarsalgia", T, None),
    ("metatarsal-stress-fracture", B, LOW),
    ("metatarsal-base-2-stress-fracture", B, HIGH),
    ("fifth-metatarsal-base-stress-fracture", B, HIGH),
    ("navicular-stress-fracture", B, HIGH),
    ("calcaneal-stress-fracture", B, LOW),
    ("tibial-stress-fracture", B, LOW),
    ("anterior-tibial-stress-fracture", B, HIGH),
    ("medial-malleolus-stress-fracture", B, HIGH),
    ("talus-stress-fracture", B, HIGH),
    ("sesamoid-stress-fracture", B, HIGH),
    ("fibular-stress-fracture", B, LOW),
    ("stress-fracture-unknown-site", B, LOW),
    ("mortons-neuroma", R, None),
    ("tarsal-tunnel-syndrome", R, None),
    ("peripheral-neuropathy", R, None),
    ("foot-arthritis", R, None),
    ("hallux-rigidus", R, None),
    ("plantar-fibroma", R, None),
    ("hot-swollen-joint", R, None),
    ("compartment-syndrome", R, None),
    ("not-sure", B, LOW),
]


@pytest.mark.parametrize(("condition_id", "protocol", "risk"), SPEC_CONDITIONS)
def test_every_spec_condition_follows_its_protocol_and_risk(condition_id, protocol, risk):
    condition = get(condition_id)
    assert condition.id == condition_id
    assert (condition.protocol, condition.risk) == (protocol, risk)


def test_the_catalog_holds_exactly_the_spec_conditions_in_a_readable_order():
    assert list(CATALOG) == [row[0] for row in SPEC_CONDITIONS]
    assert list(CATALOG)[-1] == NOT_SURE


@pytest.mark.parametrize("condition", CATALOG.values(), ids=list(CATALOG))
def test_every_condition_has_all_fields_filled(condition):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", condition.id)
    assert condition.name.strip() and condition.tissue.strip()
    assert condition.locations and set(condition.locations) <= set(LOCATIONS)
    assert condition.feels.strip() and "\n" not in condition.feels and len(condition.feels) < 100
    low, high = condition.recovery_weeks
    assert 0 < low <= high <= 52
    assert condition.sources and set(condition.sources) <= set(sources.ALL)


def test_bone_sites_cite_hoenig_for_their_return_times():
    for condition in CATALOG.values():
        if condition.protocol is Protocol.BONE and condition.id != NOT_SURE:
            assert sources.HOENIG_2023 in condition.sources


@pytest.mark.parametrize(
    ("condition_id", "pooled_days"),
    [
        ("navicular-stress-fracture", 127),
        ("tibial-stress-fracture", 44),
        ("fibular-stress-fracture", 56),
    ],
)
def test_recovery_weeks_contain_hoenigs_pooled_return_time(condition_id, pooled_days):
    low, high = get(condition_id).recovery_weeks
    assert low <= pooled_days / 7 <= high


def test_high_risk_bone_sites_take_at_least_as_long_as_low_risk_ones():
    bone = [c for c in CATALOG.values() if c.protocol is Protocol.BONE]
    slowest_low = max(c.recovery_weeks[0] for c in bone if c.risk is Risk.LOW)
    assert all(c.recovery_weeks[0] >= slowest_low for c in bone if c.risk is Risk.HIGH)


def test_only_insertional_achilles_and_bursitis_are_floor_only():
    floor_only = {c.id for c in CATALOG.values() if c.floor_only}
    assert floor_only == {"achilles-tendinopathy-insertional", "retrocalcaneal-bursitis"}


def test_shin_splints_have_the_lower_pain_ceiling_and_cite_moen():
    shin_splints = get("shin-splints")
    assert shin_splints.pain_ceiling == 4
    assert sources.MOEN_2012 in shin_splints.sources
    others = [c for c in CATALOG.values() if c.id != "shin-splints"]
    assert {c.pain_ceiling for c in others} == {5}


@pytest.mark.parametrize(
    ("condition_id", "source"),
    [
        ("plantar-fasciitis", sources.RATHLEFF_2015),
        ("achilles-tendinopathy-midportion", sources.BEYER_2015),
        ("ankle-sprain", sources.VUURBERG_2018),
        ("ankle-sprain", sources.OTTAWA),
        ("navicular-stress-fracture", sources.WARDEN_2021),
    ],
)
def test_conditions_cite_the_evidence_for_their_own_rules(condition_id, source):
    assert source in get(condition_id).sources


def test_not_sure_is_treated_as_low_risk_bone_and_may_hurt_anywhere():
    not_sure = get(NOT_SURE)
    assert not_sure.protocol is Protocol.BONE and not_sure.risk is Risk.LOW
    assert not_sure.locations == LOCATIONS


def test_get_tolerates_case_and_spaces_around_an_id():
    assert get("  Plantar-Fasciitis ") is CATALOG["plantar-fasciitis"]


@pytest.mark.parametrize(
    ("alias", "condition_id"),
    [
        ("achilles-tendinopathy", "achilles-tendinopathy-insertional"),
        ("mtss", "shin-splints"),
        ("stress-fracture", "stress-fracture-unknown-site"),
    ],
)
def test_get_resolves_common_aliases_to_the_stricter_entry(alias, condition_id):
    assert get(alias).id == condition_id
    assert alias not in CATALOG


def test_an_unknown_condition_names_the_field_and_points_to_the_list():
    with pytest.raises(InputError) as caught:
        get("broken-heart")
    assert caught.value.field == "condition"
    assert caught.value.message == "unknown condition 'broken-heart' (see `rtr conditions`)"


def test_an_unknown_location_names_the_field_and_lists_the_choices():
    with pytest.raises(InputError) as caught:
        candidates("elbow")
    assert caught.value.field == "location"
    assert "'elbow'" in caught.value.message
    assert all(location in caught.value.message for location in LOCATIONS)


@pytest.mark.parametrize("location", LOCATIONS)
def test_candidates_list_the_conditions_of_a_location_with_not_sure_last(location):
    found = candidates(location)
    assert found[-1].id == NOT_SURE
    assert len(found) >= 2
    assert len({c.id for c in found}) == len(found)
    assert all(location in c.locations for c in found)
    assert [c.id for c in found[:-1]] == [
        c.id for c in CATALOG.values() if location in c.locations and c.id != NOT_SURE
    ]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("heel", "plantar-fasciitis"),
        ("heel", "calcaneal-stress-fracture"),
        ("arch", "posterior-tibial-tendinopathy"),
        ("ball", "mortons-neuroma"),
        ("ball", "metatarsalgia"),
        ("top", "vamp-irritation"),
        ("inner side", "tarsal-tunnel-syndrome"),
        ("outer side", "peroneal-tendinopathy"),
        ("back of ankle", "achilles-tendinopathy-midportion"),
        ("front of ankle", "ankle-impingement"),
        ("shin", "shin-splints"),
        ("shin", "compartment-syndrome"),
        ("big toe", "hallux-rigidus"),
    ],
)
def test_candidates_include_the_typical_injury_of_a_location(location, expected):
    assert expected in [c.id for c in candidates(location)]


def test_candidates_read_locations_the_way_a_form_may_send_them():
    assert candidates("Inner-Side") == candidates("inner side")
    assert candidates("back_of_ankle") == candidates("back of ankle")


def test_every_condition_is_a_candidate_wherever_it_hurts():
    for condition in CATALOG.values():
        for location in condition.locations:
            assert condition in candidates(location)


def test_the_module_exports_its_public_names():
    assert conditions.NOT_SURE == "not-sure"
    assert len(LOCATIONS) == 10
