#!/usr/bin/env bash
# Builds the release artefacts from a checkout into target/dist/:
#
#   bantin-<version>-windows-x64.zip     bantin.exe (cross-built with mingw-w64), the two
#                                        launchers, a starter bulletin, the guide, README.txt
#   bantin-<version>-linux-x64.tar.gz    a static musl binary, the starter bulletin, the guide
#
# Needs the rustup targets x86_64-pc-windows-gnu and x86_64-unknown-linux-musl, Debian's
# gcc-mingw-w64-x86-64 and musl-tools, and python3 (for the zip, whose names must carry the
# UTF-8 flag so that Windows shows "Xem trước.bat" as written). `bash .ci/run --install-only`
# installs them. The Windows build goes to target/windows, where the Wine suite looks for it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }
started=$SECONDS

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
out=target/dist
win_dir=$out/bantin-$version-windows-x64
linux_dir=$out/bantin-$version-linux-x64
# Every file of the packages gets the time of the last commit, so a rebuild of the same
# commit gives the same archives.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

say "bantin $version: Windows x64 (x86_64-pc-windows-gnu)"
CARGO_TARGET_DIR=target/windows cargo build --release --locked --target x86_64-pc-windows-gnu
exe=target/windows/x86_64-pc-windows-gnu/release/bantin.exe

say "Linux x64, static (x86_64-unknown-linux-musl)"
cargo build --release --locked --target x86_64-unknown-linux-musl
musl=target/x86_64-unknown-linux-musl/release/bantin
if readelf -d "$musl" | grep -q NEEDED; then
    echo "error: $musl needs shared libraries: $(readelf -d "$musl" | grep NEEDED)" >&2
    exit 1
fi

say "the guide (bantin guide: docs/huong-dan.md as one HTML page)"
rm -rf "$out"
mkdir -p "$win_dir" "$linux_dir"
guide=$out/guide.html
"$musl" guide "$guide"

# CRLF and a UTF-8 text for Windows; cmd reads a batch file in the console's code page,
# so each launcher switches to UTF-8 (chcp 65001) before its first Vietnamese line.
crlf() { sed 's/$/\r/'; }

say "package: $win_dir.zip"
cp "$exe" "$win_dir/bantin.exe"
cp -r content "$win_dir/content"
cp "$guide" "$win_dir/Hướng dẫn sử dụng.html"
crlf > "$win_dir/Xem trước.bat" <<'BAT'
@echo off
chcp 65001 >nul
cd /d "%~dp0"
echo Đang mở bản xem trước trong trình duyệt. Đóng cửa sổ này (hoặc nhấn Ctrl+C) để dừng.
bantin.exe serve --open
if errorlevel 1 (
    echo.
    echo Bản xem trước không chạy được: xem thông báo ở trên.
    pause
)
BAT
crlf > "$win_dir/Xuất bản.bat" <<'BAT'
@echo off
chcp 65001 >nul
cd /d "%~dp0"
rem The portal's address, when the office has one, is the first line of noi-xuat-ban.txt.
set "DICH="
if exist "noi-xuat-ban.txt" set /p DICH=<"noi-xuat-ban.txt"
if defined DICH (
    echo Đang dựng trang web và gửi lên %DICH% ...
    bantin.exe publish "%DICH%"
) else (
    echo Đang dựng trang web từ thư mục content ...
    bantin.exe build
)
if errorlevel 1 (
    echo.
    echo Chưa xong: sửa các lỗi ở trên rồi chạy lại.
    pause
    exit /b 1
)
echo.
if defined DICH (
    echo Xong. Trang web đã được gửi lên %DICH%.
) else (
    echo Xong. Trang web nằm trong thư mục public: chép toàn bộ thư mục đó lên cổng thông tin
    echo hoặc mở public\index.html để xem ngay trên máy này.
    echo Để lần sau gửi thẳng lên cổng thông tin: ghi địa chỉ, ví dụ
    echo sftp://vanphong@portal.example.vn/var/www/bantin hoặc E:\bantin,
    echo vào dòng đầu của tệp noi-xuat-ban.txt cạnh tệp này.
)
pause
BAT
crlf > "$win_dir/README.txt" <<TXT
bantin $version - phần mềm làm trang bản tin dân vận (Windows 64-bit)

