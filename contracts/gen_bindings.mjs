// Generates typed C++ bindings from the contracts' artifacts (compile.mjs's JSON): for every
// contract a header <Name>.hpp in namespace xway::bindings::<Name> with call encoders and return
// decoders per function, a struct per tuple type, a struct per event with a log decoder, a struct
// per custom error with a revert-data decoder, the constructor encoder, and the embedded artifact;
// and one bindings.cpp with all the definitions.
//
//   node gen_bindings.mjs --artifacts artifacts.json --out DIR
import fs from 'node:fs';
import path from 'node:path';

const kKeywords = new Set(`alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t
char16_t char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return
co_yield decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto
if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public
register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template
this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while xor
xor_eq abi detail to_value from_value std xway bindings contracts eth Bytes ByteView Address Hash32 U256 FixedBytes
expected unexpected topic decode selector kSignature artifact contract_abi deploy_data encode_constructor`.split(/\s+/));

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!out.artifacts || !out.out) throw new Error('usage: gen_bindings.mjs --artifacts FILE --out DIR');
  return out;
}

// A C++ identifier for a Solidity name (which may use `$` or collide with C++ words).
function ident(name, fallback) {
  let id = (name || fallback).replace(/\$/g, '_');
  if (kKeywords.has(id) || id.startsWith('xw_')) id += '_';
  return id;
}

