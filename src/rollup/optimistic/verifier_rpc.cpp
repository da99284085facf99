#include "rollup/optimistic/verifier_rpc.hpp"

#include <map>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::optimistic {
namespace {

Hash32 keccak_of(std::initializer_list<ByteView> parts) {
  Bytes b;
  for (ByteView p : parts) append(b, p);
  return crypto::keccak256(b);
}

Bytes be64(std::uint64_t v) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
  return out;
}

std::optional<U256> quantity_of(const net::Json& v) {
  if (!v.is_string()) return std::nullopt;
  return parse_u256(v.get<std::string>());
}

}  // namespace

VerifierRpc::VerifierRpc(Verifier& verifier, std::uint64_t chain_id, std::optional<SequencerForward> forward)
    : verifier_(verifier), chain_id_(chain_id) {
  if (forward) sequencer_ = std::make_unique<net::RpcClient>(forward->host, forward->port);
  verifier_.on_derived([this](const L1Inputs& in, const Derivation& d) { index(in, d); });
}

// Runs on the polling thread with the derivation locked: `d.ledger()` is the state after the
// last derived batch, so each applied entry's nonce is that account's nonce there less the
// entries of it that applied at or after the entry (walking the new batches backwards).
void VerifierRpc::index(const L1Inputs& inputs, const Derivation& d) {
  std::lock_guard lock(mu_);
  if (blocks_.empty()) {
    l2rpc::BlockRecord g;
    g.state_root = d.genesis_root();
    g.hash = keccak_of({g.state_root.view()});
    g.transactions_root = crypto::keccak256(Bytes{});
    block_of_hash_[g.hash] = 0;
    blocks_.push_back(std::move(g));
  }
  const std::uint64_t first = blocks_.size() - 1;  // the first batch not indexed yet
  const auto& derived = d.batches();
  if (derived.size() <= first) return;
  const ledger::KeccakLedger& ledger = d.ledger();
  std::map<ledger::AccountIndex, std::uint64_t> later;  // applied entries per sender, from here on
  std::vector<std::vector<l2rpc::TxRecord>> txs(derived.size() - first);
  for (std::uint64_t b = derived.size(); b-- > first;) {
    auto in = batch_input(inputs, b, chain_id_);
    if (!in) return;  // derived a moment ago from the same inputs: cannot fail
    const DerivedBatch& batch = derived[b];
    for (std::size_t k = in->steps.size(); k-- > 0;) {
      const Step& step = in->steps[k];
      if (step.kind != Step::Kind::kEntry || batch.rules.at(k) != StepRule::kApplied) continue;
      const BatchTransfer& e = step.entry;
      const ledger::Account* sender = ledger.account(e.from);
      if (sender == nullptr) continue;
      const std::uint64_t nonce = sender->nonce - ++later[e.from];
      Address receiver;
      if (e.new_account) receiver = *e.new_account;
      else if (const ledger::Account* to = ledger.account(e.to)) receiver = to->address;
      l2rpc::TxRecord r;
      r.tx = eth::SignedTransaction{entry_transaction(e, nonce, receiver, in->ctx), e.signature};
      r.sender = sender->address;
      r.hash = eth::transaction_hash(r.tx);
      r.location = l2rpc::TxLocation{b + 1, {}, k, true};
      txs[b - first].push_back(std::move(r));
    }
  }
  for (std::uint64_t b = first; b < derived.size(); ++b) {
    auto& list = txs[b - first];
    std::reverse(list.begin(), list.end());
    l2rpc::BlockRecord blk;
    blk.number = b + 1;
    blk.parent_hash = blocks_.back().hash;
    blk.state_root = derived[b].state_root;
    blk.hash = keccak_of({blk.parent_hash.view(), ByteView(be64(b)), inputs.batches[b].payload_hash.view(), blk.state_root.view()});
    Bytes hashes;
    for (auto& r : list) {
      r.location->block_hash = blk.hash;
      blk.transactions.push_back(r.hash);
      append(hashes, r.hash.view());
    }
    blk.transactions_root = crypto::keccak256(hashes);
    for (auto& r : list) txs_[r.hash] = std::move(r);
    block_of_hash_[blk.hash] = blk.number;
    blocks_.push_back(std::move(blk));
  }
}

