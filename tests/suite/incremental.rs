//! Incremental `bantin build`: after each edit, a build into the last output keeps what did
//! not change and gives, byte for byte, the site a full build gives; a last output or
//! manifest that was changed behind bantin's back is never trusted.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::serve::{PLAN_138, edit};
use crate::support::{TODAY, bin, copy_tree, output_files, repo};

crate::tests! {
    incremental_build_equals_a_full_build_after_each_edit;
    the_search_index_is_patched_where_few_chunks_of_documents_changed;
    a_changed_output_or_manifest_is_never_trusted;
    the_old_site_kept_beside_is_started_from_and_never_trusted;
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Built incrementally, into the same folder each time.
    inc: PathBuf,
    /// Built with `--full`.
    full: PathBuf,
}

/// What the manifest says the last build wrote and kept.
#[derive(Debug)]
struct Counts {
    written: u64,
    kept: u64,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&repo().join("tests/sites/basic"), &root);
        Site {
            inc: dir.path().join("inc"),
            full: dir.path().join("full"),
            root,
            _dir: dir,
        }
    }

    fn build(&self, out: &Path, more: &[&str]) -> String {
        let o = Command::new(bin())
            .args(["build", "--today", TODAY, "--output"])
            .arg(out)
            .args(more)
            .current_dir(&self.root)
            .env("BANTIN_LANG", "en")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.success(), "build failed:\n{stderr}");
        stderr
    }

    fn counts(&self) -> Counts {
        let m = manifest(&self.inc);
        Counts {
            written: m["written"].as_u64().unwrap(),
            kept: m["kept"].as_u64().unwrap(),
        }
    }

    /// Builds both ways and compares every file; what the incremental build did.
    fn same(&self, step: &str) -> Counts {
        let summary = self.build(&self.inc, &[]);
        settle(&self.inc);
        self.build(&self.full, &["--full"]);
        let (a, b) = (output_files(&self.inc), output_files(&self.full));
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "{step}: the same files");
        assert_eq!(
            entries(&self.inc),
            entries(&self.full),
            "{step}: the same folders, and nothing but files and folders"
        );
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(
                x == y,
                "{step}: {name} differs from a full build:\n{}\n---\n{}",
                String::from_utf8_lossy(x),
                String::from_utf8_lossy(y)
            );
        }
        let counts = self.counts();
        let kept = format!("{} kept from the last build", counts.kept);
        assert!(
            counts.kept == 0 || summary.contains(&kept),
            "{step}: {summary}"
        );
        counts
    }

    /// How the last incremental build made its search index.
    fn index_made(&self) -> String {
        let m = manifest(&self.inc);
        m["index"].as_str().unwrap().to_string()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Each file of a folder by name, with its inode.
#[cfg(unix)]
fn inodes(dir: &Path) -> Vec<(String, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut found: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, e.metadata().unwrap().ino())
        })
        .collect();
    found.sort();
    found
}

/// The manifest of the build in `output`, as JSON.
fn manifest(output: &Path) -> serde_json::Value {
    bantin::incremental::forging::manifest(output).expect("a whole manifest")
}

/// Puts a forged manifest in place, sealed as a build seals it.
fn set_manifest(output: &Path, value: serde_json::Value) {
    bantin::incremental::forging::set_manifest(output, value).unwrap();
}

/// Every entry of a built site but its files, outside `.bantin/`: folders, and anything
/// that is neither a file nor a folder, marked.
fn entries(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".bantin"))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            let kind = if e.file_type().is_dir() {
                "folder"
            } else {
                "other"
            };
            format!("{kind} {}", rel.replace('\\', "/"))
        })
        .collect();
    found.sort();
    found
}

/// Dates the last build's state an hour ahead, as if the sources had last changed long
/// before it: the next build then takes a file as it was by how it is seen (its size, times
/// and inode) without reading it, so each edit below must show in those.
fn settle(output: &Path) {
    let state = std::fs::File::options()
        .write(true)
        .open(output.join(".bantin/documents.bin"))
        .unwrap();
    state
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3600))
        .unwrap();
}

