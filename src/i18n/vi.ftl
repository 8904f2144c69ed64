### Thông báo của bantin bằng tiếng Việt. Mỗi mã ở đây cũng có trong en.ftl, cùng các biến.
### Thông báo lỗi nói điều gì sai; thuộc tính `.help` nói cách sửa.

## Từ dùng trong các thông báo khác

severity-error = lỗi
severity-warning = cảnh báo
yaml-nothing = giá trị trống
yaml-bool = đúng/sai (true/false)
yaml-number = một con số
yaml-text = chữ
yaml-list = một danh sách
yaml-mapping = một nhóm mục con
unit-link-parent = đơn vị cấp trên (parent)
unit-link-successor = đơn vị kế tục (successor)
help-did-you-mean = có phải ý bạn là `{ $suggestion }`?

## Lỗi: tệp và thư mục

file-unreadable = Không đọc được tệp: { $reason }
    .help = hãy kiểm tra tệp còn đó và được phép đọc.
file-changed-meanwhile = Tệp đã bị sửa trong lúc bantin đang dựng trang nên không dùng được phần đã đọc trước đó
    .help = hãy chạy lại lệnh khi đã lưu xong tệp.
file-not-utf8 = Tệp không phải văn bản mã Unicode (UTF-8): byte thứ { $offset } ({ $byte }) không phải một chữ
    .help = có thể tệp được gõ bằng bảng mã TCVN3 (ABC) hoặc VNI của các phông chữ cũ: hãy chuyển sang Unicode (Unikey: Công cụ chuyển mã; hoặc mở tệp trong Word, chọn Lưu thành → Văn bản thuần → Unicode (UTF-8)).
content-missing = Không có thư mục content ở đây
    .help = hãy chạy bantin trong thư mục của trang (thư mục có `content/`), hoặc chỉ ra thư mục đó bằng `--root THƯ_MỤC`.
folder-unreadable = Không đọc được: { $reason }
    .help = hãy kiểm tra quyền truy cập thư mục.
index-at-top = Văn bản tên index.md nằm ngay trong content/ sẽ chiếm địa chỉ của trang chủ
    .help = hãy chuyển nó vào một thư mục, ví dụ content/2022/index.md → content/2022/ke-hoach.md.
attachment-missing = Không thấy tệp đính kèm `{ $attachment }` bên cạnh văn bản
    .help = hãy đặt tệp vào { $folder }, bên cạnh văn bản, hoặc sửa lại tên tệp.
address-taken = Văn bản này và { $other } sẽ cùng được ghi vào địa chỉ /{ $address }
    .help = hãy đổi tên một trong hai tệp: tên chỉ khác nhau ở dấu hoặc chữ hoa, chữ thường sẽ cho cùng một địa chỉ.
name-without-letters = Tên { $what ->
        [folder] thư mục
       *[file] tệp
    } `{ $name }` không có chữ cái hay chữ số nào, nên văn bản này không có địa chỉ
    .help = hãy đặt lại tên { $what ->
        [folder] thư mục
       *[file] tệp
    } bằng chữ cái hoặc chữ số (tiếng Việt có dấu cũng được), ví dụ `ke-hoach-2022`.

## Lỗi: phần khai báo đầu văn bản (front matter)

front-matter-missing = Văn bản không có phần khai báo ở đầu (front matter)
    .help = hãy bắt đầu tệp bằng một dòng `---`, tiếp theo là các mục (title, date, unit, …), rồi một dòng `---` nữa.
