#include "channels/node_wire.hpp"

#include <cstring>

namespace xway::channels {
namespace {

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}
void put(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }
Address address_at(ByteView in) {
  Address a;
  std::memcpy(a.data(), in.data(), 20);
  return a;
}

constexpr std::size_t kLockedTransferBytes = 1 + kSignedBalanceProofBytes + kLockBytes;

}  // namespace

std::string_view describe(RouteFailure f) {
  switch (f) {
    case RouteFailure::kUnspecified: return "no reason given";
    case RouteFailure::kUnderpaidFee: return "underpaid forward: the fee is below the hop's fee";
    case RouteFailure::kNoChannel: return "the hop has no open channel to the next node";
    case RouteFailure::kExpiryTooSoon: return "the lock expires too soon to forward";
    case RouteFailure::kCannotLock: return "the hop's channel to the next node refused the lock";
    case RouteFailure::kNextHopOffline: return "the hop is not connected to the next node";
    case RouteFailure::kUnknownPayment: return "the target cannot open the payment's keysend seal";
  }
  return "unknown route failure";
}

std::string_view describe(NodeWireError e) {
  switch (e) {
    case NodeWireError::kUnknownType: return "unknown node message type";
    case NodeWireError::kWrongLength: return "node message has the wrong length for its type";
    case NodeWireError::kTooManyHops: return "mediated transfer names more hops than allowed";
    case NodeWireError::kNotLockedTransfer: return "mediated transfer does not carry a locked transfer";
    case NodeWireError::kBadChannelMessage: return "channel message did not decode";
    case NodeWireError::kBadKeysendFlag: return "mediated transfer's keysend flag is neither 0 nor 1";
    case NodeWireError::kBadChannelUpdate: return "channel update did not decode";
    case NodeWireError::kBadRouteFailure: return "route failure names an unknown reason";
  }
  return "unknown node wire error";
}

net::Message encode_node_message(const NodeMessage& message) {
  net::Message m;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ChannelMessage>) {
          m.type = kNodeChannelMessage;
          m.payload = encode_channel_message(v);
        } else if constexpr (std::is_same_v<T, MediatedTransfer>) {
          m.type = kNodeMediatedMessage;
          m.payload = encode_channel_message(ChannelMessage{v.transfer});
          put(m.payload, v.initiator.view());
          put(m.payload, v.target.view());
          m.payload.push_back(static_cast<std::uint8_t>(v.hops.size()));
          for (const MediatedHop& h : v.hops) {
            put(m.payload, h.node.view());
            put(m.payload, to_be32(h.amount).view());
          }
          m.payload.push_back(v.keysend ? 1 : 0);
          if (v.keysend) put(m.payload, v.keysend->bytes.view());
        } else if constexpr (std::is_same_v<T, SecretReveal>) {
          m.type = kNodeSecretRevealMessage;
          put(m.payload, v.secret.view());
        } else if constexpr (std::is_same_v<T, RouteFailed>) {
          m.type = kNodeRouteFailedMessage;
          put(m.payload, v.secrethash.view());
          m.payload.push_back(static_cast<std::uint8_t>(v.reason));
        } else if constexpr (std::is_same_v<T, SignedChannelUpdate>) {
          m.type = kNodeChannelUpdateMessage;
          m.payload = encode_channel_update(v);
        } else if constexpr (std::is_same_v<T, UpdateQuery>) {
          m.type = kNodeUpdateQueryMessage;
          put_u64(m.payload, v.channel_id);
        } else {
          m.type = kNodeSyncMessage;
          put_u64(m.payload, v.channel_id);
          put_u64(m.payload, v.nonce);
        }
      },
      message);
  return m;
}

