//! Where templates, static files and translations come from: the site's own `templates/`,
//! then `themes/<name>/` on disk, then the default theme compiled into the binary.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::yaml;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the built-in theme, as (path inside the theme, contents), for
/// `bantin theme export`.
pub fn builtin_files() -> Vec<(PathBuf, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
        for file in dir.files() {
            out.push((file.path().to_path_buf(), file.contents()));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT_THEME, &mut out);
    out.sort();
    out
}

/// The theme a site uses, resolved once per build.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    /// Folders searched for templates, most specific first.
    template_dirs: Vec<PathBuf>,
    /// `themes/<name>/` on disk, when the site has it.
    disk_dir: Option<PathBuf>,
    /// Whether the built-in default theme fills the gaps.
    builtin: bool,
}

impl Theme {
    pub fn resolve(root: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> Theme {
        let disk = root.join("themes").join(name);
        let disk_dir = disk.is_dir().then_some(disk);
        let builtin = name == "default";
        if disk_dir.is_none() && !builtin {
            diags.push(
                Diagnostic::error(root.join("content/site.yaml"), codes::THEME_MISSING)
                    .arg("theme", name),
            );
        }
        let mut template_dirs = vec![root.join("templates")];
        if let Some(d) = &disk_dir {
            template_dirs.push(d.join("templates"));
        }
        Theme {
            name: name.to_owned(),
            template_dirs,
            disk_dir,
            builtin,
        }
    }

    /// The source of a template by name, and where it came from (for error messages).
    pub fn template(&self, name: &str) -> Option<(String, PathBuf)> {
        if name.contains("..") {
            return None;
        }
        for dir in &self.template_dirs {
            let path = dir.join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Some((text, path));
            }
        }
        if self.builtin {
            let file = DEFAULT_THEME.get_file(format!("templates/{name}"))?;
            return Some((
                file.contents_utf8()?.to_owned(),
                PathBuf::from(format!("<built-in>/themes/default/templates/{name}")),
            ));
        }
        None
    }

    /// The theme's translations for `language`, as a JSON object of strings.
    pub fn translations(&self, language: &str, diags: &mut Vec<Diagnostic>) -> serde_json::Value {
        let (text, path) = match self.file("i18n.yaml") {
            Some(found) => found,
            None => return serde_json::Value::Object(Default::default()),
        };
        let text = String::from_utf8_lossy(&text).into_owned();
        match yaml::from_str::<serde_json::Value>(&text) {
            Ok(all) => {
                let base = all.get("vi").cloned().unwrap_or_default();
                match all.get(language) {
                    Some(chosen) => merge(base, chosen.clone()),
                    None => base,
                }
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(path, codes::THEME_TRANSLATIONS_YAML)
                        .arg("reason", e.reason()),
                );
                serde_json::Value::Object(Default::default())
            }
        }
    }

    /// A theme file by path inside the theme folder, from disk or the built-in copy.
    pub fn file(&self, rel: &str) -> Option<(Cow<'static, [u8]>, PathBuf)> {
        if let Some(dir) = &self.disk_dir {
            let path = dir.join(rel);
            if let Ok(bytes) = std::fs::read(&path) {
                return Some((Cow::Owned(bytes), path));
            }
        }
        if self.builtin {
            let f = DEFAULT_THEME.get_file(rel)?;
            return Some((
                Cow::Borrowed(f.contents()),
                PathBuf::from(format!("<built-in>/themes/default/{rel}")),
            ));
        }
        None
    }

    /// Every static file: (path under `static/`, contents). The disk theme wins over the
    /// built-in one for files of the same name.
    pub fn static_files(&self) -> Vec<(String, Cow<'static, [u8]>)> {
        let mut files: std::collections::BTreeMap<String, Cow<'static, [u8]>> = Default::default();
        if self.builtin {
            if let Some(dir) = DEFAULT_THEME.get_dir("static") {
                collect_builtin(dir, &mut files);
            }
        }
        if let Some(dir) = &self.disk_dir {
            let base = dir.join("static");
            for entry in walkdir::WalkDir::new(&base)
                .into_iter()
                .filter_map(Result::ok)
            {
                if entry.file_type().is_file() {
                    if let (Ok(rel), Ok(bytes)) = (
                        entry.path().strip_prefix(&base),
                        std::fs::read(entry.path()),
                    ) {
                        files.insert(rel.to_string_lossy().replace('\\', "/"), Cow::Owned(bytes));
                    }
                }
            }
        }
        files.into_iter().collect()
    }

    /// Of every template the theme can give (the site's own first), by name and text: a
    /// page's key takes it in, since a template may include or extend any other.
    pub fn templates_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.name.hash(&mut h);
        for dir in &self.template_dirs {
            let walker = walkdir::WalkDir::new(dir).sort_by_file_name();
            for entry in walker.into_iter().filter_map(Result::ok) {
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                    (rel, std::fs::read(entry.path()).ok()).hash(&mut h);
                }
            }
            0xffu8.hash(&mut h);
        }
        if self.builtin {
            if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
                for file in dir.files() {
                    (file.path(), file.contents()).hash(&mut h);
                }
            }
        }
        h.finish()
    }

    /// Folders whose changes `serve` must watch.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = self.template_dirs.clone();
        if let Some(d) = &self.disk_dir {
            dirs.push(d.clone());
        }
        dirs
    }
}

fn collect_builtin(
    dir: &'static Dir<'static>,
    out: &mut std::collections::BTreeMap<String, Cow<'static, [u8]>>,
) {
    for f in dir.files() {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path());
        let contents = match (f.path().extension(), std::str::from_utf8(f.contents())) {
            (Some(ext), Ok(js)) if ext == "js" => Cow::Owned(shipped_js(js).into_bytes()),
            _ => Cow::Borrowed(f.contents()),
        };
        out.insert(rel.to_string_lossy().replace('\\', "/"), contents);
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

/// The built-in theme's script as readers' browsers get it: without its comment lines and
/// indentation (the theme's source keeps them for whoever reads it). Only whole lines that are
/// comments go, so a `//` or `/*` inside code, a string or a regular expression stays; the
/// theme's scripts keep no template literal across lines, where this would matter.
fn shipped_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_comment = false;
    for line in source.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            match line.find("*/") {
                None => in_comment = true,
                Some(end) if end + 2 < line.len() => {
                    out.push_str(&line[end + 2..]);
                    out.push('\n');
                }
                Some(_) => {}
            }
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Fills keys missing in `over` from `base`, recursively (an incomplete English file falls back).
fn merge(base: serde_json::Value, over: serde_json::Value) -> serde_json::Value {
    match (base, over) {
        (serde_json::Value::Object(mut b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                let merged = match b.remove(&k) {
                    Some(bv) => merge(bv, v),
                    None => v,
                };
                b.insert(k, merged);
            }
            serde_json::Value::Object(b)
        }
        (_, over) => over,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_js_drops_comment_lines_only() {
        let js = "/* a\n   b */\nvar a = 1; // keep\n  // gone\n  var b = /\\/*x/g;\n/* c */ var c = '//';\n";
        assert_eq!(
            super::shipped_js(js),
            "var a = 1; // keep\nvar b = /\\/*x/g;\n var c = '//';\n"
        );
    }
}
