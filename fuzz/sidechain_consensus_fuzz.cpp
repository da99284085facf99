// libFuzzer target for the sidechain's consensus decoders (what a validator reads from peers and
// from its own WAL): proposal, vote, block and lock record. The first byte picks the decoder;
// arbitrary bytes never crash one, and everything accepted re-encodes to the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "sidechain/message.hpp"
#include "sidechain/wal.hpp"

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
  const Bytes original(input.begin(), input.end());
  switch (data[0] % 4) {
    case 0: {
      auto p = decode_proposal(input);
      if (!p) return 0;
      // A signature's v byte may be written 0/1 or 27/28; the re-encoding is canonical and stable.
      const Bytes canonical = encode_proposal(*p);
      check(canonical.size() == original.size());
      check(encode_proposal(*decode_proposal(canonical)) == canonical);
      check(p->valid_round >= -1 && (p->valid_round < 0 || static_cast<std::uint32_t>(p->valid_round) < p->round));
      static_cast<void>(proposal_digest(1, *p));
      break;
    }
    case 1: {
      auto v = decode_vote(input);
      if (!v) return 0;
      check(v->step != Step::kPropose);
      const Bytes canonical = encode_vote(*v);
      check(canonical.size() == original.size());
      check(encode_vote(*decode_vote(canonical)) == canonical);
      static_cast<void>(vote_digest(1, *v));
      break;
    }
    case 2: {
      auto b = decode_block(input);
      if (!b) return 0;
      check(encode_block(*b) == original);
      check(b->txs.size() <= kMaxBlockTxs);
      static_cast<void>(block_hash(*b));
      static_cast<void>(tx_root(b->txs));
      break;
    }
    default: {
      auto l = decode_lock(input);
      if (!l) return 0;
      check(encode_lock(*l) == original);
      break;
    }
  }
  return 0;
}
