### bantin's messages in English. Every id here is in vi.ftl too, with the same variables.
### A diagnostic's message says what is wrong; its `.help` says how to fix it.

## Words used in other messages

severity-error = error
severity-warning = warning
yaml-nothing = nothing
yaml-bool = true/false
yaml-number = a number
yaml-text = text
yaml-list = a list
yaml-mapping = a mapping
unit-link-parent = parent
unit-link-successor = successor
help-did-you-mean = did you mean `{ $suggestion }`?

## Diagnostics: files and folders

file-unreadable = cannot read the file: { $reason }
    .help = check that it exists and is readable
file-changed-meanwhile = the file was changed while bantin was building, so what was read of it before cannot be used
    .help = run the command again once the file is saved.
file-not-utf8 = the file is not UTF-8 text: byte { $offset } ({ $byte }) is not a character
    .help = it may be typed in TCVN3 (ABC) or VNI, the encodings of old Vietnamese fonts: convert it to Unicode (Unikey: Công cụ chuyển mã, or open it in Word and Save As → Plain Text → Unicode (UTF-8))
content-missing = there is no content folder here
    .help = run bantin in a site folder (one holding `content/`), or give it with `--root DIR`
folder-unreadable = cannot read: { $reason }
    .help = check the folder's permissions
index-at-top = a document at the top of content/ named index.md would take the home page's address
    .help = move it into a folder, e.g. content/2022/index.md → content/2022/ke-hoach.md
attachment-missing = the attachment `{ $attachment }` is not beside the document
    .help = put the file in { $folder }, beside the document, or fix the name
address-taken = this document and { $other } would both be written to /{ $address }
    .help = rename one of the files: names that differ only in accents or case give the same address
name-without-letters = the { $what ->
        [folder] folder
       *[file] file
    } name `{ $name }` has no letter or digit, so this document gets no address
    .help = rename the { $what ->
        [folder] folder
       *[file] file
    } with letters or digits (Vietnamese is fine), e.g. `ke-hoach-2022`

## Diagnostics: front matter

front-matter-missing = the document has no front matter
    .help = start the file with a `---` line, the keys (title, date, unit, …), and another `---` line
