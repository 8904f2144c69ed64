#!/usr/bin/env python3
"""Validates a built site's machine-readable outputs with independent parsers.

    python3 tests/feeds/validate.py OUTPUT_DIR

Every *.xml feed must parse in feedparser without errors (bozo) as Atom with absolute
links; every *.ics in the icalendar library, with all-day events and unique UIDs;
sitemap.xml must validate against the sitemaps.org schema (lxml). Prints one JSON
object with what was checked; exits 1 on the first problem, 3 when a module is missing.
"""
import json
import pathlib
import sys

try:
    import feedparser
    import icalendar
    from lxml import etree
except ImportError as e:  # the Rust test decides whether that is a skip or a failure
    print(json.dumps({"missing": str(e)}))
    sys.exit(3)

out = pathlib.Path(sys.argv[1])
report = {"feeds": 0, "entries": 0, "calendars": 0, "events": 0, "sitemap_urls": 0, "uids": []}


def fail(msg):
    print(json.dumps({"error": msg}))
    sys.exit(1)


for path in sorted(out.rglob("feed.xml")):
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo:
        fail(f"{path}: {feed.bozo_exception}")
    if feed.version != "atom10":
        fail(f"{path}: not Atom 1.0 but {feed.version}")
    if not feed.feed.get("title") or not feed.feed.get("id"):
        fail(f"{path}: feed has no title or id")
    for e in feed.entries:
        if not e.link.startswith(("http://", "https://")):
            fail(f"{path}: relative entry link {e.link}")
        if not e.get("updated_parsed"):
            fail(f"{path}: entry without a parsable date")
    report["feeds"] += 1
    report["entries"] += len(feed.entries)

for path in sorted(out.rglob("*.ics")):
    raw = path.read_bytes()
    if b"\r\n" not in raw:
        fail(f"{path}: lines must end in CRLF")
    if any(len(line) > 75 for line in raw.split(b"\r\n")):
        fail(f"{path}: a line longer than 75 octets")
    cal = icalendar.Calendar.from_ical(raw)
    if cal.get("VERSION") != "2.0" or not cal.get("PRODID"):
        fail(f"{path}: VERSION and PRODID are required")
    uids = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        if hasattr(start, "hour"):
            fail(f"{path}: {ev.get('UID')} is not an all-day event")
        if not ev.get("DTSTAMP") or not ev.get("SUMMARY") or not ev.get("URL"):
            fail(f"{path}: event without DTSTAMP, SUMMARY or URL")
        uids.append(str(ev.get("UID")))
    if len(uids) != len(set(uids)):
        fail(f"{path}: duplicate UIDs")
    report["calendars"] += 1
    report["events"] += len(uids)
    if path.name == "thoi-han.ics" and path.parent == out:
        report["uids"] = sorted(uids)

schema = etree.XMLSchema(etree.parse(str(pathlib.Path(__file__).with_name("sitemap.xsd"))))
def valid(name):
    tree = etree.parse(str(out / name))
    if not schema.validate(tree):
        fail(f"{name}: {schema.error_log.last_error}")
    return tree.getroot()


root = valid("sitemap.xml")
if root.tag.endswith("sitemapindex"):
    # A large site: an index of parts of at most 50,000 URLs each, every part valid.
    parts = [loc.text.rsplit("/", 1)[1] for loc in root.iter("{*}loc")]
    report["sitemap_parts"] = len(parts)
    report["sitemap_urls"] = sum(len(valid(p)) for p in parts)
else:
    report["sitemap_urls"] = len(root)
print(json.dumps(report))
