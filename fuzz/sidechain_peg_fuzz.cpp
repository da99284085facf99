// libFuzzer target for the peg's decoders of outside bytes: the mint system transaction (inside a
// proposed block from any validator) and the attestation (a peer's release or checkpoint
// signature). Arbitrary bytes never crash them; what they accept re-encodes to the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "sidechain/attestation.hpp"
#include "sidechain/mint_tx.hpp"
#include "sidechain/peg_store.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  if (auto m = sidechain::decode_mint_tx(input)) {
    check(sidechain::is_system_tx(input));
    check(sidechain::encode_mint_tx(*m) == Bytes(input.begin(), input.end()));
  }
  if (auto a = sidechain::decode_attestation(input)) {
    // The signature's canonical form may differ (v 0/1 vs 27/28): compare what it says.
    auto again = sidechain::decode_attestation(sidechain::encode_attestation(*a));
    check(again.has_value() && again->kind == a->kind && again->digest == a->digest);
  }
  const Hash32 id{};
  for (const bool released : {false, true})
    if (auto r = sidechain::decode_burn_record(id, input, released))
      check(sidechain::encode_burn_record(*r) == Bytes(input.begin(), input.end()));
  return 0;
}
