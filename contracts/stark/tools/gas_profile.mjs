// Where a STARK verifier's L1 gas goes: deploys the statement's verifier on a fresh anvil, calls
// verify() on a proof file written by `xway stark prove`, and attributes every opcode's gas
// (debug_traceCall, struct logger) to the Solidity function whose source the opcode came from
// (solc source map), plus the transaction's intrinsic calldata cost.
//
//   node contracts/stark/tools/gas_profile.mjs PROOF_FILE [--top N] [--src CONTRACTS_DIR] [--fn FUNCTION]
//
// Run from the repository root (it reads contracts/ and node_modules/). Compiler settings are
// contracts/compile.mjs's (prague, optimizer 200 runs), so the bytecode is the shipped one.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = process.cwd();
const solc = require(path.join(root, 'node_modules/solc'));

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error('usage: node contracts/stark/tools/gas_profile.mjs PROOF_FILE [--top N]');
  process.exit(2);
}
// restrict the opcode table to one function ("StarkVerifier._checkMerkle")
const only = args.includes('--fn') ? args[args.indexOf('--fn') + 1] : null;
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 25;
// another contracts/ tree (an older verifier, to compare)
const srcRoot = args.includes('--src') ? path.resolve(args[args.indexOf('--src') + 1]) : path.join(root, 'contracts');

// ---- the proof file (src/stark/stark.cpp): "XSTF" | ver | name len | name | steps u32 | pi len u32 | pi | proof
const file = fs.readFileSync(args[0]);
if (file.subarray(0, 4).toString() !== 'XSTF') throw new Error('not a proof file');
let pos = 5;
const nameLen = file[pos++];
const statement = file.subarray(pos, pos + nameLen).toString();
pos += nameLen;
const steps = file.readUInt32BE(pos);
const piLen = file.readUInt32BE(pos + 4);
pos += 8;
const pi = file.subarray(pos, pos + piLen);
const proof = file.subarray(pos + piLen);

const word = (v) => BigInt(v).toString(16).padStart(64, '0');
const u64s = (buf) => Array.from({ length: buf.length / 8 }, (_, i) => buf.readBigUInt64BE(8 * i));
const bytesTail = (buf) => word(buf.length) + buf.toString('hex').padEnd(Math.ceil(buf.length / 32) * 64, '0');

let contract;
let calldata;
if (statement === 'hash-chain') {
  contract = 'HashChainStarkVerifier';
  // verify(bytes,uint64,uint64[12],uint64[4]): head = offset, steps, 12 + 4 static words
  const v = u64s(pi);
  calldata = selectorOf('verify(bytes,uint64,uint64[12],uint64[4])') + word(32 * 18) + word(steps) + v.map(word).join('') +
    bytesTail(proof);
} else if (statement === 'fibonacci') {
  contract = 'FibonacciStarkVerifier';
  const v = u64s(pi);
  calldata = selectorOf('verify(bytes,uint64,uint64)') + word(32 * 3) + word(steps) + word(v[1]) + bytesTail(proof);
} else {
  throw new Error(`no Solidity verifier for ${statement}`);
}

function selectorOf(sig) {
  const { keccak256 } = require(path.join(root, 'node_modules/js-sha3'));
  return keccak256(sig).slice(0, 8);
}

// ---- compile with source maps and ASTs
const sources = {};
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.sol')) sources[path.relative(srcRoot, full)] = { content: fs.readFileSync(full, 'utf8') };
  }
};
walk(path.join(srcRoot, 'stark'));
const out = JSON.parse(
  solc.compile(
    JSON.stringify({
      language: 'Solidity',
      sources,
      settings: {
        evmVersion: 'prague',
        optimizer: { enabled: true, runs: 200 },
        outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode'], '': ['ast'] } },
      },
    }),
  ),
);
const errors = (out.errors || []).filter((e) => e.severity === 'error');
if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
const unit = `stark/${contract}.sol`;
const evm = out.contracts[unit][contract].evm;

