#!/bin/sh
# Install this LiveDesk bundle for the current user: `livedesk` in ~/.local/bin, the menu entry,
# the icons and the AppStream metadata. The bundle stays where it is; move it first if you like
# (e.g. to ~/.local/opt/livedesk), then run ./install.sh again.
#
#     ./install.sh              install (PREFIX=/some/where ./install.sh for another prefix)
#     ./install.sh --uninstall  remove what it installed (the bundle folder itself stays)
set -eu
APP_ID=io.livedesk.LiveDesk
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
share="$prefix/share"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$prefix/bin/livedesk" "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
    find "$share/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
    refresh
    echo "LiveDesk removed from $prefix (the bundle in $here is untouched)"
    exit 0
fi

mkdir -p "$prefix/bin" "$share/applications" "$share/metainfo" "$share/icons"
ln -sf "$here/livedesk" "$prefix/bin/livedesk"
# The menu entry starts this bundle by its full path (quoted: the path may hold spaces).
sed "s|^Exec=livedesk\$|Exec=\"$here/livedesk\"|" "$here/share/applications/$APP_ID.desktop" \
    > "$share/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
cp -R "$here/share/icons/hicolor" "$share/icons/"
refresh
echo "LiveDesk installed: $prefix/bin/livedesk and the menu entry 直播中控台 / LiveDesk"
