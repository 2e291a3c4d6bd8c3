#!/usr/bin/env bash
# The test command (README): installs what the tests need on a fresh machine, builds, runs every test project,
# and ends with one line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# jsii (the CDK template tests) warns at length about Node 20; the CDK app needs nothing newer.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# The web UI's browser tests drive the system's headless Chromium (Debian package chromium; never Playwright's download).
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# The protocol peers some tests start (DynamoDB Local, fauxqs) and cdk-nag (with the aws-cdk-lib it runs on), pinned in
# package-lock.json.
npm ci --no-audit --no-fund --loglevel=error

dotnet build TradingAlerts.sln -c Release --nologo -v q

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test TradingAlerts.sln -c Release --no-build --nologo -v q 2>&1 | tee "$log" || status=$?

# Sum the per-project results that dotnet test prints ("Failed!  - Failed: 1, Passed: 62, ...").
read -r passed failed < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' |
  awk '{p += $1; f += $2} END {print p + 0, f + 0}')
# The CDK app must synthesize offline, building the Lambda package first, and its templates pass cdk-nag's AwsSolutions
# pack with no unsuppressed error: the default (fan-out) one, and the monolithic mode with the Sheets sync.
if [ "$status" -eq 0 ]; then
  ./scripts/synth-offline.sh || status=$?
fi
if [ "$status" -eq 0 ]; then
  ./scripts/synth-offline.sh -c mode=monolithic -c sheetId=1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms --output cdk.out/monolithic || status=$?
fi
if [ "$status" -eq 0 ]; then
  node scripts/nag.js cdk.out/TradingAlerts.template.json cdk.out/monolithic/TradingAlerts.template.json || status=$?
fi

echo "tests: ${passed} passed, ${failed} failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
