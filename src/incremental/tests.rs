//! The manifest as written and read back.
use super::*;

/// The manifest made in parts is the very bytes `postcard` makes of it whole, which is
/// how it is read: a field added to the manifest and not to its parts fails here.
#[test]
fn the_manifest_in_parts_is_the_manifest_whole() {
    let place: Place = serde_json::from_str("[0, 12, 340, 5]").unwrap();
    let stamp: Stamp = serde_json::from_str("[120, 1700000000000000000, 42]").unwrap();
    let entry = Entry {
        hash: 0xfeed_beef,
        size: 120,
    };
    let settings = Settings {
        bantin: "0.1.0".into(),
        base_url: "https://dvhuyen.vn/".into(),
        today: "2026-12-03".into(),
        drafts: false,
        preview: false,
        language: "vi".into(),
        links: "absolute".into(),
        deadline_status: "public".into(),
    };
    let manifest = Manifest {
        format: FORMAT,
        settings,
        segments: vec![0, 2],
        facts: [("2026/ke-hoach.md".to_owned(), (7, place))]
            .into_iter()
            .collect(),
        counted: [(3, place)].into_iter().collect(),
        counted_docs: [(9, 3)].into_iter().collect(),
        outputs: [("2026/ke-hoach/index.html".to_owned(), 11)]
            .into_iter()
            .collect(),
        files: [("2026/ke-hoach/index.html".to_owned(), (entry, stamp))]
            .into_iter()
            .collect(),
        written: 1,
        kept: 0,
        index: "patched 1".into(),
    };
    let whole = postcard::to_stdvec(&manifest).unwrap();
    assert_eq!(manifest.encode().unwrap().concat(), whole);
    let back: Manifest = postcard::from_bytes(&whole).unwrap();
    assert_eq!(back.index, "patched 1");
}