yaml-reason-escape = a `\` inside double quotes (as in a path C:\…): use single quotes '…' or write `\\`
yaml-reason-quote = a quote is opened and not closed
yaml-reason-tab = a line is indented with a tab; YAML takes spaces only
yaml-reason-colon = a `:` where none may be; a value with `: ` must be quoted
yaml-reason-flow = a `[ … ]` or `{"{"} … {"}"}` list is not closed, or is written wrongly
yaml-reason-star = a value that starts with `*` or `&` must be quoted
yaml-reason-duplicate = this key is already written above; write each key once
yaml-reason-aliases = `*` references repeat too much
yaml-reason-nesting = lists are nested too deeply
front-matter-yaml = the front matter is not valid YAML: { $reason }
    .help = check the indentation, and put values containing `: ` or starting with `[`, `{"{"}`, `"` or `*` in quotes
front-matter-not-map = the front matter holds { $type }, not keys and values
    .help = write one `key: value` per line, e.g. `title: Kế hoạch …`
value-not-text = `{ $key }` must be text, not { $type }
    .help = write it on one line after the colon, in quotes if it contains `: `
list-item-not-text = each item of `{ $key }` must be text, not { $type }
    .help = write the list as `[a, b]` or one `- item` per line
value-not-list = `{ $key }` must be a list of text, not { $type }
    .help = write the list as `[a, b]` or one `- item` per line
date-wrong-type = `{ $key }` must be a date, not { $type }
    .help = write `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the day or month is left blank
date-shape = `{ $date }` is not a date
    .help = write `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the day or month is left blank
date-not-a-day = { $date } is not a day: month { $month } has no day { $day }
    .help = check the day; write `{ $partial }` if the day is unknown
date-month = { $date } has no month { $month }
    .help = months run from 01 to 12
kind-unknown = `{ $kind }` is not a kind of document
    .help = the kinds are: { $kinds }
kind-unknown-suggestion = did you mean `{ $suggestion }`? The kinds are: { $kinds }
year-invalid = `year` must be a year such as 2023
    .help = write the four digits, e.g. `year: 2023`
draft-not-bool = `draft` must be true or false
    .help = write `draft: true` or leave the key out
key-unknown = unknown key `{ $key }` is ignored
signer-key-unknown = unknown key `{ $key }` in `signer` is ignored
key-missing = the required key `{ $key }` is missing
    .help = { $key ->
        [title] add the trích yếu, e.g. `title: Triển khai "Tháng dân vận" năm 2022`
        [date] add `date: YYYY-MM-DD` (or `YYYY-MM`, `YYYY` for an undated draft)
        [unit] add the issuing body, e.g. `unit: UBND huyện Đồng Văn`
       *[kind] add `kind: plan` (or report, program, …); it can be left out when the number shows it, as in `138-KH/HU`
    }
period-incomplete = `period` needs `from` and `to`
    .help = write `period: {"{"} from: 2022-10-01, to: 2022-10-31 {"}"}`
period-reversed = the period ends ({ $to }) before it starts ({ $from })
    .help = swap `from` and `to`
deadlines-not-list = `deadlines` must be a list, not { $type }
    .help = write one `- {"{"} date: 2022-12-15, what: … {"}"}` per line
deadline-incomplete = each deadline needs a `date` and a `what`
    .help = write `- {"{"} date: 2022-12-15, what: Báo cáo kết quả về Ban Dân vận {"}"}`
deadline-without-day = the deadline `{ $date }` has no day
    .help = a deadline falls on a day: write `YYYY-MM-DD`

## Diagnostics: units.yaml and campaigns.yaml

unit-name-taken = `{ $name }` names two units: { $first } and { $second }
    .help = each name, short name and alias may belong to one unit only
campaign-name-taken = `{ $name }` names two campaigns
    .help = each name and alias may belong to one campaign only
unit-link-unknown = the { $link } `{ $name }` of { $unit } is not in units.yaml
    .help = add it as a unit of its own, or write the name exactly as listed
registry-not-list = { $file } holds { $type }, not a list
    .help = write one entry per `- name: …` line
registry-yaml = { $file } is not valid YAML: { $reason }
    .help = check the indentation; put names containing `: ` in quotes
registry-key-unknown = unknown key `{ $key }` is ignored
unit-without-name = a unit has no `name`
    .help = every entry starts with `- name: <full official name>`
unit-level-unknown = `{ $level }` is not a level of unit
    .help = write one of: tỉnh, huyện, xã, sở (or phòng), đảng, đoàn thể (or mặt trận); or in English: province, district, commune, department, party, front
unit-until-invalid = `until: { $until }` is not a date
    .help = write the unit's last day as `YYYY-MM-DD`, e.g. `until: 2025-06-30`
unit-successor-without-until = { $unit } has a successor but no `until` date
    .help = add `until: YYYY-MM-DD`, the last day the unit existed
campaign-without-name = a campaign has no `name`
    .help = every entry starts with `- name: <name of the campaign>`

## Diagnostics: site.yaml

site-yaml = site.yaml is not valid YAML: { $reason }
    .help = check the indentation and quote values that contain `: `
site-not-map = site.yaml holds { $type }, not settings
    .help = write one `key: value` per line, e.g. `title: Bản tin dân vận`
base-url-invalid = base_url `{ $url }` { $problem ->
        [host] has no valid host name (letters, digits, `-`, `.` and a `:port`)
        [query] has a query or fragment (`?`, `#`), which a site's address cannot have
        [character] contains { $character }, which an address cannot
       *[scheme] is not an absolute http(s) address
    }
    .help = write the full address, e.g. `https://portal.example.vn/bantin/`
language-unknown = language `{ $language }` is not available
    .help = write `vi` (Tiếng Việt) or `en` (English)
page-size-invalid = page_size must be a whole number from 1 to 1000
    .help = e.g. `page_size: 20`
trust-html-not-bool = trust_html must be true or false
    .help = write `trust_html: false` (the safe choice) or `trust_html: true`
links-unknown = links `{ $links }` is not a link style
    .help = write `portable` (…/index.html, works from disk) or `directory` (…/)
setting-unknown = unknown setting `{ $key }`

## Diagnostics: theme, templates, writing

theme-missing = there is no theme `{ $theme }`
    .help = create themes/{ $theme }/ in the site folder, or write `theme: default`
theme-translations-yaml = the translation file is not valid YAML: { $reason }
    .help = check the indentation and quoting
template-error = { $reason }
    .help = fix the template; the message above points at the tag that failed
write-failed = cannot write: { $reason }
    .help = check free space and permissions of the output folder
attachment-copy-failed = cannot copy the attachment: { $reason }
    .help = check that the file is still there and readable, and the free space of the output folder
link-broken = the link `{ $link }` leads to no document of the site
    .help = link to another document by its path relative to this file, e.g. `../2022/ke-hoach.md`

## Diagnostics: references between documents

reports-on-outside = reports_on `{ $target }` is not a document of this site
    .help = give the plan's number as its front matter writes it, or its path under content/
number-ambiguous = `{ $number }` may mean any of { $candidates }; it is left unlinked
    .help = write the date or issuer next to it (`… số 138-KH/HU ngày 23/8/2022 của Huyện ủy …`)
based-on-ambiguous = based_on `{ $number }` matches several documents of the site
    .help = give the path of the document under content/ instead of its number
number-duplicate = { $document } has the same number `{ $number }` as { $other }
    .help = check the number: a unit gives each number once a year

## Diagnostics: the output folder, serve

output-is-file = the output path is a file, not a folder
    .help = choose another output with `--output DIR`
output-holds-site = the output folder { $relation ->
        [is] is
        [inside] is inside
       *[holds] holds
    } the site's sources ({ $sources })
    .help = write the site to a folder of its own beside content/, e.g. `--output public`
output-not-ours = this folder was not made by bantin, so bantin will not replace it
    .help = choose an empty or new folder with `--output DIR`, or empty this one yourself
output-swap-failed = cannot put the new site in place: { $reason }
    .help = check the permissions of the output folder and the folder holding it, and that no other program holds its files open
staging-failed = cannot create a folder beside the output: { $reason }
    .help = check permissions and free space where the output goes
rebuild-failed = bantin failed while rebuilding: { $reason }
    .help = save again to retry; please report this with the file you changed
output-is-link = the output is a symbolic link (to { $target }); bantin does not replace a folder through a link
    .help = give the real folder with `--output { $real }`, or remove the link
old-output-left = the new site is in place, but the previous one could not be removed from { $folder }: { $reason }
    .help = delete that folder yourself, or check its permissions; the next build tries again
zip-target-refused = { $what ->
        [folder] this is a folder, not a zip file
       *[file] this file exists and is not a zip, so bantin will not replace it
    }
    .help = name the zip file to write, e.g. `--zip trang-web.zip`, or move the existing file away first
zip-write-failed = cannot { $step ->
        [create] create
       *[finish] finish
    } the zip: { $reason }
    .help = check that its folder exists, has free space and that you may write there

## build and check

counts = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }{ $notes ->
        [0] {""}
        [one] , 1 note
       *[other] , { $notes } notes
    }