std::uint64_t VerifierRpc::block_number() const {
  std::lock_guard lock(mu_);
  return blocks_.empty() ? 0 : blocks_.size() - 1;
}

U256 VerifierRpc::balance(const Address& address) const {
  return verifier_.with_derivation([&](const Derivation& d) {
    const auto index = d.ledger().index_of(address);
    return index ? d.ledger().balance(*index, ledger::kEth) : U256(0);
  });
}

std::uint64_t VerifierRpc::nonce(const Address& address, bool pending) const {
  if (pending && sequencer_) {
    // The sequencer's mempool is the only place a pending nonce exists.
    auto r = ask_sequencer("eth_getTransactionCount", net::Json::array({to_hex(address.view()), "pending"}));
    if (r) {
      if (auto n = quantity_of(*r); n && *n <= U256(UINT64_MAX)) return static_cast<std::uint64_t>(*n);
    }
  }
  return verifier_.with_derivation([&](const Derivation& d) -> std::uint64_t {
    const auto index = d.ledger().index_of(address);
    return index ? d.ledger().nonce(*index) : 0;
  });
}

U256 VerifierRpc::gas_price() const {
  if (sequencer_) {
    if (auto r = ask_sequencer("eth_gasPrice", net::Json::array())) {
      if (auto p = quantity_of(*r)) return *p;
    }
  }
  return U256(kDefaultMinGasPrice);
}

expected<Hash32, l2rpc::TxError> VerifierRpc::submit(ByteView raw) {
  if (!sequencer_) return unexpected(l2rpc::TxError::kNotAccepted);
  auto r = ask_sequencer("eth_sendRawTransaction", net::Json::array({to_hex(raw)}));
  if (!r) {
    // The sequencer's own verdict (its error carries the rule) is passed on as it is.
    const net::Json& data = r.error().remote.data;
    if (r.error().kind == net::RpcCallError::kRemote && data.is_object() && data.contains("rule") &&
        data["rule"].is_number_unsigned() && data["rule"].get<unsigned>() <= static_cast<unsigned>(l2rpc::TxError::kForwardFailed)) {
      return unexpected(static_cast<l2rpc::TxError>(data["rule"].get<unsigned>()));
    }
    return unexpected(l2rpc::TxError::kForwardFailed);
  }
  if (!r->is_string()) return unexpected(l2rpc::TxError::kForwardFailed);
  auto h = fixed_from_hex<Hash32>(r->get<std::string>());
  if (!h) return unexpected(l2rpc::TxError::kForwardFailed);
  return *h;
}

std::optional<l2rpc::TxRecord> VerifierRpc::transaction(const Hash32& hash) const {
  std::lock_guard lock(mu_);
  auto it = txs_.find(hash);
  if (it == txs_.end()) return std::nullopt;
  return it->second;
}

std::optional<l2rpc::BlockRecord> VerifierRpc::block(std::uint64_t number) const {
  std::lock_guard lock(mu_);
  if (number >= blocks_.size()) return std::nullopt;
  return blocks_[number];
}

std::optional<l2rpc::BlockRecord> VerifierRpc::block_by_hash(const Hash32& hash) const {
  std::lock_guard lock(mu_);
  auto it = block_of_hash_.find(hash);
  if (it == block_of_hash_.end()) return std::nullopt;
  return blocks_[it->second];
}

void VerifierRpc::set_status(nlohmann::json status) {
  std::lock_guard lock(mu_);
  status_ = std::move(status);
}

bool VerifierRpc::register_rpc(net::RpcDispatcher& rpc) {
  return rpc.add("optimistic_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    std::lock_guard lock(mu_);
    net::Json j = status_;
    j.erase("event");
    j["role"] = "verifier";
    j["l2_head"] = blocks_.empty() ? 0 : blocks_.size() - 1;
    j["forwards_to_sequencer"] = sequencer_ != nullptr;
    return j;
  });
}

expected<net::Json, net::RpcCallFailure> VerifierRpc::ask_sequencer(std::string_view method, net::Json params) const {
  return sequencer_->call(method, std::move(params));
}

}  // namespace xway::optimistic
