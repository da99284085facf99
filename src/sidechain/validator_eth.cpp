// The validator behind src/l2rpc's wallet JSON-RPC subset: balances and nonces from the executed
// ledger, submissions through the mempool (gossiped to every validator), receipts and blocks from
// the block store and the transaction index. `cast send` and `cast balance` work against it.
#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/eth_api.hpp"
#include "sidechain/validator.hpp"

namespace xway::sidechain {

class ValidatorNode::EthBackend final : public l2rpc::Backend {
 public:
  explicit EthBackend(ValidatorNode& v) : v_(&v) {}

  std::uint64_t chain_id() const override { return v_->config_.genesis.chain_id; }
  std::uint64_t block_number() const override { return v_->height(); }
  U256 balance(const Address& a) const override { return v_->exec_->balance(a); }
  std::uint64_t nonce(const Address& a, bool pending) const override {
    const std::uint64_t committed = v_->exec_->nonce(a);
    return pending ? v_->mempool_.pending_nonce(a, committed) : committed;
  }
  U256 gas_price() const override { return U256(1); }  // EthTransferDecoder's minimum

  expected<Hash32, l2rpc::TxError> submit(ByteView raw) override {
    auto r = v_->submit(raw);
    if (!r) return unexpected(r.error().rule);
    return *r;
  }

  std::optional<l2rpc::TxRecord> transaction(const Hash32& hash) const override {
    if (auto pos = v_->index_->find(hash)) {
      auto c = v_->blocks_.get(pos->height);
      if (!c || !*c || pos->index >= (*c)->block.txs.size()) return std::nullopt;
      const l2rpc::TxLocation at{pos->height, block_hash((*c)->block), pos->index, pos->applied};
      return record_of((*c)->block.txs[pos->index], hash, at);
    }
    if (auto raw = v_->mempool_.raw_of(hash)) return record_of(*raw, hash, std::nullopt);
    return std::nullopt;
  }

  std::optional<l2rpc::BlockRecord> block(std::uint64_t number) const override {
    if (number == 0) {  // genesis: no stored block, the parent of block 1 is the zero hash
      l2rpc::BlockRecord g;
      g.state_root = v_->index_->state_root(0).value_or(Hash32{});
      return g;
    }
    auto c = v_->blocks_.get(number);
    if (!c || !*c) return std::nullopt;
    const Block& b = (*c)->block;
    l2rpc::BlockRecord r;
    r.number = number;
    r.hash = block_hash(b);
    r.parent_hash = b.header.prev_hash;
    r.timestamp = b.header.time_ms / 1000;
    r.state_root = v_->index_->state_root(number).value_or(Hash32{});
    r.transactions_root = b.header.tx_root;
    r.transactions.reserve(b.txs.size());
    for (const auto& raw : b.txs) r.transactions.push_back(crypto::keccak256(raw));
    return r;
  }

  std::optional<l2rpc::BlockRecord> block_by_hash(const Hash32& hash) const override {
    if (hash == Hash32{}) return block(0);
    auto h = v_->index_->height_of(hash);
    if (!h) return std::nullopt;
    return block(*h);
  }

 private:
  static std::optional<l2rpc::TxRecord> record_of(ByteView raw, const Hash32& hash, std::optional<l2rpc::TxLocation> at) {
    auto tx = eth::decode_transaction(raw);
    if (!tx) return std::nullopt;
    auto sender = eth::recover_sender(*tx);
    if (!sender) return std::nullopt;
    return l2rpc::TxRecord{std::move(*tx), *sender, hash, at};
  }

  ValidatorNode* v_;
};

bool ValidatorNode::register_eth(net::RpcDispatcher& rpc) {
  if (!eth_) eth_ = std::make_unique<EthBackend>(*this);
  return l2rpc::register_eth_api(rpc, *eth_);
}

}  // namespace xway::sidechain