build-failed = bantin: the build failed with { $counts }; { $output } was left as it was
build-failed-output-changed = bantin: the build failed with { $counts }; { $output } was changed: see the errors above
publish-no-zip = bantin publish: --zip does not go with publish, which sends the site folder — for a zip file, run `bantin build --zip FILE`
build-done = bantin: { $documents } documents, { $pages } pages, { $files } files ({ $kept ->
        [0] {""}
       *[other] { $kept } kept from the last build, {""}
    }{ $megabytes } MB, search index { $search_megabytes } MB) in { $output } in { $seconds } s
check-done = bantin check: { $documents } documents, { $counts } in { $seconds } s
progress-pages = pages
today-invalid = `{ $value }` is not a day: write YYYY-MM-DD

## serve: the terminal

serve-watch-failed = bantin serve: warning: cannot watch { $folder }: { $reason }; pages will not follow edits
serve-listen-failed = bantin serve: error: cannot listen on { $address }: { $reason } — another program may use the port; try `--port 0` for a free one
serve-exposed = bantin serve: warning: listening on { $address } — the preview, drafts included, can be reached from the network
serve-listening = bantin serve: { $url } (Ctrl-C to stop)
serve-ctrlc-failed = bantin serve: warning: cannot catch Ctrl-C: { $reason }
serve-search-updated = bantin serve: search index updated in { $ms } ms
serve-stopped = bantin serve: stopped
serve-build-failed = bantin serve: the build failed with { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    } in { $ms } ms; { $served ->
        [yes] still serving the last good build
       *[no] pages show the errors until they are fixed
    }
serve-built = bantin serve: built { $documents } documents ({ $files } files) in { $ms } ms
serve-rebuilt = bantin serve: rebuilt in { $ms } ms: { $read } file(s) read, { $rendered } output(s) rendered, { $changed } file(s) changed

## serve: the error overlay and the page shown while the site has never built

overlay-title = The site does not build: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }
overlay-close = Close
overlay-note = The page below is the last good build. Fix the file and save: this goes away by itself.
error-page-title = bantin serve: the site does not build
error-page-heading = The site does not build yet
error-page-intro = Fix the files below and save: this page reloads by itself.

## The command line: help and argument errors

cli-about = Build a dân vận bulletin (plans, reports: Markdown with YAML front matter) into a static site.
    .long = Build a dân vận bulletin into a static site.

        A site folder holds content/ (site.yaml, units.yaml, campaigns.yaml and one Markdown file per document) and, optionally, themes/ and templates/. Run bantin inside it, or give it with --root.
    .examples = Examples:
        {"  "}bantin build                      build ./content into ./public
        {"  "}bantin serve                      preview with live reload at http://127.0.0.1:8000/
        {"  "}bantin check --format json        validate without writing, for editors and CI
cli-build-about = Build the site into a folder (public/ by default).
cli-check-about = Check the content for errors and warnings without writing anything.
cli-serve-about = Preview the site with live reload while you edit (drafts included).
cli-import-about = Import Word (.docx), OpenDocument (.odt) or text files as documents of the site, reading number, date, unit, signer, recipients and deadlines from their layout.
cli-init-about = Start a new bulletin in an empty folder: settings, registries, a sample plan and report.
cli-new-about = Write a new document with every front-matter key, ready to fill in.
cli-theme-about = Work with the theme: `bantin theme export` copies the built-in theme to change it.
cli-export-about = Copy the built-in theme into the site (themes/default/ by default) to change it.
cli-completions-about = Print shell completions: bantin completions bash|zsh|fish|powershell.
cli-guide-about = Write the user's guide (in Vietnamese) as an HTML page to open in a browser.
cli-publish-about = Build the site, then send what changed to a folder or an FTP, FTPS or SFTP server.
    .examples = Destinations:
        {"  "}E:\bantin                             a folder: a USB stick, a share of the portal's server
        {"  "}ftp://user@portal.example.vn/bantin    FTP (the path from the login folder)
        {"  "}ftps://user@portal.example.vn/bantin   FTP with TLS
        {"  "}sftp://user@portal.example.vn/var/www/bantin   SFTP (OpenSSH)

        Passwords: BANTIN_FTP_PASSWORD, BANTIN_SFTP_PASSWORD (or a key: BANTIN_SFTP_KEY), or bantin-publish.yaml beside content/ (see the README). Only files that changed since the last publish to the same destination are sent; files bantin sent that the site no longer has are removed, and nothing else.
