//! Starting points written for an office: a new bulletin (`bantin init`), a new document
//! with every front-matter key (`bantin new`), and a copy of the built-in theme to change
//! (`bantin theme export`). Nothing here ever overwrites a file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};

use crate::content::{self, Kind, LoadOptions, PartialDate};
use crate::diag::Diagnostic;
use crate::i18n::codes::{self, Code};
use crate::registry::Registries;
use crate::vi;

/// Why nothing was written: a diagnostic about the folder or file concerned (the caller
/// prints it in the user's language and exits non-zero).
#[derive(Debug)]
pub struct Refusal(pub Diagnostic);

impl Refusal {
    fn new(path: &Path, code: Code) -> Self {
        Refusal(Diagnostic::error(path, code))
    }

    fn arg(self, name: &'static str, value: impl Into<crate::i18n::Arg>) -> Self {
        Refusal(self.0.arg(name, value))
    }
}

/// Writes a new file; an existing one is left alone and named.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Refusal::new(parent, codes::FOLDER_NOT_CREATED).arg("reason", e.to_string())
        })?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Refusal::new(path, codes::FILE_EXISTS),
            _ => Refusal::new(path, codes::FILE_NOT_WRITTEN).arg("reason", e.to_string()),
        })?;
    file.write_all(bytes)
        .map_err(|e| Refusal::new(path, codes::FILE_NOT_WRITTEN).arg("reason", e.to_string()))
}

/// A folder holds nothing but hidden entries (`.git`), or does not exist yet.
fn is_empty_folder(dir: &Path) -> Result<bool, Refusal> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(entries
            .filter_map(Result::ok)
            .all(|e| e.file_name().to_string_lossy().starts_with('.'))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(Refusal::new(dir, codes::FOLDER_UNREADABLE).arg("reason", e.to_string())),
    }
}

/// The files `init` wrote, relative to the new site folder, for the terminal.
#[derive(Debug)]
pub struct Created {
    pub files: Vec<PathBuf>,
}

/// `bantin init DIR`: a working bulletin in Vietnamese, its sample plan dated a month
/// before `today` and its report answering it, so deadlines and report status show at once.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Created, Refusal> {
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::new(dir, codes::INIT_TARGET_IS_FILE));
    }
    if !is_empty_folder(dir)? {
        return Err(Refusal::new(dir, codes::INIT_NOT_EMPTY));
    }
    write_starter(dir, today)
}

/// The files of a new bulletin, into a folder that may hold other things (the folder of a
/// double-clicked `bantin.exe`) but none of them: refused before anything is written.
pub fn write_starter(dir: &Path, today: NaiveDate) -> Result<Created, Refusal> {
    let day = |offset: i64| {
        let d = if offset >= 0 {
            today.checked_add_days(Days::new(offset as u64))
        } else {
            today.checked_sub_days(Days::new(offset.unsigned_abs()))
        };
        d.unwrap_or(today)
    };
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let plan_date = day(-30);
    let year = plan_date.year();
    let plan_path = format!("content/{year}/ke-hoach-thang-dan-van.md");
    let report_date = day(-3);
    let report_path = format!("content/{}/bao-cao-ket-qua-dot-1.md", report_date.year());
    let plan = PLAN
        .replace("{date}", &iso(plan_date))
        .replace("{year}", &year.to_string())
        .replace("{from}", &iso(day(-25)))
        .replace("{to}", &iso(day(35)))
        .replace("{due1}", &iso(day(-2)))
        .replace("{due2}", &iso(day(40)));
    let report = REPORT
        .replace("{date}", &iso(report_date))
        .replace("{year}", &year.to_string())
        .replace("{from}", &iso(day(-25)))
        .replace("{to}", &iso(day(-4)));
    let files: [(&str, &str); 6] = [
        ("content/site.yaml", SITE),
        ("content/units.yaml", UNITS),
        ("content/campaigns.yaml", CAMPAIGNS),
        (&plan_path, &plan),
        (&report_path, &report),
        ("HƯỚNG DẪN.md", GUIDE),
    ];
    if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(Refusal::new(&dir.join(rel), codes::FILE_EXISTS));
    }
    let mut created = Vec::new();
    for (rel, text) in files {
        write_new(&dir.join(rel), text.as_bytes())?;
        created.push(PathBuf::from(rel));
    }
    Ok(Created { files: created })
}

