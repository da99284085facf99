// The tower's JSON-RPC API: tower_watch, tower_status, tower_outcome.
#include <fmt/format.h>

#include "channels/watchtower.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

/// Application error codes of the tower's API.
constexpr int kRefused = -32030;
constexpr int kInternal = -32031;

net::Json outcome_json(const DefenseOutcome& o) {
  return net::Json{{"status", describe(o.status)},
                   {"tower_nonce", o.tower_nonce},
                   {"closer_nonce", o.closer_nonce},
                   {"tx_hash", to_hex(o.tx_hash)},
                   {"gas_used", o.gas_used}};
}

}  // namespace

void Watchtower::register_rpc(net::RpcDispatcher& rpc) {
  rpc.add("tower_watch", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string()) {
      return unexpected(net::RpcError::invalid_params("expected [\"0x<watch request>\"]"));
    }
    const std::string& text = params[0].get_ref<const std::string&>();
    if (text.size() > 2 + 2 * kWatchRequestBytes + 2) {
      return unexpected(net::RpcError::app(kRefused, fmt::format("{}: {} characters, expected {}", describe(TowerError::kMalformed),
                                                                 text.size(), 2 + 2 * kWatchRequestBytes),
                                           net::Json{{"error", "malformed"}}));
    }
    auto bytes = from_hex(text);
    if (!bytes) return unexpected(net::RpcError::invalid_params("watch request is not hex"));
    auto accepted = watch_bytes(*bytes);
    if (!accepted) {
      return unexpected(net::RpcError::app(kRefused, accepted.error().message,
                                           net::Json{{"error", describe(accepted.error().error)}}));
    }
    return net::Json{{"token_network", crypto::to_checksum_hex(accepted->key.token_network)},
                     {"channel_id", accepted->key.channel_id},
                     {"client", crypto::to_checksum_hex(accepted->key.client)},
                     {"nonce", accepted->nonce},
                     {"defending", accepted->defending}};
  });
  rpc.add("tower_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    auto s = status();
    if (!s) return unexpected(net::RpcError::app(kInternal, s.error().message));
    return net::Json{{"address", crypto::to_checksum_hex(s->address)},
                     {"chain_id", s->chain_id},
                     {"watched", s->watched},
                     {"pending_defenses", s->pending_defenses},
                     {"next_block", s->next_block},
                     {"outcomes", s->outcomes}};
  });
  rpc.add("tower_outcome", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 3 || !params[0].is_string() || !params[1].is_number_unsigned() ||
        !params[2].is_string()) {
      return unexpected(net::RpcError::invalid_params("expected [\"0x<token network>\", channel_id, \"0x<client>\"]"));
    }
    auto token_network = crypto::parse_address(params[0].get<std::string>());
    auto client = crypto::parse_address(params[2].get<std::string>());
    if (!token_network || !client) return unexpected(net::RpcError::invalid_params("bad address"));
    auto o = outcome(WatchKey{*token_network, params[1].get<std::uint64_t>(), *client});
    if (!o) return unexpected(net::RpcError::app(kInternal, o.error().message));
    if (!*o) return net::Json(nullptr);
    return outcome_json(**o);
  });
}

}  // namespace xway::channels