cli-deadlines-about = List deadlines for the office: who owes what, what is overdue, what was reported.
cli-arg-dest = A folder, or ftp://, ftps://, sftp://user@host[:port]/folder.
cli-arg-full = Render every page again, keeping nothing of the last build.
cli-publish-arg-full = Render every page and send every file again, whatever the last build and publish did.
cli-arg-verify = List the destination first and send again what is missing there or has another size (when someone else may have changed it).
cli-arg-accept_new_host_key = Trust and remember an SFTP server's key on the first connection.
cli-arg-allow_host = Also answer requests for this host name (besides localhost and IP addresses); may be given more than once. Other names get 403, against DNS rebinding.
cli-arg-allow_edit = Keep the editor's desk (/__bantin/soan-thao/, which writes into content/) when --bind is a network address. Only on a trusted network.
cli-deadlines-arg-format = Output: text (default), csv or json.
cli-value-dest = DEST
cli-value-name = NAME
cli-init-arg-dir = The folder to create the bulletin in (the current one by default); it must be empty or not exist yet.
cli-export-arg-dir = Where to copy the theme (themes/default by default); it must not hold files yet.
cli-arg-kind = The kind: ke-hoach (plan), bao-cao (report), chuong-trinh, huong-dan, thong-bao, quyet-dinh, nghi-quyet, chi-thi, ket-luan, or the Vietnamese or English name.
cli-arg-title = The title (trích yếu), in quotes.
cli-arg-unit = The issuing unit; by default the first unit of units.yaml.
cli-arg-reports_on = For a report: the number (or path) of the plan it reports on.
cli-arg-date = The date of the document (2026-09-23, 23/9/2026, …); today by default.
cli-arg-file = The HTML file to write (huong-dan-bantin.html by default); it must not exist yet.
cli-arg-shell = The shell to complete for: bash, zsh, fish, powershell or elvish.
cli-help-about = Print this help, or the help of the given command.
cli-arg-root = The site folder (holding content/); the current folder by default.
cli-arg-today = Treat this day as today for deadlines and report status (YYYY-MM-DD).
cli-arg-output = Where to write the site (public by default); replaced whole only when the build succeeds.
cli-arg-base_url = The address the site is published at, for feeds and canonical links (e.g. https://portal.example.vn/bantin/). Links between pages never need it.
cli-arg-drafts = Include documents marked `draft: true`.
cli-arg-zip = Write the whole site into this zip file instead of a folder, to hand it over (it works unzipped and opened from disk). Relative to the site folder.
cli-arg-format = How to write the findings: text (the default) or json.
cli-arg-port = Port to listen on (8000 by default; 0 picks a free one).
cli-arg-bind = Address to listen on (127.0.0.1 by default). Only 127.0.0.1 is private to this computer.
cli-arg-open = Open the site in the default browser.
cli-arg-lang = The language of messages: vi (Tiếng Việt) or en (English). Else BANTIN_LANG, else the site's `language`.
cli-arg-dry_run = Show what would be written, and write nothing.
cli-arg-force = Replace a document already imported under the same path.
cli-arg-json = Print the reports as JSON (for tools) instead of text.
cli-arg-paths = Files or folders to import (.docx, .odt, .txt, .md; folders are searched).
cli-arg-help = Print help.
cli-arg-version = Print the version.
cli-arg-subcommand = The command to show the help of.
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-usage = Usage:
cli-value-options = OPTIONS
cli-value-command = COMMAND
cli-value-dir = DIR
cli-value-date = DATE
cli-value-url = URL
cli-value-format = FORMAT
cli-value-port = PORT
cli-value-bind = ADDRESS
cli-value-lang = LANG
cli-value-kind = KIND
cli-value-title = TITLE
cli-value-unit = UNIT
cli-value-number = NUMBER
cli-value-file = FILE
cli-value-shell = SHELL
cli-value-file_or_folder = FILE_OR_FOLDER
cli-error-unknown-argument = there is no option `{ $argument }`
cli-error-unknown-command = there is no command `{ $command }`
cli-error-invalid-value = `{ $value }` is not a value of { $argument }; write one of: { $valid }
cli-error-value = `{ $value }` is not a value of { $argument }: { $reason }
cli-error-missing = { $argument } is required
cli-error-other = { $reason }
cli-error-more = For more, run `bantin --help` (or `bantin COMMAND --help`).
cli-lang-invalid = `{ $value }` is not a language of bantin: write vi or en

## Headings of docs/ma-loi.md, the list of codes

codes-group-files = Files and folders
codes-group-front-matter = The front matter of a document
codes-group-registries = units.yaml and campaigns.yaml
codes-group-site = site.yaml
codes-group-theme = Theme, templates, writing the site
codes-group-references = References between documents
codes-group-output = The output folder; serve
codes-group-import = bantin import
codes-group-other = Files and folders (continued)
codes-group-values = Values of keys (documents, units.yaml, campaigns.yaml, site.yaml)
codes-group-deadlines = Deadlines
codes-group-publish = Publishing (bantin publish)
codes-group-start = Starting a bulletin or a document (init, new, theme export, guide)
codes-group-desk = The editor's desk (bantin serve)
codes-group-while-building = While building

## Diagnostics added with dates in Vietnamese forms, spellings and content safety

severity-note = note
date-ambiguous = `{ $date }` is read day first, as { $words } ({ $iso })
    .help = write `{ $iso }` to leave no doubt
date-canonical = `{ $date }` is read as { $words }
    .help = the canonical form is `{ $iso }`
draft-with-errors = this draft has { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, so it is left out of the site. As it is a draft, they are shown as warnings and do not stop the build
    .help = fix them, then remove `draft: true` to publish the document
link-out-of-content = this is a link to { $target }, outside content/; bantin does not follow it
    .help = copy the file or folder into content/ instead of linking to it
link-dangling = this link leads nowhere: { $reason }
    .help = remove the link, or copy the file it meant into content/
file-ignored = this file is not part of the site: bantin reads only `.md` documents
    .help = { $extension ->
        [docx] bring Word files in with `bantin import`
        [doc] bring Word files in with `bantin import`
        [md] rename it with `.md` in lower case
        [txt] rename it to .md and give it front matter, or bring it in with `bantin import`
        [odt] bring the document in with `bantin import`
        [rtf] bring the document in with `bantin import`
       *[other] rename it to .md: bantin reads only files named `.md`
    }
address-over-own-page = this document would be written to /{ $address }, over the site's own page { $page }
    .help = rename the file or its folder: the site's own pages are under /nam/, /don-vi/, /chien-dich/, /loai/, /tim-kiem/, /thoi-han/, /static/ and /search/
template-undefined = `{ $name }` is not defined
    .help = check the spelling: THEMES.md lists the names templates can use
name-unregistered = `{ $name }` ({ $documents ->
        [one] 1 document
       *[other] { $documents } documents
    }) is not in { $file }
    .help = add the line `- {"{"} name: { $name } {"}"}` to { $file }, or write the name as { $file } lists it
spelling-splits-index = the { $noun } names `{ $stray }` ({ $stray_documents ->
        [one] 1 document
       *[other] { $stray_documents } documents
    }) and `{ $keep }` ({ $keep_documents ->
        [one] 1 document
       *[other] { $keep_documents } documents
    }) { $how ->
        [diacritics] differ only in diacritics
        [case] differ only in case or spacing
       *[letter] differ by one letter
    }: the site shows them as two { $noun }s
spelling-fix-alias = if they are the same { $noun }, give `{ $name }` in { $file } the line `aliases: [{ $aliases }]`; otherwise correct the spelling
spelling-fix-new = if they are the same { $noun }, add to { $file } the line `- {"{"} name: { $keep }, aliases: [{ $stray }] {"}"}`; otherwise correct the spelling
serve-no-content = bantin serve: the folder { $folder } has no content/ yet. Run `bantin init` in another window to start a new bulletin (or copy a content/ folder here): the preview appears by itself when the folder does.

## Diagnostics: values of keys

file-binary = the file holds binary data, not text: byte { $offset } is NUL
    .help = a document is plain text (Markdown); put PDF, Word and image files beside it as attachments
value-empty = `{ $key }` is empty
    .help = write the value after the colon, or remove the line
list-item-empty = `{ $key }` has an empty item
    .help = remove the empty item, or write what it should say
front-matter-unclosed = the front matter has no closing `---` line
    .help = end the keys with a line holding only `---`, before the text of the document
signer-part-empty = `{ $part }` of `signer` is empty
    .help = write it, or remove it from `signer`
signer-part-not-text = `{ $part }` of `signer` must be text, not { $type }
    .help = write `signer: {"{"} name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch {"}"}`
signer-no-one = `signer` names no one
    .help = give at least `name` or `title`, e.g. `signer: {"{"} name: Nguyễn Văn A, title: Chủ tịch {"}"}`
signer-wrong-type = `signer` must be a name or `{"{"}name, title, on_behalf{"}"}`, not { $type }
    .help = one person signs: write `signer: {"{"} name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch {"}"}`
period-key-unknown = unknown key `{ $key }` in `period` is ignored
    .help = a period has `from` and `to` only
deadline-key-unknown = unknown key `{ $key }` in a deadline is ignored
    .help = a deadline has `date`, `what` and `by`
date-year = { $date } is not a year of this bulletin
    .help = check the year: documents are dated from { $first } to { $last }
registry-entry-not-map = a { $what ->
        [campaign] campaign
       *[unit] unit
    } must be keys and values, not { $type }
    .help = write each { $what ->
        [campaign] campaign
       *[unit] unit
    } as `- name: …` with its other keys indented below
unit-own-link = { $unit } is its own { $link ->
        [successor] successor
       *[parent] parent
    }
    .help = correct the `{ $link }` of the unit: it must name another unit
unit-link-cycle = the { $link ->
        [successor] successors
       *[parent] parents
    } go round in a circle: { $units }
    .help = correct the `{ $link }` of one of them: it must name another unit, one that does not lead back
deadline-status-unknown = deadline_status `{ $value }` is not a choice
    .help = write `preview` (whether deadlines were met shows only in serve, check and `bantin deadlines`) or `public` (also on the built site)
base-url-missing = no base_url: feeds, the sitemap, robots.txt and calendars will point at { $url }
    .help = add `base_url: https://portal.example.vn/bantin/` (the address the site is published at) to content/site.yaml, or build with `--base-url https://…/`

## Diagnostics: deadlines

deadline-by-no-recipients = the deadline is owed by `recipients`, but the document has none
    .help = add `recipients: [...]`, or name the units in `by`
deadline-by-unknown = `{ $name }` in `by` is not a unit of the site
    .help = write a name, short name or alias from units.yaml, or `recipients` for the document's recipients
deadline-by-unknown-suggestion = did you mean `{ $suggestion }`? Write a name, short name or alias from units.yaml, or `recipients` for the document's recipients

## bantin init, new, theme export, guide

folder-not-created = cannot create the folder: { $reason }
    .help = check that you may write there, or choose another folder
file-exists = the file is already there; bantin never overwrites a file
    .help = choose another name or folder, or move the existing file away first
file-not-written = cannot write the file: { $reason }
    .help = check that you may write there and that the disk is not full
init-target-is-file = this is a file, not a folder
    .help = give the name of a new folder, e.g. `bantin init ban-tin`
init-not-empty = the folder is not empty; bantin starts a new bulletin only in an empty folder
    .help = choose another folder, e.g. `bantin init ban-tin`
new-outside-site = there is no content/ folder here
    .help = run this command in the bulletin's folder (the one holding content/), or start a new bulletin with `bantin init`
new-plan-not-found = no document `{ $target }` in content/
    .help = give the plan's number and symbol (e.g. `01/KH-UBND`) or its path
new-title-without-letters = the title `{ $title }` has no letter or digit to name the file by
    .help = write the title in words, in quotes, e.g. `bantin new ke-hoach "Tháng dân vận 2026"`
theme-export-not-empty = the folder already holds files; bantin does not overwrite them
    .help = choose another folder, e.g. `bantin theme export themes/cua-toi`
new-kind-unknown = `{ $kind }` is not a kind of document
    .help = the kinds are: ke-hoach (plan), bao-cao (report), chuong-trinh, huong-dan, thong-bao, quyet-dinh, nghi-quyet, chi-thi, ket-luan, van-ban-khac
new-date-invalid = `{ $date }` is not a date
    .help = write 2026-09-23 or 23/9/2026
init-done = A new bulletin was created in { $folder }:
init-next = Next steps:
init-step-serve = preview at http://127.0.0.1:8000/
init-step-new = write a new plan (bao-cao: a report)
init-step-build = make the site in the folder public/
init-read-guide = Read more in the file HƯỚNG DẪN.md.
new-done = Created { $path }
new-next = Open the file to write the text; lines starting with # are examples: remove the # to use them.
    Preview: bantin serve
theme-exported = The default theme ({ $files } files) was copied to { $folder }.
theme-exported-in-use = bantin uses this copy at once; change the files in templates/ and static/.
theme-exported-elsewhere = To use it, write `theme: { $name }` in content/site.yaml (the folder must be inside themes/).
guide-written = The user's guide was written to { $file }; open that file in a browser.

## bantin publish

help-label = help:
publish-config = cannot use { $subject }
publish-auth = the server { $subject } refused the user name or password (key)
    .help = check the user name and password: BANTIN_FTP_PASSWORD / BANTIN_SFTP_PASSWORD, or bantin-publish.yaml beside content/
publish-unreachable = cannot find or reach the server { $subject }
    .help = check the host name and the network connection
publish-refused = the server { $subject } refused the connection
    .help = check the port (FTP is usually 21, SFTP 22) and ask the administrator whether the service runs
publish-timeout = the server { $subject } did not answer in time
    .help = check the network and run again: the next publish sends only what is missing
publish-permission = no permission to write { $subject }
    .help = ask the portal's administrator for write access to this folder
publish-disk-full = no space left while writing { $subject }
    .help = free space at the destination and run again
publish-host-key-unknown = first connection to { $subject }: its host key is not known ({ $fingerprint })
    .help = ask the server's administrator whether this fingerprint is right; if it is, run again with --accept-new-host-key to remember it in { $known_hosts }
publish-host-key-changed = THE HOST KEY OF { $subject } HAS CHANGED ({ $fingerprint }): this may not be the real server
    .help = nothing was sent. Ask the server's administrator; if the key really changed, remove the server's old line from { $known_hosts }
publish-certificate = the TLS certificate of { $subject } is not trusted
    .help = for a self-signed certificate, get the certificate file from the administrator and set `ca_file:` in bantin-publish.yaml
publish-local = cannot read or write { $subject }
publish-other = publishing to { $subject } failed
publish-password-in-address = the password is in the address, where the shell history keeps it
    .help = set it in the environment (BANTIN_FTP_PASSWORD, BANTIN_SFTP_PASSWORD) or in bantin-publish.yaml instead
publish-scheme-unknown = bantin cannot publish to `{ $scheme }://`; give a folder, ftp://, ftps:// or sftp://
publish-address-invalid = not a valid address; write { $scheme }://user@host[:port]/folder
publish-no-host = the address has no host
publish-no-user = no user name: write sftp://user@host/folder
publish-folder-overlaps = the destination is, holds or lies inside the site's sources or its output; choose another folder (a USB stick, the server's share)
publish-progress = uploading
publish-done = bantin publish: uploaded { $uploaded ->
        [one] 1 file
       *[other] { $uploaded } files
    } ({ $megabytes } MB) · removed { $removed } · unchanged { $unchanged } · { $seconds } s → { $destination }

## bantin import: files that cannot be imported, the import report

-how-to-docx = open it in Word, File → Save As, type “Word Document (*.docx)”; or in LibreOffice Writer, File → Save As, type “Word 2007–365 (.docx)”; then import the new .docx
import-not-found = no such file or folder: check the name and path
import-unreadable = cannot read the file ({ $reason }): check permissions, or close the program holding it
import-empty = the file is empty (0 bytes): copy the original again and import it
import-too-large = the file is too large (limit { $limit } MB): a plan or report is usually under 5 MB; compress its pictures in Word (File → Compress Pictures) or split the appendices off
import-not-zip = this is not a real Word .docx (its content is not a .docx package: another file renamed, or a damaged one): { -how-to-docx }
import-bad-zip = the .docx/.odt is damaged ({ $reason }): open it in Word or LibreOffice, save it again and import it
import-not-word = the package has no word/document.xml, so it is not a Word document: import the document's own .docx
import-not-odt = the package has no content.xml, so it is not an OpenDocument text (.odt)
import-bad-xml = the document's content is damaged ({ $reason }): open it in Word, save it again and import it
import-encrypted = the file is password-protected (encrypted) or is a Word 97–2003 (.doc) file renamed: open it in Word, remove the password (File → Info → Protect Document → Encrypt with Password, clear it), then { -how-to-docx }
import-doc = Word 97–2003 files (.doc) cannot be imported directly: { -how-to-docx }
import-pdf = a PDF does not keep the document's layout (header, signature, recipients), so it cannot be imported: ask for the original Word file (.docx); if there is only the PDF, open it in Word (File → Open converts it), check it, Save As .docx and import that
import-not-text = the file is not plain text (it holds binary data): for a Word document use the .docx file
import-unsupported = cannot import “.{ $extension }” files: bantin imports .docx, .odt, .txt and .md
import-no-text = the document has no text (perhaps only scanned images): import a version with text
import-front-matter = the file already has YAML front matter (---), so it is a document of the site: copy it into content/, no import needed
import-exists = { $path } already exists: not overwritten; add --force to replace it
import-outside = { $path } is outside content/ (a link pointing out?): nothing written
import-write-failed = cannot write { $path }: { $reason }; check permissions and free space
import-summary = bantin import: { $imported } file(s) imported, { $failed } failed, { $review } with fields that need a look
import-progress-files = files
import-field = { $key ->
        [kind] kind
        [title] title
        [number] number
        [date] date
        [place] place
        [unit] unit
        [signer] signer
        [recipients] recipients
        [based_on] based on
        [reports_on] reports on
        [period] period
        [deadlines] deadlines
       *[campaigns] campaigns
    }
import-conversion = { $runs ->
        [0] { $encoding } → Unicode, the whole file
       *[other] { $encoding } → Unicode, { $runs } runs by their font
    }
import-number-blank = number left blank
import-day-blank = day left blank
import-day-month-blank = day and month left blank
import-no-date-line = no date line; year taken from the title
import-unit-unregistered = not in units.yaml
import-short-example = (short form, e.g. UBND huyện …)
import-unit-note = unit “{ $unit }” is not in content/units.yaml: its page is still made; to match it, add to units.yaml:
    { $entry }
import-no-date-note = the document has no date line: the year was written; correct `date:` when the date is known
import-needs-look = needs a look
import-would-write = would write
import-wrote = wrote
import-not-found-value = (not found)
import-converted = converted

## Deadlines: the staff report

deadline-status = { $status ->
        [on_time] Reported on time
        [late] Reported late
        [overdue] Overdue, no report
       *[pending] Not yet due
    }
deadline-unassigned = No one named
deadline-document-numbered = { $kind } { $number }
deadline-document-titled = { $kind }: { $title }
deadline-column = { $column ->
        [due] Due
        [status] Status
        [owner] Owed by
        [what] What
        [document] Document
        [file] File
       *[report] Report
    }
deadline-none = No deadlines.
publish-no-credentials = no password or key: set BANTIN_SFTP_PASSWORD or BANTIN_SFTP_KEY, or bantin-publish.yaml
publish-rename-unexpected = the server gave an unexpected answer when a file was renamed into place
import-level-example = level: district   # province | district | commune | department | party | front
serve-timings = bantin serve: timings (ms): { $phases }

## A double-clicked bantin.exe (Windows)
launcher-intro = bantin — static sites for dân vận bulletins
launcher-no-bulletin = The folder { $folder } holds no bulletin yet (no content folder).
launcher-ask = Create a starter bulletin here to begin? [Y/n]
launcher-declined = Nothing created. Run `bantin --help` in a command prompt to see every command.
launcher-created = A starter bulletin was created in { $folder }: read HƯỚNG DẪN.md and edit the files in the content folder; the preview updates by itself.
launcher-opening = Opening the preview of { $folder } in the browser. To stop: close this window.
launcher-press-enter = Press Enter to close this window.

## The editor's desk (bantin serve)
serve-foreign-host = bantin serve: this preview answers only at localhost or this computer's address, not at "{ $host }".
    To open it under another name, start it with `bantin serve --allow-host NAME`.
desk-off = bantin serve: the editor's desk is off because the preview is open to the network. To turn it on: run `bantin serve --allow-edit` (on a trusted network only).
desk-allow-edit = bantin serve: warning: --allow-edit turns the editor's desk on at { $address } — anyone on the network who can open it can write into content/
desk-open = bantin serve: editor's desk: { $url }
desk-no-host = The request names no host, so it was refused and nothing was written. Open the desk from the preview.
desk-foreign-host = The request was sent to "{ $host }", which is not this computer, so it was refused and nothing was written. Open the desk at the address bantin serve printed.
desk-foreign-origin = The request does not come from this preview's desk page, so it was refused and nothing was written. Open the desk from the preview and try again.
desk-token = The desk's session key does not match (the preview may have restarted), so nothing was written. Copy out what you typed if needed, then reload the desk.
desk-too-large = The file is larger than { $limit } MiB, so it was not accepted. Compress or split it and send it again.
desk-bad-request = The request could not be read ({ $reason }). Reload the desk.
desk-not-found = Cannot read { $path }: { $reason }. It may have just been renamed or deleted: go back to the preview and open the document again.
desk-changed-meanwhile = { $path } was changed elsewhere after you opened it. The desk does not overwrite it: reload the document (what you typed is lost) or copy your changes out first.
desk-errors-draft-only = The document has errors, so it can only be saved as a draft (draft: true). Fix the errors shown beside each field, or press "Save draft".
desk-upload-gone = An uploaded attachment is no longer held by the server (was the preview restarted?). Choose the file again.
desk-upload-type = { $name } is not accepted: only { $types }.
desk-upload-empty = { $name } is empty: there is nothing to attach. Choose the right file again.
desk-name-empty = Type a name.
desk-name-taken = The registry already has "{ $name }".
desk-level-unknown = There is no level "{ $level }"; choose one from the list.
desk-path-refused = The path { $path } is not a .md file inside content/: nothing written.
desk-write-failed = Cannot write { $path }: { $reason }. Nothing was saved; check that the disk has room and the folder is not read-only, then press Save again.
desk-file-exists = { $path } exists: not overwritten. Rename the attachment.
desk-ui-title = Editor's desk
desk-ui-back = Back to the preview
desk-ui-new = New document
desk-ui-editing = Edit document
desk-ui-import = Import a Word file
desk-ui-import-hint = Drop a .docx, .odt or .txt file here, or choose one. Fields the importer is unsure of are marked "to review"; the original is kept as an attachment.
desk-ui-import-choose = Choose a file to import
desk-ui-review = to review
desk-ui-kind = Kind
desk-ui-title-field = Title (trích yếu)
desk-ui-number = Number
desk-ui-number-hint = For example 138-KH/HU or 05/KH-UBND
desk-ui-date = Date
desk-ui-date-hint = For example 23/9/2022; 9/2022 or 2022 also work
desk-ui-year = Year the document is about (when not its date's)
desk-ui-place = Place
desk-ui-unit = Issuing unit
desk-ui-unit-hint = Type a few letters, with or without diacritics (dong van finds Đồng Văn)
desk-ui-add-unit = Add a new unit to the registry
desk-ui-add-campaign = Add a new campaign to the registry
desk-ui-level = Level
desk-ui-parent = Parent unit
desk-ui-add = Add
desk-ui-cancel = Cancel
desk-ui-campaigns = Campaigns
desk-ui-signer = Signer
desk-ui-signer-name = Name
desk-ui-signer-title = Title
desk-ui-signer-on-behalf = On behalf of (TM., KT., …)
desk-ui-recipients = Recipients (one per line)
desk-ui-based-on = Based on (documents of the site: type a number or title)
desk-ui-reports-on = Reports on the plan (number or title)
desk-ui-period = Period
desk-ui-from = From
desk-ui-to = To
desk-ui-deadlines = Deadlines
desk-ui-deadline-date = Due
desk-ui-deadline-what = What
desk-ui-deadline-by = Owed by (separated by commas)
desk-ui-add-deadline = Add a deadline
desk-ui-remove = Remove
desk-ui-summary = Summary
desk-ui-tags = Tags (one per line)
desk-ui-attachments = Attachments
desk-ui-attach = Add an attachment
desk-ui-draft = Draft (left out when the site is published)
desk-ui-body = Text of the document
desk-ui-body-hint = Use the buttons to insert headings, lists, tables and links.
desk-ui-heading = Heading
desk-ui-list = List
desk-ui-numbered = Numbered list
desk-ui-table = Table
desk-ui-link = Link
desk-ui-preview = Preview the text
desk-ui-check = Check
desk-ui-save = Save
desk-ui-save-draft = Save draft
desk-ui-saved = Saved { $path }.
desk-ui-see-page = See the page
desk-ui-checking = Checking…
desk-ui-ok = No errors.
desk-ui-errors = { $count } errors: see the messages beside each field.
desk-ui-comments-lost = Comments (#) under these keys will be lost on saving: { $keys }
desk-ui-reload = Reload the document
desk-ui-general = Document
desk-ui-no-match = Not in the registry.
desk-ui-edit-link = Edit
desk-ui-new-link = Write a document