fn incremental_build_equals_a_full_build_after_each_edit() {
    let s = Site::new();
    let first = s.same("first build");
    assert_eq!(first.kept, 0, "nothing to keep yet");
    let all = first.written;

    // The theme's files and the search index's small files (its first load, facets and
    // completion words) are written every time; its shards and display blocks are kept as
    // pages are, by what they are made from.
    let files = output_files(&s.inc);
    let search_kept = |name: &str| {
        ["search/u-", "search/b-", "search/d-"]
            .iter()
            .any(|p| name.starts_with(p))
    };
    let every_time = files
        .iter()
        .filter(|(name, _)| {
            (name.starts_with("search/") && !search_kept(name)) || name.starts_with("static/")
        })
        .count() as u64;
    assert!(files.iter().any(|(name, _)| search_kept(name)));
    let c = s.same("nothing changed");
    assert!(c.written <= every_time, "everything else kept: {c:?}");
    assert_eq!(c.written + c.kept, all);

    // A step that must have kept most of the site and written some of it.
    let partial = |step: &str, c: Counts| {
        assert!(c.written > 0 && c.kept > c.written, "{step}: {c:?}");
    };

    edit(
        &s.root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao hơn nữa nhận thức",
    );
    partial("a body edit", s.same("a body edit"));

    // A word of a later paragraph changed for one of the same length: nothing but the text
    // says so, and the search index has the new word.
    edit(
        &s.root,
        PLAN_138,
        "trong tình hình mới.",
        "trong tình hình mới.\n\nGiao ban hằng tháng tại trụ sở.",
    );
    partial("a paragraph added", s.same("a paragraph added"));
    // The same length, and the file's modification time put back as it was.
    let plan = s.root.join(PLAN_138);
    let modified = std::fs::metadata(&plan).unwrap().modified().unwrap();
    edit(&s.root, PLAN_138, "hằng tháng tại", "hằng tuần tại");
    let file = std::fs::File::options().write(true).open(&plan).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    partial("a word changed", s.same("a word changed, its length kept"));

    edit(
        &s.root,
        PLAN_138,
        "title: Triển khai “Tháng dân vận” năm 2022",
        "title: Triển khai Tháng dân vận 2022",
    );
    partial("a title edit", s.same("a title edit"));

    s.write(
        "content/2023/thong-bao-moi.md",
        "---\ntitle: Thông báo mới\nkind: notice\nnumber: 5-TB/HU\ndate: 2023-06-02\n\
         unit: Huyện ủy Đồng Văn\nbased_on: [138-KH/HU]\n---\n\nThông báo về [kế hoạch](../2022/ke-hoach-138.md).\n",
    );
    partial("a new document", s.same("a new document"));

    std::fs::remove_file(s.root.join("content/2021/ke-hoach-thang-9.md")).unwrap();
    partial("a removed document", s.same("a removed document"));

    edit(
        &s.root,
        "content/units.yaml",
        "- name: Ủy ban nhân dân huyện Ân Thi\n  short: UBND huyện Ân Thi",
        "- name: Ủy ban nhân dân thị xã Ân Thi\n  short: UBND thị xã Ân Thi\n  aliases: [UBND huyện Ân Thi]",
    );
    partial("a unit renamed", s.same("a unit renamed"));

    // Nothing lists what a page shows: the pages that show the field change.
    let macros =
        std::fs::read_to_string(repo().join("themes/default/templates/macros.html")).unwrap();
    let shown = "<span class=\"doc-kind\">{{ d.kind_label }}</span>";
    assert!(macros.contains(shown));
    s.write(
        "templates/macros.html",
        &macros.replace(
            shown,
            "<span class=\"doc-kind\">{{ d.kind_label }}</span> <span class=\"doc-year\">{{ d.year }}</span>",
        ),
    );
    let c = s.same("a template shows a new field");
    assert!(c.written > 0, "{c:?}");
    assert!(
        std::fs::read_to_string(s.inc.join("index.html"))
            .unwrap()
            .contains("doc-year"),
        "the new field is shown"
    );

    s.write(
        "content/2022/bao-cao-tong-ket/phu-luc.pdf",
        "%PDF-1.4 thay bằng bản mới\n",
    );
    let c = s.same("an attachment replaced");
    partial("an attachment replaced", c);
    assert_eq!(
        std::fs::read(s.inc.join("2022/bao-cao-tong-ket/phu-luc.pdf")).unwrap(),
        b"%PDF-1.4 thay b\xe1\xba\xb1ng b\xe1\xba\xa3n m\xe1\xbb\x9bi\n"
    );

    edit(&s.root, "content/site.yaml", "language: vi", "language: en");
    let c = s.same("the language switched");
    assert_eq!(c.kept, 0, "other settings: a full build, {c:?}");

    // `--full` keeps nothing, and the next build keeps from it again.
    s.build(&s.inc, &["--full"]);
    assert_eq!(s.counts().kept, 0);
    let c = s.same("after --full");
    assert!(c.written <= every_time, "{c:?}");
}

