// Revert data: Error(string), Panic(uint256) and custom errors.
#include <fmt/format.h>

#include "core/hex.hpp"
#include "eth/abi.hpp"

namespace xway::eth::abi {

namespace {

constexpr FixedBytes<4> kErrorSelector{{0x08, 0xc3, 0x79, 0xa0}};  // Error(string)
constexpr FixedBytes<4> kPanicSelector{{0x4e, 0x48, 0x7b, 0x71}};  // Panic(uint256)

}  // namespace

expected<Revert, AbiError> decode_revert(ByteView data, const ContractAbi* abi) {
  Revert out;
  out.raw.assign(data.begin(), data.end());
  if (data.empty()) return out;
  if (data.size() < 4) {
    out.kind = RevertKind::kUnknown;
    return out;
  }
  FixedBytes<4> sel = FixedBytes<4>::from_view(data.first(4));
  ByteView body = data.subspan(4);
  if (sel == kErrorSelector) {
    std::vector<Type> types{Type::string()};
    auto v = decode(types, body);
    if (!v) return unexpected(v.error());
    out.kind = RevertKind::kError;
    out.message = v->front().as_string();
    return out;
  }
  if (sel == kPanicSelector) {
    std::vector<Type> types{Type::uint()};
    auto v = decode(types, body);
    if (!v) return unexpected(v.error());
    out.kind = RevertKind::kPanic;
    out.panic_code = v->front().as_uint();
    return out;
  }
  const ErrorDef* def = abi != nullptr ? abi->error_by_selector(sel) : nullptr;
  if (def == nullptr) {
    out.kind = RevertKind::kUnknown;
    return out;
  }
  auto v = decode(def->signature().inputs, body);
  if (!v) return unexpected(v.error());
  out.kind = RevertKind::kCustom;
  out.error_name = def->name;
  out.params = def->inputs;
  out.args = std::move(*v);
  return out;
}

std::string_view panic_meaning(const U256& code) {
  if (code > 0xff) return "unknown panic code";
  switch (static_cast<unsigned>(code)) {
    case 0x00: return "generic compiler panic";
    case 0x01: return "assertion failed";
    case 0x11: return "arithmetic overflow or underflow";
    case 0x12: return "division or modulo by zero";
    case 0x21: return "conversion to an invalid enum value";
    case 0x22: return "incorrectly encoded storage byte array";
    case 0x31: return "pop on an empty array";
    case 0x32: return "array index out of bounds";
    case 0x41: return "too much memory allocated";
    case 0x51: return "call to a zero-initialized internal function";
    default: return "unknown panic code";
  }
}

std::string describe(const Revert& revert) {
  switch (revert.kind) {
    case RevertKind::kEmpty:
      return "reverted without data";
    case RevertKind::kError:
      return fmt::format("reverted: \"{}\"", revert.message);
    case RevertKind::kPanic:
      return fmt::format("panic {} ({})", to_quantity(revert.panic_code), panic_meaning(revert.panic_code));
    case RevertKind::kCustom: {
      std::string out = revert.error_name + "(";
      for (std::size_t i = 0; i < revert.args.size() && i < revert.params.size(); ++i) {
        if (i > 0) out += ", ";
        out += to_string(revert.params[i].type, revert.args[i]);
      }
      return out + ")";
    }
    case RevertKind::kUnknown:
      if (revert.raw.size() < 4) return fmt::format("unknown revert data {}", to_hex(revert.raw));
      return fmt::format("unknown error {} ({} bytes)", to_hex(ByteView(revert.raw).first(4)), revert.raw.size());
  }
  return "reverted";
}

std::string revert_reason(ByteView data, const ContractAbi* abi) {
  auto r = decode_revert(data, abi);
  if (!r) return fmt::format("malformed revert data {} ({})", to_hex(data), abi::describe(r.error()));
  return describe(*r);
}

}  // namespace xway::eth::abi
