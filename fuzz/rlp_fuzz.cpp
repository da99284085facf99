// libFuzzer target for the strict RLP decoder: arbitrary bytes never crash it, and whatever it
// accepts re-encodes to exactly the same bytes (the decoder accepts canonical encodings only).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "eth/rlp.hpp"

namespace {

using namespace xway;
using namespace xway::eth;

void check(bool ok) {
  if (!ok) std::abort();
}

// Rebuilds an item from its parts and checks each integer read against the integer encoders.
void reencode(const rlp::Item& item, rlp::Encoder& e) {
  if (item.is_string()) {
    const ByteView bytes = *item.bytes();
    e.add_bytes(bytes);
    check(rlp::bytes_size(bytes) == item.encoded().size());
    if (auto v = item.as_u64()) check(rlp::encode_uint(*v) == Bytes(item.encoded().begin(), item.encoded().end()));
    if (auto v = item.as_u256()) check(rlp::encode_u256(*v) == Bytes(item.encoded().begin(), item.encoded().end()));
    return;
  }
  e.begin_list();
  const auto children = item.items();
  check(children.has_value());
  for (const rlp::Item child : *children) reencode(child, e);
  e.end_list();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto item = rlp::decode(input);
  if (!item) return 0;
  rlp::Encoder e;
  reencode(*item, e);
  check(e.encoded_size() == size);
  const Bytes again = e.finish();
  check(again == Bytes(input.begin(), input.end()));
  return 0;
}
