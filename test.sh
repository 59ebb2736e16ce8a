#!/usr/bin/env bash
# Runs every test (unit, integration on real PostgreSQL, browser end-to-end) and ends with
# "N passed, N failed, N skipped". Installs what the tests need and the machine lacks.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Category icons are emoji; without a colour emoji font the screenshots show empty boxes.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_apt+=(fonts-noto-color-emoji)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || echo "warning: could not install ${need_apt[*]}"
fi

results="$(pwd)/tests/AmazingStore.Tests/TestResults"
rm -rf "$results"
if ! dotnet build tests/AmazingStore.Tests/AmazingStore.Tests.csproj -c Release -nologo -v quiet -clp:NoSummary; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
dotnet test tests/AmazingStore.Tests/AmazingStore.Tests.csproj -c Release --no-build \
  --results-directory "$results" --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" "$@"
status=$?

# Counting lives in tests/count-trx.sh (tested by TestCountTests): anything that did not pass is a failure,
# including errors, timeouts, tests never run, tests the crashed host never reported, and a run that failed
# with nothing to show for it. CI shows only the end of the output, so each failure is named there.
tests/count-trx.sh "$results/results.trx" "$status"
exit $status
