// The node's transport: one authenticated connection per partner over net::Host. Messages are
// queued to the inbound worker; oversized ones are dropped at the frame limit and here.
#include <spdlog/spdlog.h>

#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {

void ChannelNode::on_peer(std::shared_ptr<net::Peer> peer) {
  const Address from = peer->remote_address();
  std::weak_ptr<net::Peer> weak = peer;
  peer->set_message_handler([this, from](net::Message m) {
    if (m.payload.size() > kMaxNodePayloadBytes) {
      std::lock_guard g(mu_);
      ++rejections_["oversized message"];
      return;
    }
    enqueue(Inbound{from, std::move(m)});
  });
  peer->set_close_handler([this, from, weak](const std::string& reason) {
    std::lock_guard g(peers_mu_);
    auto it = peers_.find(from);
    if (it != peers_.end() && it->second == weak.lock()) peers_.erase(it);
    spdlog::debug("peer {} disconnected: {}", crypto::to_checksum_hex(from), reason);
  });
  {
    std::lock_guard g(peers_mu_);
    peers_[from] = peer;
  }
  spdlog::info("peer {} connected ({})", crypto::to_checksum_hex(from), peer->outbound() ? "outbound" : "inbound");
  enqueue(Inbound{from, std::nullopt});
}

void ChannelNode::send_to(const Address& to, const net::Message& m) {
  std::shared_ptr<net::Peer> peer;
  {
    std::lock_guard g(peers_mu_);
    auto it = peers_.find(to);
    if (it != peers_.end()) peer = it->second;
  }
  if (!peer || !peer->is_open()) {
    spdlog::debug("no connection to {}; the message waits in the outbox", crypto::to_checksum_hex(to));
    return;
  }
  if (auto r = peer->send(m.type, m.payload); !r) {
    spdlog::warn("sending to {}: {}", crypto::to_checksum_hex(to), net::describe(r.error()));
  }
}

bool ChannelNode::connected(const Address& partner) {
  std::lock_guard g(peers_mu_);
  auto it = peers_.find(partner);
  return it != peers_.end() && it->second->is_open();
}

Result<void> ChannelNode::connect_peer(const Address& partner, const PeerEndpoint& endpoint) {
  if (partner == address_) return fail("cannot connect to ourselves");
  {
    std::lock_guard g(peers_mu_);
    auto it = endpoints_.find(partner);
    if (it != endpoints_.end() && it->second.host == endpoint.host && it->second.port == endpoint.port) return {};
    endpoints_[partner] = endpoint;
  }
  store::WriteBatch b;
  store_.put_endpoint(b, partner, endpoint.host + ":" + std::to_string(endpoint.port));
  if (auto r = store_.commit(b); !r) return r;
  if (!host_) return {};
  auto d = host_->dial(endpoint.host, endpoint.port, partner, true);
  if (!d) return unexpected(d.error());
  return {};
}

}  // namespace xway::channels
