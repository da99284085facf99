// Compiles every Solidity file under contracts/ with the pinned npm solc (standard JSON input) and
// writes the artifacts: one JSON file for the binding generator and tools, and one C++ source that
// embeds each contract's ABI and bytecode into the xway_contracts library.
//
//   node compile.mjs --src DIR --json OUT.json --cpp OUT.cpp
//
// Any solc error fails the build with solc's own messages; warnings are printed.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const solc = require('solc');

// Pinned so bytecode does not change with the compiler's default; anvil 1.7.1 runs Prague.
const kEvmVersion = 'prague';
const kOptimizerRuns = 200;
// Contracts allowed to call an external library (linked at deployment by their client): the ZK
// rollup's verifier, which with its constraints inlined would pass EIP-170's 24 KiB.
const kLinkedContracts = new Set(['ZkTransferStarkVerifier']);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`bad argument ${key}`);
    out[key.slice(2)] = value;
  }
  for (const k of ['src', 'json', 'cpp']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  return out;
}

// Every .sol file under `root`, as paths relative to it with forward slashes, sorted.
function findSources(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.sol')) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}

function compile(root, sources) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(sources.map((p) => [p, { content: fs.readFileSync(path.join(root, p), 'utf8') }])),
    settings: {
      evmVersion: kEvmVersion,
      optimizer: { enabled: true, runs: kOptimizerRuns },
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] },
      },
    },
  };
  // Imports outside the set (none today) are read from contracts/ so every path stays inside it.
  const findImports = (importPath) => {
    const full = path.resolve(root, importPath);
    if (!full.startsWith(path.resolve(root) + path.sep)) return { error: `import outside contracts/: ${importPath}` };
    try {
      return { contents: fs.readFileSync(full, 'utf8') };
    } catch (e) {
      return { error: `cannot read ${importPath}: ${e.message}` };
    }
  };
  return JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
}

function reportDiagnostics(output) {
  let errors = 0;
  for (const d of output.errors ?? []) {
    const text = d.formattedMessage ?? d.message;
    if (d.severity === 'error') {
      errors += 1;
      process.stderr.write(text + '\n');
    } else {
      process.stderr.write(text + '\n');
    }
  }
  return errors;
}

// One artifact per contract, keyed by contract name; a name defined twice must be identical.
function collectArtifacts(output) {
  const byName = new Map();
  for (const [sourcePath, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      const artifact = {
        name,
        sourcePath,
        abi: c.abi,
        bytecode: c.evm.bytecode.object,
        deployedBytecode: c.evm.deployedBytecode.object,
        methodIdentifiers: c.evm.methodIdentifiers,
      };
      const prior = byName.get(name);
      if (prior) {
        const same = JSON.stringify(prior.abi) === JSON.stringify(artifact.abi) && prior.bytecode === artifact.bytecode;
        if (!same) {
          throw new Error(`contract name ${name} is defined differently in ${prior.sourcePath} and ${sourcePath}: ` +
                          'contract names must be unique across contracts/');
        }
        continue;
      }
      // Library references stay as solc's placeholders (__$<34 hex>$__): eth::deploy refuses such
      // bytecode, so only a client that links it (zk::ZkRollupContract::deploy) can deploy it.
      if (/__\$[0-9a-f]{34}\$__/.test(artifact.bytecode) && !kLinkedContracts.has(name)) {
        throw new Error(`${sourcePath}:${name} needs linking against an external library; make library functions internal`);
      }
      byName.set(name, artifact);
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// A C++ raw string_view literal whose delimiter does not occur in the text. The `sv` suffix gives
// the length from the literal itself: constructing a constexpr string_view from a pointer counts
// the characters in constant evaluation, which past ~1M characters of bytecode exceeds clang's
// constexpr step limit.
function rawLiteral(text) {
  let delim = 'xw';
  while (text.includes(`)${delim}"`)) delim += 'x';
  return `R"${delim}(${text})${delim}"sv`;
}

function writeCpp(artifacts, file) {
  const lines = [
    '// Generated by contracts/compile.mjs from the Solidity sources under contracts/. Do not edit.',
    '#include "contracts/artifacts.hpp"',
    '',
    '#include <algorithm>',
    '#include <array>',
    '#include <string_view>',
    '',
    'namespace xway::contracts {',
    'namespace {',
    '',
    'using namespace std::string_view_literals;',
    '',
    `constexpr std::array<Artifact, ${artifacts.length}> kArtifacts{{`,
  ];
  for (const a of artifacts) {
    lines.push('    Artifact{');
    lines.push(`        ${JSON.stringify(a.name)}sv,`);
    lines.push(`        ${JSON.stringify(a.sourcePath)}sv,`);
    lines.push(`        ${rawLiteral(JSON.stringify(a.abi))},`);
    lines.push(`        ${rawLiteral(a.bytecode)},`);
    lines.push(`        ${rawLiteral(a.deployedBytecode)},`);
    lines.push('    },');
  }
  lines.push('}};');
  lines.push('');
  lines.push('}  // namespace');
  lines.push('');
  lines.push('std::span<const Artifact> all() { return kArtifacts; }');
  lines.push('');
  lines.push('const Artifact* find(std::string_view name) {');
  lines.push('  auto it = std::lower_bound(kArtifacts.begin(), kArtifacts.end(), name,');
  lines.push('                             [](const Artifact& a, std::string_view n) { return a.name < n; });');
  lines.push('  return it != kArtifacts.end() && it->name == name ? &*it : nullptr;');
  lines.push('}');
  lines.push('');
  lines.push('}  // namespace xway::contracts');
  writeIfChanged(file, lines.join('\n') + '\n');
}

// Rewrites only on change, so a comment edit in a contract does not rebuild everything after it.
function writeIfChanged(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(args.src);
  const sources = findSources(root);
  const output = compile(root, sources);
  if (reportDiagnostics(output) > 0) {
    process.stderr.write(`solc ${solc.version()}: compilation failed\n`);
    process.exit(1);
  }
  const artifacts = collectArtifacts(output);
  const json = { compiler: solc.version(), evmVersion: kEvmVersion, optimizerRuns: kOptimizerRuns, contracts: artifacts };
  writeIfChanged(args.json, JSON.stringify(json, null, 1) + '\n');
  writeCpp(artifacts, args.cpp);
  process.stdout.write(`solc ${solc.version()}: ${artifacts.length} contracts from ${sources.length} files\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`compile.mjs: ${e.message}\n`);
  process.exit(1);
}
