#include "ledger/hasher.hpp"

#include <cstring>

#include "crypto/keccak.hpp"

namespace xway::ledger {

Hash32 amount_word(const Amount& amount) {
  Hash32 out;
  const auto& backend = amount.backend();
  const auto* limbs = backend.limbs();
  constexpr unsigned kLimbBytes = sizeof(*limbs);
  for (unsigned i = 0; i < backend.size() && i * kLimbBytes < 32; ++i) {
    auto limb = limbs[i];
    for (unsigned b = 0; b < kLimbBytes; ++b) {
      out[31 - i * kLimbBytes - b] = static_cast<std::uint8_t>(limb & 0xff);
      limb >>= 8;
    }
  }
  return out;
}

Amount word_amount(const Hash32& word) {
  Amount v = 0;
  for (unsigned part = 0; part < 4; ++part) {
    std::uint64_t limb = 0;
    for (unsigned b = 0; b < 8; ++b) limb = (limb << 8) | word[part * 8 + b];
    v = (v << 64) | limb;
  }
  return v;
}

KeccakLedgerHasher::Digest KeccakLedgerHasher::account_leaf(const Address& address, Nonce nonce,
                                                            const Digest& balance_root) {
  std::uint8_t preimage[20 + 8 + 32];
  std::memcpy(preimage, address.data(), 20);
  for (unsigned b = 0; b < 8; ++b) preimage[20 + b] = static_cast<std::uint8_t>(nonce >> (8 * (7 - b)));
  std::memcpy(preimage + 28, balance_root.data(), 32);
  return crypto::keccak256(ByteView(preimage, sizeof(preimage)));
}

}  // namespace xway::ledger
