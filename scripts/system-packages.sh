#!/usr/bin/env bash
# Install the Debian packages the tests need, or say which ones are missing.
#
# Usage: scripts/system-packages.sh [tests] [reader]   (no argument: both groups)
#   tests   the browser tests and the printable handouts (Typst, which comes
#           from PyPI with no system libraries, sets them in the DejaVu fonts)
#   reader  the course reader, `make pdf` (xelatex with Dutch hyphenation, about
#           390 MB installed); also needed by its test
#
# As root on Debian (as on CI) the missing packages are installed with apt-get.
# Elsewhere their names are printed so a user can install them. With CI=true a
# package that is still missing is an error: tests must never be skipped on CI
# for want of a system package.
set -euo pipefail

TEXMF=/usr/share/texlive/texmf-dist

# package -> a file that proves it is installed
declare -A TESTS=(
  [chromium]=/usr/bin/chromium
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  [fonts-dejavu-extra]=/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf
)
declare -A READER=(
  [texlive-xetex]=/usr/bin/xelatex
  [latexmk]=/usr/bin/latexmk
  [fonts-freefont-otf]=/usr/share/fonts/opentype/freefont/FreeSerif.otf
  [texlive-fonts-recommended]="$TEXMF/fonts/tfm/adobe/zapfding/pzdr.tfm"
  [texlive-lang-european]="$TEXMF/tex/generic/hyph-utf8/patterns/tex/hyph-nl.tex"
)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(tests reader)

missing=()
for group in "${groups[@]}"; do
  case "$group" in
    tests) for pkg in "${!TESTS[@]}"; do [ -e "${TESTS[$pkg]}" ] || missing+=("$pkg"); done ;;
    reader) for pkg in "${!READER[@]}"; do [ -e "${READER[$pkg]}" ] || missing+=("$pkg"); done ;;
    *) echo "unknown package group: $group (known: tests, reader)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: a missing system package fails the run." >&2
  exit 1
fi
echo "The tests that need them will be skipped." >&2
