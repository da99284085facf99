#include "channels/watchtower_client.hpp"

#include <fmt/format.h>

#include "core/hex.hpp"

namespace xway::channels {
namespace {

bool has_unsigned(const net::Json& j, const char* field) { return j.contains(field) && j[field].is_number_unsigned(); }
bool has_string(const net::Json& j, const char* field) { return j.contains(field) && j[field].is_string(); }

std::optional<DefenseStatus> status_of(std::string_view word) {
  for (auto s : {DefenseStatus::kUpdated, DefenseStatus::kNotNeeded, DefenseStatus::kTooLate, DefenseStatus::kFailed}) {
    if (describe(s) == word) return s;
  }
  return std::nullopt;
}

}  // namespace

WatchtowerClient::WatchtowerClient(std::string host, std::uint16_t port)
    : where_(fmt::format("watchtower {}:{}", host, port)), rpc_(std::move(host), port, std::chrono::seconds(10)) {}

Result<net::Json> WatchtowerClient::call(std::string_view method, net::Json params) {
  auto r = rpc_.call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", where_, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

Result<TowerInfo> WatchtowerClient::info() {
  auto r = call("tower_status", net::Json::array());
  if (!r) return unexpected(r.error());
  if (!r->is_object() || !has_string(*r, "address") || !has_unsigned(*r, "chain_id") || !has_unsigned(*r, "watched") ||
      !has_unsigned(*r, "pending_defenses") || !has_unsigned(*r, "next_block") || !r->contains("outcomes") ||
      !(*r)["outcomes"].is_object()) {
    return fail("{} tower_status: malformed reply", where_);
  }
  auto address = crypto::parse_address((*r)["address"].get<std::string>());
  if (!address) return fail("{} tower_status: malformed address", where_);
  TowerInfo info{*address, (*r)["chain_id"].get<std::uint64_t>(), (*r)["watched"].get<std::uint64_t>(),
                 (*r)["pending_defenses"].get<std::uint64_t>(), (*r)["next_block"].get<std::uint64_t>(), 0};
  const auto& outcomes = (*r)["outcomes"];
  if (outcomes.contains("updated")) {
    if (!outcomes["updated"].is_number_unsigned()) return fail("{} tower_status: malformed outcomes", where_);
    info.updated = outcomes["updated"].get<std::uint64_t>();
  }
  tower_ = info.address;
  return info;
}

Result<WatchReceipt> WatchtowerClient::watch(const WatchRequest& request) {
  auto r = call("tower_watch", net::Json::array({to_hex(encode_watch_request(request).view())}));
  if (!r) return unexpected(r.error());
  if (!r->is_object() || !has_unsigned(*r, "nonce") || !r->contains("defending") || !(*r)["defending"].is_boolean()) {
    return fail("{} tower_watch: malformed reply", where_);
  }
  return WatchReceipt{(*r)["nonce"].get<std::uint64_t>(), (*r)["defending"].get<bool>()};
}

Result<WatchReceipt> WatchtowerClient::hand_over(const SignedBalanceProof& partner_proof,
                                                 const crypto::PrivateKey& client_key) {
  if (!tower_) {
    if (auto i = info(); !i) return unexpected(i.error());
  }
  return watch(make_watch_request(partner_proof, client_key, *tower_));
}

Result<std::optional<DefenseOutcome>> WatchtowerClient::outcome(const WatchKey& key) {
  auto r = call("tower_outcome", net::Json::array({crypto::to_checksum_hex(key.token_network), key.channel_id,
                                                   crypto::to_checksum_hex(key.client)}));
  if (!r) return unexpected(r.error());
  if (r->is_null()) return std::optional<DefenseOutcome>{};
  if (!r->is_object() || !has_string(*r, "status") || !has_unsigned(*r, "tower_nonce") ||
      !has_unsigned(*r, "closer_nonce") || !has_string(*r, "tx_hash") || !has_unsigned(*r, "gas_used")) {
    return fail("{} tower_outcome: malformed reply", where_);
  }
  auto status = status_of((*r)["status"].get<std::string>());
  auto tx = fixed_from_hex<Hash32>((*r)["tx_hash"].get<std::string>());
  if (!status || !tx) return fail("{} tower_outcome: malformed reply", where_);
  return std::optional<DefenseOutcome>{DefenseOutcome{*status, (*r)["tower_nonce"].get<std::uint64_t>(),
                                                      (*r)["closer_nonce"].get<std::uint64_t>(), *tx,
                                                      (*r)["gas_used"].get<std::uint64_t>()}};
}

}  // namespace xway::channels