const SITE: &str = "\
# Cài đặt của bản tin. Tên khóa (title, language, …) giữ nguyên tiếng Anh;
# giá trị viết bằng tiếng Việt.

# Tên bản tin, hiện ở đầu mọi trang và trong nguồn tin (feed).
title: Bản tin dân vận
# Một câu giới thiệu bản tin.
description: Kế hoạch, báo cáo và văn bản về công tác dân vận của đơn vị.
# Ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (tiếng Anh).
language: vi
# Địa chỉ trang khi xuất bản lên cổng thông tin (bỏ dấu # ở đầu dòng và sửa lại):
# base_url: https://congthongtin.example.vn/ban-tin/
# Số văn bản trên mỗi trang danh sách.
# page_size: 20
";

const UNITS: &str = "\
# Danh sách đơn vị ban hành văn bản (cơ quan ban hành).
# Mỗi đơn vị:
#   name:     tên đầy đủ, chính thức
#   short:    tên ngắn các văn bản hay viết ở khóa `unit`
#   aliases:  các cách viết khác (cả lỗi chính tả hay gặp), để văn bản vẫn về đúng đơn vị
#   parent:   tên đầy đủ của đơn vị cấp trên (phải có trong tệp này)
#   level:    tỉnh | huyện | xã | sở (phòng) | đảng | đoàn thể (mặt trận)
#   until:    (nếu có) ngày cuối cùng đơn vị hoạt động, ví dụ 30/6/2025
#   successor: (nếu có) tên đầy đủ của đơn vị tiếp nhận nhiệm vụ

- name: Ủy ban nhân dân xã Hòa Bình
  short: UBND xã Hòa Bình
  aliases: [UBND xã Hoà Bình]
  level: xã

# Ví dụ thêm một đơn vị (bỏ dấu # ở đầu các dòng):
# - name: Ban Dân vận Đảng ủy xã Hòa Bình
#   short: Ban Dân vận Đảng ủy
#   level: đảng
";

const CAMPAIGNS: &str = "\
# Danh sách phong trào, cuộc vận động (khóa `campaigns` của văn bản).
# Mỗi mục:
#   name:        tên chuẩn
#   description: một dòng giới thiệu, hiện trên trang của phong trào
#   aliases:     các cách viết khác của cùng phong trào

- name: Dân vận khéo
  description: Phong trào thi đua “Dân vận khéo”, xây dựng và nhân rộng các mô hình dân vận khéo.
  aliases: [Phong trào dân vận khéo]
- name: Tháng dân vận
  description: Đợt cao điểm hoạt động dân vận hằng năm, nhân Ngày Dân vận của cả nước (15/10).

# Ví dụ thêm một phong trào (bỏ dấu # ở đầu các dòng):
# - name: Ngày thứ Bảy tình nguyện
#   description: Ra quân tình nguyện xây dựng nông thôn mới vào thứ Bảy hằng tuần.
";

