"""Accessibility scans with axe-core (vendored in ``static/vendor/axe-core``), run in Chromium.

``assert_accessible(page)`` injects axe into the page as it stands and fails on any violation of
impact "serious" or "critical", naming the rule, its help text and the elements at fault. The
script is evaluated through the DevTools protocol, so the page's CSP is left as it is."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page, *, impacts=BLOCKING, exclude: tuple[str, ...] = ()) -> list[dict]:
    """axe's violations on the page as it stands, limited to ``impacts``, leaving out the elements
    matching the CSS selectors of ``exclude`` (only for a library's widget we cannot change)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    result = page.evaluate(
        """async (exclude) => {
            const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document;
            const r = await axe.run(context, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary).slice(0, 5),
            }));
        }""",
        list(exclude),
    )
    return [v for v in result if v["impact"] in impacts]


def assert_accessible(page, what: str = "", *, exclude: tuple[str, ...] = ()) -> None:
    found = violations(page, exclude=exclude)
    if found:
        lines = [f"{what or page.url}: {len(found)} serious or critical accessibility violation(s)"]
        for v in found:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
        raise AssertionError("\n".join(lines))
