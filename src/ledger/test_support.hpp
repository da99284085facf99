#pragma once
/// Shared by the ledger's tests: a second hasher (SHA-256) so every behaviour runs against two
/// instantiations, and small builders.
#include "crypto/sha256.hpp"
#include "ledger/ledger.hpp"

namespace xway::ledger::testing {

/// SHA-256 in place of Keccak: proves the ledger is generic over its hasher.
struct Sha256LedgerHasher {
  using Digest = Hash32;
  static constexpr std::size_t kDigestSize = 32;
  static Digest empty_leaf() { return Hash32{}; }
  static Digest hash_node(const Digest& l, const Digest& r) {
    std::uint8_t buf[64];
    std::copy(l.begin(), l.end(), buf);
    std::copy(r.begin(), r.end(), buf + 32);
    return crypto::sha256(ByteView(buf, 64));
  }
  static Digest balance_leaf(const Amount& a) { return amount_word(a); }
  static Digest account_leaf(const Address& address, Nonce nonce, const Digest& root) {
    Bytes b(address.begin(), address.end());
    for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(nonce >> (8 * i)));
    append(b, root.view());
    b.push_back(0x5a);  // differs from Keccak's preimage layout on purpose
    return crypto::sha256(b);
  }
  static Amount max_balance() { return (Amount(1) << 128) - 1; }
};
static_assert(LedgerHasher<Sha256LedgerHasher>);

/// An address whose last byte is `n` (n > 0 gives a non-zero address).
inline Address addr(std::uint8_t n) {
  Address a;
  a[0] = 0xa0;
  a[19] = n;
  return a;
}

}  // namespace xway::ledger::testing
