// libFuzzer target for the sidechain bridge's decoders of outside bytes: the L1 Deposit log (from
// a possibly hostile or broken L1 node) that the deposit follower turns into a mint, and the mint
// record read back from the follower's store. Arbitrary bytes never crash them; an accepted mint
// record re-encodes to the input, and an accepted log's mint record round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "bindings/SidechainBridge.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  if (auto rec = sidechain::decode_mint_record(input)) {
    check(sidechain::encode_mint_record(rec->first, rec->second) == Bytes(input.begin(), input.end()));
  }
  if (size < 1) return 0;
  // First byte: how many topics follow (0..4); topic 0 is the Deposit topic when its low bit is set.
  eth::Log log;
  const std::size_t topics = data[0] % 5;
  std::size_t at = 1;
  for (std::size_t i = 0; i < topics && at + 32 <= size; ++i, at += 32) {
    log.topics.push_back(Hash32{FixedBytes<32>::from_view(input.subspan(at, 32))});
  }
  if ((data[0] & 0x80) != 0 && !log.topics.empty()) log.topics[0] = bindings::SidechainBridge::events::Deposit::topic();
  log.data.assign(input.begin() + static_cast<std::ptrdiff_t>(at), input.end());
  if (auto mint = sidechain::decode_deposit_log(log)) {
    const Bytes enc = sidechain::encode_mint_record(*mint, false);
    auto back = sidechain::decode_mint_record(enc);
    // Ids 0 and amounts 0 never come from the contract; the store refuses them.
    if (mint->deposit_id != 0 && mint->amount != 0) {
      check(back.has_value());
      check(back->first.deposit_id == mint->deposit_id && back->first.amount == mint->amount);
    }
  }
  return 0;
}
