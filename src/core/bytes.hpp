#pragma once
/// Byte strings and fixed-size byte arrays: the common currency of every codec.
#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace xway {

/// An owned, growable byte string.
using Bytes = std::vector<std::uint8_t>;
/// A read-only view of bytes.
using ByteView = std::span<const std::uint8_t>;

/// A fixed-size byte array with value semantics; the base of `Hash32` and `Address`.
template <std::size_t N>
struct FixedBytes {
  std::array<std::uint8_t, N> bytes{};

  static constexpr std::size_t size() { return N; }
  std::uint8_t* data() { return bytes.data(); }
  const std::uint8_t* data() const { return bytes.data(); }
  std::uint8_t& operator[](std::size_t i) { return bytes[i]; }
  std::uint8_t operator[](std::size_t i) const { return bytes[i]; }
  auto begin() const { return bytes.begin(); }
  auto end() const { return bytes.end(); }
  auto begin() { return bytes.begin(); }
  auto end() { return bytes.end(); }
  /// A fixed-extent view, for APIs that take exactly N bytes.
  std::span<const std::uint8_t, N> span() const { return std::span<const std::uint8_t, N>(bytes); }
  ByteView view() const { return ByteView(bytes); }
  bool is_zero() const {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
  }
  /// Copies exactly N bytes; the caller guarantees the length.
  static FixedBytes from_view(ByteView v) {
    FixedBytes out;
    std::copy_n(v.begin(), N, out.bytes.begin());
    return out;
  }
  friend auto operator<=>(const FixedBytes&, const FixedBytes&) = default;
};

/// A 32-byte hash (Keccak-256, SHA-256, Merkle nodes, storage keys).
struct Hash32 : FixedBytes<32> {};
/// A 20-byte Ethereum address.
struct Address : FixedBytes<20> {};

/// Appends `tail` to `out`.
inline void append(Bytes& out, ByteView tail) { out.insert(out.end(), tail.begin(), tail.end()); }

/// Bytes of a string, without a terminator.
inline ByteView as_bytes(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

}  // namespace xway

template <std::size_t N>
struct std::hash<xway::FixedBytes<N>> {
  std::size_t operator()(const xway::FixedBytes<N>& b) const noexcept {
    std::size_t h = 0;
    for (std::size_t i = 0; i < N && i < sizeof(h); ++i) h = (h << 8) | b[i];
    return h;
  }
};
template <>
struct std::hash<xway::Hash32> : std::hash<xway::FixedBytes<32>> {};
template <>
struct std::hash<xway::Address> : std::hash<xway::FixedBytes<20>> {};
