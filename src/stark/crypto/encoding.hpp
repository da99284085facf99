#pragma once
/// The one byte encoding of field elements that hashes, transcripts and proofs share: 8 bytes
/// big-endian per base element (what Solidity's abi.encodePacked(uint64) produces), an extension
/// element as c0 then c1.
#include <cstdint>
#include <span>

#include "core/bytes.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// Appends `v` as 8 bytes big-endian.
inline void put_u64(Bytes& out, std::uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
/// Reads 8 bytes big-endian; the caller guarantees the length.
inline std::uint64_t get_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}
/// Appends a base element.
inline void put_felt(Bytes& out, Felt v) { put_u64(out, v.value()); }
/// Appends an extension element.
inline void put_felt(Bytes& out, Felt2 v) {
  put_u64(out, v.c0().value());
  put_u64(out, v.c1().value());
}
/// Appends a run of elements.
template <class E>
void put_felts(Bytes& out, std::span<const E> values) {
  for (const E& v : values) put_felt(out, v);
}

}  // namespace xway::stark
