#!/usr/bin/env node
// Runs cdk-nag's AwsSolutions pack over synthesized templates (default: cdk.out/TradingAlerts.template.json) and
// exits non-zero when a template has an unacknowledged error, a suppression without a reason, or a suppression that
// matches no finding.
//
// The C# app cannot load the npm library, so each template is loaded into a Node CDK app with CfnInclude. The
// suppressions live in the template, on each resource, in cdk-nag's CloudFormation form
// (Metadata: { cdk_nag: { rules_to_suppress: [ { id, reason } ] } }); cdk-nag 3 reads acknowledgements from the
// construct tree only, so this script hands each one to it with Validations.of(resource).acknowledge({ id, reason }).
// Warnings are printed and do not fail.
//
// Usage: node scripts/nag.js [template.json ...]
'use strict';

const path = require('path');
const fs = require('fs');
const { App, Stack, Validations } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const templates = process.argv.slice(2);
if (templates.length === 0)
  templates.push(path.join(__dirname, '..', 'cdk.out', 'TradingAlerts.template.json'));

// The logical id of the template's resource that a finding names (the construct path is Nag/Template/<logical id>).
const logicalId = (constructPath) => constructPath.split('/')[2];

function check(file) {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const stack = new Stack(new App(), 'Nag');
  const include = new CfnInclude(stack, 'Template', { templateFile: file });
  const pack = new AwsSolutionsChecks(undefined, { verbose: true });
  const problems = [];

  // Every finding, before the template's suppressions apply: what each suppression must match.
  const findings = new Set();
  for (const violation of pack.validateScope(stack).violations)
    for (const resource of violation.violatingResources)
      findings.add(`${logicalId(resource.constructPath)} ${violation.ruleName}`);

  const suppressions = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
      if (typeof rule.id !== 'string' || typeof rule.reason !== 'string' || rule.reason.trim().length < 10)
        problems.push(`${id}: the suppression ${JSON.stringify(rule)} has no id or no reason`);
      else if (!findings.has(`${id} ${rule.id}`))
        problems.push(`${id}: the suppression of ${rule.id} matches no finding (remove it)`);
      else
        suppressions.push({ id, rule });
      Validations.of(include.getResource(id)).acknowledge({ id: rule.id, reason: rule.reason });
    }
  }

  const report = pack.validateScope(stack);
  let warnings = 0;
  for (const violation of report.violations) {
    const resources = violation.violatingResources.map((r) => logicalId(r.constructPath)).join(', ');
    if (violation.severity === 'error') {
      problems.push(`${violation.ruleName} on ${resources}: ${violation.description}`);
    } else {
      warnings += violation.violatingResources.length;
      console.log(`nag: warning ${violation.ruleName} on ${resources}: ${violation.description}`);
    }
  }

  for (const { id, rule } of suppressions)
    console.log(`nag: suppressed ${rule.id} on ${id}: ${rule.reason}`);
  for (const problem of problems)
    console.error(`nag: error ${problem}`);
  console.log(`nag: ${path.relative(process.cwd(), file)}: ${problems.length} error(s), ${warnings} warning(s), ${suppressions.length} suppression(s)`);
  return problems.length === 0;
}

let ok = true;
for (const file of templates)
  ok = check(path.resolve(file)) && ok;
process.exit(ok ? 0 : 1);
