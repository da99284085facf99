#pragma once
/// Keccak-256 as Ethereum uses it (the original padding, not NIST SHA3-256).
#include "core/bytes.hpp"

namespace xway::crypto {

/// Keccak-256 of `data`.
Hash32 keccak256(ByteView data);

/// Keccak-256 of the concatenation of two 32-byte words (Merkle nodes); avoids a copy.
Hash32 keccak256_pair(const Hash32& left, const Hash32& right);

/// Incremental Keccak-256 for data that arrives in pieces.
class Keccak256 {
 public:
  Keccak256();
  ~Keccak256();
  Keccak256(const Keccak256&) = delete;
  Keccak256& operator=(const Keccak256&) = delete;
  /// Absorbs more bytes.
  void update(ByteView data);
  /// Returns the digest; the hasher must not be used afterwards.
  Hash32 finish();

 private:
  struct State;
  State* state_;
};

}  // namespace xway::crypto
