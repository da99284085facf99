// Fuzzes the STARK proof decoder and the proof-file verifier with outside bytes (issue 5).
// Properties: neither crashes nor hangs; a proof that decodes re-encodes to the same bytes (the
// format is canonical, so no two encodings mean one proof).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "stark/air/proof_codec.hpp"
#include "stark/stark.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const xway::ByteView bytes(data, size);
  if (auto proof = xway::stark::decode_proof(bytes)) {
    const xway::Bytes again = xway::stark::encode_proof(*proof);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  // Low floor so options-light inputs get as far as the verifier's checks.
  (void)xway::stark::verify_example_file(bytes, 0);
  return 0;
}
