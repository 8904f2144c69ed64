//! Names as an imported document writes them: matched against the registries (folded,
//! `Ủy ban nhân dân` as `UBND`), and written in normal case rather than in capitals.

use crate::registry::Registries;
use crate::vi;

/// The comparison key of a unit name: folded, `Ủy ban nhân dân` as `UBND`, spaces single.
pub(super) fn unit_key(name: &str) -> String {
    let f = vi::fold(name);
    let f = f
        .replace("uy ban nhan dan", "ubnd")
        .replace("uy ban mat tran to quoc", "ubmttq");
    f.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The registry unit a written name means, folding case and diacritics.
pub fn match_unit(registries: &Registries, written: &str) -> Option<usize> {
    if let Some(i) = registries.unit(written) {
        return Some(i.index());
    }
    let key = unit_key(written);
    registries.units.iter().position(|u| {
        u.registered
            && std::iter::once(&u.name)
                .chain(&u.short)
                .chain(&u.aliases)
                .any(|n| unit_key(n) == key)
    })
}

/// Capitals as a sentence is written: `ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN` → `Ủy ban nhân dân huyện
/// Đồng Văn`. Place names after `huyện`, `tỉnh`, `xã`… and names after `Sở`, `Ban`, `Phòng`…
/// keep their capitals; abbreviations (UBND, HĐND) stay whole.
pub fn normal_case(text: &str) -> String {
    if !text
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| !c.is_lowercase())
    {
        return text.to_owned();
    }
    const ABBREVIATIONS: &[&str] = &[
        "ubnd", "hdnd", "mttq", "ubmttq", "tw", "tp", "btv", "bch", "ct", "tt", "vt", "khxh",
        "cand", "qdnd",
    ];
    const PLACE_BEFORE: &[&str] = &[
        "huyen",
        "tinh",
        "xa",
        "phuong",
        "quan",
        "thi tran",
        "thanh pho",
        "thi xa",
        "huyen uy",
        "tinh uy",
        "dang uy",
        "thanh uy",
        "quan uy",
        "thi uy",
        "dang bo tinh",
        "dang bo huyen",
        "dang bo xa",
    ];
    const NAME_AFTER: &[&str] = &[
        "so",
        "ban",
        "phong",
        "trung tam",
        "chi cuc",
        "cuc",
        "vu",
        "van phong",
        "thuong vu",
        "chu tich",
        "bi thu",
        "giam doc",
        "truong ban",
        "truong phong",
        "pho",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut place = false;
    let mut capitalise_next = true;
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        let folded = vi::fold(w);
        let word = if ABBREVIATIONS.contains(&folded.trim_matches(|c: char| !c.is_alphanumeric()))
            || w.contains('/')
            || w.contains('.') && w.len() <= 4
        {
            (*w).to_owned()
        } else if folded == "uy"
            && i > 0
            && ["huyen", "tinh", "dang", "thanh", "quan", "thi"]
                .contains(&vi::fold(words[i - 1]).as_str())
        {
            // `Huyện ủy`, `Tỉnh ủy`, `Đảng ủy`: the place comes after.
            lower
        } else if capitalise_next || place {
            capitalise(&lower)
        } else {
            lower
        };
        out.push(word);
        let prefix = vi::fold(&words[..=i].join(" "));
        let last_two = if i > 0 {
            vi::fold(&format!("{} {}", words[i - 1], w))
        } else {
            String::new()
        };
        // `Ban Dân vận`, `Sở Tư pháp`, but `Ủy ban nhân dân`.
        capitalise_next = (NAME_AFTER.contains(&folded.as_str()) && last_two != "uy ban")
            || NAME_AFTER.contains(&last_two.as_str())
            || w.contains('/')
            || w.ends_with('.');
        if PLACE_BEFORE.contains(&folded.as_str()) || PLACE_BEFORE.contains(&last_two.as_str()) {
            place = true;
        }
        let _ = prefix;
    }
    out.join(" ")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Campaigns of the registry named (by name or alias) in the title or the text.
pub(super) fn find_campaigns(registries: &Registries, text: &str) -> Vec<String> {
    let hay = format!(" {} ", unit_key(text));
    registries
        .campaigns
        .iter()
        .filter(|c| c.registered)
        .filter(|c| {
            std::iter::once(&c.name).chain(&c.aliases).any(|n| {
                let k = unit_key(n);
                !k.is_empty() && hay.contains(&format!(" {k} "))
            })
        })
        .map(|c| c.name.clone())
        .collect()
}
