#!/bin/sh
# Cài đặt Khiên trên Linux / Install Khiên on Linux.
#
#   sudo ./install.sh            for every user: /opt/khien, menu entry for all
#   ./install.sh                 for yourself only: ~/.local/opt/khien
#   ./install.sh --uninstall     remove the program (the records are kept)
#
# The officers' records live in each user's own data folder (~/.local/share/Khien) and are
# never touched here: not when upgrading, not when removing the program. An older Khiên is
# never installed over a newer one (a newer Khiên may already have upgraded the records,
# and the older one could not open them).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
NEW_VERSION=$(cat "$HERE/khien/VERSION")

if [ -n "${KHIEN_INSTALL_ROOT:-}" ]; then  # everything under one folder (the tests)
    PREFIX="$KHIEN_INSTALL_ROOT/opt/khien"
    APPS="$KHIEN_INSTALL_ROOT/applications"
    ICONS="$KHIEN_INSTALL_ROOT/icons/hicolor"
    BIN="$KHIEN_INSTALL_ROOT/bin"
elif [ "$(id -u)" = 0 ]; then
    PREFIX=/opt/khien
    APPS=/usr/share/applications
    ICONS=/usr/share/icons/hicolor
    BIN=/usr/local/bin
else
    PREFIX="$HOME/.local/opt/khien"
    APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
    ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
    BIN="$HOME/.local/bin"
fi

say() { printf '%s\n%s\n' "$1" "$2"; }

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

uninstall() {
    rm -rf "$PREFIX"
    rm -f "$APPS/khien.desktop" "$BIN/khien"
    for size in 16 24 32 48 64 128 256; do rm -f "$ICONS/${size}x${size}/apps/khien.png"; done
    refresh_menus
    say "Đã gỡ Khiên. Dữ liệu của cán bộ vẫn được giữ nguyên." \
        "Khiên was removed. The officers' records were kept."
}

if [ "${1:-}" = "--uninstall" ]; then
    uninstall
    exit 0
fi

# Refuse to replace a newer installed version with this older one.
if [ -f "$PREFIX/VERSION" ]; then
    OLD_VERSION=$(cat "$PREFIX/VERSION")
    NEWEST=$(printf '%s\n%s\n' "$OLD_VERSION" "$NEW_VERSION" | sort -V | tail -n 1)
    if [ "$OLD_VERSION" != "$NEW_VERSION" ] && [ "$NEWEST" = "$OLD_VERSION" ]; then
        say "Máy này đã có Khiên $OLD_VERSION, mới hơn bản $NEW_VERSION này. Không cài bản cũ đè lên bản mới: dữ liệu đã được bản mới nâng cấp sẽ không mở được." \
            "Khiên $OLD_VERSION, newer than this $NEW_VERSION, is installed. An older version is not installed over a newer one: records the newer version upgraded could not be opened." >&2
        exit 1
    fi
fi

# Nor on an account whose records a newer Khiên has opened (desktop/ui/app.py notes it).
DATA="${XDG_DATA_HOME:-$HOME/.local/share}/Khien"
if [ -f "$DATA/khien-version.txt" ]; then
    SEEN=$(head -n 1 "$DATA/khien-version.txt")
    NEWEST=$(printf '%s\n%s\n' "$SEEN" "$NEW_VERSION" | sort -V | tail -n 1)
    if [ "$SEEN" != "$NEW_VERSION" ] && [ "$NEWEST" = "$SEEN" ]; then
        say "Dữ liệu Khiên của tài khoản này ($DATA) đã được Khiên $SEEN mở, mới hơn bản $NEW_VERSION này. Hãy cài Khiên $SEEN trở lên." \
            "The Khiên records of this account ($DATA) were opened by Khiên $SEEN, newer than this $NEW_VERSION. Install Khiên $SEEN or later." >&2
        exit 1
    fi
fi

mkdir -p "$(dirname "$PREFIX")" "$APPS" "$BIN"
STAGE="$PREFIX.new.$$"
rm -rf "$STAGE"
cp -a "$HERE/khien" "$STAGE"
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"

for size in 16 24 32 48 64 128 256; do
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$PREFIX/_internal/resources/icons/khien-$size.png" "$ICONS/${size}x${size}/apps/khien.png"
done
sed "s|^Exec=.*|Exec=\"$PREFIX/khien\"|" "$HERE/khien.desktop" > "$APPS/khien.desktop"
chmod 644 "$APPS/khien.desktop"
ln -sf "$PREFIX/khien" "$BIN/khien"
refresh_menus

say "Đã cài Khiên $NEW_VERSION vào $PREFIX. Mở Khiên từ menu ứng dụng (mục Văn phòng)." \
    "Khiên $NEW_VERSION was installed in $PREFIX. Open it from the applications menu (Office)."
say "Kiểm tra bản cài đặt: khien selftest" "Check the installation: khien selftest"
