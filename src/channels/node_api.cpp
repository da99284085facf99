#include "channels/node_api.hpp"

#include <charconv>

#include "core/hex.hpp"

namespace xway::channels {
namespace {

using net::Json;
using net::RpcError;
using Reply = expected<Json, RpcError>;

constexpr int kNodeRefused = -32000;

expected<const Json*, RpcError> field(const Json& params, const char* name, bool required = true) {
  if (!params.is_object()) return unexpected(RpcError::invalid_params("params must be an object"));
  auto it = params.find(name);
  if (it == params.end()) {
    if (required) return unexpected(RpcError::invalid_params(std::string("missing ") + name));
    return static_cast<const Json*>(nullptr);
  }
  return &*it;
}

expected<Address, RpcError> address_param(const Json& params, const char* name) {
  auto f = field(params, name);
  if (!f) return unexpected(f.error());
  if (!(*f)->is_string()) return unexpected(RpcError::invalid_params(std::string(name) + ": expected an address"));
  auto a = crypto::parse_address((*f)->get<std::string>());
  if (!a) return unexpected(RpcError::invalid_params(std::string(name) + ": " + a.error().message));
  return *a;
}

expected<U256, RpcError> amount_param(const Json& params, const char* name) {
  auto f = field(params, name);
  if (!f) return unexpected(f.error());
  std::optional<U256> v;
  if ((*f)->is_string()) v = parse_u256((*f)->get<std::string>());
  else if ((*f)->is_number_unsigned()) v = U256((*f)->get<std::uint64_t>());
  if (!v || *v == 0) return unexpected(RpcError::invalid_params(std::string(name) + ": expected a positive amount"));
  return *v;
}

std::uint64_t uint_param(const Json& params, const char* name, std::uint64_t fallback) {
  auto it = params.is_object() ? params.find(name) : params.end();
  if (it == params.end() || !it->is_number_unsigned()) return fallback;
  return it->get<std::uint64_t>();
}

RpcError refused(const Failure& f) { return RpcError::app(kNodeRefused, f.message); }

expected<Hash32, RpcError> hash_param(const Json& params, const char* name) {
  auto f = field(params, name);
  if (!f) return unexpected(f.error());
  if (!(*f)->is_string()) return unexpected(RpcError::invalid_params(std::string(name) + ": expected 32 bytes of hex"));
  auto h = fixed_from_hex<Hash32>((*f)->get<std::string>());
  if (!h) return unexpected(RpcError::invalid_params(std::string(name) + ": expected 32 bytes of hex"));
  return *h;
}

}  // namespace

Result<std::pair<Address, PeerEndpoint>> parse_peer(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos) return fail("peer \"{}\": expected ADDRESS@HOST:PORT", text);
  auto a = crypto::parse_address(text.substr(0, at));
  if (!a) return fail("peer \"{}\": {}", text, a.error().message);
  const std::string_view hp = text.substr(at + 1);
  const auto colon = hp.rfind(':');
  if (colon == std::string_view::npos) return fail("peer \"{}\": expected HOST:PORT after @", text);
  unsigned port = 0;
  const auto ps = hp.substr(colon + 1);
  auto [p, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), port);
  if (ec != std::errc() || p != ps.data() + ps.size() || port == 0 || port > 65535) return fail("peer \"{}\": bad port", text);
  return std::pair{*a, PeerEndpoint{std::string(hp.substr(0, colon)), static_cast<std::uint16_t>(port)}};
}

nlohmann::json payment_json(const PaymentRecord& p) {
  return {{"secrethash", to_hex(p.secrethash.view())}, {"target", crypto::to_checksum_hex(p.target)},
          {"amount", to_dec(p.amount)}, {"status", p.status}, {"parts", p.parts}, {"parts_failed", p.parts_failed},
          {"delivered", to_dec(p.delivered)}, {"in_flight", to_dec(p.in_flight)}, {"error", p.error},
          {"fees", to_dec(p.fees)}, {"keysend", p.keysend}};
}

nlohmann::json invoice_json(const Invoice& i) {
  return {{"invoice", i.encode()}, {"target", crypto::to_checksum_hex(i.target)}, {"amount", to_dec(i.amount)},
          {"secrethash", to_hex(i.secrethash.view())}, {"received", to_dec(i.received)},
          {"unlocked", to_dec(i.unlocked)}, {"paid", i.paid}};
}

