"""A self-contained HTML report of a quotes table: one section per speaker with a timeline
of their quotes over dates and articles, each quote in its sentence, the statements that
articles attribute to different speakers, and filters by speaker, outlet and words.

The page needs no network: styles, script and charts (inline SVG) are in the file.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from quotes.query import as_date, clip, context, headline, statements

KIND_COLOURS = {"direct": "#1f6feb", "partial": "#b35900", "indirect": "#2e7d32"}
NO_OUTLET = "(outlet unknown)"


@dataclass(frozen=True, slots=True)
class Chart:
    """Geometry of the timeline charts: every chart shares one date axis."""

    first: pd.Timestamp | None
    last: pd.Timestamp | None
    width: int = 760
    label: int = 190
    row: int = 22
    max_rows: int = 40

    def x(self, date: Any) -> float:
        """Horizontal position of a date; undated quotes go to a column at the right."""
        span = self.width - self.label - 70
        if pd.isna(date) or self.first is None or self.last is None:
            return self.label + span + 45
        total = max((self.last - self.first).days, 0)
        share = 0.5 if total == 0 else (pd.Timestamp(date) - self.first).days / total
        return self.label + 10 + share * span


def build(
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None,
    speakers: pd.DataFrame | None = None,
    title: str = "Who said what",
    max_speakers: int | None = None,
) -> str:
    """The report for a quotes table (as `table.load` gives it) as one HTML string.

    Args:
        quotes: the quotes table.
        articles: the articles table (text for each quote's sentence); without it, quotes
            are shown alone.
        speakers: the speakers table (variants shown under each name).
        max_speakers: keep only the speakers with the most quotes.
    """
    quotes = quotes.copy()
    quotes["outlet"] = quotes["source"].astype(object).where(quotes["source"].notna(), NO_OUTLET)
    texts = (
        dict(zip(articles["article"], articles["text"], strict=True))
        if articles is not None
        else {}
    )
    urls = (
        {
            a: u
            for a, u in zip(articles["article"], articles["url"], strict=True)
            if isinstance(u, str)
        }
        if articles is not None
        else {}
    )
    named = quotes[quotes["speaker_id"].notna()]
    order = (
        named.groupby("speaker_id", observed=True)
        .size()
        .sort_values(ascending=False, kind="stable")
    )
    ids = [str(i) for i in order.index][:max_speakers]
    dates = pd.to_datetime(quotes["date"]).dropna()
    chart = Chart(dates.min() if len(dates) else None, dates.max() if len(dates) else None)
    variants = (
        {str(r.speaker_id): list(r.variants) for r in speakers.itertuples(index=False)}
        if speakers is not None
        else {}
    )
    by_speaker = {
        str(sid): rows for sid, rows in named.groupby("speaker_id", observed=True, sort=False)
    }
    sections = [_section(sid, by_speaker[sid], chart, texts, urls, variants) for sid in ids]
    outlets = sorted(set(quotes["outlet"]))
    names = [(sid, str(by_speaker[sid]["speaker"].iloc[0])) for sid in ids]
    return _PAGE.format(
        title=html.escape(title),
        summary=html.escape(
            f"{quotes['article'].nunique()} articles, {len(quotes)} quotes, "
            f"{len(ids)} speakers shown"
        ),
        speaker_options="".join(
            f'<option value="{html.escape(sid)}">{html.escape(name)}</option>'
            for sid, name in names
        ),
        outlet_options="".join(
            f'<option value="{html.escape(o)}">{html.escape(o)}</option>' for o in outlets
        ),
        conflicts=_conflicts(quotes),
        sections="\n".join(sections),
        style=_STYLE,
        script=_SCRIPT,
        legend="".join(
            f'<span class="kind"><i style="background:{c}"></i>{k}</span>'
            for k, c in KIND_COLOURS.items()
        ),
    )


def _section(
    sid: str,
    rows: pd.DataFrame,
    chart: Chart,
    texts: dict[str, str],
    urls: dict[str, str],
    variants: dict[str, list[str]],
) -> str:
    rows = rows.sort_values(["date", "article", "start"], na_position="last")
    first = rows.iloc[0]
    facts = [
        str(v)
        for v in (first["speaker_type"], first["speaker_gender"])
        if v is not None and not pd.isna(v)
    ]
    facts.append(f"{len(rows)} quotes in {rows['article'].nunique()} articles")
    aka = [v for v in variants.get(sid, []) if v != first["speaker"]]
    items = "\n".join(_quote_item(r, texts, urls) for r in rows.itertuples(index=False))
    outlets = json.dumps(sorted(set(rows["outlet"])))
    return (
        f'<section class="speaker" id="sp-{html.escape(sid)}" data-speaker="{html.escape(sid)}" '
        f"data-outlets='{html.escape(outlets)}'>"
        f"<h2>{html.escape(str(first['speaker']))}</h2>"
        f'<p class="facts">{html.escape(" · ".join(facts))}'
        + (f"<br>also named: {html.escape('; '.join(aka))}" if aka else "")
        + "</p>"
        + _timeline(rows, chart)
        + f'<ol class="quotes">{items}</ol></section>'
    )


def _quote_item(row: Any, texts: dict[str, str], urls: dict[str, str]) -> str:
    text = texts.get(str(row.article))
    if text is not None and text[row.start : row.end] == row.quote:
        before, quote, after = context(text, row.start, row.end)
    else:
        before, quote, after = "", str(row.quote), ""
    where = html.escape(str(row.article))
    if str(row.article) in urls:
        where = f'<a href="{html.escape(urls[str(row.article)])}">{where}</a>'
    title = f" — {html.escape(str(row.title))}" if isinstance(row.title, str) else ""
    return (
        f'<li class="quote {html.escape(str(row.kind))}" data-outlet="{html.escape(row.outlet)}">'
        f'<div class="where">{as_date(row.date) or "undated"} · {html.escape(row.outlet)} · '
        f"{where}{title} · <span class=k>{html.escape(str(row.kind))}</span></div>"
        f"<blockquote>{html.escape(before)}<mark>{html.escape(quote)}</mark>"
        f"{html.escape(after)}</blockquote></li>"
    )


def _timeline(rows: pd.DataFrame, chart: Chart) -> str:
    """An SVG chart: one line per article (by date), a dot per kind of quote on the article's
    date, its area growing with the number of quotes; a tooltip gives the counts."""
    counts: Counter[tuple[str, str]] = Counter()
    seen: dict[str, tuple[Any, str]] = {}
    for article, kind, date, outlet in zip(
        rows["article"], rows["kind"], rows["date"], rows["outlet"], strict=True
    ):
        counts[(str(article), str(kind))] += 1
        seen.setdefault(str(article), (date, str(outlet)))
    # Articles by date, undated last.
    order = sorted(
        seen, key=lambda a: (pd.isna(seen[a][0]), seen[a][0] if pd.notna(seen[a][0]) else 0)
    )
    shown = order[: chart.max_rows]
    height = 34 + chart.row * len(shown)
    marks = [_axis(chart, height, any(pd.isna(seen[a][0]) for a in seen))]
    for i, art in enumerate(shown):
        date, outlet = seen[art]
        y = 18 + chart.row * i + chart.row / 2
        marks.append(
            f'<text x="4" y="{y + 4:.0f}" class="lab">{html.escape(clip(f"{outlet} · {art}", 30))}'
            f'</text><line x1="{chart.label}" x2="{chart.width - 10}" y1="{y:.0f}" '
            f'y2="{y:.0f}" class="row"/>'
        )
        kinds = [(k, n) for (a, k), n in counts.items() if a == art]
        for j, (kind, n) in enumerate(kinds):
            x = chart.x(date) + (j - (len(kinds) - 1) / 2) * 7
            tip = f"{as_date(date) or 'undated'} · {art}: {n} {kind}"
            marks.append(
                f'<circle class="dot" cx="{x:.1f}" cy="{y:.0f}" r="{3 + 2.2 * math.sqrt(n):.1f}" '
                f'fill="{KIND_COLOURS.get(kind, "#555")}" fill-opacity="0.75">'
                f"<title>{html.escape(tip)}</title></circle>"
            )
    more = len(order) - len(shown)
    note = f'<p class="facts">and {more} more articles</p>' if more > 0 else ""
    return (
        f'<svg class="timeline" role="img" aria-label="quotes over dates and articles" '
        f'width="{chart.width}" height="{height}" viewBox="0 0 {chart.width} {height}">'
        + "".join(marks)
        + "</svg>"
        + note
    )


def _axis(chart: Chart, height: int, undated: bool) -> str:
    """Dates of the first, middle and last quote of the corpus under the chart; « undated »
    under the right-hand column when this speaker has undated quotes."""
    y = height - 8
    ticks = []
    if chart.first is not None and chart.last is not None:
        middle = chart.first + (chart.last - chart.first) / 2
        for day, anchor in ((chart.first, "start"), (middle, "middle"), (chart.last, "end")):
            if day == chart.first and anchor != "start":
                continue
            ticks.append(
                f'<text x="{chart.x(day):.0f}" y="{y}" class="tick" text-anchor="{anchor}">'
                f"{as_date(day.normalize())}</text>"
            )
    if undated:
        ticks.append(
            f'<text x="{chart.x(None):.0f}" y="{y}" class="tick" text-anchor="middle">'
            "undated</text>"
        )
    return "".join(ticks)


def _conflicts(quotes: pd.DataFrame) -> str:
    """The statements that different articles give to different speakers."""
    rows = statements(quotes, min_articles=2)
    rows = rows[rows["conflict"]]
    if rows.empty:
        return "<p>No statement is attributed to different speakers by different articles.</p>"
    parts = []
    for _, group in rows.groupby("statement_id", sort=False, observed=True):
        lines = "".join(
            f"<li>{html.escape(str(r.speaker) if isinstance(r.speaker, str) else '(unresolved)')}"
            f" — {as_date(r.date) or 'undated'} · {html.escape(r.outlet)} · "
            f"{html.escape(str(r.article))} ({html.escape(str(r.kind))})</li>"
            for r in group.drop_duplicates(["article", "speaker_id"]).itertuples(index=False)
        )
        who = " ".join(sorted({str(i) for i in group["speaker_id"].dropna()}))
        parts.append(
            f'<div class="conflict" data-speakers="{html.escape(who)}">'
            f"<blockquote><mark>{html.escape(headline(group))}</mark>"
            f"</blockquote><ul>{lines}</ul></div>"
        )
    return "".join(parts)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1em;color:#222}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 0}
select,input{font:inherit;margin-right:1em;max-width:16em}
.speaker{border-top:2px solid #333;margin-top:1.5em}
.facts,.where{color:#555;font-size:.9em}
svg.timeline{display:block;margin:.5em 0}
svg .lab,svg .tick{font-size:11px;fill:#444}
svg .row{stroke:#e3e3e3}
blockquote{margin:.3em 0 .8em 0;padding-left:.8em;border-left:3px solid #ccc}
mark{background:#fff1a8}
.kind{margin-right:1em}.kind i{display:inline-block;width:.8em;height:.8em;border-radius:50%;
margin-right:.3em}
.quote.partial mark{background:#ffe0c2}.quote.indirect mark{background:#d7f0d8}
.conflict{background:#fff6f6;border:1px solid #f0caca;padding:.3em .8em;margin:.5em 0}
[hidden]{display:none!important}
"""

# Filters: hide the sections (and conflicts) of other speakers, the quotes of other outlets,
# the quotes without the words typed; the state goes in the address (#speaker=…&outlet=…) so that a
# filtered view can be shared, and is read back on load.
_SCRIPT = """
(function(){
  var sp=document.getElementById('f-speaker'),ou=document.getElementById('f-outlet'),
      tx=document.getElementById('f-text'),count=document.getElementById('shown');
  function fold(s){return s.normalize('NFKD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
  function apply(){
    var s=sp.value,o=ou.value,t=fold(tx.value.trim()),n=0;
    document.querySelectorAll('section.speaker').forEach(function(sec){
      var visible=0;
      sec.querySelectorAll('li.quote').forEach(function(li){
        var ok=(!o||li.dataset.outlet===o)&&(!t||fold(li.textContent).indexOf(t)>=0);
        li.hidden=!ok; if(ok){visible++;}
      });
      sec.hidden=(s&&sec.dataset.speaker!==s)||visible===0;
      if(!sec.hidden){n+=visible;}
    });
    document.querySelectorAll('div.conflict').forEach(function(div){
      div.hidden=!!s&&div.dataset.speakers.split(' ').indexOf(s)<0;
    });
    count.textContent=n+' quotes shown';
    var h=[];if(s){h.push('speaker='+encodeURIComponent(s));}
    if(o){h.push('outlet='+encodeURIComponent(o));}
    if(t){h.push('text='+encodeURIComponent(tx.value.trim()));}
    history.replaceState(null,'',h.length?'#'+h.join('&'):location.pathname);
  }
  function fromHash(){
    sp.value='';ou.value='';tx.value='';
    location.hash.replace(/^#/,'').split('&').forEach(function(kv){
      var p=kv.split('='),v=decodeURIComponent(p[1]||'');
      if(p[0]==='speaker'){sp.value=v;} if(p[0]==='outlet'){ou.value=v;}
      if(p[0]==='text'){tx.value=v;}
    });
  }
  [sp,ou].forEach(function(el){el.addEventListener('change',apply);});
  tx.addEventListener('input',apply);
  window.addEventListener('hashchange',function(){fromHash();apply();});
  fromHash(); apply();
  document.querySelectorAll('svg.timeline').forEach(function(svg){
    var box=svg.getBoundingClientRect();
    svg.dataset.rendered=Math.round(box.width)+'x'+Math.round(box.height);
  });
  document.body.dataset.ready='1';
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title><style>{style}</style></head>
<body>
<header><h1>{title}</h1><p class="facts">{summary} · <span id="shown"></span></p>
<label>Speaker <select id="f-speaker"><option value="">all</option>
{speaker_options}</select></label>
<label>Outlet <select id="f-outlet"><option value="">all</option>{outlet_options}</select></label>
<label>Words <input id="f-text" type="search" placeholder="in the quote or its sentence"></label>
<p class="facts">{legend}</p></header>
<h2 id="conflicts">Statements attributed to different speakers</h2>
{conflicts}
<main>{sections}</main>
<script>{script}</script>
</body></html>
"""