/// A site of 120 more documents, a chunk of the search index being 16: one document changed
/// is patched into the last index; three changed far apart, more chunks than patching is
/// worth, and the index is made again; a damaged index file is merged anew; counts gone, the
/// index is made again. Each time, byte for byte the site of a full build.
fn the_search_index_is_patched_where_few_chunks_of_documents_changed() {
    let s = Site::new();
    const WORDS: &[&str] = &[
        "dân", "vận", "khéo", "công", "tác", "chính", "quyền", "kế", "hoạch", "mô", "hình", "xã",
        "huyện", "phong", "trào", "thi", "đua", "cán", "bộ", "mặt", "trận", "tổ", "quốc",
    ];
    let doc = |i: usize| format!("content/2024/van-ban-{i:03}.md");
    for i in 0..120 {
        let body: Vec<&str> = (0..150)
            .map(|k| WORDS[(i * 7 + k * 13 + k * k) % WORDS.len()])
            .collect();
        s.write(
            &doc(i),
            &format!(
                "---\ntitle: Báo cáo số {i}\nkind: report\ndate: 2024-03-{:02}\n\
                 unit: Huyện ủy Đồng Văn\n---\n\nBáo cáo {i} về công tác dân vận của dân, vì dân, do dân: {}.\n",
                1 + i % 28,
                body.join(" ")
            ),
        );
    }
    s.same("first build");
    assert_eq!(s.index_made(), "merged");
    // Words changed for others of as many bytes: the average lengths stay.
    let swap = |i: usize| edit(&s.root, &doc(i), "dân", "vận");

    swap(5);
    s.same("one document changed");
    assert_eq!(s.index_made(), "patched 1");

    // Days 1, 14 and 28 of the month: far apart in the documents' order.
    for i in [0, 13, 27] {
        swap(i);
    }
    s.same("three chunks changed");
    assert_eq!(s.index_made(), "made again");

    // A document added before all the others: every chunk's documents move by one, each
    // counted from where the last build counted it.
    s.write(
        "content/2024/van-ban-moi.md",
        "---\ntitle: Báo cáo mới\nkind: report\ndate: 2024-03-29\n\
         unit: Huyện ủy Đồng Văn\n---\n\nBáo cáo mới về công tác dân vận khéo.\n",
    );
    s.same("a document added first");
    std::fs::remove_file(s.root.join("content/2024/van-ban-moi.md")).unwrap();
    s.same("that document removed");

    let index = s.inc.join(".bantin/index.bin");
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&index, bytes).unwrap();
    swap(5);
    s.same("the index file damaged");
    assert_eq!(s.index_made(), "merged");

    for entry in std::fs::read_dir(s.inc.join(".bantin")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("facts-")
        {
            std::fs::remove_file(path).unwrap();
        }
    }
    swap(5);
    s.same("the last counts gone");
    assert_eq!(s.index_made(), "made again");
}

