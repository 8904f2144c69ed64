#!/usr/bin/env python3
"""Checks a site built from hostile text: everything parses, nothing from the input is live.

    python3 tests/feeds/hostile.py OUTPUT_DIR

Every HTML page is parsed with lxml.html: no script but the theme's own, no event handler
attribute, no javascript:/data:/vbscript: URL, no iframe/object/embed/svg/math element, no
template syntax evaluated. Every .xml parses as strict XML (lxml.etree) and every feed in
feedparser without errors; every .ics in icalendar with exactly the events the generator wrote,
each summary intact; robots.txt holds only its three lines; every search index file holds JSON.
Prints one JSON object; exits 1 on the first problem, 3 when a module is missing.
"""
import json
import pathlib
import re
import sys

try:
    import feedparser
    import icalendar
    from lxml import etree, html as lhtml
except ImportError as e:  # the Rust test decides whether that is a skip or a failure
    print(json.dumps({"missing": str(e)}))
    sys.exit(3)

out = pathlib.Path(sys.argv[1])
report = {"html": 0, "xml": 0, "feeds": 0, "calendars": 0, "events": 0, "search": 0}
LIVE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
DEAD_ELEMENTS = {"iframe", "object", "embed", "svg", "math", "frame", "frameset", "base"}


def fail(msg):
    print(json.dumps({"error": msg}))
    sys.exit(1)


for path in sorted(out.rglob("*.html")):
    raw = path.read_bytes()
    doc = lhtml.fromstring(raw)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in DEAD_ELEMENTS:
            fail(f"{path}: a <{tag}> element")
        if tag == "script":
            src = el.get("src", "")
            if not src or not src.endswith("static/search.js") or "//" in src:
                fail(f"{path}: a script that is not the theme's: {etree.tostring(el)[:200]!r}")
        if tag == "meta" and el.get("http-equiv", "").lower() == "refresh":
            fail(f"{path}: a meta refresh")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                fail(f"{path}: a handler {name}={value!r} on <{tag}>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "content") and LIVE_URL.match(value):
                fail(f"{path}: a live URL {name}={value!r} on <{tag}>")
    text = raw.decode("utf-8")
    if re.search(r"(?<!%\})TPL-EVALUATED", text) or ">49<" in text:
        fail(f"{path}: template syntax from the input was evaluated")
    report["html"] += 1

for path in sorted(out.rglob("*.xml")):
    try:
        etree.fromstring(path.read_bytes())
    except etree.XMLSyntaxError as e:
        fail(f"{path}: not well-formed XML: {e}")
    report["xml"] += 1
    if path.name == "feed.xml":
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo:
            fail(f"{path}: {feed.bozo_exception}")
        for e in feed.entries:
            if LIVE_URL.match(e.link):
                fail(f"{path}: a live entry link {e.link}")
        report["feeds"] += 1

for path in sorted(out.rglob("*.ics")):
    raw = path.read_bytes()
    written = raw.count(b"\r\nBEGIN:VEVENT\r\n")
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    if len(events) != written:
        fail(f"{path}: {len(events)} events parsed, {written} written")
    for ev in events:
        summary = str(ev.get("SUMMARY"))
        if "INJECTED" in str(ev.get("UID")) or ev.get("X-INJECTED"):
            fail(f"{path}: an injected property")
        if "HOSTILE" in summary and "END:VEVENT" not in summary:
            fail(f"{path}: the summary was cut: {summary!r}")
    for line in raw.split(b"\r\n"):
        if b"\n" in line or b"\r" in line:
            fail(f"{path}: a bare line break inside a line: {line[:80]!r}")
    report["calendars"] += 1
    report["events"] += len(events)

robots = (out / "robots.txt").read_text().splitlines()
if len(robots) != 3 or not robots[2].startswith("Sitemap: http"):
    fail(f"robots.txt: {robots!r}")

for path in sorted((out / "search").glob("*.js")):
    text = path.read_text(encoding="utf-8")
    m = re.fullmatch(r'bantinSearch\.add\("[^"]*",(.*)\);?\s*', text, re.S)
    if not m:
        fail(f"{path}: not one bantinSearch.add call: {text[:120]!r}")
    json.loads(m.group(1))
    report["search"] += 1

print(json.dumps(report))
