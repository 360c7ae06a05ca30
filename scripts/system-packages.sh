#!/usr/bin/env bash
# Install the Debian packages the tests need, or say which ones are missing.
#
# As root on Debian (as on CI) the missing packages are installed with apt-get.
# Elsewhere their names are printed so a user can install them. With CI=true a
# package that is still missing is an error: tests must never be skipped on CI
# for want of a system package.
set -euo pipefail

# package -> a file that proves it is installed
declare -A PROBE=(
  [chromium]=/usr/bin/chromium
)

missing=()
for pkg in "${!PROBE[@]}"; do
  [ -e "${PROBE[$pkg]}" ] || missing+=("$pkg")
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
echo "Install them with: sudo apt-get install ${missing[*]}" >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: a missing system package fails the run." >&2
  exit 1
fi
echo "The tests that need them will be skipped." >&2