fn a_changed_output_or_manifest_is_never_trusted() {
    let s = Site::new();
    s.same("first build");
    let base = s.same("nothing changed");
    let page = "2022/ke-hoach-138/index.html";

    // A page changed in the output by hand is written again.
    std::fs::write(s.inc.join(page), "đã sửa tay").unwrap();
    let c = s.same("a page changed by hand");
    assert_eq!(c.kept + 1, base.kept, "{c:?}");

    // A page replaced by a link to a file outside, with the manifest made to agree: the
    // link is not followed, the page is written again, the file outside untouched.
    let outside = s.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "bí mật").unwrap();
    let manifest_file = s.inc.join(".bantin/manifest.bin");
    let mut m = manifest(&s.inc);
    let secret = std::fs::read(&outside).unwrap();
    m["files"][page][0]["size"] = secret.len().into();
    m["files"]["../secret.txt"] = m["files"][page].clone();
    set_manifest(&s.inc, m);
    std::fs::remove_file(s.inc.join(page)).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, s.inc.join(page)).unwrap();
    let c = s.same("a page replaced by a link");
    assert!(c.written >= 1, "{c:?}");
    assert!(
        !std::fs::symlink_metadata(s.inc.join(page))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&outside).unwrap(), secret);

    // A folder of the last output moved outside and replaced by a link to it: its files have
    // the stamps the manifest gives, yet nothing is taken through the link; the page is
    // written again and the file outside is neither linked nor changed.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let folder = s.inc.join("2022/ke-hoach-138");
        let moved = s.root.parent().unwrap().join("moved-out");
        std::fs::rename(&folder, &moved).unwrap();
        std::os::unix::fs::symlink(&moved, &folder).unwrap();
        let before = std::fs::read(moved.join("index.html")).unwrap();
        let c = s.same("a folder replaced by a link");
        assert!(c.written >= 1, "{c:?}");
        let outside = std::fs::metadata(moved.join("index.html")).unwrap();
        assert_eq!(
            outside.nlink(),
            1,
            "the file outside was linked into the output"
        );
        assert_eq!(std::fs::read(moved.join("index.html")).unwrap(), before);
        assert!(std::fs::symlink_metadata(&folder).unwrap().is_dir());
    }

    // A manifest cut short: a full build, the same site. A document's facts changed: its
    // page is rendered again.
    let bytes = std::fs::read(&manifest_file).unwrap();
    std::fs::write(&manifest_file, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(s.same("a manifest cut short").kept, 0);
    // A byte of a record flipped where the manifest says it is (a place is [segment,
    // offset, length, hash]).
    let flip = |place: &serde_json::Value| {
        let segment = s
            .inc
            .join(".bantin")
            .join(format!("facts-{}.bin", place[0]));
        let mut bytes = std::fs::read(&segment).unwrap();
        bytes[place[1].as_u64().unwrap() as usize] ^= 1;
        // A new file in its place: the last output's segments may be linked into others.
        std::fs::remove_file(&segment).unwrap();
        std::fs::write(&segment, &bytes).unwrap();
    };
    let m = || manifest(&s.inc);
    // The first entry of one of the manifest's maps.
    let first = |map: &str| {
        m()[map]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone()
    };
    flip(&first("facts")[1]);
    let c = s.same("a document's facts changed");
    assert!(c.kept < base.kept, "{c:?}");
    // Every chunk's search counts damaged, then a body edited: its chunk is counted again,
    // every other document's body rendered again for its text, the same index.
    for place in m()["counted"].as_object().unwrap().values() {
        flip(place);
    }
    edit(
        &s.root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao hơn nhận thức",
    );
    s.same("every chunk's search counts changed");
    // The search index's counts of a chunk changed: counted again, the same index.
    flip(&first("counted"));
    s.same("the search counts changed");
    // The documents kept from the last load damaged: every file parsed again, the same site.
    let documents = s.inc.join(".bantin/documents.bin");
    let mut bytes = std::fs::read(&documents).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&documents, &bytes).unwrap();
    s.same("the documents kept damaged");
    for segment in m()["segments"].as_array().unwrap() {
        let segment = s.inc.join(".bantin").join(format!("facts-{segment}.bin"));
        std::fs::remove_file(&segment).unwrap();
        std::fs::write(&segment, b"").unwrap();
    }
    let c = s.same("the facts emptied");
    assert!(c.kept < base.kept - 5, "{c:?}");

    // Every chunk's search counts said to be huge, every document said to be counted in a
    // chunk there is not, the facts whole: the pages are kept, the sizes summed without
    // overflow, and the documents' bodies rendered again when their chunk is counted.
    s.same("before the counts said to be huge");
    let mut m = manifest(&s.inc);
    for (_, place) in m["counted"].as_object_mut().unwrap() {
        place[2] = (u64::MAX / 2).into();
    }
    for (_, chunk) in m["counted_docs"].as_object_mut().unwrap() {
        *chunk = 7.into();
    }
    set_manifest(&s.inc, m);
    let c = s.same("the counts said to be huge");
    assert!(c.kept > 0, "{c:?}");
    edit(
        &s.root,
        PLAN_138,
        "Nâng cao hơn nhận thức",
        "Nâng cao nhận thức",
    );
    s.same("the counts said to be huge, then a body edited");

    // Every key of the manifest wrong, every document's facts said to be huge: everything
    // written again.
    let mut m = manifest(&s.inc);
    for (_, key) in m["outputs"].as_object_mut().unwrap() {
        *key = (key.as_u64().unwrap() ^ 1).into();
    }
    for (_, places) in m["facts"].as_object_mut().unwrap() {
        places[1][2] = (u64::MAX / 2).into();
    }
    for (_, place) in m["counted"].as_object_mut().unwrap() {
        place[2] = (u64::MAX / 2).into();
    }
    set_manifest(&s.inc, m);
    assert_eq!(s.same("wrong keys").kept, 0);

    // The build state is not part of the site: never carried over as a user's hidden
    // file, never published.
    let dest = s.root.parent().unwrap().join("published");
    let o = Command::new(bin())
        .args(["publish"])
        .arg(&dest)
        .args(["--today", TODAY, "--output"])
        .arg(&s.inc)
        .current_dir(&s.root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dest.join("index.html").exists());
    assert!(
        !dest.join(".bantin").exists(),
        "the build state is not published"
    );
}

