#!/usr/bin/env bash
# Benchmarks: measures the store against this machine's own ceilings (baselines run in the same go).
# Writes bench/results/latest.json, latest.md and latest.svg. Pass --quick for a short smoke run.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
# The store runs as it would be deployed: published Release with ReadyToRun (less JIT at start-up).
dotnet publish AmazingStore.Web/AmazingStore.Web.csproj -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o AmazingStore.Web/bin/publish -nologo -v quiet -clp:NoSummary
dotnet build bench/AmazingStore.Bench/AmazingStore.Bench.csproj -c Release -nologo -v quiet -clp:NoSummary
exec timeout 900 dotnet bench/AmazingStore.Bench/bin/Release/net10.0/AmazingStore.Bench.dll "$@"