const PLAN: &str = "\
---
title: Triển khai “Tháng dân vận” năm {year}
kind: kế hoạch
number: 01/KH-UBND
date: {date}
place: Hòa Bình
unit: UBND xã Hòa Bình
campaigns: [Tháng dân vận, Dân vận khéo]
signer: { name: Nguyễn Văn A, title: Chủ tịch, on_behalf: TM. Ủy ban nhân dân }
recipients: [Ban Dân vận Huyện ủy, Các thôn trên địa bàn xã, \"Lưu: VT\"]
period: { from: {from}, to: {to} }
deadlines:
  - { date: {due1}, what: Báo cáo kết quả đợt 1 gửi Ban Dân vận Huyện ủy }
  - { date: {due2}, what: Báo cáo tổng kết Tháng dân vận }
---

## I. MỤC ĐÍCH, YÊU CẦU

Đây là kế hoạch mẫu do `bantin init` tạo ra. Hãy sửa lại hoặc xóa tệp này khi đã
viết văn bản của đơn vị.

## II. NỘI DUNG

1. Tuyên truyền về ý nghĩa Ngày Dân vận của cả nước.
2. Xây dựng mô hình “Dân vận khéo” ở các thôn.

## III. TỔ CHỨC THỰC HIỆN

Các thôn báo cáo kết quả đúng thời hạn nêu trên.
";

const REPORT: &str = "\
---
title: Kết quả thực hiện đợt 1 “Tháng dân vận” năm {year}
kind: báo cáo
number: 02/BC-UBND
date: {date}
place: Hòa Bình
unit: UBND xã Hòa Bình
campaigns: [Tháng dân vận]
reports_on: 01/KH-UBND
period: { from: {from}, to: {to} }
signer: { name: Nguyễn Văn A, title: Chủ tịch, on_behalf: TM. Ủy ban nhân dân }
recipients: [Ban Dân vận Huyện ủy, \"Lưu: VT\"]
---

## I. KẾT QUẢ THỰC HIỆN

Đây là báo cáo mẫu, trả lời Kế hoạch số 01/KH-UBND (khóa `reports_on`). Trang của kế
hoạch cho thấy báo cáo này và thời hạn đã được đáp ứng.

## II. PHƯƠNG HƯỚNG THỜI GIAN TỚI

Tiếp tục triển khai các nội dung còn lại của kế hoạch.
";

const GUIDE: &str = "\
# Hướng dẫn dùng bản tin

Thư mục này là một bản tin của bantin. Mỗi văn bản (kế hoạch, báo cáo, …) là một tệp
`.md` trong thư mục `content/`, mở được bằng Notepad hay bất kỳ trình soạn thảo nào.

## Xem trước

    bantin serve

rồi mở http://127.0.0.1:8000/ trong trình duyệt. Mỗi lần lưu tệp, trang tự tải lại.

## Viết văn bản mới

    bantin new ke-hoach \"Triển khai phong trào Dân vận khéo năm 2026\"
    bantin new bao-cao \"Kết quả thực hiện Kế hoạch 01\" --reports-on 01/KH-UBND

bantin tạo tệp mới trong `content/<năm>/` với đủ các khóa; dòng bắt đầu bằng `#` là ví
dụ, bỏ dấu `#` để dùng. Ngày viết được `2026-09-23`, `23/9/2026` hay
`ngày 23 tháng 9 năm 2026`.

## Kiểm tra và xuất bản

    bantin check      kiểm tra lỗi, không ghi gì
    bantin build      tạo trang web trong thư mục public/

Chép thư mục `public/` lên cổng thông tin, hoặc mở `public/index.html` ngay trên máy.

## Sửa danh sách đơn vị, phong trào

`content/units.yaml` và `content/campaigns.yaml`. Khi một tên được viết theo hai cách,
bantin báo và chỉ dòng `aliases` cần thêm.
";

/// What `bantin new` is given.
pub struct NewDocument<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub unit: Option<&'a str>,
    pub reports_on: Option<&'a str>,
    pub date: Option<PartialDate>,
}

/// `bantin new`: a document with every front-matter key, filled where bantin can (today's
/// date, the site's unit, the plan's number), the others commented with an example. Returns
/// the path written.
pub fn new_document(
    root: &Path,
    today: NaiveDate,
    new: &NewDocument<'_>,
) -> Result<PathBuf, Refusal> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Refusal::new(root, codes::NEW_OUTSIDE_SITE));
    }
    let date = new.date.unwrap_or_else(|| PartialDate::from_naive(today));
    let mut ignored: Vec<Diagnostic> = Vec::new();
    let registries = Registries::load(&content_dir, &mut ignored);
    let unit = new.unit.map(str::to_owned).or_else(|| {
        registries
            .units
            .first()
            .map(|u| u.display_name().to_owned())
    });

    // The plan a report answers: its number (or the path given) and its campaigns.
    let mut reports_on = new.reports_on.map(str::to_owned);
    let mut campaigns: Vec<String> = Vec::new();
    if let Some(target) = new.reports_on {
        let loaded = content::load_all(&content_dir, LoadOptions { drafts: true }, &mut ignored);
        let target_key = crate::resolve::number_key(target);
        let plan = loaded.documents.iter().find(|d| {
            d.rel_path == target.trim_start_matches("content/")
                || d.number
                    .as_deref()
                    .is_some_and(|n| crate::resolve::number_key(n) == target_key)
        });
        match plan {
            Some(plan) => {
                if let Some(n) = &plan.number {
                    reports_on = Some(n.clone());
                }
                campaigns = plan.campaigns.clone();
            }
            None => {
                return Err(
                    Refusal::new(&content_dir, codes::NEW_PLAN_NOT_FOUND).arg("target", target)
                );
            }
        }
    }

    let slug = vi::slug(new.title);
    if slug.is_empty() {
        return Err(
            Refusal::new(&content_dir, codes::NEW_TITLE_WITHOUT_LETTERS).arg("title", new.title)
        );
    }
    let slug: String = slug.chars().take(80).collect();
    let slug = slug.trim_end_matches('-');
    let rel = PathBuf::from("content")
        .join(date.year.to_string())
        .join(format!("{slug}.md"));
    let text = document_text(
        new,
        date,
        unit.as_deref(),
        reports_on.as_deref(),
        &campaigns,
    );
    write_new(&root.join(&rel), text.as_bytes())?;
    Ok(rel)
}

