// Block sync: a validator that is behind (restarted, or cut off for a while) asks a peer that is
// ahead for committed blocks and applies each one whose commit certificate proves it.
#include "core/hex.hpp"
#include "core/log.hpp"
#include "sidechain/validator.hpp"

namespace xway::sidechain {

void ValidatorNode::on_sync_request(const Address& from, ByteView payload) {
  auto r = decode_sync_request(payload);
  if (!r) {
    spdlog::warn("malformed sync request from {}: {}", crypto::to_checksum_hex(from), describe(r.error()));
    return;
  }
  const std::uint64_t last = std::min<std::uint64_t>(blocks_.height(), r->from + r->max - 1);
  for (std::uint64_t h = std::max<std::uint64_t>(r->from, 1); h <= last && r->max > 0; ++h) {
    auto c = blocks_.get(h);
    if (!c || !*c) break;
    send_to(from, WireType::kSyncBlock, encode_committed(**c));
  }
}

void ValidatorNode::on_sync_block(ByteView payload) {
  auto c = decode_committed(payload);
  if (!c) {
    spdlog::warn("malformed synced block: {}", describe(c.error()));
    return;
  }
  const std::uint64_t next = blocks_.height() + 1;
  if (c->block.header.height != next) return;  // already have it, or not next yet
  if (auto ok = verify_certificate(consensus_config_, *c, next, blocks_.head_hash()); !ok) {
    spdlog::warn("synced block {} rejected: {}", next, describe(ok.error()));
    return;
  }
  const Hash32 id = block_hash(c->block);
  spdlog::info("block sync: applying block {} {} ({} precommits)", next, to_hex(id), c->precommits.size());
  Commit decided{std::move(c->block), id, std::move(c->precommits)};
  commit(decided);
  if (blocks_.height() != next) return;
  new_consensus();
  handle(consensus_->start(now_ms()));
  replay_future();
}

void ValidatorNode::maybe_request_sync() {
  Address best;
  std::uint64_t best_height = 0;
  {
    std::lock_guard lock(peers_mutex_);
    for (const auto& [a, h] : peer_heights_)
      if (h > best_height && peers_.count(a)) {
        best = a;
        best_height = h;
      }
  }
  const std::uint64_t ours = blocks_.height();
  if (best_height <= ours) return;
  // One block behind is the normal race of a commit in flight; ask only when further behind or
  // when it lasts.
  if (behind_at_ != ours) {
    behind_at_ = ours;
    behind_since_ = Clock::now();
  }
  if (best_height == ours + 1 && Clock::now() - behind_since_ < std::chrono::milliseconds(1500)) return;
  if (Clock::now() - last_sync_request_ < std::chrono::milliseconds(300)) return;
  last_sync_request_ = Clock::now();
  spdlog::info("block sync: at {}, asking {} (at {})", ours, crypto::to_checksum_hex(best), best_height);
  send_to(best, WireType::kSyncRequest, encode_sync_request(SyncRequest{ours + 1, kMaxSyncBlocks}));
}

}  // namespace xway::sidechain
