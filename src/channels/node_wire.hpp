#pragma once
/// The node-to-node protocol over the transport (net::Peer): what a channel node sends its
/// partners besides bare channel messages. Each message is one transport message type with a
/// strict fixed or counted layout; anything else is refused with a `NodeWireError`.
///
///   0x0c01 channel        a channel_wire message (direct transfer, unlock, lock expired,
///                         withdraw, cooperative settle)
///   0x0c02 mediated       a channel_wire locked transfer (302), initiator (20), target (20),
///                         hop count (1, at most kMaxHops), the hops still ahead (each: node
///                         (20), the amount its incoming lock carries (32)), keysend flag (1:
///                         0 or 1), and with flag 1 the sealed secret (keysend.hpp, 113)
///   0x0c03 secret reveal  secret (32): "I know the secret of your lock to me; unlock it"
///   0x0c04 route failed   secrethash (32), reason (1, a RouteFailure): the transfer of this lock
///                         could not go on
///   0x0c05 sync           channel id (8), nonce (8): "the last proof of yours I hold has this
///                         nonce"; the partner resends what came after
///   0x0c06 channel update a signed channel update (gossip.hpp, 154), flooded to every peer
///   0x0c07 update query   channel id (8): "send me the updates you hold for this channel"
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "channels/channel_wire.hpp"
#include "channels/gossip.hpp"
#include "channels/keysend.hpp"
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
inline constexpr net::MessageType kNodeChannelUpdateMessage = 0x0c06;
inline constexpr net::MessageType kNodeUpdateQueryMessage = 0x0c07;
/// Most hops a mediated transfer carries.
inline constexpr std::size_t kMaxMediatedHops = 20;
/// Bytes of one hop entry of a mediated transfer: node (20) and the amount locked to it (32).
inline constexpr std::size_t kMediatedHopBytes = 20 + 32;
/// The longest payload of any node message (a keysend mediated transfer with every hop).
inline constexpr std::size_t kMaxNodePayloadBytes =
    kMaxChannelMessageBytes + 20 + 20 + 1 + kMediatedHopBytes * kMaxMediatedHops + 1 + kKeysendBytes;

/// Why a node message was refused.
enum class NodeWireError {
  kUnknownType,      ///< the transport type names no node message
  kWrongLength,      ///< the payload is not the type's length
  kTooManyHops,      ///< a hop count above kMaxMediatedHops
  kNotLockedTransfer,  ///< a mediated message whose channel message is not a locked transfer
  kBadChannelMessage,  ///< the channel message inside did not decode
  kBadKeysendFlag,     ///< a mediated transfer's keysend flag is neither 0 nor 1
  kBadChannelUpdate,   ///< the channel update did not decode (decode_channel_update says why)
  kBadRouteFailure,    ///< a route failure's reason is not a known RouteFailure
};
/// One line naming the error.
std::string_view describe(NodeWireError e);

/// One hop still ahead of a mediated transfer: the node and what its incoming lock must carry
/// (the receiver of the message keeps the difference to its own incoming lock as its fee).
struct MediatedHop {
  Address node;
  U256 amount = 0;
  friend bool operator==(const MediatedHop&, const MediatedHop&) = default;
};

/// A locked transfer with where it goes next.
struct MediatedTransfer {
  SendLockedTransferMessage transfer;
  Address initiator;
  Address target;
  std::vector<MediatedHop> hops;      ///< the nodes after the receiver, up to the target
  std::optional<KeysendSeal> keysend;  ///< the target's sealed secret, for a spontaneous payment
};
/// The sender of a lock knows its secret now.
struct SecretReveal {
  Secret secret;
  friend bool operator==(const SecretReveal&, const SecretReveal&) = default;
};
/// Why a hop did not forward a mediated transfer (what the payer's error names).
enum class RouteFailure : std::uint8_t {
  kUnspecified = 0,
  kUnderpaidFee = 1,     ///< the transfer left the hop less than its fee
  kNoChannel = 2,        ///< the hop has no open channel to the next node (or is not the target)
  kExpiryTooSoon = 3,    ///< the lock expires too soon to forward
  kCannotLock = 4,       ///< the hop's channel to the next node refused the lock (capacity)
  kNextHopOffline = 5,   ///< the hop has no connection to the next node
  kUnknownPayment = 6,   ///< the target cannot open the keysend seal the transfer carries
};
/// The largest RouteFailure value.
inline constexpr std::uint8_t kMaxRouteFailure = 6;
/// One line naming a route failure.
std::string_view describe(RouteFailure f);

/// A mediated transfer could not continue.
struct RouteFailed {
  Hash32 secrethash;
  RouteFailure reason = RouteFailure::kUnspecified;
  friend bool operator==(const RouteFailed&, const RouteFailed&) = default;
};
/// The last nonce of the receiver's proofs the sender holds in a channel.
struct SyncRequest {
  std::uint64_t channel_id = 0;
  std::uint64_t nonce = 0;
  friend bool operator==(const SyncRequest&, const SyncRequest&) = default;
};

/// A request for the updates a peer holds about one channel (sent when a channel appears on L1,
/// since updates about it that arrived earlier were refused as naming an unknown channel).
struct UpdateQuery {
  std::uint64_t channel_id = 0;
  friend bool operator==(const UpdateQuery&, const UpdateQuery&) = default;
};

/// Any node message. A bare channel message is a `ChannelMessage`.
using NodeMessage = std::variant<ChannelMessage, MediatedTransfer, SecretReveal, RouteFailed, SyncRequest,
                                 SignedChannelUpdate, UpdateQuery>;

/// The transport message (type and payload) of a node message.
net::Message encode_node_message(const NodeMessage& message);
/// Parses a transport message strictly. For channel messages the channel codec's error is
/// folded into kBadChannelMessage and returned in `channel_error` when given.
expected<NodeMessage, NodeWireError> decode_node_message(net::MessageType type, ByteView payload,
                                                         ChannelError* channel_error = nullptr);

}  // namespace xway::channels