/// A YAML scalar, quoted when plain YAML would read it otherwise.
fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with([
            '[', '{', '"', '\'', '*', '&', '!', '|', '>', '%', '@', '`', '#', '-', '?',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':');
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

fn document_text(
    new: &NewDocument<'_>,
    date: PartialDate,
    unit: Option<&str>,
    reports_on: Option<&str>,
    campaigns: &[String],
) -> String {
    let kind = new.kind;
    let abbr = match kind {
        Kind::Plan => "KH",
        Kind::Report => "BC",
        Kind::Program => "CTr",
        Kind::Guide => "HD",
        Kind::Notice => "TB",
        Kind::Decision => "QĐ",
        Kind::Resolution => "NQ",
        Kind::Directive => "CT",
        Kind::Conclusion => "KL",
        Kind::Other => "UBND",
    };
    let y = date.year;
    let mut out = String::from("---\n");
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("title: {}", yaml_text(new.title)));
    let kind_name = match kind {
        Kind::Other => "văn bản khác".to_owned(),
        k => k.word_vi().to_lowercase(),
    };
    line(format!("kind: {kind_name}"));
    line(format!(
        "# number: 01/{abbr}-UBND           # số, ký hiệu (Đảng: 01-{abbr}/ĐU)"
    ));
    line(format!("date: {date}"));
    line(format!(
        "# year: {y}                       # năm của nội dung, khi khác năm ban hành"
    ));
    line("# place: Hòa Bình                 # địa danh".into());
    match unit {
        Some(u) => line(format!("unit: {}", yaml_text(u))),
        None => line("unit: UBND xã Hòa Bình           # đơn vị ban hành: sửa lại cho đúng".into()),
    }
    if campaigns.is_empty() {
        line("# campaigns: [Dân vận khéo]       # phong trào, cuộc vận động".into());
    } else {
        let list: Vec<String> = campaigns.iter().map(|c| yaml_text(c)).collect();
        line(format!("campaigns: [{}]", list.join(", ")));
    }
    line(
        "# signer: { name: Nguyễn Văn A, title: Chủ tịch, on_behalf: TM. Ủy ban nhân dân }".into(),
    );
    line("# recipients: [Ban Dân vận Huyện ủy, \"Lưu: VT\"]   # nơi nhận".into());
    line("# based_on: [01-KH/ĐU]            # căn cứ: số hiệu các văn bản".into());
    match reports_on {
        Some(r) => line(format!("reports_on: {}", yaml_text(r))),
        None => line(
            "# reports_on: 01/KH-UBND          # (báo cáo) số hiệu kế hoạch được báo cáo".into(),
        ),
    }
    line(format!(
        "# period: {{ from: {y}-01-01, to: {y}-12-31 }}   # thời gian thực hiện"
    ));
    line("# deadlines:                        # thời hạn".into());
    line(format!(
        "#   - {{ date: {y}-12-15, what: Gửi báo cáo kết quả về Ban Dân vận Huyện ủy }}"
    ));
    line("# summary: Một câu tóm tắt, hiện trong danh sách".into());
    line("# tags: [dân vận chính quyền]      # lĩnh vực".into());
    line("# draft: true                      # bản nháp: chỉ hiện khi xem trước".into());
    line("# attachments: [phu-luc.pdf]       # tệp kèm theo, đặt cạnh văn bản".into());
    out.push_str("---\n\n");
    out.push_str(match kind {
        Kind::Plan | Kind::Program => {
            "## I. MỤC ĐÍCH, YÊU CẦU\n\n\n## II. NỘI DUNG\n\n\n## III. TỔ CHỨC THỰC HIỆN\n\n"
        }
        Kind::Report => {
            "## I. KẾT QUẢ THỰC HIỆN\n\n\n## II. TỒN TẠI, HẠN CHẾ\n\n\n## III. PHƯƠNG HƯỚNG, NHIỆM VỤ\n\n"
        }
        _ => "Nội dung văn bản.\n",
    });
    out
}

