// libFuzzer target for the Plasma signed-transaction decoder (what the operator's RPC receives):
// arbitrary bytes never crash it, and every accepted transaction re-encodes to exactly the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "plasma/transaction.hpp"
#include "plasma/validate.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  auto tx = plasma::SignedTransaction::decode(input);
  if (!tx) return 0;
  check(tx->encode() == Bytes(input.begin(), input.end()));
  // Validation against an empty UTXO set must reject without crashing.
  const auto none = [](const plasma::Position&) { return std::optional<plasma::Utxo>{}; };
  check(!plasma::validate(*tx, Hash32{}, none).has_value());
  return 0;
}
