"""The HTML pages of `quotes serve`, as strings: search, speakers, a speaker, compare,
statements and an article.

Every text from the tables or from a request goes through `esc` (or `_url`) before it
reaches the page, so that a quote holding markup shows as text. Pages hold no script: forms
are plain GET forms, so that an address keeps its filters and can be shared.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any
from urllib.parse import quote, urlencode

from quotes.store import Page
from quotes.table import KINDS

KIND_COLOURS = {"direct": "#1f6feb", "partial": "#b35900", "indirect": "#2e7d32"}
_NAV = (
    ("/", "Search"),
    ("/speakers", "Speakers"),
    ("/compare", "Compare"),
    ("/statements", "Statements"),
)


def esc(value: Any) -> str:
    """Text for HTML, quotes included; None as an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def _url(
    path: str, params: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), **change: Any
) -> str:
    """`path` with the query `params` (pairs or a multi-dict), some changed (None drops
    one), escaped for an attribute."""
    pairs = list(
        params.multi_items()
        if hasattr(params, "multi_items")
        else params.items()
        if isinstance(params, Mapping)
        else params
    )
    kept = [(k, v) for k, v in pairs if k not in change and v not in ("", None)]
    kept += [(k, v) for k, v in change.items() if v not in ("", None)]
    return esc(path + ("?" + urlencode(kept) if kept else ""))


def _id(value: str) -> str:
    return quote(str(value), safe="")


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def layout(title: str, body: str, active: str = "") -> str:
    """A whole page: its title, the navigation and `body` (already escaped)."""
    nav = "".join(
        f'<a href="{href}"{" class=on" if href == active else ""}>{name}</a>' for href, name in _NAV
    )
    return (
        "<!doctype html><html lang=fr><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · quotes</title><style>{_STYLE}</style></head>"
        f"<body><header><b>quotes</b><nav>{nav}</nav></header><main>"
        f"<h1>{esc(title)}</h1>{body}</main></body></html>"
    )


def error(status: int, message: str) -> str:
    """The page of a failed request."""
    return layout(f"Error {status}", f'<p class="error">{esc(message)}</p>')


# -- pieces ---------------------------------------------------------------------------------


def _field(name: str, label: str, value: str, kind: str = "text", extra: str = "") -> str:
    return (
        f'<label>{esc(label)} <input type="{kind}" name="{name}" value="{esc(value)}"{extra}>'
        "</label>"
    )


def _select(name: str, label: str, value: str, options: Sequence[str], empty: str) -> str:
    items = [f'<option value="">{esc(empty)}</option>'] + [
        f'<option value="{esc(o)}"{" selected" if o == value else ""}>{esc(o)}</option>'
        for o in options
    ]
    return f'<label>{esc(label)} <select name="{name}">{"".join(items)}</select></label>'


def _common_fields(p: Mapping[str, str]) -> str:
    return (
        _select("kind", "Kind", p.get("kind", ""), KINDS, "any")
        + _field("since", "From", p.get("since", ""), "date")
        + _field("until", "To", p.get("until", ""), "date")
        + _field(
            "min_confidence",
            "Min. confidence",
            p.get("min_confidence", ""),
            "number",
            ' min="0" max="1" step="0.05"',
        )
    )


def _counted(
    found: Page, noun: str, body: str, path: str, p: Mapping[str, str], offset: int, limit: int
) -> str:
    """A list's count (« 6 quotes »), the list, and the links to its other pages."""
    count = f'<p class="count" id="total">{found.total} {noun}</p>'
    return count + body + _pager(path, p, offset, limit, found.total)


def _pager(path: str, p: Mapping[str, str], offset: int, limit: int, total: int) -> str:
    if total <= limit and offset == 0:
        return ""
    last = min(offset + limit, total)
    parts = [f"<span>{offset + 1 if total else 0}–{last} of {total}</span>"]
    if offset > 0:
        parts.insert(
            0,
            f'<a rel="prev" href="{_url(path, p, offset=max(offset - limit, 0) or None)}">'
            "← previous</a>",
        )
    if last < total:
        parts.append(f'<a rel="next" href="{_url(path, p, offset=offset + limit)}">next →</a>')
    return f'<nav class="pager">{" ".join(parts)}</nav>'


def _speaker_link(row: Mapping[str, Any]) -> str:
    if not row.get("speaker_id"):
        mention = row.get("speaker_mention")
        return f'<span class="nobody">nobody named{f" ({esc(mention)})" if mention else ""}</span>'
    return f'<a class="who" href="/speaker/{_id(row["speaker_id"])}">{esc(row["speaker"])}</a>'


