// Transport frames from outside bytes: the decoder must never crash, never return a body over the
// limit, and return exactly the bodies an honest encoder would have framed, however the bytes are
// split across reads.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "net/frame.hpp"

using namespace xway;
using namespace xway::net;

namespace {

/// Decodes everything available; returns the bodies, stopping at the first error.
std::vector<Bytes> drain(FrameDecoder& dec, bool& failed) {
  std::vector<Bytes> out;
  for (;;) {
    auto r = dec.next();
    if (!r) {
      failed = true;
      return out;
    }
    if (!*r) return out;
    if ((*r)->empty() || (*r)->size() > dec.max_frame_bytes()) std::abort();
    out.push_back(std::move(**r));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t limit = 1 + (std::size_t{data[0]} << 4);
  const std::size_t chunk = 1 + data[1];
  const ByteView input(data + 2, size - 2);

  FrameDecoder whole(limit);
  whole.feed(input);
  bool whole_failed = false;
  const auto all = drain(whole, whole_failed);

  FrameDecoder pieces(limit);
  std::vector<Bytes> got;
  bool pieces_failed = false;
  for (std::size_t at = 0; at < input.size() && !pieces_failed; at += chunk) {
    pieces.feed(input.subspan(at, std::min(chunk, input.size() - at)));
    auto more = drain(pieces, pieces_failed);
    got.insert(got.end(), more.begin(), more.end());
  }
  if (got != all || pieces_failed != whole_failed) std::abort();

  // Re-encoding what was accepted reproduces the accepted prefix of the input.
  Bytes again;
  for (const auto& b : all) append_frame(again, b);
  if (!std::equal(again.begin(), again.end(), input.begin())) std::abort();

  for (const auto& b : all) {
    auto m = decode_message(b);
    if (m && encode_message(m->type, m->payload) != b) std::abort();
  }
  return 0;
}
