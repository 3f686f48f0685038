#!/usr/bin/env node
// The reference evaluator of tests/tests/evaluate_oracle.rs: @cloud-copilot/iam-simulate
// (AGPL-3.0-or-later), installed at test time into tests/external/node_modules by
// `npm ci --prefix tests/external`; no crate depends on it.
//
// Reads one Simulation (iam-simulate's JSON shape, which is role_eval::Simulation's) a line on
// standard input and writes one result a line on standard output, in the same order:
//
//   {"decision": "allow" | "explicit_deny" | "implicit_deny", "raw": "<iam-simulate's result>"}
//   {"decision": null, "error": "<why it could not be run>"}
//
// Modes (--mode, default `core`):
//
//   core    iam-simulate's engine, `authorize`, with no validation of the input: what the
//           exported `runUnsafeSimulation` does, plus the three things its `runSimulation` does
//           that `runUnsafeSimulation` (0.1.173) leaves out: the session policy is evaluated (the
//           unsafe entry point passes `sessionPolicy: undefined`); every level of resource
//           control policies holds AWS's RCPFullAWSAccess, as AWS attaches it to the root, every
//           OU and every account and it cannot be detached; and a request for the resource `*`
//           is one for an action that takes no resource (role_eval::RequestResource says so), so
//           the engine is told `wildcardOnlyAction`, without which it reads `*` as "any resource"
//           and lets an Allow on one specific ARN grant it. The comparison runs in this mode.
//   unsafe  the exported `runUnsafeSimulation`, as it is.
//   strict  the exported `runSimulation` in Strict mode: the input is validated against
//           iam-simulate's data (the action must exist, the resource must be of one of its
//           types) and context keys that do not apply to the action are dropped first.
//
// The mapping of results: in 0.1.173 `authorize` ends in one of three results whatever the
// policy types (services/DefaultServiceAuthorizer.js: the core result from identity, resource
// and session policies, then lowered, never raised, by SCPs, RCPs, an explicit deny anywhere and
// the boundary; the resource policy's own `AllowedForAccount` / `DeniedForAccount` never leave
// it): `Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`. Anything else is written as an error,
// so a new result in a later version cannot pass for a decision. Its service-specific authorizers
// (sts:GetCallerIdentity always allowed, IAM and KMS actions on AWS-managed resources denied, S3
// Block Public Access when asked for) are AWS's behaviour too; the generator stays clear of them.
//
// In strict mode a level's RCPFullAWSAccess, if the simulation names it, is taken out first:
// runSimulation adds its own, and its validation rejects AWS's document as a customer RCP.
//
// With --bench, the harness reads every line first, then decides them all in a loop, and writes
// one line of JSON with the count, the seconds and the rate instead of the results. With
// --preload as well (core mode only), the policies are loaded (parsed into iam-policy's objects)
// before the clock starts too, so that only `authorize` is timed: the counterpart of deciding
// with role_eval::Compiled.
//
// `core` reaches the engine through its file path: the package's exports map names only its
// index, which does not export `authorize`. The version is pinned in package.json; a change of
// layout fails here at import time, loudly.

import { createInterface } from 'node:readline';
import process, { argv, stdin, stdout, exit, hrtime } from 'node:process';
import { readFileSync } from 'node:fs';

import { loadPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

const engineDir = new URL('./node_modules/@cloud-copilot/iam-simulate/dist/esm/', import.meta.url);
const { authorize } = await import(new URL('core_engine/CoreSimulatorEngine.js', engineDir));
const { DiscoveryContextKeyConstraints } = await import(
  new URL('context_keys/discoveryContextKeyConstraints.js', engineDir)
);
const { AwsRequestImpl } = await import(new URL('request/request.js', engineDir));
const { RequestContextImpl } = await import(new URL('requestContext.js', engineDir));

function option(name, fallback) {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : argv[at + 1];
}
const mode = option('--mode', 'core');
const bench = argv.includes('--bench');
if (!['core', 'unsafe', 'strict'].includes(mode)) {
  console.error(`unknown --mode ${mode}: core, unsafe or strict`);
  exit(2);
}

// AWS's RCPFullAWSAccess, as iam-simulate's runSimulation adds it to every level.
const RCP_FULL_AWS_ACCESS = {
  name: 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
  policy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]
  }
};

