#!/usr/bin/env bash
# Builds the Linux packages from a build tree and checks them the way a user meets them:
#   1. cpack: the .deb, .rpm and .tar.gz
#   2. lintian on the .deb (errors and warnings fail), rpmlint on the .rpm (only the findings listed below pass)
#   3. the .tar.gz holds the same files as the .deb
#   4. apt installs the .deb into this machine (nothing downloaded); historylens-cli runs from PATH on the installed
#      demo; historylens starts under Xvfb and shows its window; history files resolve to the MIME types and open in
#      HistoryLens; the menu entry, icons and man pages are where desktops and man look
#   5. apt purges the package and nothing it installed is left
#
#   check-packages.sh BUILD_DIR
#
# It needs root (or sudo without a password) and exits 77 (skipped) without. It refuses to run when a historylens
# package is already installed, which it would otherwise replace and then remove.
set -euo pipefail

build="$(cd "${1:?usage: check-packages.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app_id="io.github.historylens.HistoryLens"
json_type="application/x-temporal-history+json"
binary_type="application/x-temporal-history+protobuf"
demo_key='historylens-demo=text:historylens-demo-key-not-secret!'

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "SKIP: installing the .deb needs root or passwordless sudo" >&2
    exit 77
  fi
fi

step() { printf '\n== %s  (%s)\n' "$*" "$(date +%T)"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

if dpkg-query -W -f='${Status}' historylens 2>/dev/null | grep -q "ok installed"; then
  fail "a historylens package is already installed here; remove it first (this check installs and removes one)"
fi

version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"
work="$(mktemp -d)"
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq historylens >/dev/null 2>&1 || true
  fi
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "cpack: .deb, .rpm and .tar.gz"
rm -rf "$build/packages"
(cd "$build" && cpack -G "DEB;RPM;TGZ" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
arch="$(dpkg --print-architecture)"
deb="$build/packages/historylens_${version}-1_${arch}.deb"
rpm="$(ls "$build"/packages/historylens-"$version"-1.*.rpm)"
tgz="$(ls "$build"/packages/historylens-"$version"-linux-*.tar.gz)"
ls -l "$deb" "$rpm" "$tgz"

step "lintian (errors and warnings fail)"
# initial-upload-closes-no-bugs is about uploads to Debian's archive, which close an ITP bug; this package is not one.
lintian --fail-on error,warning --suppress-tags initial-upload-closes-no-bugs "$deb"

step "rpmlint"
# What rpmlint 2.4 (Debian 12) reports that this .rpm cannot fix here:
#   no-signature               packages are signed with rpmsign where the release key exists (CI), not in tests
#   invalid-license            rpmlint's defaults list no valid licences at all; distributions supply the list
#   no-manual-page-for-binary  rpmlint 2.4 records man sections instead of names, so every binary looks undocumented
#                              (both man pages are in the package; checked below)
rpmlint -c "$here/rpmlint.toml" "$rpm" >"$work/rpmlint.log" 2>&1 || true
cat "$work/rpmlint.log"
unexpected="$(grep -E '^historylens[^:]*: [EW]: ' "$work/rpmlint.log" \
  | grep -vE ': E: no-signature$|: W: invalid-license |: W: no-manual-page-for-binary ' || true)"
[ -z "$unexpected" ] || fail "rpmlint findings: $unexpected"
# Listed to a file first: `grep -q` leaving early would give rpm a SIGPIPE, which pipefail counts as a failure.
rpm -qpl "$rpm" >"$work/rpm-files.txt"
grep -qx /usr/share/man/man1/historylens-cli.1.gz "$work/rpm-files.txt" || fail "the .rpm lacks historylens-cli.1.gz"

step "the .tar.gz holds what the .deb holds, relocatable (bin/, share/)"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./usr/||' | sort >"$work/deb.files"
tar -tzf "$tgz" | grep -v '/$' | sed 's|^[^/]*/||' | sort >"$work/tgz.files"
diff -u "$work/deb.files" "$work/tgz.files" || fail "the .tar.gz and the .deb differ"

step "apt install (nothing downloaded)"
# The build's own dependencies bring every library the package depends on: a simulated install that would fetch
# anything else means the package asks for more than the build used.
apt-get install -s --no-install-recommends "$deb" >"$work/apt-sim.log" 2>&1 || { cat "$work/apt-sim.log"; fail "apt refuses $deb"; }
others="$(grep '^Inst ' "$work/apt-sim.log" | grep -v '^Inst historylens ' || true)"
[ -z "$others" ] || fail "installing would also fetch: $others"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt could not install $deb"; }
installed=1
dpkg-query -L historylens | sort >"$work/installed.files"

step "historylens-cli from PATH"
[ "$(command -v historylens-cli)" = /usr/bin/historylens-cli ] || fail "historylens-cli is not /usr/bin/historylens-cli"
[ "$(historylens-cli --version)" = "historylens-cli $version" ] || fail "historylens-cli --version: $(historylens-cli --version)"
demo=/usr/share/historylens/demo-history.json
historylens-cli show "$demo" --no-keychain --strict --key "$demo_key" >"$work/demo.txt" \
  || fail "historylens-cli show $demo exited $?"
grep -q "Payloads: 19 decoded, 0 not decoded" "$work/demo.txt" || { cat "$work/demo.txt"; fail "the demo did not decode"; }
grep -q '"name":"Ada Lovelace' "$work/demo.txt" || fail "the demo's decoded input is missing"
historylens --version 2>/dev/null | grep -qx "HistoryLens $version" || fail "historylens --version: $(historylens --version 2>&1)"
man -w historylens-cli >/dev/null && man -w historylens >/dev/null || fail "man cannot find the man pages"
for page in historylens historylens-cli; do
  warnings="$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)"
  [ -z "$warnings" ] || fail "man page $page: $warnings"
done

step "MIME types and the menu entry"
mkdir -p "$work/files"
cp "$demo" "$work/files/order.history.json"
gzip -c "$demo" >"$work/files/order.history.json.gz"
printf '\x0a\x00' >"$work/files/order.history.bin"
for f in order.history.json:$json_type order.history.json.gz:$json_type order.history.bin:$binary_type; do
  file="$work/files/${f%%:*}" want="${f#*:}"
  got="$(gio info -a standard::content-type "$file" | sed -n 's/^ *standard::content-type: //p')"
  [ "$got" = "$want" ] || fail "gio: ${f%%:*} is $got, not $want"
  got="$(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$file")"
  [ "$got" = "$want" ] || fail "xdg-mime: ${f%%:*} is $got, not $want"
done
for type in "$json_type" "$binary_type"; do
  got="$(xdg-mime query default "$type")"
  [ "$got" = "$app_id.desktop" ] || fail "xdg-mime: $type opens in '$got', not $app_id.desktop"
done
grep -q "^$app_id.desktop" /usr/share/applications/mimeinfo.cache 2>/dev/null \
  || grep -q "=$app_id.desktop;" /usr/share/applications/mimeinfo.cache \
  || fail "the desktop database does not list $app_id.desktop"
[ -f "/usr/share/icons/hicolor/48x48/apps/$app_id.png" ] && [ -f "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" ] \
  || fail "the icons are not in hicolor"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null \
  || fail "appstreamcli: the installed metainfo is not valid"
desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "the installed .desktop file is not valid"

step "historylens under Xvfb"
mkdir -p "$work/home"
# A throwaway home: the app's settings and the keychain of whoever runs the check stay untouched.
HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_RUNTIME_DIR="$work/home" \
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    historylens "$1" 2>"$2/app.log" &
    app=$!
    if xdotool search --sync --onlyvisible --name "HistoryLens" >"$2/windows" 2>/dev/null; then
      for w in $(cat "$2/windows"); do xdotool getwindowname "$w"; done >"$2/titles"
      xdotool search --classname "^historylens\$" >>"$2/classes" 2>/dev/null || true
      kill "$app"; wait "$app" 2>/dev/null; exit 0
    fi
    kill "$app" 2>/dev/null; exit 1' _ "$work/files/order.history.json" "$work" &
xvfb_pid=$!
( sleep 60; kill "$xvfb_pid" 2>/dev/null ) & watchdog=$!
wait "$xvfb_pid" || fail "no HistoryLens window appeared within 60 s"
kill "$watchdog" 2>/dev/null || true
cat "$work/titles"
grep -q "order.history.json" "$work/titles" || fail "the window does not show the opened file: $(cat "$work/titles")"
[ -s "$work/classes" ] || fail "no window whose WM_CLASS instance is historylens (StartupWMClass in the .desktop file)"

step "apt purge leaves nothing behind"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq historylens >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; fail "apt could not remove historylens"; }
installed=0
left=""
while read -r path; do
  [ -d "$path" ] && continue            # shared directories (/usr/share/icons/hicolor/48x48/apps, ...) stay
  [ -e "$path" ] && left="$left $path"
done <"$work/installed.files"
for dir in /usr/share/historylens /usr/share/doc/historylens; do
  [ -e "$dir" ] && left="$left $dir"
done
[ -z "$left" ] || fail "left behind:$left"
if grep -q "$json_type" /usr/share/mime/globs2; then fail "the MIME database still has $json_type"; fi
got="$(xdg-mime query default "$json_type")"
[ -z "$got" ] || fail "$json_type still opens in $got"

echo
echo "OK: historylens $version packages built, linted, installed, run and removed"