yaml-reason-escape = trong ngoặc kép có dấu `\` (như đường dẫn C:\…), cần thay ngoặc kép bằng ngoặc đơn '…' hoặc viết `\\`
yaml-reason-quote = một dấu ngoặc kép mở ra mà chưa đóng lại
yaml-reason-tab = có dòng thụt lề bằng phím Tab; YAML chỉ nhận dấu cách
yaml-reason-colon = có dấu `:` ở chỗ không được có; giá trị có `: ` phải đặt trong ngoặc kép
yaml-reason-flow = một danh sách `[ … ]` hoặc `{"{"} … {"}"}` chưa đóng, hoặc viết sai
yaml-reason-star = giá trị bắt đầu bằng `*` hoặc `&` phải đặt trong ngoặc kép
yaml-reason-duplicate = mục này đã được viết một lần ở trên; mỗi mục chỉ viết một lần
yaml-reason-aliases = các tham chiếu `*` lặp lại quá nhiều
yaml-reason-nesting = các danh sách lồng vào nhau quá sâu
front-matter-yaml = Phần khai báo đầu văn bản viết sai cú pháp YAML: { $reason }
    .help = hãy kiểm tra thụt lề, và đặt trong ngoặc kép những giá trị có `: ` hoặc bắt đầu bằng `[`, `{"{"}`, `"` hay `*`.
front-matter-not-map = Phần khai báo đầu văn bản là { $type }, không phải các mục và giá trị
    .help = hãy viết mỗi dòng một `mục: giá trị`, ví dụ `title: Kế hoạch …`.
value-not-text = Mục `{ $key }` phải là chữ, không phải { $type }
    .help = hãy viết trên một dòng sau dấu hai chấm, đặt trong ngoặc kép nếu có `: `.
list-item-not-text = Mỗi phần tử của `{ $key }` phải là chữ, không phải { $type }
    .help = hãy viết danh sách dạng `[a, b]` hoặc mỗi dòng một `- phần tử`.
value-not-list = Mục `{ $key }` phải là một danh sách chữ, không phải { $type }
    .help = hãy viết danh sách dạng `[a, b]` hoặc mỗi dòng một `- phần tử`.
date-wrong-type = Mục `{ $key }` phải là một ngày, không phải { $type }
    .help = hãy viết `NĂM-THÁNG-NGÀY` (ví dụ `2022-09-23`), hoặc `2022-09` / `2022` khi chưa có ngày hay tháng.
date-shape = Không đọc được ngày `{ $date }`
    .help = hãy viết `NĂM-THÁNG-NGÀY` (ví dụ `2022-09-23`), hoặc `2022-09` / `2022` khi chưa có ngày hay tháng.
date-not-a-day = Không đọc được ngày `{ $date }`: tháng { $month } không có ngày { $day }
    .help = nếu không rõ ngày, hãy viết `{ $partial }`.
date-month = Không đọc được ngày `{ $date }`: không có tháng { $month }
    .help = tháng chỉ từ 01 đến 12.
kind-unknown = `{ $kind }` không phải là một loại văn bản
    .help = các loại văn bản là: { $kinds }.
kind-unknown-suggestion = có phải ý bạn là `{ $suggestion }`? Các loại văn bản là: { $kinds }.
year-invalid = Mục `year` phải là một năm, ví dụ 2023
    .help = hãy viết đủ bốn chữ số, ví dụ `year: 2023`.
draft-not-bool = Mục `draft` chỉ nhận true (đúng) hoặc false (sai)
    .help = hãy viết `draft: true`, hoặc bỏ hẳn mục này.
key-unknown = Mục `{ $key }` không có trong quy ước nên bị bỏ qua
signer-key-unknown = Mục `{ $key }` trong `signer` không có trong quy ước nên bị bỏ qua
key-missing = Thiếu mục bắt buộc `{ $key }`
    .help = { $key ->
        [title] hãy thêm trích yếu, ví dụ `title: Triển khai "Tháng dân vận" năm 2022`.
        [date] hãy thêm `date: NĂM-THÁNG-NGÀY` (hoặc `2022-09`, `2022` với bản dự thảo chưa có ngày).
        [unit] hãy thêm cơ quan ban hành, ví dụ `unit: UBND huyện Đồng Văn`.
       *[kind] hãy thêm `kind: plan` (hoặc report, program, …); có thể bỏ mục này khi số hiệu đã cho biết loại, như `138-KH/HU`.
    }
period-incomplete = Mục `period` cần có `from` (từ ngày) và `to` (đến ngày)
    .help = hãy viết `period: {"{"} from: 2022-10-01, to: 2022-10-31 {"}"}`.
period-reversed = Thời gian kết thúc ({ $to }) trước khi bắt đầu ({ $from })
    .help = hãy đổi chỗ `from` và `to`.
deadlines-not-list = Mục `deadlines` phải là một danh sách, không phải { $type }
    .help = hãy viết mỗi dòng một `- {"{"} date: 2022-12-15, what: … {"}"}`.
deadline-incomplete = Mỗi thời hạn cần có `date` (ngày) và `what` (việc phải làm)
    .help = hãy viết `- {"{"} date: 2022-12-15, what: Báo cáo kết quả về Ban Dân vận {"}"}`.
deadline-without-day = Thời hạn `{ $date }` chưa có ngày
    .help = thời hạn phải rơi vào một ngày cụ thể: hãy viết `NĂM-THÁNG-NGÀY`.

## Lỗi: units.yaml và campaigns.yaml

unit-name-taken = Tên `{ $name }` đang chỉ hai đơn vị: { $first } và { $second }
    .help = mỗi tên, tên viết tắt hay tên gọi khác chỉ được thuộc về một đơn vị.
campaign-name-taken = Tên `{ $name }` đang chỉ hai chiến dịch, phong trào
    .help = mỗi tên hay tên gọi khác chỉ được thuộc về một chiến dịch, phong trào.
unit-link-unknown = { $link } `{ $name }` của { $unit } không có trong units.yaml
    .help = hãy thêm nó thành một đơn vị riêng, hoặc viết tên đúng như trong danh sách.
registry-not-list = { $file } là { $type }, không phải một danh sách
    .help = hãy viết mỗi mục bắt đầu bằng một dòng `- name: …`.
registry-yaml = { $file } viết sai cú pháp YAML: { $reason }
    .help = hãy kiểm tra thụt lề; đặt trong ngoặc kép những tên có `: `.
registry-key-unknown = Mục `{ $key }` không có trong quy ước nên bị bỏ qua
unit-without-name = Có một đơn vị chưa có `name` (tên)
    .help = mỗi đơn vị bắt đầu bằng `- name: <tên chính thức đầy đủ>`.
unit-level-unknown = `{ $level }` không phải là một cấp đơn vị
    .help = hãy viết một trong các cấp: tỉnh, huyện, xã, sở (hoặc phòng), đảng, đoàn thể (hoặc mặt trận); hay bằng tiếng Anh: province, district, commune, department, party, front.
unit-until-invalid = Không đọc được ngày trong `until: { $until }`
    .help = hãy viết ngày cuối cùng đơn vị hoạt động dạng `NĂM-THÁNG-NGÀY`, ví dụ `until: 2025-06-30`.
unit-successor-without-until = { $unit } có đơn vị kế tục nhưng chưa có ngày `until`
    .help = hãy thêm `until: NĂM-THÁNG-NGÀY`, ngày cuối cùng đơn vị hoạt động.
campaign-without-name = Có một chiến dịch, phong trào chưa có `name` (tên)
    .help = mỗi mục bắt đầu bằng `- name: <tên chiến dịch, phong trào>`.

## Lỗi: site.yaml

site-yaml = site.yaml viết sai cú pháp YAML: { $reason }
    .help = hãy kiểm tra thụt lề và đặt trong ngoặc kép những giá trị có `: `.
site-not-map = site.yaml là { $type }, không phải các mục cài đặt
    .help = hãy viết mỗi dòng một `mục: giá trị`, ví dụ `title: Bản tin dân vận`.
base-url-invalid = Địa chỉ base_url `{ $url }` { $problem ->
        [host] không có tên máy chủ hợp lệ (chữ cái, chữ số, `-`, `.` và `:cổng`)
        [query] có phần truy vấn hoặc neo (`?`, `#`), điều mà địa chỉ của một trang không được có
        [character] có ký tự { $character }, ký tự này không được có trong địa chỉ
       *[scheme] không phải một địa chỉ http(s) đầy đủ
    }
    .help = hãy viết địa chỉ đầy đủ, ví dụ `https://portal.example.vn/bantin/`.
language-unknown = Chưa hỗ trợ ngôn ngữ `{ $language }`
    .help = hãy viết `vi` (Tiếng Việt) hoặc `en` (English).
page-size-invalid = page_size phải là một số nguyên từ 1 đến 1000
    .help = ví dụ `page_size: 20`.
trust-html-not-bool = trust_html chỉ nhận true (đúng) hoặc false (sai)
    .help = hãy viết `trust_html: false` (an toàn) hoặc `trust_html: true`.
links-unknown = `{ $links }` không phải một kiểu liên kết
    .help = hãy viết `portable` (…/index.html, mở được từ ổ đĩa) hoặc `directory` (…/).
setting-unknown = Mục cài đặt `{ $key }` không có trong quy ước

## Lỗi: giao diện, mẫu trang, ghi tệp

theme-missing = Không có giao diện `{ $theme }`
    .help = hãy tạo thư mục themes/{ $theme }/ trong thư mục của trang, hoặc viết `theme: default`.
theme-translations-yaml = Tệp bản dịch của giao diện viết sai cú pháp YAML: { $reason }
    .help = hãy kiểm tra thụt lề và dấu ngoặc kép.
template-error = Lỗi trong mẫu trang: { $reason }
    .help = hãy sửa mẫu trang; thông báo trên chỉ vào thẻ bị lỗi.
write-failed = Không ghi được: { $reason }
    .help = hãy kiểm tra dung lượng trống và quyền ghi của thư mục kết quả.
attachment-copy-failed = Không sao chép được tệp đính kèm: { $reason }
    .help = hãy kiểm tra tệp còn đó và đọc được, và dung lượng trống của thư mục kết quả.
link-broken = Liên kết `{ $link }` không dẫn tới văn bản nào của trang
    .help = hãy liên kết tới văn bản khác bằng đường dẫn tính từ tệp này, ví dụ `../2022/ke-hoach.md`.

## Lỗi: dẫn chiếu giữa các văn bản

reports-on-outside = reports_on `{ $target }` không phải một văn bản của trang này
    .help = hãy ghi số hiệu của kế hoạch đúng như phần khai báo của nó, hoặc đường dẫn của nó trong content/.
number-ambiguous = `{ $number }` có thể là bất kỳ văn bản nào trong số { $candidates }; nên chưa gắn liên kết
    .help = hãy ghi thêm ngày hoặc cơ quan ban hành ngay sau số hiệu (`… số 138-KH/HU ngày 23/8/2022 của Huyện ủy …`).
based-on-ambiguous = based_on `{ $number }` trùng với nhiều văn bản của trang
    .help = hãy ghi đường dẫn của văn bản trong content/ thay cho số hiệu.
number-duplicate = { $document } có cùng số hiệu `{ $number }` với { $other }
    .help = hãy kiểm tra lại số hiệu: mỗi đơn vị chỉ cấp mỗi số một lần trong năm.

## Lỗi: thư mục kết quả, xem trước

output-is-file = Đường dẫn kết quả là một tệp, không phải thư mục
    .help = hãy chọn nơi khác bằng `--output THƯ_MỤC`.
output-holds-site = Thư mục kết quả { $relation ->
        [is] lại chính là
        [inside] lại nằm trong
       *[holds] lại chứa
    } thư mục nguồn của trang ({ $sources })
    .help = hãy ghi trang ra một thư mục riêng bên cạnh content/, ví dụ `--output public`.
output-not-ours = Thư mục này không do bantin tạo ra, nên bantin không ghi đè lên
    .help = hãy chọn một thư mục trống hoặc mới bằng `--output THƯ_MỤC`, hoặc tự làm trống thư mục này.
output-swap-failed = Không đặt được trang mới vào chỗ: { $reason }
    .help = hãy kiểm tra quyền ghi của thư mục kết quả và thư mục chứa nó, và xem có chương trình nào đang mở tệp trong đó không.
staging-failed = Không tạo được thư mục tạm bên cạnh thư mục kết quả: { $reason }
    .help = hãy kiểm tra quyền ghi và dung lượng trống ở nơi ghi kết quả.
rebuild-failed = bantin gặp sự cố khi tạo lại trang: { $reason }
    .help = hãy lưu lại tệp để thử lại; xin báo lỗi này kèm tệp bạn vừa sửa.
output-is-link = Thư mục kết quả là một liên kết tượng trưng (tới { $target }); bantin không thay thư mục qua liên kết
    .help = hãy chỉ ra thư mục thật bằng `--output { $real }`, hoặc xóa liên kết đó.
old-output-left = Trang mới đã vào chỗ, nhưng không xóa được bản cũ trong { $folder }: { $reason }
    .help = hãy tự xóa thư mục đó, hoặc kiểm tra quyền truy cập; lần tạo trang sau sẽ thử lại.
zip-target-refused = { $what ->
        [folder] Đây là một thư mục, không phải tệp zip
       *[file] Tệp này đã có và không phải tệp zip, nên bantin không ghi đè lên nó
    }
    .help = hãy ghi tên tệp zip cần tạo, ví dụ `--zip trang-web.zip`, hoặc chuyển tệp đang có đi chỗ khác trước.
zip-write-failed = Không { $step ->
        [create] tạo được
       *[finish] ghi xong được
    } tệp zip: { $reason }
    .help = hãy kiểm tra thư mục chứa tệp zip có tồn tại, còn chỗ trống và được phép ghi.

## build và check

counts = { $errors } lỗi, { $warnings } cảnh báo{ $notes ->
        [0] {""}
       *[other] , { $notes } ghi chú
    }
build-failed = bantin: không tạo được trang, có { $counts }; { $output } vẫn giữ nguyên như cũ
build-failed-output-changed = bantin: không tạo được trang, có { $counts }; { $output } đã bị thay đổi: hãy xem các lỗi ở trên
publish-no-zip = bantin publish: không dùng --zip khi xuất bản — publish gửi thư mục trang web lên nơi nhận; muốn có tệp zip, hãy chạy `bantin build --zip TỆP`
build-done = bantin: { $documents } văn bản, { $pages } trang, { $files } tệp ({ $kept ->
        [0] {""}
       *[other] { $kept } tệp giữ nguyên từ lần tạo trước, {""}
    }{ $megabytes } MB, chỉ mục tìm kiếm { $search_megabytes } MB) trong { $output }, mất { $seconds } giây
check-done = bantin check: { $documents } văn bản, { $counts }, mất { $seconds } giây
progress-pages = trang
today-invalid = `{ $value }` không phải một ngày: hãy viết NĂM-THÁNG-NGÀY, ví dụ 2022-09-23

## serve: dòng báo trên cửa sổ lệnh

serve-watch-failed = bantin serve: cảnh báo: không theo dõi được { $folder }: { $reason }; trang sẽ không tự cập nhật khi bạn sửa
serve-listen-failed = bantin serve: lỗi: không mở được cổng { $address }: { $reason } — có thể chương trình khác đang dùng cổng này; hãy thử `--port 0` để chọn cổng còn trống
serve-exposed = bantin serve: cảnh báo: đang mở trên { $address } — máy khác trong mạng có thể xem bản xem trước, kể cả bản dự thảo
serve-listening = bantin serve: { $url } (nhấn Ctrl-C để dừng)
serve-ctrlc-failed = bantin serve: cảnh báo: không bắt được Ctrl-C: { $reason }
serve-search-updated = bantin serve: đã cập nhật chỉ mục tìm kiếm, mất { $ms } ms
serve-stopped = bantin serve: đã dừng
serve-build-failed = bantin serve: không tạo được trang, có { $errors } lỗi, mất { $ms } ms; { $served ->
        [yes] vẫn đang hiển thị bản tạo thành công gần nhất
       *[no] các trang sẽ hiện lỗi cho tới khi được sửa
    }
serve-built = bantin serve: đã tạo { $documents } văn bản ({ $files } tệp), mất { $ms } ms
serve-rebuilt = bantin serve: đã tạo lại, mất { $ms } ms: đọc { $read } tệp, dựng { $rendered } trang, { $changed } tệp thay đổi

## serve: khung báo lỗi trên trang, và trang hiện ra khi chưa tạo được lần nào

overlay-title = Chưa tạo được trang: có { $errors } lỗi
overlay-close = Đóng
overlay-note = Trang bên dưới là bản tạo thành công gần nhất. Hãy sửa tệp rồi lưu lại: khung này sẽ tự biến mất.
error-page-title = bantin serve: chưa tạo được trang
error-page-heading = Trang chưa tạo được
error-page-intro = Hãy sửa các tệp dưới đây rồi lưu lại: trang này sẽ tự tải lại.

## Dòng lệnh: trợ giúp và lỗi khi gõ lệnh

cli-about = Tạo trang web tĩnh cho bản tin dân vận (kế hoạch, báo cáo: Markdown có phần khai báo YAML ở đầu).
    .long = Tạo trang web tĩnh cho bản tin dân vận.

        Thư mục của trang chứa content/ (site.yaml, units.yaml, campaigns.yaml và mỗi văn bản một tệp Markdown), có thể có thêm themes/ và templates/. Hãy chạy bantin trong thư mục đó, hoặc chỉ ra nó bằng --root.
    .examples = Ví dụ:
        {"  "}bantin build                      tạo trang từ ./content vào ./public
        {"  "}bantin serve                      xem trước, tự tải lại khi sửa, tại http://127.0.0.1:8000/
        {"  "}bantin check --format json        kiểm tra mà không ghi gì, cho trình soạn thảo và CI
cli-build-about = Tạo trang vào một thư mục (mặc định là public/).
cli-check-about = Kiểm tra lỗi và cảnh báo trong nội dung, không ghi gì ra đĩa.
cli-serve-about = Xem trước trang, tự tải lại mỗi khi bạn sửa (có cả bản dự thảo).
cli-import-about = Nhập tệp Word (.docx), OpenDocument (.odt) hoặc tệp chữ thành văn bản của trang, đọc số hiệu, ngày, đơn vị, người ký, nơi nhận và thời hạn từ cách trình bày của văn bản.
cli-init-about = Tạo bản tin mới trong một thư mục trống: cài đặt, danh sách đơn vị, một kế hoạch và một báo cáo mẫu.
cli-new-about = Tạo văn bản mới có đủ các mục khai báo, sẵn sàng để điền.
cli-theme-about = Làm việc với giao diện: `bantin theme export` chép giao diện có sẵn ra để sửa.
cli-export-about = Chép giao diện có sẵn vào trang (mặc định vào themes/default/) để sửa.
cli-completions-about = In phần tự hoàn thành lệnh cho shell: bantin completions bash|zsh|fish|powershell.
cli-guide-about = Ghi sách hướng dẫn sử dụng (tiếng Việt) thành một trang HTML để mở bằng trình duyệt.
cli-publish-about = Tạo trang, rồi gửi những gì đã thay đổi tới một thư mục hoặc máy chủ FTP, FTPS, SFTP.
    .examples = Nơi nhận:
        {"  "}E:\bantin                             một thư mục: ổ USB, thư mục chia sẻ của máy chủ cổng thông tin
        {"  "}ftp://tên@portal.example.vn/bantin     FTP (đường dẫn tính từ thư mục đăng nhập)
        {"  "}ftps://tên@portal.example.vn/bantin    FTP có mã hóa TLS
        {"  "}sftp://tên@portal.example.vn/var/www/bantin   SFTP (OpenSSH)

        Mật khẩu: biến môi trường BANTIN_FTP_PASSWORD, BANTIN_SFTP_PASSWORD (hoặc khóa: BANTIN_SFTP_KEY), hoặc tệp bantin-publish.yaml cạnh thư mục content/ (xem README). Chỉ gửi những tệp đã thay đổi kể từ lần đăng trước tới cùng nơi nhận; những tệp bantin đã gửi mà trang không còn nữa sẽ được xóa, ngoài ra không động tới tệp nào khác.
cli-deadlines-about = Liệt kê các thời hạn cho cơ quan: đơn vị nào phải làm gì, việc nào đã quá hạn, việc nào đã báo cáo.
cli-arg-dest = Một thư mục, hoặc ftp://, ftps://, sftp://tên@máy-chủ[:cổng]/thư-mục.
cli-arg-full = Tạo lại mọi trang, không giữ lại gì của lần tạo trước.
cli-publish-arg-full = Tạo lại mọi trang và gửi lại mọi tệp, bất kể lần tạo và lần đăng trước.
cli-arg-verify = Xem danh sách tệp ở nơi nhận trước, rồi gửi lại những tệp bị thiếu hoặc khác kích thước (khi có người khác có thể đã sửa).
cli-arg-accept_new_host_key = Tin và ghi nhớ khóa của máy chủ SFTP ở lần kết nối đầu tiên.
cli-arg-allow_host = Trả lời cả yêu cầu gửi tới tên máy này (ngoài localhost và địa chỉ IP); có thể ghi nhiều lần. Tên khác bị từ chối (403), để chống tấn công DNS rebinding.
cli-arg-allow_edit = Giữ bàn soạn thảo (/__bantin/soan-thao/, ghi được vào content/) cả khi --bind là địa chỉ mạng. Chỉ dùng trong mạng tin cậy.
cli-deadlines-arg-format = Cách ghi kết quả: text (chữ, mặc định), csv hoặc json.
cli-value-dest = NƠI_NHẬN
cli-value-name = TÊN_MÁY
cli-init-arg-dir = Thư mục tạo bản tin (mặc định là thư mục hiện tại); phải trống hoặc chưa có.
cli-export-arg-dir = Nơi chép giao diện (mặc định themes/default); chưa được có tệp nào.
cli-arg-kind = Loại văn bản: ke-hoach (kế hoạch), bao-cao (báo cáo), chuong-trinh, huong-dan, thong-bao, quyet-dinh, nghi-quyet, chi-thi, ket-luan, hoặc tên tiếng Việt hay tiếng Anh.
cli-arg-title = Trích yếu của văn bản, đặt trong ngoặc kép.
cli-arg-unit = Cơ quan ban hành; mặc định là đơn vị đầu tiên trong units.yaml.
cli-arg-reports_on = Với báo cáo: số hiệu (hoặc đường dẫn) của kế hoạch được báo cáo.
cli-arg-date = Ngày của văn bản (2026-09-23, 23/9/2026, …); mặc định là hôm nay.
cli-arg-file = Tệp HTML cần ghi (mặc định huong-dan-bantin.html); chưa được có sẵn.
cli-arg-shell = Shell cần tự hoàn thành lệnh: bash, zsh, fish, powershell hoặc elvish.
cli-help-about = In trợ giúp này, hoặc trợ giúp của lệnh được nêu.
cli-arg-root = Thư mục của trang (thư mục chứa content/); mặc định là thư mục hiện tại.
cli-arg-today = Coi ngày này là hôm nay khi tính thời hạn và tình trạng báo cáo (NĂM-THÁNG-NGÀY).
cli-arg-output = Nơi ghi trang (mặc định là public); chỉ được thay toàn bộ khi tạo trang thành công.
cli-arg-base_url = Địa chỉ trang sẽ được đăng, dùng cho nguồn tin (feed) và liên kết chuẩn (ví dụ https://portal.example.vn/bantin/). Liên kết giữa các trang không cần đến nó.
cli-arg-drafts = Đưa cả các văn bản có `draft: true` (bản dự thảo).
cli-arg-zip = Ghi toàn bộ trang vào tệp zip này thay cho một thư mục, để trao tay (giải nén ra là mở được ngay trên máy). Tính từ thư mục của trang.
cli-arg-format = Cách ghi kết quả: text (chữ, mặc định) hoặc json.
cli-arg-port = Cổng để mở (mặc định 8000; 0 để tự chọn cổng còn trống).
cli-arg-bind = Địa chỉ để mở (mặc định 127.0.0.1). Chỉ 127.0.0.1 là riêng cho máy này.
cli-arg-open = Mở trang trong trình duyệt mặc định.
cli-arg-lang = Ngôn ngữ của thông báo: vi (Tiếng Việt) hoặc en (English). Nếu không nêu: theo BANTIN_LANG, rồi theo `language` của trang.
cli-arg-dry_run = Cho xem những gì sẽ được ghi, nhưng không ghi gì.
cli-arg-force = Ghi đè văn bản đã nhập trước đó ở cùng đường dẫn.
cli-arg-json = In báo cáo dạng JSON (cho các công cụ) thay vì dạng chữ.
cli-arg-paths = Các tệp hoặc thư mục cần nhập (.docx, .odt, .txt, .md; thư mục sẽ được tìm bên trong).
cli-arg-help = In trợ giúp.
cli-arg-version = In số phiên bản.
cli-arg-subcommand = Lệnh cần xem trợ giúp.
cli-heading-options = Tùy chọn
cli-heading-arguments = Đối số
cli-heading-commands = Lệnh
cli-usage = Cách dùng:
cli-value-options = TÙY_CHỌN
cli-value-command = LỆNH
cli-value-dir = THƯ_MỤC
cli-value-date = NGÀY
cli-value-url = ĐỊA_CHỈ
cli-value-format = ĐỊNH_DẠNG
cli-value-port = CỔNG
cli-value-bind = ĐỊA_CHỈ
cli-value-lang = NGÔN_NGỮ
cli-value-kind = LOẠI
cli-value-title = TRÍCH_YẾU
cli-value-unit = ĐƠN_VỊ
cli-value-number = SỐ_HIỆU
cli-value-file = TỆP
cli-value-shell = SHELL
cli-value-file_or_folder = TỆP_HOẶC_THƯ_MỤC
cli-error-unknown-argument = không có tùy chọn `{ $argument }`
cli-error-unknown-command = không có lệnh `{ $command }`
cli-error-invalid-value = `{ $value }` không phải là giá trị của { $argument }; hãy viết một trong: { $valid }
cli-error-value = `{ $value }` không phải là giá trị của { $argument }: { $reason }
cli-error-missing = cần có { $argument }
cli-error-other = { $reason }
cli-error-more = Để biết thêm, hãy chạy `bantin --help` (hoặc `bantin LỆNH --help`).
cli-lang-invalid = bantin không có ngôn ngữ `{ $value }`: hãy viết vi hoặc en

## Tiêu đề trong docs/ma-loi.md, danh sách mã lỗi

codes-group-files = Tệp và thư mục
codes-group-front-matter = Phần khai báo đầu văn bản
codes-group-registries = units.yaml và campaigns.yaml
codes-group-site = site.yaml
codes-group-theme = Giao diện, mẫu trang, ghi trang ra đĩa
codes-group-references = Dẫn chiếu giữa các văn bản
codes-group-output = Thư mục kết quả; xem trước (serve)
codes-group-import = Nhập văn bản (bantin import)
codes-group-other = Tệp và thư mục (tiếp)
codes-group-values = Giá trị của các mục (văn bản, units.yaml, campaigns.yaml, site.yaml)
codes-group-deadlines = Thời hạn
codes-group-publish = Đăng trang (bantin publish)
codes-group-start = Tạo bản tin, văn bản mới (init, new, theme export, guide)
codes-group-desk = Bàn soạn thảo (bantin serve)
codes-group-while-building = Trong khi dựng trang

## Lỗi thêm cùng cách viết ngày kiểu Việt Nam, tên viết sai và an toàn thư mục nội dung

severity-note = ghi chú
date-ambiguous = `{ $date }` được đọc theo thứ tự ngày trước, tức là { $words } ({ $iso })
    .help = hãy viết `{ $iso }` để khỏi nhầm.
date-canonical = `{ $date }` được đọc là { $words }
    .help = cách viết chuẩn là `{ $iso }`.
draft-with-errors = Bản nháp này còn { $errors } lỗi nên chưa được đưa lên trang. Vì là bản nháp, các lỗi đó chỉ hiện như cảnh báo và không chặn việc xây dựng trang
    .help = sửa hết các lỗi, rồi bỏ dòng `draft: true` khi muốn đăng văn bản.
link-out-of-content = Đây là liên kết tắt tới { $target }, nằm ngoài content/; bantin không đi theo nó
    .help = hãy chép tệp hoặc thư mục vào content/ thay vì tạo liên kết tắt.
link-dangling = Liên kết tắt này không dẫn tới đâu: { $reason }
    .help = hãy xóa liên kết, hoặc chép tệp cần dùng vào content/.
file-ignored = Tệp này không thuộc trang: bantin chỉ đọc các văn bản `.md`
    .help = { $extension ->
        [docx] hãy đưa tệp Word vào bằng `bantin import`.
        [doc] hãy đưa tệp Word vào bằng `bantin import`.
        [md] hãy đổi đuôi thành `.md` chữ thường.
        [txt] hãy đổi đuôi thành .md và thêm phần khai báo đầu văn bản, hoặc đưa vào bằng `bantin import`.
        [odt] hãy đưa văn bản vào bằng `bantin import`.
        [rtf] hãy đưa văn bản vào bằng `bantin import`.
       *[other] hãy đổi đuôi thành .md: bantin chỉ đọc các tệp có đuôi `.md`.
    }
address-over-own-page = Văn bản này sẽ được ghi vào /{ $address }, đè lên trang riêng của bantin { $page }
    .help = hãy đổi tên tệp hoặc thư mục của nó: các trang riêng của bantin nằm dưới /nam/, /don-vi/, /chien-dich/, /loai/, /tim-kiem/, /thoi-han/, /static/ và /search/.
template-undefined = Mẫu trang dùng tên `{ $name }` nhưng tên này không có
    .help = hãy kiểm tra chính tả: THEMES.md liệt kê các tên mẫu trang được dùng.
name-unregistered = `{ $name }` ({ $documents } văn bản) chưa có trong { $file }
    .help = hãy thêm dòng `- {"{"} name: { $name } {"}"}` vào { $file }, hoặc viết tên đúng như trong { $file }.
spelling-splits-index = Tên { $noun ->
        [unit] đơn vị
       *[campaign] chiến dịch, phong trào
    } `{ $stray }` ({ $stray_documents } văn bản) và `{ $keep }` ({ $keep_documents } văn bản) { $how ->
        [diacritics] chỉ khác nhau ở dấu
        [case] chỉ khác nhau ở chữ hoa, chữ thường hoặc khoảng trắng
       *[letter] chỉ khác nhau một chữ cái
    }: trang web sẽ hiện thành hai { $noun ->
        [unit] đơn vị
       *[campaign] chiến dịch, phong trào
    } khác nhau
spelling-fix-alias = nếu là cùng một { $noun ->
        [unit] đơn vị
       *[campaign] chiến dịch, phong trào
    }, hãy thêm cho `{ $name }` trong { $file } dòng `aliases: [{ $aliases }]`; nếu không, hãy sửa lại chính tả.
spelling-fix-new = nếu là cùng một { $noun ->
        [unit] đơn vị
       *[campaign] chiến dịch, phong trào
    }, hãy thêm vào { $file } dòng `- {"{"} name: { $keep }, aliases: [{ $stray }] {"}"}`; nếu không, hãy sửa lại chính tả.
serve-no-content = bantin serve: thư mục { $folder } chưa có content/. Hãy chạy `bantin init` trong một cửa sổ khác để tạo bản tin mới (hoặc chép thư mục content/ vào đây): trang xem trước sẽ tự hiện khi thư mục xuất hiện.

## Lỗi: giá trị của các mục

file-binary = Tệp chứa dữ liệu nhị phân, không phải văn bản: byte thứ { $offset } là ký tự NUL
    .help = văn bản là tệp chữ thuần (Markdown); tệp PDF, Word và hình ảnh hãy đặt bên cạnh làm tệp đính kèm.
value-empty = Mục `{ $key }` đang để trống
    .help = hãy viết giá trị sau dấu hai chấm, hoặc xóa dòng này.
list-item-empty = Danh sách `{ $key }` có một phần tử để trống
    .help = hãy xóa phần tử trống, hoặc viết nội dung cho nó.
front-matter-unclosed = Phần khai báo đầu văn bản chưa có dòng `---` để đóng lại
    .help = hãy kết thúc các mục bằng một dòng chỉ có `---`, trước nội dung văn bản.
signer-part-empty = Mục `{ $part }` của `signer` (người ký) đang để trống
    .help = hãy điền vào, hoặc xóa nó khỏi `signer`.
signer-part-not-text = Mục `{ $part }` của `signer` (người ký) phải là chữ, không phải { $type }
    .help = hãy viết `signer: {"{"} name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch {"}"}`.
signer-no-one = Mục `signer` (người ký) chưa ghi tên ai
    .help = hãy ghi ít nhất `name` (họ tên) hoặc `title` (chức vụ), ví dụ `signer: {"{"} name: Nguyễn Văn A, title: Chủ tịch {"}"}`.
signer-wrong-type = Mục `signer` (người ký) phải là một họ tên hoặc `{"{"}name, title, on_behalf{"}"}`, không phải { $type }
    .help = một người ký: hãy viết `signer: {"{"} name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch {"}"}`.
period-key-unknown = Mục `{ $key }` trong `period` không có trong quy ước nên bị bỏ qua
    .help = thời gian (`period`) chỉ có `from` (từ ngày) và `to` (đến ngày).
deadline-key-unknown = Mục `{ $key }` trong một thời hạn không có trong quy ước nên bị bỏ qua
    .help = một thời hạn có `date` (ngày), `what` (việc phải làm) và `by` (đơn vị phải làm).
date-year = `{ $date }` không phải một năm hợp lệ của bản tin
    .help = hãy kiểm tra lại năm: văn bản chỉ được ghi ngày từ năm { $first } đến năm { $last }.
registry-entry-not-map = Mỗi { $what ->
        [campaign] chiến dịch, phong trào
       *[unit] đơn vị
    } phải gồm các mục và giá trị, không phải { $type }
    .help = hãy viết mỗi { $what ->
        [campaign] chiến dịch, phong trào
       *[unit] đơn vị
    } bắt đầu bằng `- name: …`, các mục khác thụt lề bên dưới.
unit-own-link = { $unit } đang tự làm { $link ->
        [successor] đơn vị kế tục (successor)
       *[parent] đơn vị cấp trên (parent)
    } của chính mình
    .help = hãy sửa mục `{ $link }` của đơn vị này: nó phải ghi một đơn vị khác.
unit-link-cycle = Các { $link ->
        [successor] đơn vị kế tục (successor)
       *[parent] đơn vị cấp trên (parent)
    } tạo thành một vòng khép kín: { $units }
    .help = hãy sửa mục `{ $link }` của một trong các đơn vị đó: nó phải ghi một đơn vị khác, không dẫn ngược trở lại.
deadline-status-unknown = `deadline_status: { $value }` không phải một lựa chọn
    .help = hãy viết `preview` (tình trạng thực hiện thời hạn chỉ hiện khi xem trước, trong check và `bantin deadlines`) hoặc `public` (hiện cả trên trang đã đăng).
base-url-missing = Chưa có base_url: nguồn tin (feed), sơ đồ trang (sitemap), robots.txt và lịch sẽ trỏ tới { $url }
    .help = hãy thêm `base_url: https://portal.example.vn/bantin/` (địa chỉ trang sẽ được đăng) vào content/site.yaml, hoặc tạo trang với `--base-url https://…/`.

## Lỗi: thời hạn

deadline-by-no-recipients = Thời hạn giao cho `recipients` (nơi nhận), nhưng văn bản chưa ghi nơi nhận nào
    .help = hãy thêm `recipients: [...]`, hoặc ghi tên các đơn vị vào `by`.
deadline-by-unknown = `{ $name }` trong `by` không phải một đơn vị của trang
    .help = hãy ghi tên, tên viết tắt hoặc tên gọi khác có trong units.yaml, hoặc `recipients` để giao cho các nơi nhận của văn bản.
deadline-by-unknown-suggestion = có phải ý bạn là `{ $suggestion }`? Hãy ghi tên, tên viết tắt hoặc tên gọi khác có trong units.yaml, hoặc `recipients` để giao cho các nơi nhận của văn bản.

## bantin init, new, theme export, guide

folder-not-created = Không tạo được thư mục: { $reason }
    .help = hãy kiểm tra bạn có quyền ghi ở đó, hoặc chọn thư mục khác.
file-exists = Tệp này đã có; bantin không ghi đè lên tệp nào
    .help = hãy chọn tên hoặc thư mục khác, hoặc chuyển tệp đang có đi chỗ khác trước.
file-not-written = Không ghi được tệp: { $reason }
    .help = hãy kiểm tra bạn có quyền ghi ở đó và ổ đĩa còn chỗ trống.
init-target-is-file = Đây là một tệp, không phải thư mục
    .help = hãy ghi tên một thư mục mới, ví dụ `bantin init ban-tin`.
init-not-empty = Thư mục không trống; bantin chỉ tạo bản tin mới trong thư mục trống
    .help = hãy chọn thư mục khác, ví dụ `bantin init ban-tin`.
new-outside-site = Không có thư mục content/ ở đây
    .help = hãy chạy lệnh này trong thư mục bản tin (thư mục có content/), hoặc tạo bản tin mới bằng `bantin init`.
new-plan-not-found = Không tìm thấy văn bản `{ $target }` trong content/
    .help = hãy ghi số, ký hiệu (ví dụ `01/KH-UBND`) hoặc đường dẫn của kế hoạch.
new-title-without-letters = Tiêu đề `{ $title }` không có chữ hoặc số để đặt tên tệp
    .help = hãy viết tiêu đề bằng chữ, đặt trong ngoặc kép, ví dụ `bantin new ke-hoach "Tháng dân vận 2026"`.
theme-export-not-empty = Thư mục đã có tệp; bantin không ghi đè
    .help = hãy chọn thư mục khác, ví dụ `bantin theme export themes/cua-toi`.
new-kind-unknown = `{ $kind }` không phải loại văn bản
    .help = các loại: ke-hoach (kế hoạch), bao-cao (báo cáo), chuong-trinh, huong-dan, thong-bao, quyet-dinh, nghi-quyet, chi-thi, ket-luan, van-ban-khac.
new-date-invalid = `{ $date }` không phải ngày
    .help = hãy viết 2026-09-23 hoặc 23/9/2026.
init-done = Đã tạo bản tin mới trong { $folder }:
init-next = Bước tiếp theo:
init-step-serve = xem trước tại http://127.0.0.1:8000/
init-step-new = viết kế hoạch mới (bao-cao: báo cáo)
init-step-build = tạo trang web trong thư mục public/
init-read-guide = Đọc thêm trong tệp HƯỚNG DẪN.md.
new-done = Đã tạo { $path }
new-next = Mở tệp để viết nội dung; các dòng bắt đầu bằng # là ví dụ, bỏ dấu # để dùng.
    Xem trước: bantin serve
theme-exported = Đã chép giao diện mặc định ({ $files } tệp) vào { $folder }.
theme-exported-in-use = bantin dùng ngay bản này; sửa các tệp trong templates/ và static/.
theme-exported-elsewhere = Để dùng, ghi `theme: { $name }` vào content/site.yaml (thư mục phải nằm trong themes/).
guide-written = Đã ghi hướng dẫn sử dụng vào { $file }; mở tệp này bằng trình duyệt.

## bantin publish

help-label = cách sửa:
publish-config = Không dùng được { $subject }
publish-auth = Máy chủ { $subject } từ chối tên đăng nhập hoặc mật khẩu (khóa)
    .help = hãy kiểm tra tên đăng nhập và mật khẩu: biến môi trường BANTIN_FTP_PASSWORD / BANTIN_SFTP_PASSWORD, hoặc tệp bantin-publish.yaml cạnh thư mục content/.
publish-unreachable = Không tìm thấy hoặc không tới được máy chủ { $subject }
    .help = hãy kiểm tra tên máy chủ và kết nối mạng.
publish-refused = Máy chủ { $subject } từ chối kết nối
    .help = hãy kiểm tra cổng (FTP thường là 21, SFTP là 22) và hỏi quản trị viên máy chủ xem dịch vụ có đang chạy không.
publish-timeout = Máy chủ { $subject } không trả lời kịp
    .help = hãy kiểm tra kết nối mạng rồi chạy lại: lần sau chỉ gửi nốt phần còn thiếu.
publish-permission = Không có quyền ghi { $subject }
    .help = hãy đề nghị quản trị viên cổng thông tin cấp quyền ghi vào thư mục này cho tài khoản.
publish-disk-full = Hết chỗ trống khi ghi { $subject }
    .help = hãy giải phóng dung lượng ở nơi nhận rồi chạy lại.
publish-host-key-unknown = Lần đầu kết nối tới { $subject }: chưa biết khóa của máy chủ này ({ $fingerprint })
    .help = hãy hỏi quản trị viên máy chủ xem dấu vân tay này có đúng không; nếu đúng, chạy lại với --accept-new-host-key để ghi nhớ khóa vào { $known_hosts }.
publish-host-key-changed = KHÓA CỦA MÁY CHỦ { $subject } ĐÃ THAY ĐỔI ({ $fingerprint }): có thể đây không phải máy chủ thật
    .help = chưa gửi gì cả. Hãy hỏi quản trị viên máy chủ; nếu khóa đổi thật, xóa dòng cũ của máy chủ trong { $known_hosts }.
publish-certificate = Chứng chỉ TLS của { $subject } không được tin cậy
    .help = nếu máy chủ dùng chứng chỉ tự ký, hãy xin quản trị viên tệp chứng chỉ và ghi `ca_file:` trong bantin-publish.yaml.
publish-local = Không đọc/ghi được { $subject }
publish-other = Lỗi khi gửi tới { $subject }
publish-password-in-address = Mật khẩu nằm ngay trong địa chỉ: nó có thể bị lưu lại trong lịch sử lệnh
    .help = hãy đặt mật khẩu trong biến môi trường (BANTIN_FTP_PASSWORD, BANTIN_SFTP_PASSWORD) hoặc trong tệp bantin-publish.yaml.
publish-scheme-unknown = bantin không gửi được tới địa chỉ `{ $scheme }://`; hãy dùng một thư mục, ftp://, ftps:// hoặc sftp://
publish-address-invalid = Địa chỉ không hợp lệ; hãy viết dạng { $scheme }://tên@máy-chủ[:cổng]/thư-mục
publish-no-host = Địa chỉ thiếu tên máy chủ
publish-no-user = Thiếu tên đăng nhập: hãy viết sftp://tên@máy-chủ/thư-mục
publish-folder-overlaps = Thư mục nhận trùng, chứa hoặc nằm trong thư mục nguồn của trang hay thư mục kết quả; hãy chọn một thư mục khác (ổ USB, thư mục chia sẻ của máy chủ)
publish-progress = tải lên
publish-done = bantin publish: tải lên { $uploaded } tệp ({ $megabytes } MB) · xóa { $removed } · giữ nguyên { $unchanged } · { $seconds } giây → { $destination }

## bantin import: tệp không nhập được, báo cáo nhập

-how-to-docx = hãy mở tệp bằng Word, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “Word Document (*.docx)”; hoặc mở bằng LibreOffice Writer, Tệp → Lưu thành, kiểu “Word 2007–365 (.docx)”; rồi nhập tệp .docx mới
import-not-found = Không có tệp hay thư mục này: hãy kiểm tra lại tên và đường dẫn
import-unreadable = Không đọc được tệp ({ $reason }): hãy kiểm tra quyền đọc, hoặc đóng chương trình đang mở tệp
import-empty = Tệp rỗng (0 byte): hãy chép lại tệp gốc rồi nhập lại
import-too-large = Tệp quá lớn (giới hạn { $limit } MB): một kế hoạch, báo cáo thường dưới 5 MB; hãy nén ảnh trong Word (Tệp → Nén ảnh) hoặc tách phụ lục thành tệp riêng
import-not-zip = Đây không phải tệp Word .docx thật (nội dung không phải gói .docx; có thể là tệp khác bị đổi đuôi, hoặc tệp hỏng): { -how-to-docx }
import-bad-zip = Tệp .docx/.odt bị hỏng ({ $reason }): hãy mở bằng Word hoặc LibreOffice, lưu lại rồi nhập lại
import-not-word = Gói tệp không có word/document.xml nên không phải văn bản Word: hãy nhập đúng tệp .docx của văn bản
import-not-odt = Gói tệp không có content.xml nên không phải văn bản OpenDocument (.odt)
import-bad-xml = Nội dung văn bản bị hỏng ({ $reason }): hãy mở bằng Word, lưu lại rồi nhập lại
import-encrypted = Tệp có mật khẩu (được mã hóa) hoặc là tệp Word 97–2003 (.doc) bị đổi đuôi: hãy mở bằng Word, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu, xóa mật khẩu), rồi { -how-to-docx }
import-doc = Tệp Word 97–2003 (.doc) chưa nhập trực tiếp được: { -how-to-docx }
import-pdf = Tệp PDF không giữ bố cục văn bản (đầu văn bản, chữ ký, nơi nhận) nên không nhập được: hãy xin bản Word (.docx) gốc; nếu chỉ có PDF, mở bằng Word (Tệp → Mở, Word chuyển PDF thành văn bản), kiểm tra lại rồi Lưu thành .docx và nhập tệp đó
import-not-text = Tệp không phải văn bản thuần (có dữ liệu nhị phân): với văn bản Word hãy dùng đuôi .docx
import-unsupported = Không nhập được tệp “.{ $extension }”: bantin nhập .docx, .odt, .txt và .md
import-no-text = Văn bản không có chữ nào (có thể chỉ là ảnh quét): hãy nhập bản có chữ
import-front-matter = Tệp đã có phần đầu YAML (---) nên đã là văn bản của trang: chép thẳng vào content/, không cần nhập
import-exists = { $path } đã có: không ghi đè; thêm --force để thay bằng bản nhập mới
import-outside = { $path } nằm ngoài thư mục content/ (có liên kết tắt trỏ ra ngoài?): không ghi
import-write-failed = Không ghi được { $path }: { $reason }; hãy kiểm tra quyền ghi và chỗ trống trên đĩa
import-summary = bantin import: { $imported } tệp nhập được, { $failed } tệp lỗi, { $review } văn bản có trường cần xem lại
import-progress-files = tệp
import-field = { $key ->
        [kind] loại văn bản
        [title] trích yếu
        [number] số, ký hiệu
        [date] ngày ban hành
        [place] địa danh
        [unit] cơ quan ban hành
        [signer] người ký
        [recipients] nơi nhận
        [based_on] căn cứ
        [reports_on] báo cáo kế hoạch
        [period] thời gian thực hiện
        [deadlines] thời hạn
       *[campaigns] phong trào
    }
import-conversion = { $runs ->
        [0] { $encoding } → Unicode, cả tệp
       *[other] { $encoding } → Unicode, { $runs } đoạn chữ theo phông
    }
import-number-blank = số để trống
import-day-blank = ngày để trống
import-day-month-blank = ngày, tháng để trống
import-no-date-line = không có dòng ngày tháng; năm lấy từ trích yếu
import-unit-unregistered = chưa có trong units.yaml
import-short-example = (tên viết tắt, ví dụ UBND huyện …)
import-unit-note = cơ quan “{ $unit }” chưa có trong content/units.yaml: trang đơn vị vẫn được tạo; để ghép đúng đơn vị, thêm vào units.yaml:
    { $entry }
import-no-date-note = văn bản không có dòng ngày tháng: đã ghi năm; sửa `date:` khi biết ngày ban hành
import-needs-look = cần xem lại
import-would-write = sẽ ghi
import-wrote = đã ghi
import-not-found-value = (không thấy)
import-converted = đã chuyển mã

## Thời hạn: bảng theo dõi

deadline-status = { $status ->
        [on_time] Đã báo cáo đúng hạn
        [late] Báo cáo muộn
        [overdue] Quá hạn, chưa có báo cáo
       *[pending] Chưa đến hạn
    }
deadline-unassigned = Chưa ghi đơn vị thực hiện
deadline-document-numbered = { $kind } số { $number }
deadline-document-titled = { $kind }: { $title }
deadline-column = { $column ->
        [due] Hạn
        [status] Tình trạng
        [owner] Đơn vị thực hiện
        [what] Nội dung
        [document] Văn bản
        [file] Tệp
       *[report] Báo cáo
    }
deadline-none = Không có thời hạn nào.
publish-no-credentials = Chưa có mật khẩu hay khóa: hãy đặt BANTIN_SFTP_PASSWORD hoặc BANTIN_SFTP_KEY, hoặc ghi vào bantin-publish.yaml
publish-rename-unexpected = Máy chủ trả lời không như mong đợi khi đổi tên tệp vào chỗ
import-level-example = level: huyện   # tỉnh | huyện | xã | sở | đảng | đoàn thể
serve-timings = bantin serve: thời gian từng bước (ms): { $phases }

## A double-clicked bantin.exe (Windows)
launcher-intro = bantin — phần mềm làm trang bản tin dân vận
launcher-no-bulletin = Thư mục { $folder } chưa có bản tin (thư mục content).
launcher-ask = Tạo một bản tin mẫu ở đây để bắt đầu? [C/k]
launcher-declined = Không tạo gì. Chạy `bantin --help` trong cửa sổ lệnh để xem mọi lệnh.
launcher-created = Đã tạo bản tin mẫu trong { $folder }: đọc tệp HƯỚNG DẪN.md, sửa các tệp trong thư mục content; trang xem trước tự cập nhật.
launcher-opening = Đang mở bản xem trước của { $folder } trong trình duyệt. Để dừng: đóng cửa sổ này.
launcher-press-enter = Nhấn Enter để đóng cửa sổ.

## The editor's desk (bantin serve)
serve-foreign-host = bantin serve: bản xem trước chỉ trả lời ở localhost hoặc ở địa chỉ của máy này, không trả lời ở "{ $host }".
    Muốn mở bằng tên khác, hãy chạy `bantin serve --allow-host TÊN`.
desk-off = bantin serve: bàn soạn thảo đang tắt vì bản xem trước mở ra mạng. Để bật: chạy `bantin serve --allow-edit` (chỉ trên mạng tin cậy).
desk-allow-edit = bantin serve: cảnh báo: --allow-edit bật bàn soạn thảo trên { $address } — ai mở được trang này trong mạng và có trang bàn soạn thảo thì ghi được vào content/
desk-open = bantin serve: bàn soạn thảo: { $url }
desk-no-host = Yêu cầu không ghi tên máy (Host) nên bị từ chối, không ghi gì. Hãy mở bàn soạn thảo từ trang xem trước.
desk-foreign-host = Yêu cầu gửi tới tên máy "{ $host }", không phải máy này, nên bị từ chối, không ghi gì. Hãy mở bàn soạn thảo ở địa chỉ mà bantin serve in ra.
desk-foreign-origin = Yêu cầu không đến từ trang bàn soạn thảo của bản xem trước này nên bị từ chối, không ghi gì. Hãy mở bàn soạn thảo từ trang xem trước rồi làm lại.
desk-token = Mã phiên của bàn soạn thảo không khớp (bản xem trước có thể vừa khởi động lại) nên không ghi gì. Hãy chép phần vừa gõ ra ngoài nếu cần, rồi tải lại trang bàn soạn thảo.
desk-too-large = Tệp lớn hơn { $limit } MiB nên không nhận. Hãy nén hoặc chia nhỏ tệp rồi gửi lại.
desk-bad-request = Yêu cầu không đọc được ({ $reason }). Hãy tải lại trang bàn soạn thảo.
desk-not-found = Không đọc được { $path }: { $reason }. Tệp có thể vừa bị đổi tên hoặc xóa: hãy quay lại trang xem trước và mở lại văn bản.
desk-changed-meanwhile = Tệp { $path } đã được sửa ở nơi khác sau khi bạn mở. Bàn soạn thảo không ghi đè: hãy tải lại văn bản (những gì bạn vừa gõ sẽ mất) hoặc chép phần đã sửa ra trước.
desk-errors-draft-only = Văn bản còn lỗi nên chỉ lưu được dưới dạng bản nháp (draft: true). Sửa các lỗi bên cạnh từng ô, hoặc bấm "Lưu bản nháp".
desk-upload-gone = Tệp đính kèm đã tải lên không còn giữ trên máy chủ (bản xem trước đã khởi động lại?). Hãy chọn lại tệp.
desk-upload-type = Không nhận tệp { $name }: chỉ nhận các loại { $types }.
desk-upload-empty = Tệp { $name } trống, không có gì để đính kèm. Hãy chọn lại đúng tệp.
desk-name-empty = Hãy gõ tên.
desk-name-taken = Danh mục đã có "{ $name }".
desk-level-unknown = Cấp "{ $level }" không có; hãy chọn trong danh sách.
desk-path-refused = Đường dẫn { $path } không nằm trong thư mục content/ hoặc không phải tệp .md: không ghi.
desk-write-failed = Không ghi được { $path }: { $reason }. Văn bản chưa được lưu; hãy kiểm tra ổ đĩa còn chỗ và thư mục không bị khóa chỉ đọc, rồi bấm Lưu lần nữa.
desk-file-exists = Đã có tệp { $path }: không ghi đè. Hãy đổi tên tệp đính kèm.
desk-ui-title = Bàn soạn thảo
desk-ui-back = Về trang xem trước
desk-ui-new = Văn bản mới
desk-ui-editing = Sửa văn bản
desk-ui-import = Nhập từ tệp Word
desk-ui-import-hint = Kéo thả tệp .docx, .odt hoặc .txt vào ô này, hoặc chọn tệp. Các ô chương trình chưa chắc được đánh dấu "cần xem lại"; bản gốc được giữ làm tài liệu kèm theo.
desk-ui-import-choose = Chọn tệp để nhập
desk-ui-review = cần xem lại
desk-ui-kind = Loại văn bản
desk-ui-title-field = Trích yếu
desk-ui-number = Số, ký hiệu
desk-ui-number-hint = Ví dụ 138-KH/HU hoặc 05/KH-UBND
desk-ui-date = Ngày ban hành
desk-ui-date-hint = Ví dụ 23/9/2022; có thể chỉ ghi 9/2022 hoặc 2022
desk-ui-year = Năm của nội dung (nếu khác năm ban hành)
desk-ui-place = Địa danh
desk-ui-unit = Cơ quan ban hành
desk-ui-unit-hint = Gõ vài chữ, có dấu hay không dấu đều được (dong van tìm ra Đồng Văn)
desk-ui-add-unit = Thêm đơn vị mới vào danh mục
desk-ui-add-campaign = Thêm phong trào mới vào danh mục
desk-ui-level = Cấp
desk-ui-parent = Đơn vị cấp trên
desk-ui-add = Thêm
desk-ui-cancel = Thôi
desk-ui-campaigns = Phong trào, cuộc vận động
desk-ui-signer = Người ký
desk-ui-signer-name = Họ tên
desk-ui-signer-title = Chức vụ
desk-ui-signer-on-behalf = Thay mặt (TM., KT., …)
desk-ui-recipients = Nơi nhận (mỗi dòng một nơi)
desk-ui-based-on = Căn cứ (văn bản của trang: gõ số hoặc trích yếu)
desk-ui-reports-on = Báo cáo về kế hoạch (số hoặc trích yếu)
desk-ui-period = Thời gian thực hiện
desk-ui-from = Từ ngày
desk-ui-to = Đến ngày
desk-ui-deadlines = Thời hạn
desk-ui-deadline-date = Hạn
desk-ui-deadline-what = Việc phải làm
desk-ui-deadline-by = Đơn vị phải làm (cách nhau bằng dấu phẩy)
desk-ui-add-deadline = Thêm thời hạn
desk-ui-remove = Bỏ
desk-ui-summary = Tóm tắt
desk-ui-tags = Lĩnh vực (mỗi dòng một lĩnh vực)
desk-ui-attachments = Tài liệu kèm theo
desk-ui-attach = Thêm tệp đính kèm
desk-ui-draft = Bản nháp (không đưa lên trang khi xuất bản)
desk-ui-body = Nội dung văn bản
desk-ui-body-hint = Dùng các nút để chèn đề mục, danh sách, bảng, liên kết.
desk-ui-heading = Đề mục
desk-ui-list = Danh sách
desk-ui-numbered = Danh sách số
desk-ui-table = Bảng
desk-ui-link = Liên kết
desk-ui-preview = Xem trước nội dung
desk-ui-check = Kiểm tra
desk-ui-save = Lưu
desk-ui-save-draft = Lưu bản nháp
desk-ui-saved = Đã lưu { $path }.
desk-ui-see-page = Xem trang
desk-ui-checking = Đang kiểm tra…
desk-ui-ok = Không có lỗi.
desk-ui-errors = Còn { $count } lỗi: xem thông báo bên cạnh từng ô.
desk-ui-comments-lost = Chú thích (#) trong các khóa sau sẽ mất khi lưu: { $keys }
desk-ui-reload = Tải lại văn bản
desk-ui-general = Văn bản
desk-ui-no-match = Không có trong danh mục.
desk-ui-edit-link = Sửa
desk-ui-new-link = Soạn văn bản