void register_node_api(ChannelNode& node, net::RpcDispatcher& rpc) {
  rpc.add("channels_info", [&node](const Json&) -> Reply {
    Json j = node.stats_json();
    j["token_network"] = crypto::to_checksum_hex(node.contracts().token_network);
    j["token"] = node.contracts().token ? Json(crypto::to_checksum_hex(*node.contracts().token)) : Json(nullptr);
    return j;
  });
  rpc.add("channels_connect", [&node](const Json& p) -> Reply {
    auto f = field(p, "peer");
    if (!f) return unexpected(f.error());
    if (!(*f)->is_string()) return unexpected(RpcError::invalid_params("peer: expected ADDRESS@HOST:PORT"));
    auto peer = parse_peer((*f)->get<std::string>());
    if (!peer) return unexpected(RpcError::invalid_params(peer.error().message));
    if (auto r = node.connect_peer(peer->first, peer->second); !r) return unexpected(refused(r.error()));
    return Json{{"partner", crypto::to_checksum_hex(peer->first)}};
  });
  rpc.add("channels_open", [&node](const Json& p) -> Reply {
    Address partner;
    if (auto f = field(p, "peer", false); f && *f) {
      if (!(*f)->is_string()) return unexpected(RpcError::invalid_params("peer: expected ADDRESS@HOST:PORT"));
      auto peer = parse_peer((*f)->get<std::string>());
      if (!peer) return unexpected(RpcError::invalid_params(peer.error().message));
      if (auto r = node.connect_peer(peer->first, peer->second); !r) return unexpected(refused(r.error()));
      partner = peer->first;
    } else {
      auto a = address_param(p, "partner");
      if (!a) return unexpected(a.error());
      partner = *a;
    }
    U256 amount = 0;
    if (auto f = field(p, "amount", false); f && *f) {
      auto a = amount_param(p, "amount");
      if (!a) return unexpected(a.error());
      amount = *a;
    }
    auto id = node.open_channel(partner, amount);
    if (!id) return unexpected(refused(id.error()));
    return Json{{"channel_id", *id}, {"partner", crypto::to_checksum_hex(partner)}, {"deposit", to_dec(amount)}};
  });
  rpc.add("channels_deposit", [&node](const Json& p) -> Reply {
    auto partner = address_param(p, "partner");
    if (!partner) return unexpected(partner.error());
    auto amount = amount_param(p, "amount");
    if (!amount) return unexpected(amount.error());
    auto total = node.deposit(*partner, *amount);
    if (!total) return unexpected(refused(total.error()));
    return Json{{"total_deposit", to_dec(*total)}};
  });
  rpc.add("channels_pay", [&node](const Json& p) -> Reply {
    auto to = address_param(p, "to");
    if (!to) return unexpected(to.error());
    auto amount = amount_param(p, "amount");
    if (!amount) return unexpected(amount.error());
    const std::uint64_t count = uint_param(p, "count", 1);
    if (count == 0 || count > 10'000'000) return unexpected(RpcError::invalid_params("count: 1 to 10,000,000"));
    if (!node.channel_with(*to)) {
      // Not a partner: a spontaneous payment routed over the graph (keysend), fees included.
      if (count != 1) return unexpected(RpcError::invalid_params("count: routed payments go one at a time"));
      auto r = node.pay_keysend(*to, *amount, std::chrono::milliseconds(uint_param(p, "timeout_ms", 30'000)));
      if (!r) return unexpected(refused(r.error()));
      return payment_json(*r);
    }
    auto r = node.pay_direct(*to, *amount, count);
    if (!r) return unexpected(refused(r.error()));
    return Json{{"sent", r->sent}, {"total", to_dec(r->total)}, {"seconds", r->seconds},
                {"payments_per_second", r->seconds > 0 ? static_cast<double>(r->sent) / r->seconds : 0.0}};
  });
  rpc.add("channels_invoice", [&node](const Json& p) -> Reply {
    auto amount = amount_param(p, "amount");
    if (!amount) return unexpected(amount.error());
    auto inv = node.create_invoice(*amount);
    if (!inv) return unexpected(refused(inv.error()));
    return invoice_json(*inv);
  });
  rpc.add("channels_payInvoice", [&node](const Json& p) -> Reply {
    auto f = field(p, "invoice");
    if (!f) return unexpected(f.error());
    if (!(*f)->is_string()) return unexpected(RpcError::invalid_params("invoice: expected the xwi1... text"));
    auto inv = Invoice::parse((*f)->get<std::string>());
    if (!inv) return unexpected(RpcError::invalid_params(inv.error().message));
    const auto timeout = std::chrono::milliseconds(uint_param(p, "timeout_ms", 30'000));
    auto r = node.pay_invoice(*inv, timeout);
    if (!r) return unexpected(refused(r.error()));
    return payment_json(*r);
  });
  rpc.add("channels_list", [&node](const Json&) -> Reply { return node.channels_json(); });
  rpc.add("channels_setFees", [&node](const Json& p) -> Reply {
    if (!p.is_object()) return unexpected(RpcError::invalid_params("params must be an object"));
    RouteAmount base = 0;
    if (auto it = p.find("fee_base"); it != p.end()) {
      std::optional<U256> v;
      if (it->is_string()) v = parse_u256(it->get<std::string>());
      else if (it->is_number_unsigned()) v = U256(it->get<std::uint64_t>());
      const auto r = v ? to_route_amount(*v) : std::nullopt;
      if (!r) return unexpected(RpcError::invalid_params("fee_base: expected an amount below 2^128"));
      base = *r;
    }
    std::uint32_t ppm = 0;
    if (auto it = p.find("fee_ppm"); it != p.end()) {
      if (!it->is_number_unsigned() || it->get<std::uint64_t>() > kMillion) {
        return unexpected(RpcError::invalid_params("fee_ppm: expected 0 to 1,000,000"));
      }
      ppm = static_cast<std::uint32_t>(it->get<std::uint64_t>());
    }
    if (auto r = node.set_fees(base, ppm); !r) return unexpected(refused(r.error()));
    return Json{{"fee_base", amount_to_string(base)}, {"fee_ppm", ppm}};
  });
  rpc.add("channels_gossip", [&node](const Json&) -> Reply { return node.gossip_json(); });
  rpc.add("channels_close", [&node](const Json& p) -> Reply {
    auto partner = address_param(p, "partner");
    if (!partner) return unexpected(partner.error());
    bool force = false;
    if (p.is_object() && p.contains("force") && p["force"].is_boolean()) force = p["force"].get<bool>();
    auto r = node.close(*partner, force, std::chrono::milliseconds(uint_param(p, "wait_ms", 10'000)));
    if (!r) return unexpected(refused(r.error()));
    return Json{{"close", *r}};
  });
  rpc.add("channels_settle", [&node](const Json& p) -> Reply {
    auto partner = address_param(p, "partner");
    if (!partner) return unexpected(partner.error());
    if (auto r = node.settle(*partner); !r) return unexpected(refused(r.error()));
    return Json{{"settled", true}};
  });
  rpc.add("channels_withdraw", [&node](const Json& p) -> Reply {
    auto partner = address_param(p, "partner");
    if (!partner) return unexpected(partner.error());
    auto amount = amount_param(p, "amount");
    if (!amount) return unexpected(amount.error());
    auto r = node.withdraw(*partner, *amount, std::chrono::milliseconds(uint_param(p, "wait_ms", 30'000)));
    if (!r) return unexpected(refused(r.error()));
    return Json{{"total_withdraw", to_dec(*r)}};
  });
  rpc.add("channels_payment", [&node](const Json& p) -> Reply {
    auto h = hash_param(p, "secrethash");
    if (!h) return unexpected(h.error());
    auto r = node.payment(*h);
    if (!r) return unexpected(RpcError::app(kNodeRefused, "no payment with this secret hash"));
    return payment_json(*r);
  });
  rpc.add("channels_invoiceStatus", [&node](const Json& p) -> Reply {
    auto h = hash_param(p, "secrethash");
    if (!h) return unexpected(h.error());
    auto r = node.invoice(*h);
    if (!r) return unexpected(RpcError::app(kNodeRefused, "no invoice with this secret hash"));
    return invoice_json(*r);
  });
}

}  // namespace xway::channels
