#include "channels/channel_state.hpp"

#include <algorithm>

namespace xway::channels {

ChannelState ChannelState::opened(const ChannelIdentity& channel, std::uint64_t settle_timeout, const Address& our,
                                  const Address& partner) {
  ChannelState s;
  s.channel = channel;
  s.settle_timeout = settle_timeout;
  s.our.address = our;
  s.our.proof.channel = channel;
  s.partner.address = partner;
  s.partner.proof.channel = channel;
  return s;
}

U256 balance_of(const ChannelSide& self, const ChannelSide& other) {
  // Totals stay far below 2^255 in any accepted state (the machine refuses overflowing sums),
  // so the two sums cannot wrap.
  const U256 credit = self.deposit + other.proof.transferred_amount;
  const U256 debit = std::max(self.withdrawn, self.withdraw_pending) + self.proof.transferred_amount;
  return credit > debit ? credit - debit : U256(0);
}

U256 spendable_of(const ChannelSide& self, const ChannelSide& other) {
  const U256 balance = balance_of(self, other);
  return balance > self.proof.locked_amount ? balance - self.proof.locked_amount : U256(0);
}

}  // namespace xway::channels
