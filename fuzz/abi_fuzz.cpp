// libFuzzer target for the strict ABI decoder: arbitrary bytes decoded as representative type
// lists never crash it; whatever canonical decoding accepts re-encodes to exactly the same bytes;
// whatever lenient decoding accepts re-encodes to a canonical form that decodes to the same values.
// Type strings, revert data and log data get the same treatment.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "eth/abi.hpp"

namespace {

using namespace xway;
using namespace xway::eth;

void check(bool ok) {
  if (!ok) std::abort();
}

// A transfer call, an all-static mix, dynamic bytes/strings, nested dynamic arrays, and tuples
// with fixed arrays of dynamic members: every head/tail shape the decoder knows.
constexpr std::string_view kTypeLists[] = {
    "(address,uint256)",
    "(uint8,int16,bool,bytes3,address,int256,bytes32)",
    "(bytes,string,uint256)",
    "(uint256[][],string[])",
    "((uint8,(bool,bytes)[2],address[]),uint256[][])",
    "((uint256,string)[],int8[3],bytes2[2][])",
    "(()[],(bytes)[1][])",
};

void decode_both_ways(const std::vector<abi::Type>& types, ByteView input) {
  auto strict = abi::decode(types, input);
  if (strict) {
    auto again = abi::encode(types, *strict);
    check(again.has_value());
    check(*again == Bytes(input.begin(), input.end()));
  }
  abi::DecodeOptions lenient;
  lenient.canonical = false;
  auto loose = abi::decode(types, input, lenient);
  if (strict) check(loose.has_value() && *loose == *strict);
  if (loose) {
    auto canonical = abi::encode(types, *loose);
    check(canonical.has_value());
    auto redecoded = abi::decode(types, *canonical);
    check(redecoded.has_value() && *redecoded == *loose);
  }
}

void fuzz_type_string(ByteView input) {
  std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  auto t = abi::Type::parse(text);
  if (t) check(t->canonical() == text);
  auto sig = abi::parse_signature(text);
  if (sig) check(sig->canonical() == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<std::vector<abi::Type>> kTypes = [] {
    std::vector<std::vector<abi::Type>> out;
    for (auto list : kTypeLists) out.push_back(abi::parse_type_list(list).value());
    return out;
  }();
  const std::uint8_t selector = data[0];
  const ByteView input(data + 1, size - 1);
  const std::size_t n = std::size(kTypeLists);
  if (selector < n) {
    decode_both_ways(kTypes[selector], input);
  } else if (selector == n) {
    fuzz_type_string(input);
  } else {
    // Revert data: never crashes, and always yields one line.
    check(!abi::revert_reason(input).empty());
    decode_both_ways(kTypes[selector % n], input);
  }
  return 0;
}
