// libFuzzer target for the sidechain's wire decoders that are not consensus messages: a synced
// committed block (block + commit certificate), a sync request, a status, a gossiped transaction
// batch, and the genesis file.
// Arbitrary bytes never crash one; accepted messages re-encode stably; a certificate check on a
// decoded block never crashes either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sidechain/genesis.hpp"
#include "sidechain/wire.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  using namespace xway::sidechain;
  if (size == 0) return 0;
  const ByteView input(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto c = decode_committed(input);
      if (!c) return 0;
      const Bytes canonical = encode_committed(*c);
      check(canonical.size() == input.size());
      check(encode_committed(*decode_committed(canonical)) == canonical);
      ConsensusConfig config;
      config.chain_id = 42070;
      config.validators.push_back(Validator{Address{}, 1});
      static_cast<void>(verify_certificate(config, *c, c->block.header.height, c->block.header.prev_hash));
      break;
    }
    case 1: {
      auto r = decode_sync_request(input);
      if (!r) return 0;
      check(r->max <= kMaxSyncBlocks);
      check(encode_sync_request(*r) == Bytes(input.begin(), input.end()));
      break;
    }
    case 2: {
      auto h = decode_status(input);
      if (!h) return 0;
      check(encode_status(*h) == Bytes(input.begin(), input.end()));
      break;
    }
    case 3: {
      auto b = decode_tx_batch(input);
      if (!b) return 0;
      check(b->size() <= kMaxTxBatch);
      check(encode_tx_batch(*b) == Bytes(input.begin(), input.end()));
      break;
    }
    default: {
      auto g = Genesis::parse(std::string(input.begin(), input.end()));
      if (!g) return 0;
      check(!g->validators.empty());
      auto again = Genesis::parse(g->to_json());
      check(again.has_value() && again->validators.size() == g->validators.size());
      break;
    }
  }
  return 0;
}
