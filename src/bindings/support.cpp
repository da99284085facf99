#include "bindings/support.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/hex.hpp"

namespace xway::bindings::detail {

namespace {

[[noreturn]] void generator_bug(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "xway bindings: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace

abi::Value to_value(const U256& v) { return abi::Value(v); }
abi::Value to_value(const abi::I256& v) { return abi::Value(v); }
abi::Value to_value(const Address& v) { return abi::Value(v); }
abi::Value to_value(bool v) { return abi::Value(v); }
abi::Value to_value(const Hash32& v) { return abi::Value(Bytes(v.begin(), v.end())); }
abi::Value to_value(const Bytes& v) { return abi::Value(v); }
abi::Value to_value(const std::string& v) { return abi::Value(v); }

void from_value(const abi::Value& in, U256& out) { out = in.as_uint(); }
void from_value(const abi::Value& in, abi::I256& out) { out = in.as_int(); }
void from_value(const abi::Value& in, Address& out) { out = in.as_address(); }
void from_value(const abi::Value& in, bool& out) { out = in.as_bool(); }
void from_value(const abi::Value& in, Hash32& out) { out = Hash32{FixedBytes<32>::from_view(in.as_bytes())}; }
void from_value(const abi::Value& in, Bytes& out) { out = in.as_bytes(); }
void from_value(const abi::Value& in, std::string& out) { out = in.as_string(); }

std::vector<abi::Type> types(std::string_view canonical_list) {
  auto parsed = abi::parse_type_list(canonical_list);
  if (!parsed) generator_bug("bad type list", canonical_list);
  return std::move(*parsed);
}

abi::Event event(std::string_view name, std::string_view canonical_list,
                 std::initializer_list<std::string_view> names, std::initializer_list<bool> indexed, bool anonymous) {
  std::vector<abi::Type> ts = types(canonical_list);
  if (ts.size() != names.size() || ts.size() != indexed.size()) generator_bug("event arity", name);
  abi::Event e{std::string(name), {}, anonymous};
  auto n = names.begin();
  auto ix = indexed.begin();
  for (auto& t : ts) e.inputs.push_back(abi::Param{std::string(*n++), std::move(t), *ix++});
  return e;
}

expected<Bytes, abi::AbiError> encode_call(const FixedBytes<4>& selector, std::span<const abi::Type> types,
                                           std::span<const abi::Value> values) {
  auto body = abi::encode(types, values);
  if (!body) return body;
  body->insert(body->begin(), selector.begin(), selector.end());
  return body;
}

expected<std::vector<abi::Value>, abi::AbiError> decode_error(const FixedBytes<4>& selector,
                                                              std::span<const abi::Type> types, ByteView data) {
  if (data.size() < 4 || !std::equal(selector.begin(), selector.end(), data.begin())) {
    return unexpected(abi::AbiError::kBadSelector);
  }
  return abi::decode(types, data.subspan(4));
}

Bytes deploy_data(const contracts::Artifact& artifact, ByteView constructor_args) {
  auto code = from_hex(artifact.bytecode_hex);
  if (!code) generator_bug("bad bytecode hex", artifact.name);
  append(*code, constructor_args);
  return std::move(*code);
}

const contracts::Artifact& artifact(std::string_view name) {
  const contracts::Artifact* a = contracts::find(name);
  if (a == nullptr) generator_bug("no embedded artifact", name);
  return *a;
}

}  // namespace xway::bindings::detail