// pc -> instruction index
const code = Buffer.from(evm.deployedBytecode.object, 'hex');
const pcToIndex = new Map();
for (let pc = 0, i = 0; pc < code.length; ++i) {
  pcToIndex.set(pc, i);
  const op = code[pc];
  pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
}
// decompress the source map
const map = [];
let last = [0, 0, -1, '-'];
for (const entry of evm.deployedBytecode.sourceMap.split(';')) {
  const f = entry.split(':');
  const cur = [...last];
  for (let k = 0; k < 4; ++k) if (f[k] !== undefined && f[k] !== '') cur[k] = k < 3 ? Number(f[k]) : f[k];
  map.push(cur);
  last = cur;
}
// function ranges per source file index
const functions = [];
for (const [name, s] of Object.entries(out.sources)) {
  const visit = (node) => {
    if (node && typeof node === 'object') {
      if (node.nodeType === 'FunctionDefinition' && node.src) {
        const [start, len, fileIndex] = node.src.split(':').map(Number);
        functions.push({ start, len, fileIndex, name: `${path.basename(name, '.sol')}.${node.name || node.kind}` });
      }
      for (const v of Object.values(node)) if (typeof v === 'object') visit(v);
    }
  };
  visit(s.ast);
}
const fnAt = (pc) => {
  const i = pcToIndex.get(pc);
  if (i === undefined || !map[i]) return '<unknown>';
  const [s, l, f] = map[i];
  if (f < 0) return '<compiler>';
  let best = null;
  for (const fn of functions) {
    if (fn.fileIndex === f && fn.start <= s && s + l <= fn.start + fn.len && (!best || fn.len < best.len)) best = fn;
  }
  return best ? best.name : '<contract>';
};

// ---- anvil
const port = 20000 + Math.floor(Math.random() * 20000);
const anvil = spawn(path.join(root, 'node_modules/.bin/anvil'), ['--port', String(port), '--hardfork', 'prague',
  '--gas-limit', '1000000000', '--code-size-limit', '100000'], { stdio: 'ignore' });
const rpc = async (method, params) => {
  const r = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error).slice(0, 400)}`);
  return j.result;
};
try {
  for (let i = 0; ; ++i) {
    try {
      await rpc('eth_chainId', []);
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const [from] = await rpc('eth_accounts', []);
  const txHash = await rpc('eth_sendTransaction', [{ from, data: '0x' + evm.bytecode.object, gas: '0x1c9c380' }]);
  let receipt = null;
  for (let i = 0; !receipt && i < 100; ++i) {
    receipt = await rpc('eth_getTransactionReceipt', [txHash]);
    if (!receipt) await new Promise((r) => setTimeout(r, 100));
  }
  if (!receipt || receipt.status !== '0x1') throw new Error('deploying the verifier failed');
  const to = receipt.contractAddress;
  const call = { from, to, data: '0x' + calldata, gas: '0x3b9aca00' };
  const estimate = Number(await rpc('eth_estimateGas', [call]));
  const trace = await rpc('debug_traceCall', [call, 'latest', { disableStack: true, disableStorage: true, enableMemory: false }]);
  if (trace.failed) throw new Error('verify() reverted: ' + trace.returnValue);

  const cd = Buffer.from(calldata, 'hex');
  const zeros = cd.filter((b) => b === 0).length;
  const standard = 21000 + 4 * zeros + 16 * (cd.length - zeros);
  const floor = 21000 + 10 * (zeros + 4 * (cd.length - zeros));
  const byFn = new Map();
  const byOp = new Map();
  let execution = 0;
  for (const s of trace.structLogs) {
    if (s.depth !== 1) continue;
    const g = s.gasCost;
    execution += g;
    const fn = fnAt(s.pc);
    byFn.set(fn, (byFn.get(fn) || 0) + g);
    if (only && fn !== only) continue;
    const op = byOp.get(s.op) || [0, 0];
    byOp.set(s.op, [op[0] + g, op[1] + 1]);
  }
  const k = (g) => (g / 1000).toFixed(0).padStart(7) + 'k';
  console.log(`${contract}: ${steps} steps, proof ${proof.length} bytes, calldata ${cd.length} bytes`);
  console.log(`eth_estimateGas ${estimate}; traced gas ${trace.gas}`);
  console.log(`intrinsic (21000 + calldata) ${standard}; EIP-7623 floor ${floor}; execution (depth 1) ${execution}`);
  console.log('\nby function (exclusive):');
  for (const [f, g] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${k(g)}  ${f}`);
  console.log(only ? `\nby opcode in ${only}:` : '\nby opcode:');
  for (const [o, [g, n]] of [...byOp].sort((a, b) => b[1][0] - a[1][0]).slice(0, top)) {
    console.log(`${k(g)}  ${o.padEnd(14)} x${n}`);
  }
} finally {
  anvil.kill();
}