const strictParameters = {
  simulationMode: 'Strict',
  discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([])
};

// A level that already names RCPFullAWSAccess keeps its own copy (a second is harmless, but
// runSimulation's validation rejects the document: an Allow of "*" is not a customer RCP).
function isRcpFullAwsAccess(p) {
  return p.name === RCP_FULL_AWS_ACCESS.name;
}

function controlPolicies(levels, withDefault) {
  return (levels ?? []).map((level) => ({
    orgIdentifier: level.orgIdentifier,
    policies: [
      ...(withDefault && !level.policies.some(isRcpFullAwsAccess) ? [RCP_FULL_AWS_ACCESS] : []),
      ...level.policies
    ].map((p) => loadPolicy(p.policy, { name: p.name }))
  }));
}

// runSimulation adds RCPFullAWSAccess to every level itself, and validates what it is given as
// customer RCPs: AWS's own document is taken out first.
function withoutRcpFullAwsAccess(simulation) {
  return {
    ...simulation,
    resourceControlPolicies: simulation.resourceControlPolicies.map((level) => ({
      ...level,
      policies: level.policies.filter((p) => !isRcpFullAwsAccess(p))
    }))
  };
}

// What `authorize` takes for a simulation: the request and every policy, loaded. With a cache,
// simulations with the same policies share one loading of them (a role asked about request
// after request), as role_eval::Compiled is shared in the Rust benchmark.
function prepareCore(simulation, cache) {
  if (cache) {
    const { request: _, ...policies } = simulation;
    const key = JSON.stringify(policies);
    let shared = cache.get(key);
    if (!shared) {
      shared = prepareCore(simulation);
      cache.set(key, shared);
    }
    return { ...shared, request: prepareCore({ ...simulation, ...NO_POLICIES }).request };
  }
  const request = new AwsRequestImpl(
    simulation.request.principal,
    {
      resource: simulation.request.resource.resource,
      accountId: simulation.request.resource.accountId
    },
    simulation.request.action,
    new RequestContextImpl(simulation.request.contextVariables ?? {}),
    simulation.request.resource.resource === '*'
  );
  return {
    request,
    sessionPolicy: simulation.sessionPolicy
      ? loadPolicy(simulation.sessionPolicy, { name: 'SessionPolicy' })
      : undefined,
    identityPolicies: (simulation.identityPolicies ?? []).map((p) =>
      loadPolicy(p.policy, { name: p.name })
    ),
    serviceControlPolicies: controlPolicies(simulation.serviceControlPolicies, false),
    resourceControlPolicies: controlPolicies(simulation.resourceControlPolicies, true),
    resourcePolicy: simulation.resourcePolicy
      ? loadPolicy(simulation.resourcePolicy, { name: 'ResourcePolicy' })
      : undefined,
    permissionBoundaries: simulation.permissionBoundaryPolicies?.map((p) =>
      loadPolicy(p.policy, { name: p.name })
    ),
    vpcEndpointPolicies: undefined,
    simulationParameters: strictParameters,
    serviceSettings: { s3: {} }
  };
}

const NO_POLICIES = {
  identityPolicies: [],
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  resourcePolicy: undefined,
  permissionBoundaryPolicies: undefined,
  sessionPolicy: undefined
};

function runCore(simulation) {
  return authorize(prepareCore(simulation)).result;
}

function withDefaults(simulation) {
  return {
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...simulation,
    request: { contextVariables: {}, ...simulation.request }
  };
}

const DECISIONS = {
  Allowed: 'allow',
  ExplicitlyDenied: 'explicit_deny',
  ImplicitlyDenied: 'implicit_deny'
};

