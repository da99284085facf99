#include "channels/watchtower_feeder.hpp"

#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>

namespace xway::channels {

WatchtowerFeeder::WatchtowerFeeder(std::string host, std::uint16_t port, crypto::PrivateKey client_key)
    : client_(std::move(host), port), key_(std::move(client_key)), thread_([this] { run(); }) {}

WatchtowerFeeder::~WatchtowerFeeder() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WatchtowerFeeder::offer(const ChannelState& state) {
  if (!state.partner.signature || state.partner.proof.nonce == 0) return;
  const auto key = std::pair{state.channel.token_network, state.channel.channel_id};
  {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = queued_.try_emplace(key, SignedBalanceProof{state.partner.proof, *state.partner.signature});
    if (!fresh && it->second.proof.nonce < state.partner.proof.nonce) {
      it->second = SignedBalanceProof{state.partner.proof, *state.partner.signature};
    }
  }
  wake_.notify_one();
}

void WatchtowerFeeder::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait(lock, [this] { return stop_ || !queued_.empty(); });
    if (stop_) break;
    auto batch = std::move(queued_);
    queued_.clear();
    lock.unlock();
    bool failed = false;
    std::vector<std::pair<std::pair<Address, std::uint64_t>, SignedBalanceProof>> retry;
    for (const auto& [channel, proof] : batch) {
      auto r = client_.hand_over(proof, key_);
      if (r) {
        ++handed_over_;
        continue;
      }
      // The tower already holding this nonce (or a newer one) is success, not a failure.
      if (r.error().message.find(describe(TowerError::kStaleNonce)) != std::string::npos) continue;
      ++failures_;
      failed = true;
      spdlog::warn("watchtower hand-over of channel {} nonce {}: {}", channel.second, proof.proof.nonce,
                   r.error().message);
      retry.emplace_back(channel, proof);
    }
    lock.lock();
    for (auto& [channel, proof] : retry) queued_.try_emplace(channel, proof);  // a newer offer wins
    if (failed) wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
  }
}

}  // namespace xway::channels
