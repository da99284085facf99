// The tower's one action on L1: answering a stale close with the delegated update.
#include <spdlog/spdlog.h>

#include "channels/watchtower.hpp"

namespace xway::channels {
namespace {

constexpr std::uint8_t kClosed = 2;
constexpr std::uint8_t kOpened = 1;

}  // namespace

Result<bool> Watchtower::defend(const PendingDefense& d, TowerPoll& report) {
  auto held = store_.request(d.key);
  if (!held) return unexpected(held.error());
  if (!*held) return fail("a defense without its watch request");
  const WatchRequest& request = **held;
  DefenseOutcome outcome;
  outcome.tower_nonce = request.partner_proof.proof.nonce;
  outcome.closer_nonce = d.closer_nonce;
  auto net = network(d.key.token_network);
  if (!net) return unexpected(net.error());
  auto channel = (*net)->channel(d.key.channel_id);
  if (!channel) return unexpected(eth::to_failure("channel", channel.error()));
  auto finish = [&](DefenseStatus status) -> Result<bool> {
    outcome.status = status;
    if (auto r = store_.finish_defense(d.key, outcome); !r) return unexpected(r.error());
    spdlog::info("defense of channel {} for {}: {} (tower nonce {}, closer nonce {})", d.key.channel_id,
                 crypto::to_checksum_hex(d.key.client), describe(status), outcome.tower_nonce, outcome.closer_nonce);
    return true;
  };
  // A close a reorg took back: the channel is open again and a new close will be seen anew.
  if (channel->state == kOpened) return finish(DefenseStatus::kNotNeeded);
  if (channel->state != kClosed) return finish(DefenseStatus::kTooLate);
  if (channel->closer == d.key.client) return finish(DefenseStatus::kNotNeeded);
  auto closer = (*net)->participant(d.key.channel_id, channel->closer);
  if (!closer) return unexpected(eth::to_failure("participant", closer.error()));
  outcome.closer_nonce = closer->nonce;
  if (closer->nonce >= outcome.tower_nonce) {
    // After a crash mid-update, L1 holding exactly our nonce means our update landed.
    const bool ours = d.attempted && closer->nonce == outcome.tower_nonce;
    return finish(ours ? DefenseStatus::kUpdated : DefenseStatus::kNotNeeded);
  }
  auto now = l1_time();
  if (!now) return unexpected(now.error());
  if (*now > channel->settle_at) return finish(DefenseStatus::kTooLate);
  PendingDefense attempt = d;
  attempt.attempted = true;
  if (auto r = store_.add_defense(attempt); !r) return unexpected(r.error());
  auto sent = (*net)->update_non_closing_delegated(key_, request.client, request.partner_proof, request.delegation);
  if (!sent) {
    const auto kind = sent.error().kind;
    if (kind == eth::RpcErrorKind::kReverted || kind == eth::RpcErrorKind::kTxFailed) {
      spdlog::warn("delegated update of channel {} reverted: {}", d.key.channel_id, eth::describe(sent.error()));
      return finish(DefenseStatus::kFailed);
    }
    return unexpected(eth::to_failure("delegated update", sent.error()));
  }
  outcome.tx_hash = sent->transaction_hash;
  outcome.gas_used = sent->gas_used;
  ++report.updates_sent;
  return finish(DefenseStatus::kUpdated);
}

}  // namespace xway::channels
