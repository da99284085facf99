#include "channels/watchtower.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bindings/TokenNetwork.hpp"

namespace xway::channels {
namespace {

namespace tn = bindings::TokenNetwork;

TowerRefusal refuse(TowerError e, std::string detail = {}) {
  std::string message(describe(e));
  if (!detail.empty()) message += ": " + detail;
  return TowerRefusal{e, std::move(message)};
}

bool fits_u64(const U256& v) { return v <= U256(UINT64_MAX); }

}  // namespace

Watchtower::Watchtower(eth::Client& l1, WatchtowerStore store, crypto::PrivateKey key, WatchtowerConfig config,
                       std::uint64_t chain_id, std::uint64_t watched)
    : l1_(l1),
      store_(std::move(store)),
      key_(std::move(key)),
      address_(crypto::address_of(key_)),
      config_(std::move(config)),
      chain_id_(chain_id),
      watched_(watched) {}

Result<std::unique_ptr<Watchtower>> Watchtower::open(eth::Client& l1, store::Db& db, crypto::PrivateKey key,
                                                     WatchtowerConfig config) {
  auto store = WatchtowerStore::open(db);
  if (!store) return unexpected(store.error());
  auto chain_id = l1.chain_id();
  if (!chain_id) return unexpected(eth::to_failure("watchtower: chain id", chain_id.error()));
  auto head = l1.block_number();
  if (!head) return unexpected(eth::to_failure("watchtower: block number", head.error()));
  auto watched = store->watched_count();
  if (!watched) return unexpected(watched.error());
  std::unique_ptr<Watchtower> tower(
      new Watchtower(l1, std::move(*store), std::move(key), std::move(config), *chain_id, *watched));
  eth::WatchOptions options;
  options.topics = {{tn::events::ChannelClosed::topic()}};
  options.addresses = tower->config_.token_networks;
  options.start_block = *head;  // only a fresh tower: a saved cursor wins
  options.confirmations = tower->config_.confirmations;
  options.max_range = tower->config_.max_range;
  auto saved = tower->store_.load();
  if (!saved) return unexpected(saved.error());
  tower->watcher_ = std::make_unique<eth::LogWatcher>(l1, tower->store_, options);
  if (auto r = tower->watcher_->open(); !r) return unexpected(r.error());
  // A fresh tower saves where it starts before it takes any request, so one killed before its
  // first poll still re-scans from here, not from a later head.
  if (!*saved) {
    if (auto r = tower->store_.save(tower->watcher_->cursor()); !r) return unexpected(r.error());
  }
  return tower;
}

Result<TokenNetworkClient*> Watchtower::network(const Address& token_network) {
  if (auto it = networks_.find(token_network); it != networks_.end()) return &it->second;
  auto client = TokenNetworkClient::connect(l1_, ChannelContracts{Address{}, token_network, std::nullopt});
  if (!client) return unexpected(eth::to_failure("watchtower: token network", client.error()));
  return &networks_.emplace(token_network, std::move(*client)).first->second;
}

Result<std::uint64_t> Watchtower::l1_time() {
  auto latest = l1_.block(eth::BlockRef::latest());
  if (!latest) return unexpected(eth::to_failure("watchtower: latest block", latest.error()));
  if (!*latest) return fail("watchtower: the L1 has no latest block");
  return (*latest)->timestamp;
}

expected<WatchAccepted, TowerRefusal> Watchtower::watch_bytes(ByteView bytes) {
  auto request = decode_watch_request(bytes);
  if (!request) {
    return unexpected(refuse(request.error(), bytes.size() == kWatchRequestBytes
                                                  ? std::string("bad nonce or signature encoding")
                                                  : fmt::format("{} bytes, expected {}", bytes.size(), kWatchRequestBytes)));
  }
  return watch(*request);
}

expected<WatchAccepted, TowerRefusal> Watchtower::watch(const WatchRequest& request) {
  std::lock_guard lock(mutex_);
  return watch_locked(request);
}

expected<OnChainChannel, TowerRefusal> Watchtower::channel_of(const WatchRequest& request, const Address& closer) {
  const ChannelIdentity& id = request.partner_proof.proof.channel;
  auto code = l1_.code(id.token_network, eth::BlockRef::latest());
  if (!code) return unexpected(refuse(TowerError::kL1Unavailable, eth::describe(code.error())));
  if (code->empty()) return unexpected(refuse(TowerError::kWrongTokenNetwork, "no contract at that address"));
  auto net = network(id.token_network);
  if (!net) return unexpected(refuse(TowerError::kL1Unavailable, net.error().message));
  auto channel = (*net)->channel(id.channel_id);
  if (!channel) return unexpected(refuse(TowerError::kWrongTokenNetwork, eth::describe(channel.error())));
  if (channel->state != 1 && channel->state != 2) {
    return unexpected(refuse(TowerError::kUnknownChannel, fmt::format("channel {}", id.channel_id)));
  }
  const bool ours = (channel->participant1 == request.client && channel->participant2 == closer) ||
                    (channel->participant2 == request.client && channel->participant1 == closer);
  if (!ours) return unexpected(refuse(TowerError::kNotParticipant, fmt::format("channel {}", id.channel_id)));
  return *channel;
}

expected<WatchAccepted, TowerRefusal> Watchtower::watch_locked(const WatchRequest& request) {
  auto closer = verify_watch_request(request, chain_id_, address_);
  if (!closer) return unexpected(refuse(closer.error()));
  const ChannelIdentity& id = request.partner_proof.proof.channel;
  if (!config_.token_networks.empty() &&
      std::find(config_.token_networks.begin(), config_.token_networks.end(), id.token_network) ==
          config_.token_networks.end()) {
    return unexpected(refuse(TowerError::kWrongTokenNetwork, crypto::to_checksum_hex(id.token_network)));
  }
  const WatchKey key = WatchKey::of(request);
  auto held = store_.request(key);
  if (!held) return unexpected(refuse(TowerError::kStorage, held.error().message));
  const std::uint64_t nonce = request.partner_proof.proof.nonce;
  if (*held && (*held)->partner_proof.proof.nonce >= nonce) {
    return unexpected(refuse(TowerError::kStaleNonce,
                             fmt::format("holds nonce {}, got {}", (*held)->partner_proof.proof.nonce, nonce)));
  }
  if (!*held && watched_ >= config_.max_watched) return unexpected(refuse(TowerError::kTooManyChannels));
  auto channel = channel_of(request, *closer);
  if (!channel) return unexpected(channel.error());
  std::optional<PendingDefense> defense;
  if (channel->state == 2) {
    auto now = l1_time();
    if (!now) return unexpected(refuse(TowerError::kL1Unavailable, now.error().message));
    if (*now > channel->settle_at) return unexpected(refuse(TowerError::kSettleWindowOver));
    if (channel->closer == *closer) defense = PendingDefense{key, channel->settle_at, 0, false};
  }
  if (auto saved = store_.save_request(request, defense); !saved) {
    return unexpected(refuse(TowerError::kStorage, saved.error().message));
  }
  if (!*held) ++watched_;
  spdlog::debug("watching channel {} of {} for {} at nonce {}{}", id.channel_id, crypto::to_checksum_hex(id.token_network),
               crypto::to_checksum_hex(request.client), nonce, defense ? " (already closed: defending)" : "");
  return WatchAccepted{key, nonce, defense.has_value()};
}

Result<void> Watchtower::record_close(const eth::Log& log, TowerPoll& report) {
  auto closed = tn::events::ChannelClosed::decode(log);
  if (!closed || !fits_u64(closed->channelId) || !fits_u64(closed->nonce) || !fits_u64(closed->settleAt)) {
    return {};  // another contract's event with the same signature
  }
  const auto channel_id = static_cast<std::uint64_t>(closed->channelId);
  auto held = store_.requests_of_channel(log.address, channel_id);
  if (!held) return unexpected(held.error());
  for (const WatchRequest& r : *held) {
    if (r.client == closed->closer) continue;  // the client closed itself; nothing to defend
    ++report.closes_seen;
    const auto closer_nonce = static_cast<std::uint64_t>(closed->nonce);
    spdlog::info("channel {} closed by {} with nonce {}; tower holds nonce {}", channel_id,
                 crypto::to_checksum_hex(closed->closer), closer_nonce, r.partner_proof.proof.nonce);
    if (r.partner_proof.proof.nonce <= closer_nonce) continue;
    PendingDefense d{WatchKey::of(r), static_cast<std::uint64_t>(closed->settleAt), closer_nonce, false};
    if (auto saved = store_.add_defense(d); !saved) return unexpected(saved.error());
    ++report.defenses_owed;
  }
  return {};
}

Result<TowerPoll> Watchtower::poll() {
  std::lock_guard lock(mutex_);
  TowerPoll report;
  Result<void> failed{};
  auto delivered = watcher_->poll([&](const eth::Log& log) {
    if (log.removed || !failed) return;  // a retracted close: the defense finds the channel open
    failed = record_close(log, report);
  });
  if (!failed) return unexpected(failed.error());
  if (!delivered) return unexpected(eth::to_failure("watchtower: following L1", delivered.error()));
  auto owed = store_.defenses();
  if (!owed) return unexpected(owed.error());
  for (const PendingDefense& d : *owed) {
    auto done = defend(d, report);
    if (!done) {
      spdlog::warn("defense of channel {} for {}: {} (will retry)", d.key.channel_id,
                   crypto::to_checksum_hex(d.key.client), done.error().message);
      continue;
    }
    if (*done) ++report.defenses_ended;
  }
  return report;
}

Result<TowerStatus> Watchtower::status() {
  std::lock_guard lock(mutex_);
  TowerStatus s;
  s.address = address_;
  s.chain_id = chain_id_;
  s.watched = watched_;
  auto owed = store_.defenses();
  if (!owed) return unexpected(owed.error());
  s.pending_defenses = owed->size();
  s.next_block = watcher_->cursor().next_block;
  auto outcomes = store_.outcomes();
  if (!outcomes) return unexpected(outcomes.error());
  for (const auto& [key, o] : *outcomes) ++s.outcomes[std::string(describe(o.status))];
  return s;
}

Result<std::optional<DefenseOutcome>> Watchtower::outcome(const WatchKey& key) {
  std::lock_guard lock(mutex_);
  return store_.outcome(key);
}

}  // namespace xway::channels
