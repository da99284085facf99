// The validator's JSON-RPC API: status, blocks with their certificates, evidence, transaction
// submission (one or many), and src/l2rpc's wallet subset (validator_eth.cpp).
#include <sys/resource.h>

#include <fmt/format.h>

#include "core/hex.hpp"
#include "core/log.hpp"
#include "sidechain/validator.hpp"

namespace xway::sidechain {
namespace {

std::string step_name(Step s) {
  return s == Step::kPropose ? "propose" : s == Step::kPrevote ? "prevote" : "precommit";
}

expected<std::string, net::RpcError> string_param(const net::Json& params, std::size_t i, const char* what) {
  if (!params.is_array() || params.size() <= i || !params[i].is_string())
    return unexpected(net::RpcError::invalid_params(fmt::format("expected {} as parameter {}", what, i)));
  return params[i].get<std::string>();
}

/// This process's CPU time (user + system), for benchmarks that divide it by the work done.
std::uint64_t cpu_ms() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto ms = [](const timeval& t) { return static_cast<std::uint64_t>(t.tv_sec) * 1000 + static_cast<std::uint64_t>(t.tv_usec) / 1000; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

net::Json evidence_json(const Evidence& e) {
  return {{"validator", crypto::to_checksum_hex(e.validator)}, {"height", e.height}, {"round", e.round},
          {"step", step_name(e.step)}, {"first", to_hex(e.first)}, {"second", to_hex(e.second)}};
}

}  // namespace

net::Json ValidatorNode::status_json() const {
  std::lock_guard lock(state_mutex_);
  net::Json validators = net::Json::array();
  for (const auto& v : config_.genesis.validators)
    validators.push_back({{"address", crypto::to_checksum_hex(v.address)}, {"power", v.power}, {"p2p", v.p2p}, {"rpc", v.rpc}});
  net::Json signers = net::Json::array();
  for (const auto& s : last_commit_.signers) signers.push_back(crypto::to_checksum_hex(s));
  std::size_t peers = 0;
  {
    std::lock_guard p(peers_mutex_);
    peers = peers_.size();
  }
  return {{"chain_id", config_.genesis.chain_id},
          {"address", crypto::to_checksum_hex(address_)},
          {"height", last_commit_.height},
          {"head", to_hex(last_commit_.hash)},
          {"round", round_},
          {"step", step_name(step_)},
          {"state_root", to_hex(exec_->state_root())},
          {"validators", validators},
          {"last_commit",
           {{"height", last_commit_.height}, {"hash", to_hex(last_commit_.hash)}, {"round", last_commit_.round},
            {"signers", signers}, {"txs", last_commit_.txs}, {"applied", last_commit_.applied},
            {"block_time_ms", last_commit_.block_time_ms}, {"committed_at_ms", last_commit_.committed_at_ms}}},
          {"mempool", mempool_.size()},
          {"peers", peers},
          {"evidence", evidence_count_},
          {"block_time_ms", config_.genesis.block_time_ms},
          {"byzantine", config_.byzantine},
          {"cpu_ms", cpu_ms()}};
}

expected<Hash32, MempoolReject> ValidatorNode::submit(ByteView raw) {
  auto r = mempool_.add(raw);
  if (!r) return r;
  broadcast(WireType::kTx, raw);
  return *r;
}

std::vector<expected<Hash32, MempoolReject>> ValidatorNode::submit_many(std::span<const ByteView> raws) {
  auto results = mempool_.add_many(raws);
  std::vector<ByteView> accepted;
  for (std::size_t i = 0; i < raws.size(); ++i)
    if (results[i]) accepted.push_back(raws[i]);
  for (std::size_t at = 0; at < accepted.size(); at += kMaxTxBatch) {
    const auto n = std::min(kMaxTxBatch, accepted.size() - at);
    broadcast(WireType::kTxBatch, encode_tx_batch(std::span<const ByteView>(accepted).subspan(at, n)));
  }
  return results;
}

void ValidatorNode::register_rpc(net::RpcDispatcher& rpc) {
  rpc.add("sidechain_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> { return status_json(); });
  const auto send = [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    auto hex = string_param(params, 0, "raw transaction hex");
    if (!hex) return unexpected(hex.error());
    auto raw = from_hex(*hex);
    if (!raw) return unexpected(net::RpcError::invalid_params("raw transaction is not hex"));
    auto h = submit(*raw);
    if (!h) return unexpected(net::RpcError::app(-32000, "transaction rejected: " + h.error().reason));
    return to_hex(*h);
  };
  rpc.add("sidechain_sendRawTransaction", send);
  // Many at once (relayers, load generators): [[hex, ...]] -> {"accepted", "rejected", "first_error"}.
  rpc.add("sidechain_sendRawTransactions", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_array() || params[0].size() > 5000)
      return unexpected(net::RpcError::invalid_params("expected one array of at most 5000 raw transaction hex strings"));
    std::size_t accepted = 0, rejected = 0;
    std::string first_error;
    std::vector<Bytes> raws;
    raws.reserve(params[0].size());
    for (const auto& h : params[0]) {
      auto raw = h.is_string() ? from_hex(h.get<std::string>()) : expected<Bytes, HexError>(unexpected(HexError::kBadDigit));
      if (raw) {
        raws.push_back(std::move(*raw));
      } else if (rejected++ == 0) {
        first_error = "not hex";
      }
    }
    const std::vector<ByteView> views(raws.begin(), raws.end());
    for (const auto& r : submit_many(views)) {
      if (r) {
        ++accepted;
      } else if (rejected++ == 0) {
        first_error = r.error().reason;
      }
    }
    return net::Json{{"accepted", accepted}, {"rejected", rejected}, {"first_error", first_error}};
  });
  rpc.add("sidechain_getBlock", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.empty() || !params[0].is_number_unsigned())
      return unexpected(net::RpcError::invalid_params("expected a block height"));
    auto c = blocks_.get(params[0].get<std::uint64_t>());
    if (!c) return unexpected(net::RpcError::app(-32000, std::string(describe(c.error()))));
    if (!*c) return net::Json(nullptr);
    const auto& b = (*c)->block;
    net::Json signers = net::Json::array();
    for (const auto& p : (*c)->precommits) signers.push_back(crypto::to_checksum_hex(p.validator));
    return net::Json{{"height", b.header.height}, {"hash", to_hex(block_hash(b))}, {"prev_hash", to_hex(b.header.prev_hash)},
                     {"proposer", crypto::to_checksum_hex(b.header.proposer)}, {"time_ms", b.header.time_ms},
                     {"txs", b.txs.size()}, {"certificate_round", (*c)->precommits.empty() ? 0 : (*c)->precommits[0].round},
                     {"signers", signers}, {"raw", to_hex(encode_committed(**c))}};
  });
  rpc.add("sidechain_getEvidence", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    // Read back from the store: what survives a restart.
    auto rows = store::read_range(*db_, evidence_ns_, store::KeyRange::all(), store::Direction::kForward, 1000);
    if (!rows) return unexpected(net::RpcError::app(-32000, "evidence store read failed"));
    net::Json out = net::Json::array();
    for (const auto& [k, v] : *rows) {
      if (v.size() < 33) continue;
      Evidence e;
      e.validator = Address{FixedBytes<20>::from_view(ByteView(v).subspan(0, 20))};
      for (int i = 20; i < 28; ++i) e.height = (e.height << 8) | v[i];
      for (int i = 28; i < 32; ++i) e.round = (e.round << 8) | v[i];
      e.step = static_cast<Step>(v[32] % 3);
      if (v.size() >= 97) {
        e.first = Hash32{FixedBytes<32>::from_view(ByteView(v).subspan(33, 32))};
        e.second = Hash32{FixedBytes<32>::from_view(ByteView(v).subspan(65, 32))};
      }
      out.push_back(evidence_json(e));
    }
    return out;
  });
  // The two-way peg: where this validator's follower, signer and checkpointer stand.
  rpc.add("sidechain_bridgeStatus", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    net::Json j = peg_ ? peg_->status_json() : net::Json{{"enabled", false}};
    j["next_mint_id"] = exec_->next_mint_id();
    auto pending = peg_store_->pending_burns(100'000);
    auto released = peg_store_->released_count();
    if (!pending || !released) return unexpected(net::RpcError::app(-32000, "peg store read failed"));
    j["pending_burns"] = pending->size();
    j["released_burns"] = *released;
    return j;
  });
  // A burn by id (the withdrawal's transaction hash): what L1 releases for it, and whether it did.
  rpc.add("sidechain_getBurn", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    auto hex = string_param(params, 0, "a burn id (32 bytes of hex)");
    if (!hex) return unexpected(hex.error());
    auto id = from_hex(*hex);
    if (!id || id->size() != 32) return unexpected(net::RpcError::invalid_params("a burn id is 32 bytes of hex"));
    auto rec = peg_store_->burn(Hash32{FixedBytes<32>::from_view(*id)});
    if (!rec) return unexpected(net::RpcError::app(-32000, rec.error().message));
    if (!*rec) return net::Json(nullptr);
    const auto& r = **rec;
    return net::Json{{"burn_id", to_hex(r.burn.burn_id.view())}, {"recipient", crypto::to_checksum_hex(r.burn.recipient)},
                     {"token", crypto::to_checksum_hex(r.burn.token)}, {"amount", to_dec(r.burn.amount)},
                     {"height", r.height}, {"released", r.released},
                     {"l1_tx", r.l1_tx.is_zero() ? net::Json(nullptr) : net::Json(to_hex(r.l1_tx.view()))}};
  });
  if (!register_eth(rpc)) spdlog::error("the wallet JSON-RPC subset clashes with a method already registered");
}

}  // namespace xway::sidechain