fn the_old_site_kept_beside_is_started_from_and_never_trusted() {
    let s = Site::new();
    s.same("first build");
    let base = s.same("nothing changed");
    // The build kept files by hard link: the site before it stays beside, as the next
    // build's starting point.
    let spare = s.inc.parent().unwrap().join(".inc.bantin-spare");
    assert!(spare.join(".bantin-output").is_file());
    #[cfg(unix)]
    let search_files = inodes(&s.inc.join("search"));
    let c = s.same("started from the spare");
    assert_eq!(c.kept, base.kept, "{c:?}");
    // The search files, made again with the same bytes, are the very files of the last
    // site (linked, not written again): the next build finds them in its spare.
    #[cfg(unix)]
    {
        assert!(search_files.len() > 5, "{search_files:?}");
        assert_eq!(inodes(&s.inc.join("search")), search_files);
    }

    // Whatever is done to it behind bantin's back: a page added, an empty folder, a link to
    // a file outside, a page written anew, a folder where the site has a file and a file
    // where it has a folder. A document is edited too.
    let outside = s.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "bí mật").unwrap();
    std::fs::write(spare.join("lac.html"), "trang lạc").unwrap();
    std::fs::create_dir_all(spare.join("trong/rong")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, spare.join("2022/lien-ket.html")).unwrap();
    let page = "2022/ke-hoach-138/index.html";
    std::fs::remove_file(spare.join(page)).unwrap();
    std::fs::write(spare.join(page), "trang cũ").unwrap();
    std::fs::remove_file(spare.join("index.html")).unwrap();
    std::fs::create_dir_all(spare.join("index.html/thu-muc")).unwrap();
    let folder = s.inc.read_dir().unwrap().filter_map(Result::ok).find(|e| {
        e.file_type().unwrap().is_dir() && !e.file_name().to_string_lossy().starts_with('.')
    });
    let folder = folder.expect("the site has a folder").file_name();
    std::fs::remove_dir_all(spare.join(&folder)).unwrap();
    std::fs::write(spare.join(&folder), "tệp thay thư mục").unwrap();
    edit(
        &s.root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao hơn nhận thức",
    );
    s.same("the spare changed behind bantin's back");
    assert!(!s.inc.join("lac.html").exists());
    assert!(!s.inc.join("trong").exists());
    assert_eq!(std::fs::read(&outside).unwrap(), "bí mật".as_bytes());

    // A page of the site changed by hand, in place, when the spare's file is the same file:
    // both changed; the page is written again, as a new file.
    s.same("nothing changed again");
    std::fs::write(s.inc.join(page), "đã sửa tay").unwrap();
    let c = s.same("a page changed by hand");
    assert!(c.written >= 1, "{c:?}");

    // `--full` keeps nothing of the last site, and leaves no spare beside it.
    s.build(&s.inc, &["--full"]);
    assert!(!spare.exists());
    s.same("after a full build");
}
