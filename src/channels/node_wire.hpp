#pragma once
/// The node-to-node protocol over the transport (net::Peer): what a channel node sends its
/// partners besides bare channel messages. Each message is one transport message type with a
/// strict fixed or counted layout; anything else is refused with a `NodeWireError`.
///
///   0x0c01 channel        a channel_wire message (direct transfer, unlock, lock expired,
///                         withdraw, cooperative settle)
///   0x0c02 mediated       a channel_wire locked transfer (302), initiator (20), target (20),
///                         hop count (1, at most kMaxHops), the hops still ahead (20 each)
///   0x0c03 secret reveal  secret (32): "I know the secret of your lock to me; unlock it"
///   0x0c04 route failed   secrethash (32): the transfer of this lock could not go on
///   0x0c05 sync           channel id (8), nonce (8): "the last proof of yours I hold has this
///                         nonce"; the partner resends what came after
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "channels/channel_wire.hpp"
#include "channels/lock.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "net/frame.hpp"

namespace xway::channels {

/// Transport message types of the channel node protocol.
inline constexpr net::MessageType kNodeChannelMessage = 0x0c01;
inline constexpr net::MessageType kNodeMediatedMessage = 0x0c02;
inline constexpr net::MessageType kNodeSecretRevealMessage = 0x0c03;
inline constexpr net::MessageType kNodeRouteFailedMessage = 0x0c04;
inline constexpr net::MessageType kNodeSyncMessage = 0x0c05;
/// Most hops a mediated transfer carries.
inline constexpr std::size_t kMaxMediatedHops = 20;
/// The longest payload of any node message (a mediated transfer with every hop).
inline constexpr std::size_t kMaxNodePayloadBytes = kMaxChannelMessageBytes + 20 + 20 + 1 + 20 * kMaxMediatedHops;

/// Why a node message was refused.
enum class NodeWireError {
  kUnknownType,      ///< the transport type names no node message
  kWrongLength,      ///< the payload is not the type's length
  kTooManyHops,      ///< a hop count above kMaxMediatedHops
  kNotLockedTransfer,  ///< a mediated message whose channel message is not a locked transfer
  kBadChannelMessage,  ///< the channel message inside did not decode
};
/// One line naming the error.
std::string_view describe(NodeWireError e);

/// A locked transfer with where it goes next.
struct MediatedTransfer {
  SendLockedTransferMessage transfer;
  Address initiator;
  Address target;
  std::vector<Address> hops;  ///< the nodes after the receiver, up to the target
};
/// The sender of a lock knows its secret now.
struct SecretReveal {
  Secret secret;
  friend bool operator==(const SecretReveal&, const SecretReveal&) = default;
};
/// A mediated transfer could not continue.
struct RouteFailed {
  Hash32 secrethash;
  friend bool operator==(const RouteFailed&, const RouteFailed&) = default;
};
/// The last nonce of the receiver's proofs the sender holds in a channel.
struct SyncRequest {
  std::uint64_t channel_id = 0;
  std::uint64_t nonce = 0;
  friend bool operator==(const SyncRequest&, const SyncRequest&) = default;
};

/// Any node message. A bare channel message is a `ChannelMessage`.
using NodeMessage = std::variant<ChannelMessage, MediatedTransfer, SecretReveal, RouteFailed, SyncRequest>;

/// The transport message (type and payload) of a node message.
net::Message encode_node_message(const NodeMessage& message);
/// Parses a transport message strictly. For channel messages the channel codec's error is
/// folded into kBadChannelMessage and returned in `channel_error` when given.
expected<NodeMessage, NodeWireError> decode_node_message(net::MessageType type, ByteView payload,
                                                         ChannelError* channel_error = nullptr);

}  // namespace xway::channels