function splitType(type) {
  const m = type.match(/^([^[]*)((?:\[\d*\])*)$/);
  if (!m) throw new Error(`bad ABI type ${type}`);
  return { base: m[1], dims: [...m[2].matchAll(/\[(\d*)\]/g)].map((d) => d[1]) };
}

function canonical(param) {
  const { base, dims } = splitType(param.type);
  const head = base === 'tuple' ? `(${param.components.map(canonical).join(',')})` : base;
  return head + dims.map((d) => `[${d}]`).join('');
}

function canonicalList(params) {
  return `(${params.map(canonical).join(',')})`;
}

// One contract's generator state: the tuple structs it needs, named once each.
class ContractGen {
  constructor(artifact) {
    this.artifact = artifact;
    this.ns = ident(artifact.name);
    this.qualified = `::xway::bindings::${this.ns}`;
    this.structs = new Map();  // key -> {cppName, components}
    this.structOrder = [];
    this.usedStructNames = new Set();
  }

  // The struct for a tuple parameter, registered (with the structs it contains) on first sight.
  structFor(param) {
    const match = /^struct ([\w.$]+)/.exec(param.internalType ?? '');
    const fullName = match ? match[1] : null;
    const key = `${fullName ?? ''}|${canonical({ ...param, type: 'tuple' })}`;
    let s = this.structs.get(key);
    if (s) return s;
    for (const c of param.components) this.cppType(c);
    let name = fullName ? ident(fullName.split('.').pop()) : `Tuple${this.structs.size}`;
    if (this.usedStructNames.has(name)) name = fullName ? ident(fullName.replace(/\./g, '_')) : `${name}_${this.structs.size}`;
    while (this.usedStructNames.has(name)) name += '_';
    this.usedStructNames.add(name);
    s = { cppName: name, components: param.components };
    this.structs.set(key, s);
    this.structOrder.push(s);
    return s;
  }

  cppType(param) {
    const { base, dims } = splitType(param.type);
    let t;
    if (base === 'tuple') t = `${this.qualified}::${this.structFor(param).cppName}`;
    else if (base === 'address') t = '::xway::Address';
    else if (base === 'bool') t = 'bool';
    else if (base === 'string') t = 'std::string';
    else if (base === 'bytes') t = '::xway::Bytes';
    else if (base === 'bytes32') t = '::xway::Hash32';
    else if (/^bytes\d+$/.test(base)) t = `::xway::FixedBytes<${base.slice(5)}>`;
    else if (/^uint\d+$/.test(base)) t = '::xway::U256';
    else if (/^int\d+$/.test(base)) t = '::xway::eth::abi::I256';
    else throw new Error(`${this.artifact.name}: unsupported ABI type ${param.type}`);
    for (const d of dims) t = d === '' ? `std::vector<${t}>` : `std::array<${t}, ${d}>`;
    return t;
  }
}

// Type of an event field: indexed reference types only leave their hash in the topic.
function isHashedIndexed(input) {
  const { base, dims } = splitType(input.type);
  return input.indexed && (dims.length > 0 || base === 'tuple' || base === 'bytes' || base === 'string');
}

function paramList(gen, params) {
  return params.map((p, i) => `const ${gen.cppType(p)}& ${ident(p.name, `arg${i}`)}`).join(', ');
}

function valueList(params) {
  return params.map((p, i) => `to_value(${ident(p.name, `arg${i}`)})`).join(', ');
}

function selectorInit(hex) {
  return `{{${hex.match(/../g).map((b) => `0x${b}`).join(', ')}}}`;
}

function fieldNames(params, fallback) {
  const seen = new Set();
  return params.map((p, i) => {
    let n = ident(p.name, `${fallback}${i}`);
    while (seen.has(n)) n += '_';
    seen.add(n);
    return n;
  });
}

function generateContract(artifact) {
  const gen = new ContractGen(artifact);
  const abi = artifact.abi;
  const functions = abi.filter((e) => e.type === 'function');
  const events = abi.filter((e) => e.type === 'event');
  const errors = abi.filter((e) => e.type === 'error');
  const ctor = abi.find((e) => e.type === 'constructor');
  const q = gen.qualified;
  const h = [];  // header body (inside the contract namespace)
  const c = [];  // definitions

  // Resolve every type first, so structs are known before anything refers to them.
  for (const e of abi) for (const p of [...(e.inputs ?? []), ...(e.outputs ?? [])]) gen.cppType(p);

  for (const s of gen.structOrder) {
    const names = fieldNames(s.components, 'field');
    h.push(`/// ABI tuple ${canonical({ type: 'tuple', components: s.components })}.`);
    h.push(`struct ${s.cppName} {`);
    s.components.forEach((p, i) => h.push(`  ${gen.cppType(p)} ${names[i]}{};`));
    h.push(`  friend bool operator==(const ${s.cppName}&, const ${s.cppName}&) = default;`);
    h.push('};');
    h.push(`/// ${s.cppName} as an ABI tuple value.`);
    h.push(`::xway::eth::abi::Value to_value(const ${s.cppName}& v);`);
    h.push(`/// Reads ${s.cppName} from a decoded ABI tuple value.`);
    h.push(`void from_value(const ::xway::eth::abi::Value& in, ${s.cppName}& out);`);
    h.push('');
    c.push(`::xway::eth::abi::Value to_value(const ${s.cppName}& v) {`);
    c.push(`  return ::xway::eth::abi::Value(::xway::eth::abi::Value::List{${names.map((n) => `to_value(v.${n})`).join(', ')}});`);
    c.push('}');
    c.push(`void from_value(const ::xway::eth::abi::Value& in, ${s.cppName}& out) {`);
    c.push(names.length ? '  const auto& xw_list = in.as_list();' : '  (void)in;\n  (void)out;');
    names.forEach((n, i) => c.push(`  from_value(xw_list[${i}], out.${n});`));
    c.push('}');
    c.push('');
  }

  h.push('/// The embedded artifact (ABI JSON, creation and runtime bytecode).');
  h.push('const ::xway::contracts::Artifact& artifact();');
  h.push('/// The parsed ABI.');
  h.push('const ::xway::eth::abi::ContractAbi& contract_abi();');
  c.push(`const ::xway::contracts::Artifact& artifact() { return ::xway::bindings::detail::artifact(${JSON.stringify(artifact.name)}); }`);
  c.push('const ::xway::eth::abi::ContractAbi& contract_abi() {');
  c.push('  static const ::xway::eth::abi::ContractAbi xw_abi = ::xway::eth::abi::ContractAbi::parse(artifact().abi_json).value();');
  c.push('  return xw_abi;');
  c.push('}');
  c.push('');

  const ctorInputs = ctor?.inputs ?? [];
  const ctorParams = paramList(gen, ctorInputs);
  h.push(`/// ABI-encoded constructor arguments ${canonicalList(ctorInputs)}.`);
  h.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> encode_constructor(${ctorParams});`);
  h.push('/// Creation code followed by the encoded constructor arguments: the data of a deployment.');
  h.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> deploy_data(${ctorParams});`);
  h.push('');
  c.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> encode_constructor(${ctorParams}) {`);
  c.push(`  static const std::vector<::xway::eth::abi::Type> xw_types = ::xway::bindings::detail::types(${JSON.stringify(canonicalList(ctorInputs))});`);
  c.push(`  const std::vector<::xway::eth::abi::Value> xw_values{${valueList(ctorInputs)}};`);
  c.push('  return ::xway::eth::abi::encode(xw_types, xw_values);');
  c.push('}');
  c.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> deploy_data(${ctorParams}) {`);
  c.push(`  auto xw_args = ${q}::encode_constructor(${ctorInputs.map((p, i) => ident(p.name, `arg${i}`)).join(', ')});`);
  c.push('  if (!xw_args) return xw_args;');
  c.push(`  return ::xway::bindings::detail::deploy_data(${q}::artifact(), *xw_args);`);
  c.push('}');
  c.push('');

  const byName = new Map();
  for (const f of functions) byName.set(f.name, (byName.get(f.name) ?? 0) + 1);
  for (const f of functions) {
    const signature = `${f.name}${canonicalList(f.inputs)}`;
    const selector = artifact.methodIdentifiers[signature];
    if (!selector) throw new Error(`${artifact.name}: solc gave no selector for ${signature}`);
    const name = ident(byName.get(f.name) > 1 ? `${f.name}_${selector}` : f.name);
    const params = paramList(gen, f.inputs);
    h.push(`/// Selector of ${signature}.`);
    h.push(`inline constexpr ::xway::FixedBytes<4> ${name}_selector${selectorInit(selector)};`);
    h.push(`/// Call data for ${signature} (${f.stateMutability}).`);
    h.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> encode_${name}(${params});`);
    c.push(`::xway::expected<::xway::Bytes, ::xway::eth::abi::AbiError> encode_${name}(${params}) {`);
    c.push(`  static const std::vector<::xway::eth::abi::Type> xw_types = ::xway::bindings::detail::types(${JSON.stringify(canonicalList(f.inputs))});`);
    c.push(`  const std::vector<::xway::eth::abi::Value> xw_values{${valueList(f.inputs)}};`);
    c.push(`  return ::xway::bindings::detail::encode_call(${q}::${name}_selector, xw_types, xw_values);`);
    c.push('}');
    const outs = f.outputs ?? [];
    if (outs.length > 0) {
      let resultType;
      let assign;
      if (outs.length === 1) {
        resultType = gen.cppType(outs[0]);
        assign = ['  from_value((*xw_values)[0], xw_out);'];
      } else {
        resultType = `${name}_result`;
        const names = fieldNames(outs, 'value');
        h.push(`/// What ${signature} returns.`);
        h.push(`struct ${resultType} {`);
        outs.forEach((p, i) => h.push(`  ${gen.cppType(p)} ${names[i]}{};`));
        h.push(`  friend bool operator==(const ${resultType}&, const ${resultType}&) = default;`);
        h.push('};');
        resultType = `${q}::${resultType}`;
        assign = names.map((n, i) => `  from_value((*xw_values)[${i}], xw_out.${n});`);
      }
      h.push(`/// Decodes what ${signature} returns.`);
      h.push(`::xway::expected<${resultType}, ::xway::eth::abi::AbiError> decode_${name}(::xway::ByteView return_data);`);
      c.push(`::xway::expected<${resultType}, ::xway::eth::abi::AbiError> decode_${name}(::xway::ByteView return_data) {`);
      c.push(`  static const std::vector<::xway::eth::abi::Type> xw_types = ::xway::bindings::detail::types(${JSON.stringify(canonicalList(outs))});`);
      c.push('  auto xw_values = ::xway::eth::abi::decode(xw_types, return_data);');
      c.push('  if (!xw_values) return ::xway::unexpected(xw_values.error());');
      c.push(`  ${resultType} xw_out{};`);
      c.push(...assign);
      c.push('  return xw_out;');
      c.push('}');
    }
    h.push('');
    c.push('');
  }

  if (events.length > 0) {
    h.push('namespace events {');
    c.push('namespace events {');
    for (const e of events) {
      const sname = ident(e.name);
      const signature = `${e.name}${canonicalList(e.inputs)}`;
      const names = fieldNames(e.inputs, 'arg');
      h.push(`/// Event ${signature}${e.anonymous ? ' (anonymous)' : ''}.`);
      h.push(`struct ${sname} {`);
      e.inputs.forEach((p, i) => {
        const t = isHashedIndexed(p) ? '::xway::Hash32' : gen.cppType(p);
        h.push(`  ${t} ${names[i]}{};${isHashedIndexed(p) ? '  ///< indexed: Keccak-256 of the value' : ''}`);
      });
      h.push(`  /// The canonical signature.`);
      h.push(`  static constexpr std::string_view kSignature = ${JSON.stringify(signature)};`);
      h.push('  /// Topic 0: the Keccak-256 of the signature.');
      h.push('  static ::xway::Hash32 topic();');
      h.push('  /// Decodes a log of this event from its topics and data.');
      h.push(`  static ::xway::expected<${sname}, ::xway::eth::abi::AbiError> decode(std::span<const ::xway::Hash32> topics, ::xway::ByteView data);`);
      h.push('  /// Decodes a log of this event.');
      h.push(`  static ::xway::expected<${sname}, ::xway::eth::abi::AbiError> decode(const ::xway::eth::Log& log);`);
      h.push('};');
      h.push('');
      const full = `${q}::events::${sname}`;
      c.push(`::xway::Hash32 ${sname}::topic() {`);
      c.push('  static const ::xway::Hash32 xw_topic = ::xway::eth::abi::event_topic(kSignature);');
      c.push('  return xw_topic;');
      c.push('}');
      c.push(`::xway::expected<${full}, ::xway::eth::abi::AbiError> ${sname}::decode(std::span<const ::xway::Hash32> topics, ::xway::ByteView data) {`);
      c.push(`  static const ::xway::eth::abi::Event xw_event = ::xway::bindings::detail::event(${JSON.stringify(e.name)}, ` +
             `${JSON.stringify(canonicalList(e.inputs))}, {${e.inputs.map((p) => JSON.stringify(p.name)).join(', ')}}, ` +
             `{${e.inputs.map((p) => (p.indexed ? 'true' : 'false')).join(', ')}}, ${e.anonymous ? 'true' : 'false'});`);
      c.push('  auto xw_fields = ::xway::eth::abi::decode_log(xw_event, topics, data);');
      c.push('  if (!xw_fields) return ::xway::unexpected(xw_fields.error());');
      c.push(`  ${full} xw_out{};`);
      names.forEach((n, i) => c.push(`  from_value((*xw_fields)[${i}].value, xw_out.${n});`));
      c.push('  return xw_out;');
      c.push('}');
      c.push(`::xway::expected<${full}, ::xway::eth::abi::AbiError> ${sname}::decode(const ::xway::eth::Log& log) {`);
      c.push('  return decode(log.topics, log.data);');
      c.push('}');
      c.push('');
    }
    h.push('}  // namespace events');
    h.push('');
    c.push('}  // namespace events');
  }

  if (errors.length > 0) {
    h.push('namespace errors {');
    c.push('namespace errors {');
    for (const e of errors) {
      const sname = ident(e.name);
      const signature = `${e.name}${canonicalList(e.inputs)}`;
      const names = fieldNames(e.inputs, 'arg');
      h.push(`/// Custom error ${signature}.`);
      h.push(`struct ${sname} {`);
      e.inputs.forEach((p, i) => h.push(`  ${gen.cppType(p)} ${names[i]}{};`));
      h.push(`  /// The canonical signature.`);
      h.push(`  static constexpr std::string_view kSignature = ${JSON.stringify(signature)};`);
      h.push('  /// The 4-byte selector that starts its revert data.');
      h.push('  static ::xway::FixedBytes<4> selector();');
      h.push('  /// Decodes revert data of this error (kBadSelector when it is another).');
      h.push(`  static ::xway::expected<${sname}, ::xway::eth::abi::AbiError> decode(::xway::ByteView revert_data);`);
      h.push('};');
      h.push('');
      const full = `${q}::errors::${sname}`;
      c.push(`::xway::FixedBytes<4> ${sname}::selector() { return ::xway::eth::abi::selector(kSignature); }`);
      c.push(`::xway::expected<${full}, ::xway::eth::abi::AbiError> ${sname}::decode(::xway::ByteView revert_data) {`);
      c.push(`  static const std::vector<::xway::eth::abi::Type> xw_types = ::xway::bindings::detail::types(${JSON.stringify(canonicalList(e.inputs))});`);
      c.push('  auto xw_values = ::xway::bindings::detail::decode_error(selector(), xw_types, revert_data);');
      c.push('  if (!xw_values) return ::xway::unexpected(xw_values.error());');
      c.push(`  ${full} xw_out{};`);
      names.forEach((n, i) => c.push(`  from_value((*xw_values)[${i}], xw_out.${n});`));
      c.push('  return xw_out;');
      c.push('}');
      c.push('');
    }
    h.push('}  // namespace errors');
    h.push('');
    c.push('}  // namespace errors');
  }

  const header = [
    '#pragma once',
    `/// Typed bindings for contract ${artifact.name} (${artifact.sourcePath}), generated by contracts/gen_bindings.mjs`,
    '/// from solc\'s ABI output. Do not edit.',
    '#include <array>',
    '#include <span>',
    '#include <string>',
    '#include <string_view>',
    '#include <vector>',
    '',
    '#include "bindings/support.hpp"',
    '#include "eth/types.hpp"',
    '',
    `namespace xway::bindings::${gen.ns} {`,
    '',
    'using ::xway::bindings::detail::from_value;',
    'using ::xway::bindings::detail::to_value;',
    '',
    ...h,
    `}  // namespace xway::bindings::${gen.ns}`,
    '',
  ].join('\n');
  const source = [`namespace xway::bindings::${gen.ns} {`, '', ...c, `}  // namespace xway::bindings::${gen.ns}`, ''].join('\n');
  return { header, source, ns: gen.ns };
}

function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const artifacts = JSON.parse(fs.readFileSync(args.artifacts, 'utf8')).contracts;
  const dir = path.join(args.out, 'bindings');
  fs.mkdirSync(dir, { recursive: true });
  const sources = ['// Generated by contracts/gen_bindings.mjs. Do not edit.'];
  const wanted = new Set(['bindings.cpp']);
  for (const a of artifacts) {
    const { header, source } = generateContract(a);
    const name = `${a.name.replace(/\$/g, '_')}.hpp`;
    wanted.add(name);
    writeIfChanged(path.join(dir, name), header);
    sources.push(`#include "bindings/${name}"`);
  }
  sources.push('');
  for (const a of artifacts) sources.push(generateContract(a).source);
  writeIfChanged(path.join(dir, 'bindings.cpp'), sources.join('\n'));
  // Headers of contracts that no longer exist must not linger and be included by mistake.
  for (const f of fs.readdirSync(dir)) if (!wanted.has(f)) fs.rmSync(path.join(dir, f));
  process.stdout.write(`bindings for ${artifacts.length} contracts in ${dir}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`gen_bindings.mjs: ${e.message}\n`);
  process.exit(1);
}
