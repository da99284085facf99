// libFuzzer target for raw transaction decoding (what `eth_sendRawTransaction` receives): arbitrary
// bytes never crash it, and every accepted transaction re-encodes to exactly the input bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  auto tx = eth::decode_transaction(input);
  if (!tx) return 0;
  check(eth::encode(*tx) == Bytes(input.begin(), input.end()));
  check(eth::transaction_hash(*tx) == crypto::keccak256(input));
  // Recovery may fail for a random (r, s), but must not crash; a success is stable.
  auto sender = eth::recover_sender(*tx);
  if (sender) check(*eth::recover_sender(*tx) == *sender);
  eth::AcceptPolicy policy;
  policy.chain_id = tx->chain_id().value_or(1);
  policy.allow_unprotected_legacy = true;
  auto admitted = eth::decode_and_recover(input, policy);
  check(admitted.has_value() == sender.has_value());
  if (admitted) check(admitted->sender == *sender && admitted->tx == *tx);
  return 0;
}
