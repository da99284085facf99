#include "l2rpc/eth_params.hpp"

#include <fmt/format.h>

#include "core/hex.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::l2rpc {
namespace {

using net::Json;
using net::RpcError;

RpcError bad(const char* what, std::string_view why) {
  return RpcError::invalid_params(fmt::format("{}: {}", what, why));
}

bool is_hex_prefixed(const Json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

}  // namespace

const Json& param(const Json& params, std::size_t index) {
  static const Json kNull;
  if (!params.is_array() || index >= params.size()) return kNull;
  return params[index];
}

expected<Address, RpcError> address_param(const Json& v, const char* what) {
  if (!is_hex_prefixed(v)) return unexpected(bad(what, "expected a 0x-prefixed 20-byte address"));
  auto a = crypto::parse_address(v.get<std::string>());
  if (!a) return unexpected(bad(what, a.error().message));
  return *a;
}

expected<Hash32, RpcError> hash_param(const Json& v, const char* what) {
  if (!is_hex_prefixed(v)) return unexpected(bad(what, "expected a 0x-prefixed 32-byte hash"));
  auto h = fixed_from_hex<Hash32>(v.get<std::string>());
  if (!h) return unexpected(bad(what, describe(h.error())));
  return *h;
}

expected<Bytes, RpcError> data_param(const Json& v, const char* what) {
  if (!is_hex_prefixed(v)) return unexpected(bad(what, "expected 0x-prefixed hex data"));
  auto b = from_hex(v.get<std::string>());
  if (!b) return unexpected(bad(what, describe(b.error())));
  return std::move(*b);
}

expected<std::uint64_t, RpcError> u64_param(const Json& v, const char* what) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (!is_hex_prefixed(v)) return unexpected(bad(what, "expected a hex quantity"));
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() == 2 || s.size() > 18 || (s.size() > 3 && s[2] == '0'))
    return unexpected(bad(what, "expected a minimal hex quantity of at most 64 bits"));
  auto n = parse_u256(s);
  if (!n) return unexpected(bad(what, "expected a hex quantity"));
  return static_cast<std::uint64_t>(*n);
}

expected<BlockTag, RpcError> block_param(const Json& v, const char* what) {
  if (v.is_null()) return BlockTag{};
  if (v.is_object()) {
    if (v.contains("blockHash")) {
      auto h = hash_param(v["blockHash"], what);
      if (!h) return unexpected(h.error());
      return BlockTag{BlockTag::Kind::kHash, 0, *h};
    }
    if (v.contains("blockNumber")) return block_param(v["blockNumber"], what);
    return unexpected(bad(what, "expected blockHash or blockNumber"));
  }
  if (!v.is_string()) return unexpected(bad(what, "expected a block tag or number"));
  const auto& s = v.get_ref<const std::string&>();
  if (s == "latest" || s == "pending" || s == "safe" || s == "finalized") return BlockTag{};
  if (s == "earliest") return BlockTag{BlockTag::Kind::kEarliest, 0, {}};
  auto n = u64_param(v, what);
  if (!n) return unexpected(n.error());
  return BlockTag{BlockTag::Kind::kNumber, *n, {}};
}

}  // namespace xway::l2rpc