/// `bantin theme export DIR`: the built-in theme copied for the site to change. `DIR`
/// must not exist yet (or be empty).
pub fn export_theme(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    if !is_empty_folder(dir)? {
        return Err(Refusal::new(dir, codes::THEME_EXPORT_NOT_EMPTY));
    }
    let mut written = Vec::new();
    for (rel, bytes) in crate::render::theme::builtin_files() {
        write_new(&dir.join(&rel), bytes)?;
        written.push(rel);
    }
    Ok(written)
}

/// The user's guide (docs/huong-dan.md), compiled in.
pub const GUIDE_MARKDOWN: &str = include_str!("../docs/huong-dan.md");

/// The user's guide as one HTML page that opens from disk, with no request outside it.
pub fn guide_html() -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut body = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    html::push_html(&mut body, Parser::new_ext(GUIDE_MARKDOWN, options));
    // Headings get the anchors the guide's table of contents links to.
    let body = regex::Regex::new(r"<h2>([^<]*)</h2>")
        .expect("valid pattern")
        .replace_all(&body, |c: &regex::Captures<'_>| {
            let id = c[1]
                .to_lowercase()
                .replace(['.', ','], "")
                .replace(' ', "-");
            format!("<h2 id=\"{id}\">{}</h2>", &c[1])
        })
        .into_owned();
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Hướng dẫn sử dụng bantin</title>\n<style>\n\
         body{{font:17px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#f5f2ec}}\n\
         h1,h2{{color:#9b1c1c;line-height:1.25}}code{{background:#fff;padding:0 .2em}}\n\
         pre{{background:#fff;border:1px solid #d5cfc3;padding:.6rem;overflow:auto}}\n\
         table{{border-collapse:collapse;display:block;overflow:auto}}td,th{{border:1px solid #d5cfc3;padding:.2rem .4rem;text-align:left}}\n\
         </style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

/// `bantin guide FILE`: writes the guide as HTML, never over an existing file.
pub fn write_guide(path: &Path) -> Result<(), Refusal> {
    write_new(path, guide_html().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A double-clicked exe's folder holds the exe: the starter goes in beside it, and a
    /// folder that already holds one of the starter's files gets nothing at all.
    #[test]
    fn the_starter_goes_beside_other_files_but_never_over_one_of_its_own() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bantin.exe"), b"MZ").unwrap();
        assert!(
            init(dir.path(), today).is_err(),
            "init wants an empty folder"
        );
        let created = write_starter(dir.path(), today).unwrap();
        assert!(created.files.iter().any(|f| f.ends_with("site.yaml")));
        assert!(dir.path().join("HƯỚNG DẪN.md").is_file());

        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("HƯỚNG DẪN.md"), b"notes of the office").unwrap();
        let refused = write_starter(other.path(), today).unwrap_err();
        let said = refused.0.render(crate::i18n::Lang::Vi);
        assert!(said.contains("HƯỚNG DẪN.md"), "{said}");
        assert!(!other.path().join("content").exists(), "nothing written");
        assert_eq!(
            std::fs::read(other.path().join("HƯỚNG DẪN.md")).unwrap(),
            b"notes of the office"
        );
    }
}
