"""The web names a rule only through planner's `Rule` enum, as the engine does
(tests/planner/test_rules.py): a renamed rule then fails loudly instead of matching nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from planner.rules import Rule

ROOT = Path(__file__).resolve().parents[2]
RULE_NAMES = frozenset(rule.value for rule in Rule)
QUOTED = re.compile(r"""["']([a-z_]+)["']""")


def names_a_rule(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "rule") or (
        isinstance(node, ast.Name) and node.id.lower().endswith("rule")
    )


def strings_in(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in RULE_NAMES
    }


def bare_rule_names(source: str) -> set[str]:
    """Return the rule names a module writes as strings: compared with a `.rule`, or held in
    a constant whose name says RULE."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            names_a_rule(side) for side in (node.left, *node.comparators)
        ):
            found |= strings_in(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and "RULE" in t.id for t in node.targets
        ):
            found |= strings_in(node.value)
    return found


def test_the_web_never_names_a_rule_with_a_bare_string():
    for path in (ROOT / "web").rglob("*.py"):
        assert bare_rule_names(path.read_text(encoding="utf-8")) == set(), path.name


def test_templates_never_name_a_rule_with_a_bare_string():
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "rule" in line:
                assert not set(QUOTED.findall(line)) & RULE_NAMES, f"{path.name}:{number}"


def test_the_finder_finds_bare_rule_names_and_passes_the_enum():
    assert bare_rule_names('RED_RULES = frozenset({"two_reds"})') == {"two_reds"}
    assert bare_rule_names('stop = d.rule == "refer" or d.rule in ("red_flag",)') == {
        "refer",
        "red_flag",
    }
    assert bare_rule_names("stop = d.rule == Rule.REFER") == set()
    assert bare_rule_names('phase = day.phase == "complete"') == set()
