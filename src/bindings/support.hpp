#pragma once
/// What the generated contract bindings (build/generated/bindings/<Contract>.hpp) are built from:
/// conversions between typed C++ values and ABI values, and the encode/decode steps they share.
///
/// Mapping: uintN -> U256, intN -> abi::I256, address -> Address, bool -> bool, bytes32 -> Hash32,
/// other bytesN -> FixedBytes<N>, bytes -> Bytes, string -> std::string, T[] -> std::vector<T>,
/// T[k] -> std::array<T, k>, tuples -> a generated struct with `to_value`/`from_value` beside it.
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/artifacts.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "eth/abi.hpp"

namespace xway::bindings {

namespace abi = eth::abi;

namespace detail {

/// An unsigned integer.
abi::Value to_value(const U256& v);
/// A signed integer.
abi::Value to_value(const abi::I256& v);
/// An address.
abi::Value to_value(const Address& v);
/// A bool.
abi::Value to_value(bool v);
/// bytes32.
abi::Value to_value(const Hash32& v);
/// bytes.
abi::Value to_value(const Bytes& v);
/// A string.
abi::Value to_value(const std::string& v);
/// bytesN.
template <std::size_t N>
abi::Value to_value(const FixedBytes<N>& v) {
  return abi::Value(Bytes(v.begin(), v.end()));
}
template <class T>
abi::Value to_value(const std::vector<T>& v);
template <class T, std::size_t N>
abi::Value to_value(const std::array<T, N>& v);
/// T[]; elements found by overload or, for generated structs, by argument-dependent lookup.
template <class T>
abi::Value to_value(const std::vector<T>& v) {
  abi::Value::List out;
  out.reserve(v.size());
  for (const T& x : v) out.push_back(to_value(x));
  return abi::Value(std::move(out));
}
/// T[k].
template <class T, std::size_t N>
abi::Value to_value(const std::array<T, N>& v) {
  abi::Value::List out;
  out.reserve(N);
  for (const T& x : v) out.push_back(to_value(x));
  return abi::Value(std::move(out));
}

// Decoded values always match their types (the decoder built them from the same types), so
// these read the representation directly.

/// uintN.
void from_value(const abi::Value& in, U256& out);
/// intN.
void from_value(const abi::Value& in, abi::I256& out);
/// address.
void from_value(const abi::Value& in, Address& out);
/// bool.
void from_value(const abi::Value& in, bool& out);
/// bytes32, or the hash of an indexed dynamic event parameter.
void from_value(const abi::Value& in, Hash32& out);
/// bytes.
void from_value(const abi::Value& in, Bytes& out);
/// string.
void from_value(const abi::Value& in, std::string& out);
/// bytesN.
template <std::size_t N>
void from_value(const abi::Value& in, FixedBytes<N>& out) {
  out = FixedBytes<N>::from_view(in.as_bytes());
}
template <class T>
void from_value(const abi::Value& in, std::vector<T>& out);
template <class T, std::size_t N>
void from_value(const abi::Value& in, std::array<T, N>& out);
/// T[].
template <class T>
void from_value(const abi::Value& in, std::vector<T>& out) {
  const auto& list = in.as_list();
  out.resize(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) from_value(list[i], out[i]);
}
/// T[k].
template <class T, std::size_t N>
void from_value(const abi::Value& in, std::array<T, N>& out) {
  const auto& list = in.as_list();
  for (std::size_t i = 0; i < N; ++i) from_value(list[i], out[i]);
}

/// Parses a canonical type list the generator wrote; aborts if it does not parse (a generator bug).
std::vector<abi::Type> types(std::string_view canonical_list);
/// Builds an event description from the generator's canonical parameter lists.
abi::Event event(std::string_view name, std::string_view canonical_list,
                 std::initializer_list<std::string_view> names, std::initializer_list<bool> indexed, bool anonymous);
/// Selector followed by the encoding of `values` as `types`.
expected<Bytes, abi::AbiError> encode_call(const FixedBytes<4>& selector, std::span<const abi::Type> types,
                                           std::span<const abi::Value> values);
/// Decodes revert data of a custom error: checks the selector, then decodes the arguments.
expected<std::vector<abi::Value>, abi::AbiError> decode_error(const FixedBytes<4>& selector,
                                                              std::span<const abi::Type> types, ByteView data);
/// The creation code of an artifact followed by encoded constructor arguments.
Bytes deploy_data(const contracts::Artifact& artifact, ByteView constructor_args);
/// An artifact the build embedded; aborts if missing (the generator and the artifacts disagree).
const contracts::Artifact& artifact(std::string_view name);

}  // namespace detail
}  // namespace xway::bindings
