#include "plasma/operator_client.hpp"

#include <fmt/format.h>

#include "core/hex.hpp"

namespace xway::plasma {

OperatorClient::OperatorClient(std::string host, std::uint16_t port)
    : where_(fmt::format("operator {}:{}", host, port)), rpc_(std::move(host), port, std::chrono::seconds(5)) {}

Result<net::Json> OperatorClient::call(std::string_view method, net::Json params) {
  auto r = rpc_.call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", where_, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

Result<Hash32> OperatorClient::send(const SignedTransaction& tx) {
  auto r = call("plasma_sendTransaction", net::Json::array({to_hex(tx.encode())}));
  if (!r) return unexpected(r.error());
  if (!r->is_object() || !r->contains("hash") || !(*r)["hash"].is_string()) {
    return fail("{} plasma_sendTransaction: malformed reply", where_);
  }
  auto hash = fixed_from_hex<Hash32>((*r)["hash"].get<std::string>());
  if (!hash) return fail("{} plasma_sendTransaction: malformed hash", where_);
  return *hash;
}

Result<std::vector<Utxo>> OperatorClient::utxos_of(const Address& owner) {
  auto r = call("plasma_getUtxos", net::Json::array({crypto::to_checksum_hex(owner)}));
  if (!r) return unexpected(r.error());
  if (!r->is_array()) return fail("{} plasma_getUtxos: malformed reply", where_);
  std::vector<Utxo> out;
  for (const auto& j : *r) {
    if (!j.is_object() || !j.contains("position") || !j["position"].is_number_unsigned() || !j.contains("owner") ||
        !j["owner"].is_string() || !j.contains("token") || !j["token"].is_string() || !j.contains("amount") ||
        !j["amount"].is_string()) {
      return fail("{} plasma_getUtxos: malformed output", where_);
    }
    auto pos = Position::decode(j["position"].get<std::uint64_t>());
    auto own = crypto::parse_address(j["owner"].get<std::string>());
    auto tok = crypto::parse_address(j["token"].get<std::string>());
    auto amt = parse_u256(j["amount"].get<std::string>());
    if (!pos || !own || !tok || !amt) return fail("{} plasma_getUtxos: malformed output", where_);
    out.push_back(Utxo{*pos, Output{*own, *amt}, *tok});
  }
  return out;
}

Result<std::optional<Block>> OperatorClient::block(std::uint64_t blknum) {
  auto r = rpc_.call("plasma_getBlock", net::Json::array({blknum}));
  if (!r) {
    if (r.error().kind == net::RpcCallError::kRemote) return std::optional<Block>{};
    return fail("{} plasma_getBlock: {}", where_, r.error().message);
  }
  if (!r->is_object() || !r->contains("data") || !(*r)["data"].is_string()) {
    return fail("{} plasma_getBlock: malformed reply", where_);
  }
  auto bytes = from_hex((*r)["data"].get<std::string>());
  if (!bytes) return fail("{} plasma_getBlock: block data is not hex", where_);
  auto block = Block::decode(*bytes);
  if (!block) return fail("{} plasma_getBlock {}: {}", where_, blknum, describe(block.error()));
  return std::optional<Block>{std::move(*block)};
}

Result<std::uint64_t> OperatorClient::pending() {
  auto r = call("plasma_status", net::Json::array());
  if (!r) return unexpected(r.error());
  if (!r->is_object() || !r->contains("pending") || !(*r)["pending"].is_number_unsigned()) {
    return fail("{} plasma_status: malformed reply", where_);
  }
  return (*r)["pending"].get<std::uint64_t>();
}

}  // namespace xway::plasma
