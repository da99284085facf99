#pragma once
/// Encoding of typed keys and values into stored bytes, and back.
///
/// Integers are big-endian and fixed-width, so the byte order RocksDB iterates in is numeric
/// order. Families describe their own records by specializing `Codec<T>`:
///
///   template <> struct Codec<Payment> {
///     static constexpr std::size_t kFixedSize = 0;            // 0: variable length
///     static void encode(const Payment& p, Bytes& out);        // appends to out
///     static StoreResult<Payment> decode(ByteView in);         // kMalformedValue if wrong
///   };
#include <concepts>
#include <cstdint>
#include <string>
#include <utility>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "store/error.hpp"

namespace xway::store {

/// Encoding of T; specialize for each stored type.
template <class T>
struct Codec;

/// A type whose encoding always has the same length (usable as the leading part of a compound key).
template <class T>
concept FixedSizeCodec = Codec<T>::kFixedSize > 0;

/// Big-endian fixed-width unsigned integers: iteration order is numeric order.
template <std::unsigned_integral T>
struct Codec<T> {
  static constexpr std::size_t kFixedSize = sizeof(T);
  static void encode(T v, Bytes& out) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    for (std::size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * (sizeof(T) - 1 - i)));
  }
  static StoreResult<T> decode(ByteView in) {
    if (in.size() != sizeof(T)) return unexpected(StoreError::kMalformedValue);
    T v = 0;
    for (std::uint8_t b : in) v = static_cast<T>((v << 8) | b);
    return v;
  }
};

/// 256-bit integers as 32 big-endian bytes.
template <>
struct Codec<U256> {
  static constexpr std::size_t kFixedSize = 32;
  static void encode(const U256& v, Bytes& out) { append(out, to_be32(v).view()); }
  static StoreResult<U256> decode(ByteView in) {
    if (in.size() != kFixedSize) return unexpected(StoreError::kMalformedValue);
    return from_be(in);
  }
};

/// Fixed byte arrays (hashes, addresses, ids) as their raw bytes.
template <class T>
  requires std::derived_from<T, FixedBytes<T::size()>>
struct Codec<T> {
  static constexpr std::size_t kFixedSize = T::size();
  static void encode(const T& v, Bytes& out) { append(out, v.view()); }
  static StoreResult<T> decode(ByteView in) {
    if (in.size() != kFixedSize) return unexpected(StoreError::kMalformedValue);
    T out;
    std::copy(in.begin(), in.end(), out.begin());
    return out;
  }
};

/// Raw bytes, stored as they are.
template <>
struct Codec<Bytes> {
  static constexpr std::size_t kFixedSize = 0;
  static void encode(const Bytes& v, Bytes& out) { append(out, v); }
  static StoreResult<Bytes> decode(ByteView in) { return Bytes(in.begin(), in.end()); }
};

/// Text, stored as its bytes.
template <>
struct Codec<std::string> {
  static constexpr std::size_t kFixedSize = 0;
  static void encode(const std::string& v, Bytes& out) { append(out, as_bytes(v)); }
  static StoreResult<std::string> decode(ByteView in) {
    return std::string(reinterpret_cast<const char*>(in.data()), in.size());
  }
};

/// Compound keys (for example a channel id then a sequence number): the fixed-size first part
/// leads, so a scan by its prefix visits one first part's entries in the second part's order.
template <FixedSizeCodec A, class B>
struct Codec<std::pair<A, B>> {
  static constexpr std::size_t kFixedSize = Codec<B>::kFixedSize > 0 ? Codec<A>::kFixedSize + Codec<B>::kFixedSize : 0;
  static void encode(const std::pair<A, B>& v, Bytes& out) {
    Codec<A>::encode(v.first, out);
    Codec<B>::encode(v.second, out);
  }
  static StoreResult<std::pair<A, B>> decode(ByteView in) {
    if (in.size() < Codec<A>::kFixedSize) return unexpected(StoreError::kMalformedValue);
    auto a = Codec<A>::decode(in.first(Codec<A>::kFixedSize));
    if (!a) return unexpected(a.error());
    auto b = Codec<B>::decode(in.subspan(Codec<A>::kFixedSize));
    if (!b) return unexpected(b.error());
    return std::pair<A, B>{std::move(*a), std::move(*b)};
  }
};

/// The stored bytes of `v`.
template <class T>
Bytes encode(const T& v) {
  Bytes out;
  if constexpr (Codec<T>::kFixedSize > 0) out.reserve(Codec<T>::kFixedSize);
  Codec<T>::encode(v, out);
  return out;
}

/// `in` decoded as T, or kMalformedValue when the bytes cannot be a T.
template <class T>
StoreResult<T> decode(ByteView in) {
  return Codec<T>::decode(in);
}

}  // namespace xway::store