expected<NodeMessage, NodeWireError> decode_node_message(net::MessageType type, ByteView payload,
                                                         ChannelError* channel_error) {
  switch (type) {
    case kNodeChannelMessage: {
      auto m = decode_channel_message(payload);
      if (!m) {
        if (channel_error) *channel_error = m.error();
        return unexpected(NodeWireError::kBadChannelMessage);
      }
      if (std::holds_alternative<SendLockedTransferMessage>(*m)) return unexpected(NodeWireError::kBadChannelMessage);
      return NodeMessage{*m};
    }
    case kNodeMediatedMessage: {
      constexpr std::size_t fixed = kLockedTransferBytes + 20 + 20 + 1;
      if (payload.size() < fixed) return unexpected(NodeWireError::kWrongLength);
      const std::size_t hops = payload[fixed - 1];
      if (hops > kMaxMediatedHops) return unexpected(NodeWireError::kTooManyHops);
      const std::size_t flag_at = fixed + kMediatedHopBytes * hops;
      if (payload.size() < flag_at + 1) return unexpected(NodeWireError::kWrongLength);
      const std::uint8_t flag = payload[flag_at];
      if (flag > 1) return unexpected(NodeWireError::kBadKeysendFlag);
      if (payload.size() != flag_at + 1 + (flag == 1 ? kKeysendBytes : 0)) return unexpected(NodeWireError::kWrongLength);
      auto m = decode_channel_message(payload.subspan(0, kLockedTransferBytes));
      if (!m) {
        if (channel_error) *channel_error = m.error();
        return unexpected(NodeWireError::kBadChannelMessage);
      }
      const auto* locked = std::get_if<SendLockedTransferMessage>(&*m);
      if (locked == nullptr) return unexpected(NodeWireError::kNotLockedTransfer);
      MediatedTransfer t;
      t.transfer = *locked;
      t.initiator = address_at(payload.subspan(kLockedTransferBytes, 20));
      t.target = address_at(payload.subspan(kLockedTransferBytes + 20, 20));
      for (std::size_t i = 0; i < hops; ++i) {
        const std::size_t at = fixed + kMediatedHopBytes * i;
        t.hops.push_back(MediatedHop{address_at(payload.subspan(at, 20)), from_be(payload.subspan(at + 20, 32))});
      }
      if (flag == 1) {
        KeysendSeal seal;
        std::memcpy(seal.bytes.data(), payload.data() + flag_at + 1, kKeysendBytes);
        t.keysend = seal;
      }
      return NodeMessage{std::move(t)};
    }
    case kNodeSecretRevealMessage: {
      if (payload.size() != 32) return unexpected(NodeWireError::kWrongLength);
      SecretReveal r;
      std::memcpy(r.secret.data(), payload.data(), 32);
      return NodeMessage{r};
    }
    case kNodeRouteFailedMessage: {
      if (payload.size() != 33) return unexpected(NodeWireError::kWrongLength);
      if (payload[32] > kMaxRouteFailure) return unexpected(NodeWireError::kBadRouteFailure);
      RouteFailed r;
      std::memcpy(r.secrethash.data(), payload.data(), 32);
      r.reason = static_cast<RouteFailure>(payload[32]);
      return NodeMessage{r};
    }
    case kNodeSyncMessage: {
      if (payload.size() != 16) return unexpected(NodeWireError::kWrongLength);
      return NodeMessage{SyncRequest{get_u64(payload.subspan(0, 8)), get_u64(payload.subspan(8, 8))}};
    }
    case kNodeChannelUpdateMessage: {
      auto u = decode_channel_update(payload);
      if (!u) return unexpected(u.error() == GossipError::kWrongLength ? NodeWireError::kWrongLength
                                                                       : NodeWireError::kBadChannelUpdate);
      return NodeMessage{*u};
    }
    case kNodeUpdateQueryMessage: {
      if (payload.size() != 8) return unexpected(NodeWireError::kWrongLength);
      return NodeMessage{UpdateQuery{get_u64(payload)}};
    }
    default:
      return unexpected(NodeWireError::kUnknownType);
  }
}

}  // namespace xway::channels
