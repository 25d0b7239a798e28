"""Rendering the results report: Jinja2 templates fed with the report's data.

Templates render, Python decides: ``stc.synthesize`` builds the ``Report``; the templates in
``stc/templates/`` lay it out as ``report.html`` (autoescaped) and ``report.md`` (every piece of
participant or researcher text through the ``md`` filter, so a Markdown renderer shows
``<script>`` as text). The review workspace uses the same environment.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stc.synthesize import Report
from stc.wording import number, percent, quote

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can start
# markup inside a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&#!~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])(?=\s|$)", re.MULTILINE)


def md_escape(value: object) -> str:
    """Text shown as text by a Markdown renderer: no emphasis, links, HTML or tables."""
    text = _MD_INLINE.sub(r"\\\1", str(value))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def one_line(value: object) -> str:
    return " ".join(str(value).split())


def anchor(transcript: str, line: int) -> str:
    return f"t-{re.sub(r'[^A-Za-z0-9_-]', '-', transcript)}-l{line}"


@functools.cache
def environment() -> Environment:
    """The one template environment of stc (reports and the review workspace)."""
    env = Environment(
        loader=PackageLoader("stc", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["one_line"] = one_line
    env.filters["css_string"] = lambda v: str(v).replace("\\", "\\\\").replace('"', '\\"')
    env.globals["anchor"] = anchor
    return env


def _values(report: Report) -> dict[str, Any]:
    def cite(unit: Any) -> str:
        return report.t("participant_line", participant=unit.participant, lines=unit.lines)

    return {
        "report": report,
        "t": report.t,
        "q": lambda text: quote(one_line(text), report.language),
        "cite": cite,
        "coverage": _coverage_rows(report),
        "matrix_columns": [c for c in report.matrix.columns if c not in ("code", "total")],
        "matrix_rows": report.matrix.to_dict("records"),
        "chart": _chart(report),
        "percent": lambda v: "" if v is None else percent(v, report.language),
    }


def _chart(report: Report) -> dict[str, Any] | None:
    """Bars of new codes per interview and the line of codes so far, laid out for the SVG."""
    saturation = report.trail.saturation if report.trail else None
    if saturation is None or not saturation.rows:
        return None
    rows = saturation.rows
    top = max(max(r.cumulative for r in rows), 1)
    step, height, left, bottom = 36, 160, 36, 24
    scale = (height - 20) / top
    bars = [
        {
            "x": left + i * step + 6,
            "y": height - len(r.new) * scale,
            "height": len(r.new) * scale,
            "label": r.order,
            "new": len(r.new),
            "cy": height - r.cumulative * scale,
            "cx": left + i * step + step / 2,
            "cumulative": r.cumulative,
        }
        for i, r in enumerate(rows)
    ]
    return {
        "width": left + len(rows) * step + 10,
        "height": height + bottom,
        "base": height,
        "left": left,
        "bar": step - 12,
        "bars": bars,
        "line": " ".join(f"{b['cx']:.1f},{b['cy']:.1f}" for b in bars),
        "top": top,
        "top_y": height - top * scale,
    }


def _coverage_rows(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "participant": row["participant"],
            # As the language writes numbers ("12 973", "12.973"), as the method text does.
            "words": number(int(row["words"]), report.language),
            "words_coded": number(int(row["words_coded"]), report.language),
            "share": percent(float(row["share"]), report.language),
        }
        for row in report.coverage.to_dict("records")
    ]


def render_markdown(report: Report) -> str:
    """``report.md``: the whole report as Markdown."""
    text = environment().get_template("report.md").render(**_values(report))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def render_html(report: Report) -> str:
    """``report.html``: one self-contained page (inline CSS, no scripts, no remote resources)."""
    env = environment()
    # A printed page carries the draft stamp in its running header, not only page one.
    css = env.get_template("report.css").render(title=report.running_title)
    return env.get_template("report.html").render(css=css, **_values(report))
