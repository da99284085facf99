// libFuzzer target for the Plasma block decoder (what a watcher downloads from a possibly hostile
// operator): arbitrary bytes never crash it, and every accepted block re-encodes to the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "plasma/block.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  auto block = plasma::Block::decode(input);
  if (!block) return 0;
  check(block->encode() == Bytes(input.begin(), input.end()));
  check(block->txs.size() <= plasma::kMaxBlockTransactions);
  static_cast<void>(block->root());
  return 0;
}