function decide(line) {
  let simulation;
  try {
    simulation = withDefaults(JSON.parse(line));
  } catch (e) {
    return { decision: null, error: `not JSON: ${e.message}` };
  }
  try {
    if (mode === 'core') {
      const raw = runCore(simulation);
      return { decision: DECISIONS[raw] ?? null, raw };
    }
    if (mode === 'unsafe') {
      const raw = runUnsafeSimulation(simulation, {});
      return { decision: DECISIONS[raw] ?? null, raw };
    }
    throw new Error('strict mode is asynchronous');
  } catch (e) {
    return { decision: null, error: String(e?.message ?? e) };
  }
}

async function decideStrict(line) {
  let simulation;
  try {
    simulation = withDefaults(JSON.parse(line));
  } catch (e) {
    return { decision: null, error: `not JSON: ${e.message}` };
  }
  try {
    const result = await runSimulation(withoutRcpFullAwsAccess(simulation), {
      simulationMode: 'Strict'
    });
    if (result.resultType === 'error') {
      return { decision: null, error: result.errors.message, raw: result.errors };
    }
    const ignored =
      result.resultType === 'single' ? result.result.ignoredContextKeys ?? [] : undefined;
    return {
      decision: DECISIONS[result.overallResult] ?? null,
      raw: result.overallResult,
      ...(ignored && ignored.length > 0 ? { ignoredContextKeys: ignored } : {})
    };
  } catch (e) {
    return { decision: null, error: String(e?.message ?? e) };
  }
}

if (bench) {
  const file = option('--input', '/dev/stdin');
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const simulations = lines.map((l) => withDefaults(JSON.parse(l)));
  const counts = { allow: 0, explicit_deny: 0, implicit_deny: 0, error: 0 };
  const preload = argv.includes('--preload');
  if (preload && mode !== 'core') {
    console.error('--preload is for --mode core');
    exit(2);
  }
  const cache = new Map();
  const prepared = new Map(preload ? simulations.map((s) => [s, prepareCore(s, cache)]) : []);
  const one = async (s) => {
    if (preload) return DECISIONS[authorize(prepared.get(s)).result];
    if (mode === 'core') return DECISIONS[runCore(s)];
    if (mode === 'unsafe') return DECISIONS[runUnsafeSimulation(s, {})];
    const r = await runSimulation(withoutRcpFullAwsAccess(s), { simulationMode: 'Strict' });
    return r.resultType === 'error' ? 'error' : DECISIONS[r.overallResult];
  };
  // A warm-up pass over a tenth of the input, for the JIT, then the timed pass over all of it.
  for (const s of simulations.slice(0, Math.ceil(simulations.length / 10))) await one(s);
  // CPU time as well as wall time: on a shared machine the rate per CPU-second is the one the
  // load skews least (process.cpuUsage counts every thread of node, its collector's too).
  const cpuStart = process.cpuUsage();
  const start = hrtime.bigint();
  for (const s of simulations) counts[await one(s)]++;
  const seconds = Number(hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  stdout.write(
    JSON.stringify({
      mode: preload ? 'core-preloaded' : mode,
      requests: simulations.length,
      seconds,
      per_second: simulations.length / seconds,
      cpu_seconds: cpuSeconds,
      per_cpu_second: simulations.length / cpuSeconds,
      counts
    }) + '\n'
  );
} else {
  // Results are written in input order; strict mode is asynchronous, so each line's answer is
  // awaited before the next line is read.
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  let out = '';
  for await (const line of lines) {
    if (line.length === 0) continue;
    const result = mode === 'strict' ? await decideStrict(line) : decide(line);
    out += JSON.stringify(result) + '\n';
    if (out.length > 1 << 16) {
      if (!stdout.write(out)) await new Promise((r) => stdout.once('drain', r));
      out = '';
    }
  }
  stdout.write(out);
}