def _quote_item(row: Mapping[str, Any], speaker: bool = True) -> str:
    """One row: its sentence with the quote marked, who said it, when, where."""
    sentence = (
        f'{esc(row.get("before"))}<mark class="{esc(row["kind"])}">{esc(row["quote"])}</mark>'
        f"{esc(row.get('after'))}"
    )
    title = row.get("title") or row["article"]
    link = f'<a href="/article/{_id(row["article"])}#q{int(row["start"])}">{esc(title)}</a>'
    source = f' <a class="out" href="{esc(row["url"])}">↗</a>' if _is_web(row.get("url")) else ""
    meta = " · ".join(
        x
        for x in (
            _speaker_link(row) if speaker else "",
            esc(_date(row.get("date")) or "undated"),
            esc(row.get("source") or ""),
            link + source,
            f'<span class="kind {esc(row["kind"])}">{esc(row["kind"])}</span>',
            f'<span class="conf">{float(row["confidence"]):.2f}</span>',
        )
        if x
    )
    return f'<li class="quote"><p>{sentence}</p><p class="meta">{meta}</p></li>'


def _is_web(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("http://", "https://"))


def _quotes(found: Page, speaker: bool = True) -> str:
    if not found.rows:
        return '<p class="empty">No quote matches.</p>'
    items = "".join(_quote_item(r, speaker) for r in found.rows)
    return f'<ol class="quotes">{items}</ol>'


# -- pages ------------------------------------------------------------------------------------


def search(
    p: Mapping[str, str],
    found: Page,
    outlets: Sequence[str],
    offset: int,
    limit: int,
    named: Mapping[str, Any] | None,
) -> str:
    """Search: words, speaker, outlet, dates, kind, confidence; the rows, newest first."""
    hidden = (
        f'<input type="hidden" name="speaker" value="{esc(p.get("speaker", ""))}">'
        if p.get("speaker")
        else ""
    )
    form = (
        '<form class="filters" method="get" action="/">'
        + _field(
            "q",
            "Words",
            p.get("q", ""),
            "search",
            ' placeholder="« négociation », "pouvoir d\'achat""',
        )
        + _field("who", "Speaker", p.get("who", ""))
        + _select("outlet", "Outlet", p.get("outlet", ""), outlets, "any")
        + _common_fields(p)
        + hidden
        + '<button type="submit">Search</button></form>'
    )
    about = (
        f'<p>Quotes of <a href="/speaker/{_id(named["id"])}">{esc(named["name"])}</a> '
        f'(<a href="{_url("/", p, speaker=None)}">everyone</a>)</p>'
        if named
        else ""
    )
    listed = _counted(found, "quotes", _quotes(found), "/", p, offset, limit)
    return layout("Search", form + about + listed, "/")


