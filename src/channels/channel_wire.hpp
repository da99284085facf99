#pragma once
/// The messages channel partners exchange, and their strict binary encoding: one type byte, then
/// fixed-size big-endian fields, so every message has exactly one length and one encoding.
///
///   1 direct transfer   signed balance proof (205)
///   2 locked transfer   signed balance proof (205), lock (96)
///   3 unlock            signed balance proof (205), secret (32)
///   4 lock expired      signed balance proof (205), secrethash (32)
///   5 withdraw request  withdraw (96), signature (65)
///   6 withdraw confirm  withdraw (96), signature (65)
///   7 cooperative settle  settlement (140), signature (65)
///
/// A withdraw is chain id (8), token network (20), channel id (8), participant (20), total (32),
/// expiration (8); a settlement is chain id (8), token network (20), channel id (8), participant1
/// (20), balance1 (32), participant2 (20), balance2 (32). Signatures are r || s || v, v = 27 or
/// 28, low s. The transport frames and encrypts messages; this layer only decodes them.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "channels/channel_machine.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::channels {

/// A message from the partner about one channel.
using ChannelMessage = std::variant<SendDirectTransferMessage, SendLockedTransferMessage, SendUnlockMessage,
                                    SendLockExpiredMessage, SendWithdrawMessage, SendCooperativeSettleMessage>;

/// The longest encoded message, in bytes (a locked transfer).
inline constexpr std::size_t kMaxChannelMessageBytes = 1 + 205 + 96;

/// The encoding of a message.
Bytes encode_channel_message(const ChannelMessage& message);
/// Parses one message strictly: kUnknownMessageType, kWrongLength (not the type's exact length),
/// or the field decoders' errors. Signatures are not checked against anyone here; the channel
/// machine does that.
expected<ChannelMessage, ChannelError> decode_channel_message(ByteView bytes);

/// The machine event a received message is, at block time `now` (for lock rules).
ChannelEvent event_of(const ChannelMessage& message, std::uint64_t now);

}  // namespace xway::channels
