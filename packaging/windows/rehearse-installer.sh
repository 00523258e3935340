#!/usr/bin/env bash
# Rehearses the Windows packaging away from Windows: CPack's NSIS generator takes the installer settings the MSI uses
# (names, icon, Start menu entry, PATH), and the signing step (packaging/windows/codesign.cmake) signs the installer
# with osslsigncode and a throwaway certificate, whose signature then verifies; a tampered copy must not.
# The MSI itself (WiX) and signtool run in the Windows CI job.
#
#   rehearse-installer.sh BUILD_DIR
set -euo pipefail

build="$(cd "${1:?usage: rehearse-installer.sh BUILD_DIR}" && pwd)"
for tool in makensis osslsigncode openssl; do
  command -v "$tool" >/dev/null || { echo "rehearse-installer.sh: $tool is missing (dev.sh installs it)" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# A throwaway CA and a code-signing certificate it issued, in a passphrase-protected PKCS#12.
cd "$work"
openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=HistoryLens Rehearsal CA" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -keyout signer.key -out signer.csr -subj "/CN=HistoryLens Rehearsal Signer" 2>/dev/null
printf 'extendedKeyUsage=codeSigning\nkeyUsage=critical,digitalSignature\n' >signer.ext
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile signer.ext -out signer.pem 2>/dev/null
head -c 24 /dev/urandom | base64 >passphrase
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile ca.pem -out signer.p12 -passout "file:passphrase"

echo "== cpack -G NSIS, signed by the packaging's own signing step"
(cd "$build" && HL_WINDOWS_SIGN_PKCS12="$work/signer.p12" HL_WINDOWS_SIGN_PASSWORD_FILE="$work/passphrase" \
  cpack -G NSIS -B "$work/out" -D CPACK_PACKAGE_FILE_NAME=HistoryLens-rehearsal >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack -G NSIS failed"; }
installer="$work/out/HistoryLens-rehearsal.exe"
[ -f "$installer" ] || { cat "$work/cpack.log"; fail "no installer was made"; }
grep -q "signed 1 file" "$work/cpack.log" || { cat "$work/cpack.log"; fail "the signing step did not sign the installer"; }
file -b "$installer" | grep -q "PE32" || fail "the installer is not a Windows executable: $(file -b "$installer")"
strings -el "$installer" >/dev/null

echo "== osslsigncode verify"
osslsigncode verify -CAfile "$work/ca.pem" -in "$installer" >"$work/verify.log" 2>&1 \
  || { cat "$work/verify.log"; fail "the installer's signature does not verify"; }
grep -q "HistoryLens Rehearsal Signer" "$work/verify.log" || fail "the signature is not the rehearsal signer's"
grep -qi "Signature verification: ok" "$work/verify.log" || { cat "$work/verify.log"; fail "no successful verification"; }

# A byte changed after signing breaks the signature.
cp "$installer" "$work/tampered.exe"
size=$(stat -c %s "$work/tampered.exe")
printf '\xff' | dd of="$work/tampered.exe" bs=1 seek=$((size / 2)) conv=notrunc status=none
if osslsigncode verify -CAfile "$work/ca.pem" -in "$work/tampered.exe" >/dev/null 2>&1; then
  fail "a tampered installer still verifies"
fi

echo "== a release without a certificate is refused"
if (cd "$build" && HL_WINDOWS_SIGN_REQUIRED=1 cpack -G NSIS -B "$work/unsigned" \
      -D CPACK_PACKAGE_FILE_NAME=HistoryLens-unsigned >"$work/unsigned.log" 2>&1); then
  fail "HL_WINDOWS_SIGN_REQUIRED=1 without a certificate still made a package"
fi
grep -q "no certificate is configured" "$work/unsigned.log" || { cat "$work/unsigned.log"; fail "the refusal does not say why"; }

grep -E "Signer|Subject|verification" "$work/verify.log" || true
echo "OK: the NSIS installer builds from the Windows settings, is signed by the signing step, and verifies"
