// Checks that two CloudFormation templates describe the same roles, so that the timings of
// benches/vs-cdk.sh compare the same work.
//
//     node compare.js ROLE_CLI_TEMPLATE CDK_TEMPLATE
//
// Both templates are resolved with the same values (Ref, Fn::Sub, Fn::Join and Fn::GetAtt of
// the parameters, pseudo-parameters and resources), then compared parameter by parameter,
// resource by resource and output by output. What differs only in spelling is the same:
// property order, a one-element list against its element, the order of the items of an Action,
// Resource or condition value list (all sets in IAM), the order of tags. What CDK adds on its
// own and that no role declares (its BootstrapVersion parameter and the Rules that check it,
// CDKMetadata) is left out. Exits 1 and names every difference when there is one.

'use strict';

const fs = require('fs');

const [a, b] = process.argv.slice(2).map((path) => JSON.parse(fs.readFileSync(path, 'utf8')));

const PSEUDO = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'eu-west-1',
  'AWS::StackName': 'Roles',
  'AWS::URLSuffix': 'amazonaws.com',
};

function lookup(template, name) {
  if (name in PSEUDO) return PSEUDO[name];
  if (template.Parameters && name in template.Parameters) return `param:${name}`;
  if (template.Resources && name in template.Resources) return `ref:${name}`;
  throw new Error(`Ref to nothing: ${name}`);
}

function resolve(template, value) {
  if (Array.isArray(value)) return value.map((v) => resolve(template, v));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = value[key];
    if (key === 'Ref') return lookup(template, arg);
    if (key === 'Fn::GetAtt') return `getatt:${[].concat(arg).join('.')}`;
    if (key === 'Fn::Join') return resolve(template, arg[1]).join(arg[0]);
    if (key === 'Fn::Sub') {
      if (typeof arg !== 'string') throw new Error('Fn::Sub with variables is not expected');
      return arg.replace(/\$\{(!?)([^}]*)\}/g, (_, bang, name) =>
        bang ? `\${${name}}` : name.includes('.') ? `getatt:${name}` : lookup(template, name),
      );
    }
  }
  const out = {};
  for (const key of keys) out[key] = resolve(template, value[key]);
  return out;
}

// IAM reads these lists as sets, and a one-element list as its element.
const SETS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Service', 'AWS', 'Federated']);

function canonical(value, key) {
  if (Array.isArray(value)) {
    let items = value.map((v) => canonical(v));
    if (key === 'Tags') items.sort((x, y) => (x.Key < y.Key ? -1 : 1));
    if (SETS.has(key) || key === 'condition-value') {
      items = items.map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v));
      if (items.length === 1) return items[0];
    }
    return items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const k of Object.keys(value).sort()) {
    out[k] = key === 'Condition' ? canonicalCondition(value[k]) : canonical(value[k], k);
  }
  return out;
}

function canonicalCondition(byKey) {
  const out = {};
  for (const k of Object.keys(byKey).sort()) out[k] = canonical([].concat(byKey[k]), 'condition-value');
  return out;
}

function section(template, name, skip) {
  const entries = Object.entries(template[name] || {}).filter(([id, v]) => !skip(id, v));
  return Object.fromEntries(entries.map(([id, v]) => [id, canonical(resolve(template, v))]));
}

const cdkOnly = {
  Parameters: (id) => id === 'BootstrapVersion',
  Resources: (id, v) => v.Type === 'AWS::CDK::Metadata',
  Outputs: () => false,
};

let differences = 0;
const counts = {};
for (const name of ['Parameters', 'Resources', 'Outputs']) {
  const x = section(a, name, cdkOnly[name]);
  const y = section(b, name, cdkOnly[name]);
  counts[name] = Object.keys(x).length;
  for (const id of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const sx = JSON.stringify(x[id]);
    const sy = JSON.stringify(y[id]);
    if (sx !== sy) {
      differences++;
      if (differences <= 3) {
        console.error(`${name}.${id} differs:\n  first:  ${sx}\n  second: ${sy}`);
      }
    }
  }
}
if (a.Description !== b.Description) {
  differences++;
  console.error(`Description differs: ${a.Description} / ${b.Description}`);
}
if (differences > 0) {
  console.error(`compare: ${differences} difference(s)`);
  process.exit(1);
}
console.log(
  `compare: same ${counts.Parameters} parameters, ${counts.Resources} resources, ${counts.Outputs} outputs once resolved`,
);