Không cần cài đặt: giải nén cả thư mục này vào một chỗ trên máy (ví dụ Tài liệu).

  Xem trước.bat   mở bản xem trước trong trình duyệt; mỗi lần lưu tệp trong content,
                  trang tự tải lại. Đóng cửa sổ đen để dừng.
  Xuất bản.bat    dựng trang web hoàn chỉnh vào thư mục public, để chép lên cổng
                  thông tin hoặc mở thẳng từ máy, từ USB.
  bantin.exe      chương trình; nhấp đúp vào nó cũng mở bản xem trước.
  content         bản tin mẫu: site.yaml (tên trang), units.yaml (các đơn vị),
                  campaigns.yaml (các phong trào) và mỗi văn bản một tệp .md.
  Hướng dẫn sử dụng.html   hướng dẫn đầy đủ, mở bằng trình duyệt.
  noi-xuat-ban.txt         (tùy chọn) địa chỉ để Xuất bản.bat gửi thẳng trang lên
                           cổng thông tin, xem phần "Xuất bản" trong hướng dẫn.

Dùng trong cửa sổ lệnh (cmd), ngay trong thư mục này:
  bantin check    kiểm tra nội dung, báo lỗi kèm dòng, cột và cách sửa
  bantin build    dựng trang vào public
  bantin serve    xem trước tại http://127.0.0.1:8000/
  bantin --help   mọi lệnh và tùy chọn

Windows Defender SmartScreen có thể hỏi lần đầu chạy bantin.exe: chọn "Thông tin
thêm" rồi "Vẫn chạy".
TXT

say "package: $linux_dir.tar.gz"
cp "$musl" "$linux_dir/bantin"
cp -r content "$linux_dir/content"
cp "$guide" "$linux_dir/Hướng dẫn sử dụng.html"
cat > "$linux_dir/README.txt" <<TXT
bantin $version - phần mềm làm trang bản tin dân vận (Linux 64-bit, chạy trên mọi bản phân phối)

Giải nén rồi, trong thư mục này:
  ./bantin serve --open   xem trước trong trình duyệt, tự tải lại khi lưu tệp
  ./bantin build          dựng trang vào thư mục public
  ./bantin check          kiểm tra nội dung
  ./bantin --help         mọi lệnh và tùy chọn

  ./bantin publish ĐỊA_CHỈ  dựng rồi gửi trang lên cổng thông tin (thư mục, ftp://, ftps://, sftp://)

content/ là bản tin mẫu; hướng dẫn sử dụng: "Hướng dẫn sử dụng.html".
TXT

find "$out" -exec touch -h -d "@$epoch" {} +
python3 - "$win_dir" "$epoch" <<'PY'
# A zip whose entries carry the UTF-8 flag (Python sets it for every non-ASCII name),
# in name order with fixed times, so the same commit gives the same bytes.
import os, sys, time, zipfile
src, epoch = sys.argv[1], int(sys.argv[2])
stamp = time.gmtime(max(epoch, 315532800))[:6]
base = os.path.dirname(src)
with zipfile.ZipFile(src + ".zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            info = zipfile.ZipInfo(os.path.relpath(path, base), stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -C "$out" -czf "$linux_dir.tar.gz" "$(basename "$linux_dir")"

say "done in $((SECONDS - started)) s:"
for f in "$exe" "$musl" "$win_dir.zip" "$linux_dir.tar.gz"; do
    printf '    %-60s %s bytes\n' "$f" "$(stat -c %s "$f")"
done
