"""Protocol numbers are data with sources (SPEC §3, §9)."""

from __future__ import annotations

import re
from pathlib import Path

from planner import protocol, sources


def test_every_rule_named_next_to_a_number_has_its_sources():
    text = Path(protocol.__file__).read_text(encoding="utf-8")
    named = set(re.findall(r"#.*\[(\w+)\]", text))
    assert named and named <= set(protocol.RULE_SOURCES)


def test_every_rule_source_is_a_citation_of_spec_section_nine():
    cited = {source for group in protocol.RULE_SOURCES.values() for source in group}
    assert cited <= set(sources.ALL)


def test_the_headline_numbers_match_the_spec():
    assert (protocol.REST_LAST_DAY, protocol.REHAB_LAST_DAY) == (3, 7)
    assert protocol.RAMP_FIRST_WEEK_SHARE == 0.5 and protocol.RAMP_WEEKLY_GROWTH == 0.1
    assert protocol.WEEKLY_CAP == protocol.SINGLE_RUN_CAP == 1.1
    assert (protocol.BONE_TEST_ENTRY_DAY, protocol.BONE_PAIN_FREE_DAYS) == (22, 14)
    assert (protocol.BONE_CLEAN_SESSIONS_LOW, protocol.BONE_CLEAN_SESSIONS_HIGH) == (2, 3)
    assert protocol.MAX_WEEKLY_KM == 400


def test_every_red_flag_of_the_spec_has_plain_words_and_a_referral():
    spec_flags = {
        "cannot_bear_weight",
        "night_pain",
        "rest_pain_worsening",
        "swelling_bruising",
        "numbness_tingling",
        "snap_or_pop",
        "hot_red_swollen",
        "focal_bone_tenderness",
        "calf_swelling",
    }
    assert set(protocol.RED_FLAGS) == spec_flags
    assert all(f.label and f.description and f.referral for f in protocol.RED_FLAGS.values())