def speakers(p: Mapping[str, str], found: Page, offset: int, limit: int) -> str:
    """Speakers by number of quotes, with a name filter."""
    form = (
        '<form class="filters" method="get" action="/speakers">'
        + _field("q", "Name", p.get("q", ""), "search")
        + '<button type="submit">Find</button></form>'
    )
    rows = "".join(
        f'<tr><td><a href="/speaker/{_id(r["id"])}">{esc(r["name"])}</a></td>'
        f"<td>{esc(r['type'])}</td><td>{esc(r['gender'])}</td><td class=n>{r['quotes']}</td>"
        f"<td class=n>{r['articles']}</td><td>{_date(r['first'])}</td>"
        f"<td>{_date(r['last'])}</td></tr>"
        for r in found.rows
    )
    table = (
        '<table class="list"><thead><tr><th>speaker</th><th>type</th><th>gender</th>'
        "<th>quotes</th><th>articles</th><th>first</th><th>last</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    listed = _counted(found, "speakers", table, "/speakers", p, offset, limit)
    return layout("Speakers", form + listed, "/speakers")


def speaker(
    p: Mapping[str, str],
    who: Mapping[str, Any],
    timeline: Sequence[Mapping[str, Any]],
    found: Page,
    offset: int,
    limit: int,
) -> str:
    """A speaker: names, type, gender, counts, timeline, quotes (by date) with filters."""
    path = f"/speaker/{_id(who['id'])}"
    facts = (
        '<dl class="facts">'
        f"<dt>type</dt><dd>{esc(who['type'] or 'unknown')}</dd>"
        f"<dt>gender</dt><dd>{esc(who['gender'] or 'unknown')}</dd>"
        f'<dt>quotes</dt><dd id="quotes">{who["quotes"]} in {who["articles"]} articles'
        f" ({who['direct']} direct, {who['partial']} partial, {who['indirect']} indirect)</dd>"
        f"<dt>dates</dt><dd>{_date(who['first']) or '?'} to {_date(who['last']) or '?'}</dd>"
        f'<dt>also named</dt><dd class="variants">{esc(", ".join(who["variants"])) or "—"}</dd>'
        f"<dt>mentions</dt><dd>{esc(', '.join(who['mentions'])) or '—'}</dd></dl>"
    )
    links = (
        f'<p><a href="{_url("/compare", [("speaker", who["id"])])}">Compare with…</a> · '
        f'<a href="{_url("/", [("speaker", who["id"])])}">Search their quotes</a></p>'
    )
    form = (
        f'<form class="filters" method="get" action="{path}">'
        + _field("q", "Words", p.get("q", ""), "search")
        + _common_fields(p)
        + '<button type="submit">Filter</button></form>'
    )
    listed = _counted(found, "quotes", _quotes(found, speaker=False), path, p, offset, limit)
    body = facts + links + timeline_chart(timeline, path, p) + form + listed
    return layout(str(who["name"]), body, "/speakers")


def compare(
    p: Mapping[str, str],
    who: Sequence[Mapping[str, Any]],
    found: Page,
    offset: int,
    limit: int,
) -> str:
    """Two to four speakers side by side: one line per date, one column per speaker."""
    asked = [w["name"] for w in who] + [""] * (4 - len(who))
    inputs = "".join(_field("speaker", f"Speaker {i + 1}", str(n)) for i, n in enumerate(asked))
    form = (
        '<form class="filters" method="get" action="/compare">'
        + inputs
        + _field("q", "Topic", p.get("q", ""), "search")
        + _common_fields(p)
        + '<button type="submit">Compare</button></form>'
    )
    if len(who) < 2:
        return layout(
            "Compare", form + '<p class="empty">Name two to four speakers.</p>', "/compare"
        )
    head = "".join(
        f'<th><a href="/speaker/{_id(w["id"])}">{esc(w["name"])}</a> ({w["quotes"]})</th>'
        for w in who
    )
    lines = []
    for day in found.rows:
        cells = defaultdict(list)
        for r in day["rows"]:
            cells[r["speaker_id"]].append(
                f'<ul class="quotes">{_quote_item(r, speaker=False)}</ul>'
            )
        tds = "".join(f"<td>{''.join(cells[w['id']])}</td>" for w in who)
        lines.append(f'<tr class="day"><th>{_date(day["date"]) or "undated"}</th>{tds}</tr>')
    table = (
        f'<table class="compare"><thead><tr><th>date</th>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table>"
    )
    listed = _counted(found, "dates", table, "/compare", p, offset, limit)
    return layout("Compare", form + listed, "/compare")


def statements(p: Mapping[str, str], found: Page, offset: int, limit: int) -> str:
    """Statements that several articles report, conflicts marked."""
    checked = " checked" if p.get("conflicts", "") in ("1", "true", "on", "yes") else ""
    form = (
        '<form class="filters" method="get" action="/statements">'
        + _field("q", "Words", p.get("q", ""), "search")
        + f'<label><input type="checkbox" name="conflicts" value="1"{checked}>'
        + " only conflicts</label>"
        + '<button type="submit">Show</button></form>'
    )
    blocks = []
    for s in found.rows:
        names = sorted({r["speaker"] for r in s["rows"] if r["speaker"]})
        flag = '<span class="conflict">conflict</span> ' if s["conflict"] else ""
        rows = "".join(
            f"<tr><td>{_date(r['date']) or 'undated'}</td><td>{esc(r['source'])}</td>"
            f'<td><a href="/article/{_id(r["article"])}#q{int(r["start"])}">'
            f"{esc(r['title'] or r['article'])}</a></td>"
            f"<td>{_speaker_link(r)}</td><td>{esc(r['kind'])}</td><td>{esc(r['quote'])}</td></tr>"
            for r in s["rows"]
        )
        blocks.append(
            f'<section class="statement" data-id="{esc(s["id"])}">'
            f"<h2>{flag}« {esc(s['headline'])} »</h2>"
            f'<p class="meta">{s["articles"]} articles · speakers: '
            f"{esc(', '.join(names)) or 'nobody named'}</p>"
            '<table class="list"><thead><tr><th>date</th><th>outlet</th><th>article</th>'
            f"<th>speaker</th><th>kind</th><th>quote</th></tr></thead><tbody>{rows}</tbody></table></section>"
        )
    what = "conflicts" if checked else "statements reported by several articles"
    what = what.replace("conflicts", "conflict") if found.total == 1 else what
    what = what.replace("statements", "statement") if found.total == 1 else what
    listed = _counted(found, what, "".join(blocks), "/statements", p, offset, limit)
    return layout("Statements", form + listed, "/statements")


def article(found: Mapping[str, Any]) -> str:
    """An article's text with every row highlighted and its speaker after it."""
    facts = " · ".join(
        x
        for x in (
            esc(_date(found.get("date")) or "undated"),
            esc(found.get("source") or ""),
            f'<a class="out" href="{esc(found["url"])}">source ↗</a>'
            if _is_web(found.get("url"))
            else "",
            f"{len(found['rows'])} quotes",
        )
        if x
    )
    text = found.get("text")
    body = (
        f'<div class="text">{highlighted(text, found["rows"])}</div>'
        if text
        else '<p class="empty">The articles table does not hold this text.</p>'
    )
    rows = "".join(
        f'<tr><td><a href="#q{int(r["start"])}">{int(r["start"])}</a></td>'
        f"<td>{_speaker_link(r)}</td>"
        f"<td>{esc(r['kind'])}</td><td>{esc(r['cue'])}</td><td>{float(r['confidence']):.2f}</td>"
        f"<td>{esc(r['quote'])}</td></tr>"
        for r in found["rows"]
    )
    table = (
        '<table class="list"><thead><tr><th>offset</th><th>speaker</th><th>kind</th><th>cue</th>'
        f"<th>conf.</th><th>quote</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    title = found.get("title") or found["article"]
    return layout(str(title), f'<p class="meta">{facts}</p>{body}<h2>Quotes</h2>{table}')


def highlighted(text: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """`text` escaped, each stretch inside a row in a <mark> (the innermost row's kind and
    speaker), an anchor where each row starts and its speaker's name where it ends. Rows may
    nest or overlap: the text is cut at every start and end."""
    cuts = sorted({0, len(text), *(int(r["start"]) for r in rows), *(int(r["end"]) for r in rows)})
    starts, ends = defaultdict(list), defaultdict(list)
    for r in rows:
        starts[int(r["start"])].append(r)
        ends[int(r["end"])].append(r)
    out: list[str] = []
    for a, b in pairwise(cuts):
        out.extend(f'<a class="anchor" id="q{a}"></a>' for _ in starts[a][:1])
        inside = [r for r in rows if int(r["start"]) <= a and int(r["end"]) >= b]
        piece = esc(text[a:b])
        if inside:
            r = min(inside, key=lambda r: int(r["end"]) - int(r["start"]))
            who = r.get("speaker") or "nobody named"
            piece = f'<mark class="{esc(r["kind"])}" title="{esc(who)}">{piece}</mark>'
        out.append(piece)
        out.extend(f'<sup class="said">{esc(r.get("speaker") or "?")}</sup>' for r in ends[b])
    return "".join(out)


def timeline_chart(
    counts: Sequence[Mapping[str, Any]],
    path: str,
    p: Mapping[str, str],
    width: int = 880,
    height: int = 160,
) -> str:
    """Quotes over dates as an SVG bar chart, one bar per day, week or month (by the span),
    stacked by kind; each bar links to that period's quotes."""
    if not counts:
        return '<p class="empty">No dated quote.</p>'
    first, last = min(c["date"] for c in counts), max(c["date"] for c in counts)
    span = (last - first).days
    step = 1 if span <= 92 else 7 if span <= 731 else 30
    buckets: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        buckets[_bucket(c["date"], first, step)][c["kind"]] += int(c["n"])
    top = max(sum(b.values()) for b in buckets.values())
    n = (last - first).days // step + 1
    left, bottom, inner = 40, 24, width - 50
    bar = max(inner / n, 2.0)
    marks = []
    for start, kinds in sorted(buckets.items()):
        x = left + (start - first).days // step * (inner / n)
        end = start + dt.timedelta(days=step - 1)
        period = start.isoformat() + ("" if step == 1 else f" to {end.isoformat()}")
        tip = f"{period}: {sum(kinds.values())} quotes"
        rects = _stack(kinds, x, max(bar - 1, 1.5), height - bottom, (height - bottom - 12) / top)
        href = _url(path, p, since=start.isoformat(), until=end.isoformat(), offset=None)
        marks.append(f'<a href="{href}"><title>{esc(tip)}</title>{rects}</a>')
    ticks = _ticks(first, last, left, inner, height - bottom + 14, step, n)
    axis = (
        f'<line x1="{left}" y1="{height - bottom}" x2="{left + inner}" y2="{height - bottom}" '
        'stroke="#888"/>'
        f'<text x="{left - 6}" y="16" text-anchor="end">{top}</text>'
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>'
    )
    unit = {1: "day", 7: "week", 30: "30 days"}[step]
    legend = " ".join(
        f'<span class="kind {k}"><i style="background:{c}"></i>{k}</span>'
        for k, c in KIND_COLOURS.items()
    )
    return (
        f'<figure class="timeline"><svg role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'height="{height}" aria-label="quotes per {unit}">{axis}{ticks}{"".join(marks)}</svg>'
        f"<figcaption>Quotes per {unit}, {first.isoformat()} to {last.isoformat()} {legend}"
        "</figcaption></figure>"
    )


def _stack(kinds: Mapping[str, int], x: float, width: float, base: float, scale: float) -> str:
    """One bar of the timeline: a rectangle per kind, stacked up from `base`."""
    rects, y = [], base
    for kind in KINDS:
        h = kinds.get(kind, 0) * scale
        if h:
            y -= h
            rects.append(
                f'<rect class="mark {kind}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{h:.1f}" fill="{KIND_COLOURS[kind]}"></rect>'
            )
    return "".join(rects)


def _bucket(day: dt.date, first: dt.date, step: int) -> dt.date:
    return first + dt.timedelta(days=(day - first).days // step * step)


def _ticks(first: dt.date, last: dt.date, left: int, inner: int, y: int, step: int, n: int) -> str:
    labels = []
    for k in range(6):
        day = first + dt.timedelta(days=round((last - first).days * k / 5))
        x = left + (day - first).days // step * (inner / n)
        if k and day == first:
            continue
        anchor = "start" if k == 0 else "end" if k == 5 else "middle"
        labels.append(
            f'<text class="tick" x="{x:.1f}" y="{y}" text-anchor="{anchor}">'
            f"{day.isoformat()}</text>"
        )
    return "".join(dict.fromkeys(labels))


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.2em;background:#20242a;color:#fff}
header nav a{color:#cfd8e3;margin-right:1em;text-decoration:none}
header nav a.on{color:#fff;font-weight:600}
main{max-width:1200px;margin:0 auto;padding:1em 1.2em}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.1em}
form.filters{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:end;margin:.8em 0;padding:.7em;
background:#fff;border:1px solid #ddd;border-radius:6px}
form.filters label{display:flex;flex-direction:column;font-size:.8em;color:#555}
input,select,button{font:inherit;padding:.25em .4em}
ol.quotes,ul.quotes{list-style:none;padding:0;margin:0}
li.quote{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.5em .8em;margin:.5em 0}
li.quote p{margin:.2em 0}.meta{font-size:.85em;color:#555}
mark{background:#fff3b0;padding:0 .1em}
mark.partial{background:#ffe0c2}mark.indirect{background:#d9f2dc}
.kind{font-size:.8em;padding:0 .4em;border-radius:3px;background:#eee}
.kind i{display:inline-block;width:.8em;height:.8em;margin-right:.2em;vertical-align:middle}
.nobody{color:#999}.conf{color:#777}.count{font-weight:600}
.conflict{background:#c62828;color:#fff;padding:0 .4em;border-radius:3px;font-size:.8em}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border:1px solid #e3e3e3;padding:.3em .5em;vertical-align:top;text-align:left}
td:first-child,th:first-child{white-space:nowrap}
td.n{text-align:right}table.compare td{width:40%}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1em;border-radius:6px}
sup.said{font-size:.7em;color:#1f6feb;margin-left:.2em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dl.facts dt{color:#666}
figure.timeline{margin:1em 0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em}
figure.timeline text{font-size:11px;fill:#555}
nav.pager{margin:1em 0;display:flex;gap:1em}.error{color:#b00020;font-weight:600}.empty{color:#777}
"""
