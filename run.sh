#!/usr/bin/env bash
# Runs the store on http://localhost:5000: embedded PostgreSQL in .data/postgres, demo catalog, no token needed.
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build AmazingStore.Web/AmazingStore.Web.csproj -c Release -nologo -v quiet -clp:NoSummary
echo "Amazing Store is starting on http://localhost:5000  (Mini App: /, API docs: /swagger)"
exec dotnet AmazingStore.Web/bin/Release/net10.0/AmazingStore.Web.dll "$@"
