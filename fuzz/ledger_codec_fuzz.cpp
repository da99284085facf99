// The ledger codec (src/ledger/codec.hpp) on arbitrary bytes: the first byte picks the decoder
// (account, operation, witnesses). Whatever decodes must re-encode to the same bytes (the codec is
// canonical), and decoded witnesses must pass through the one-step check without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "ledger/codec.hpp"

using namespace xway;
using namespace xway::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  const Bytes original(in.begin(), in.end());
  constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};
  switch (data[0] % 3) {
    case 0:
      if (auto a = decode_account(in); a && encode_account(*a) != original) std::abort();
      break;
    case 1:
      if (auto op = decode_operation(in); op && encode_operation(*op) != original) std::abort();
      break;
    default: {
      auto ws = decode_witnesses<KeccakLedgerHasher>(in, kParams);
      if (!ws) break;
      if (encode_witnesses<KeccakLedgerHasher>(std::span(*ws)) != original) std::abort();
      const Operation op = Transfer{ws->empty() ? 0 : ws->front().account, 1, Address{}, kEth, 1, 1, 0};
      (void)apply_to_witnesses<KeccakLedgerHasher>(Hash32{}, op, std::span(*ws), kParams);
    }
  }
  return 0;
}
