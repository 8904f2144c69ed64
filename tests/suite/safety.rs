//! Nothing written where it must not be: the output folder is proven, names that slug to
//! nothing are errors, the sources and links are never written through.

use std::path::Path;

use crate::support::SiteTest;

const DOC: &str = "---\ntitle: Kế hoạch\ndate: 2022-01-01\nunit: X\nkind: plan\n---\nThân.\n";

/// Every entry under `dir`, as relative paths, sorted: the surroundings of a build.
fn tree(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    all.sort();
    all
}

#[test]
fn names_that_slug_to_nothing_write_nothing_anywhere() {
    for name in ["___", "-", "…", "计划"] {
        let mut t = SiteTest::new("basic");
        let around = t.out.parent().unwrap().to_path_buf();
        // Before the fix the folder slugged to nothing and its address became absolute:
        // `content/___/tmp/bantin-escape-1/index.md` wrote `/tmp/bantin-escape-1/index.html`.
        // The folder names must slug to themselves, so not the hidden temporary folder.
        let escape = std::env::temp_dir().join(format!(
            "bantin-escape-{}-{}",
            std::process::id(),
            name.len()
        ));
        std::fs::create_dir_all(&escape).unwrap();
        let rel = escape.strip_prefix("/").unwrap().display().to_string();
        t.write(&format!("content/{name}/{rel}/index.md"), DOC);
        t.write(&format!("content/2022/{name}.md"), DOC);
        let before = tree(&around);
        let err = t.build_fails();
        assert!(
            err.contains(&format!(
                "error: the folder name `{name}` has no letter or digit, so this document gets no address"
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "content/2022/{name}.md: error: the file name `{name}` has no letter or digit"
            )),
            "{err}"
        );
        assert!(
            err.contains("rename the folder with letters or digits"),
            "{err}"
        );
        let outside = tree(&escape);
        std::fs::remove_dir_all(&escape).unwrap();
        assert_eq!(
            outside,
            vec![String::new()],
            "nothing written outside the output"
        );
        assert_eq!(before, tree(&around), "the surroundings are untouched");
    }
}

#[test]
fn every_written_path_is_proven_inside_the_output() {
    use bantin::output::inside;
    for ok in ["index.html", "2022/ke-hoach/index.html", "static/a b.css"] {
        assert!(inside(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "/srv/www/x/index.html",
        "../x.html",
        "a/../../x.html",
        "don-vi//index.html",
        "a/",
        "./",
        "..",
    ] {
        assert!(inside(bad).is_err(), "{bad:?} must be refused");
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_is_refused_and_its_target_kept() {
    let mut t = SiteTest::new("basic");
    let real = t.out.with_file_name("real-public");
    t.build();
    std::fs::rename(&t.out, &real).unwrap();
    std::os::unix::fs::symlink(&real, &t.out).unwrap();
    let before = crate::support::output_files(&real);
    let err = t.build_fails();
    assert!(err.contains("the output is a symbolic link"), "{err}");
    assert!(
        err.contains(&format!("--output {}", real.display())),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&t.out)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        before,
        crate::support::output_files(&real),
        "the target is untouched"
    );
    assert!(err.contains("was left as it was"), "{err}");
}

#[test]
fn an_output_inside_equal_to_or_above_the_sources_is_refused() {
    for (output, what) in [
        ("content", "is the site's sources"),
        ("content/public", "is inside the site's sources"),
        (".", "holds the site's sources"),
        ("..", "holds the site's sources"),
    ] {
        let mut t = SiteTest::new("basic");
        // Even with a marker there, as a careless copy could leave one.
        std::fs::write(t.root.join("content/.bantin-output"), b"").unwrap();
        let before = tree(t.out.parent().unwrap());
        t.run(&[
            "build",
            "--output",
            output,
            "--today",
            crate::support::TODAY,
        ]);
        let out = t.last.as_ref().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{output}: {err}");
        assert!(
            err.contains(&format!("error: the output folder {what}")),
            "{output}: {err}"
        );
        assert!(err.contains("--output public"), "{err}");
        assert_eq!(
            before,
            tree(t.out.parent().unwrap()),
            "{output}: nothing deleted or added"
        );
    }
}
