// The validator's peers: who may connect, what they send, and gossip out.
#include "core/log.hpp"
#include "sidechain/validator.hpp"

namespace xway::sidechain {

void ValidatorNode::on_peer(std::shared_ptr<net::Peer> peer) {
  const Address remote = peer->remote_address();
  bool member = false;
  for (const auto& v : consensus_config_.validators) member = member || v.address == remote;
  if (!member || remote == address_) {
    spdlog::warn("closing a connection from {}: not a validator", crypto::to_checksum_hex(remote));
    peer->close();
    return;
  }
  std::weak_ptr<net::Peer> weak = peer;
  peer->set_message_handler([this, remote](net::Message m) {
    const auto type = static_cast<WireType>(m.type);
    if (type == WireType::kTx || type == WireType::kTxBatch) {
      {
        std::lock_guard lock(ingest_mutex_);
        if (ingest_.size() >= 10'000) return;  // a peer flooding us: drop, its client can resubmit
        ingest_.push_back(Inbound{remote, m.type, std::move(m.payload)});
      }
      ingest_cv_.notify_one();
      return;
    }
    {
      std::lock_guard lock(queue_mutex_);
      if (queue_.size() >= 100'000) return;  // a peer flooding us: drop, consensus tolerates loss
      queue_.push_back(Inbound{remote, m.type, std::move(m.payload)});
    }
    queue_cv_.notify_one();
  });
  peer->set_close_handler([this, remote, weak](const std::string& reason) {
    std::lock_guard lock(peers_mutex_);
    auto it = peers_.find(remote);
    if (it != peers_.end() && it->second == weak.lock()) peers_.erase(it);
    spdlog::info("peer {} gone: {}", crypto::to_checksum_hex(remote), reason);
  });
  {
    std::lock_guard lock(peers_mutex_);
    peers_[remote] = peer;
  }
  spdlog::info("peer {} connected ({})", crypto::to_checksum_hex(remote), peer->outbound() ? "outbound" : "inbound");
  const Bytes status = encode_status(height());
  (void)peer->send(static_cast<net::MessageType>(WireType::kStatus), status);
}

void ValidatorNode::broadcast(WireType type, ByteView payload) {
  std::vector<std::shared_ptr<net::Peer>> peers;
  {
    std::lock_guard lock(peers_mutex_);
    for (const auto& [a, p] : peers_) peers.push_back(p);
  }
  for (const auto& p : peers)
    if (auto ok = p->send(static_cast<net::MessageType>(type), payload); !ok)
      spdlog::debug("send to {}: {}", crypto::to_checksum_hex(p->remote_address()), net::describe(ok.error()));
}

void ValidatorNode::send_to(const Address& to, WireType type, ByteView payload) {
  std::shared_ptr<net::Peer> p;
  {
    std::lock_guard lock(peers_mutex_);
    if (auto it = peers_.find(to); it != peers_.end()) p = it->second;
  }
  if (p) (void)p->send(static_cast<net::MessageType>(type), payload);
}

// Admits gossiped transactions, as many messages at once as have arrived, so one parallel
// recovery covers them all.
void ValidatorNode::ingest_loop() {
  while (!stop_) {
    std::deque<Inbound> batch;
    {
      std::unique_lock lock(ingest_mutex_);
      ingest_cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stop_ || !ingest_.empty(); });
      batch.swap(ingest_);
    }
    std::vector<ByteView> raws;
    for (const auto& m : batch) {
      if (static_cast<WireType>(m.type) == WireType::kTx) {
        raws.push_back(m.payload);
        continue;
      }
      auto txs = decode_tx_batch(m.payload);
      if (!txs) {
        spdlog::warn("malformed transaction batch from {}: {}", crypto::to_checksum_hex(m.from), describe(txs.error()));
        continue;
      }
      raws.insert(raws.end(), txs->begin(), txs->end());
    }
    if (raws.empty()) continue;
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t rejected = 0;
    for (const auto& r : mempool_.add_many(raws))
      if (!r && rejected++ == 0) spdlog::debug("gossiped tx rejected: {}", r.error().reason);
    if (raws.size() >= 100)  // batches only: a line per single transaction would flood the log
      spdlog::info("admitted {} gossiped transactions ({} rejected) in {:.1f} ms", raws.size() - rejected, rejected,
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
}

void ValidatorNode::on_message(const Inbound& m) {
  const auto type = static_cast<WireType>(m.type);
  if (type == WireType::kStatus) {
    if (auto h = decode_status(m.payload)) {
      std::lock_guard lock(peers_mutex_);
      peer_heights_[m.from] = *h;
    }
    return;
  }
  if (type == WireType::kSyncRequest) return on_sync_request(m.from, m.payload);
  if (type == WireType::kSyncBlock) return on_sync_block(m.payload);
  if (type == WireType::kAttestation) {
    if (peg_) peg_->on_attestation(m.from, m.payload);
    return;
  }
  if (type != WireType::kProposal && type != WireType::kVote) {
    spdlog::debug("unknown message type {:#x} from {}", m.type, crypto::to_checksum_hex(m.from));
    return;
  }
  std::uint64_t msg_height = 0;
  expected<std::vector<Action>, ConsensusError> r = std::vector<Action>{};
  if (type == WireType::kProposal) {
    auto p = decode_proposal(m.payload);
    if (!p) {
      spdlog::warn("malformed proposal from {}: {}", crypto::to_checksum_hex(m.from), describe(p.error()));
      return;
    }
    msg_height = p->height;
    r = consensus_->on_proposal(*p, now_ms());
  } else {
    auto v = decode_vote(m.payload);
    if (!v) {
      spdlog::warn("malformed vote from {}: {}", crypto::to_checksum_hex(m.from), describe(v.error()));
      return;
    }
    msg_height = v->height;
    r = consensus_->on_vote(*v, now_ms());
  }
  if (r) return handle(std::move(*r));
  if (r.error() == ConsensusError::kFutureHeight) {
    if (msg_height == consensus_->height() + 1 && future_.size() < 10'000) future_.push_back(m);
    std::lock_guard lock(peers_mutex_);
    auto& known = peer_heights_[m.from];
    known = std::max(known, msg_height - 1);  // it signs at msg_height, so it committed the one before
    return;
  }
  if (r.error() != ConsensusError::kStaleHeight)
    spdlog::debug("message from {} rejected: {}", crypto::to_checksum_hex(m.from), describe(r.error()));
}

// Test mode: a second, conflicting proposal for the same height and round, signed with the key
// directly (around the WAL, which would refuse), sent after the honest one.
void ValidatorNode::byzantine_proposal(const Proposal& p) {
  Proposal q = p;
  q.valid_round = -1;
  q.block.txs.clear();
  q.block.header.tx_root = tx_root({});
  q.block.header.time_ms = p.block.header.time_ms + 1;
  q.signature = crypto::sign(config_.key, proposal_digest(consensus_config_.chain_id, q));
  spdlog::warn("byzantine test mode: double proposal at height {} round {}", q.height, q.round);
  broadcast(WireType::kProposal, encode_proposal(q));
}

// Test mode: a second vote of the same height, round and step for another block.
void ValidatorNode::byzantine_vote(const Vote& v) {
  Vote w = v;
  w.block = v.block == Hash32{} ? crypto::keccak256(encode_vote(v)) : Hash32{};
  w.signature = crypto::sign(config_.key, vote_digest(consensus_config_.chain_id, w));
  broadcast(WireType::kVote, encode_vote(w));
}

}  // namespace xway::sidechain
