#include "rollup/zk/queue_follower.hpp"

#include <algorithm>

#include "bindings/ZkRollup.hpp"
#include "rollup/zk/l1_batch.hpp"

namespace xway::zk {
namespace {

namespace ev = bindings::ZkRollup::events;

std::uint64_t small(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

Result<std::vector<eth::Log>> logs_of(eth::Client& client, const Address& rollup, std::uint64_t from, std::uint64_t to,
                                      std::vector<Hash32> topics) {
  eth::LogFilter f;
  f.from_block = from;
  f.to_block = to;
  f.addresses = {rollup};
  f.topics = {std::move(topics)};
  auto logs = client.logs(f);
  if (!logs) return unexpected(eth::to_failure("zk: reading the rollup's events", logs.error()));
  return std::move(*logs);
}

}  // namespace

Result<std::vector<QueueRequest>> read_queue(eth::Client& client, const Address& rollup, std::uint64_t from_block,
                                             std::uint64_t to_block) {
  auto logs = logs_of(client, rollup, from_block, to_block, {ev::KeyRegistered::topic(), ev::Deposited::topic()});
  if (!logs) return unexpected(logs.error());
  std::vector<QueueRequest> out;
  for (const eth::Log& log : *logs) {
    if (log.removed) continue;
    if (auto r = ev::KeyRegistered::decode(log)) {
      QueueRequest q;
      q.kind = QueueRequest::Kind::kRegistration;
      q.position = small(r->position);
      q.index = small(r->index);
      q.owner = r->owner;
      q.key = word_digest(r->key);
      out.push_back(q);
    } else if (auto d = ev::Deposited::decode(log)) {
      QueueRequest q;
      q.kind = QueueRequest::Kind::kDeposit;
      q.position = small(d->position);
      q.index = small(d->index);
      q.units = small(d->units);
      out.push_back(q);
    } else {
      return fail("zk: a queue event of the rollup does not decode (block {})", log.block_number);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const QueueRequest& a, const QueueRequest& b) { return a.position < b.position; });
  return out;
}

Result<std::vector<VerifiedBatch>> read_verified_batches(eth::Client& client, const Address& rollup,
                                                         std::uint64_t from_block, std::uint64_t to_block) {
  auto logs = logs_of(client, rollup, from_block, to_block, {ev::BatchVerified::topic()});
  if (!logs) return unexpected(logs.error());
  std::vector<VerifiedBatch> out;
  for (const eth::Log& log : *logs) {
    if (log.removed) continue;
    auto b = ev::BatchVerified::decode(log);
    if (!b) return fail("zk: a BatchVerified event does not decode (block {})", log.block_number);
    out.push_back({small(b->batch), word_digest(b->root), small(b->transfers), small(b->queueHead),
                   log.transaction_hash, log.block_number});
  }
  return out;
}

}  // namespace xway::zk
