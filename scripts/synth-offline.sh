#!/usr/bin/env bash
# Synthesizes the CDK app with no AWS credentials and no network: the settings that keep the CDK CLI from looking up
# notices, the instance metadata service or a newer version. cdk.json's build step publishes the functions first.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true AWS_REGION="${AWS_REGION:-eu-central-1}" CDK_DISABLE_VERSION_CHECK=1 \
       CDK_HOME="$PWD/.cdk-home" JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
mkdir -p .cdk-home/cache
echo '{"expiration":4102444800000,"notices":[]}' > .cdk-home/cache/notices.json
npx cdk synth --quiet "$@"
out=cdk.out
args=("$@")
for i in "${!args[@]}"; do
  if [ "${args[$i]}" = "--output" ] || [ "${args[$i]}" = "-o" ]; then out="${args[$((i + 1))]}"; fi
done
echo "synth: $out/TradingAlerts.template.json"
