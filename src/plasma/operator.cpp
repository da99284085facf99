#include "plasma/operator.hpp"

#include <algorithm>
#include <thread>

#include "core/hex.hpp"

namespace xway::plasma {
namespace {

constexpr std::string_view kPending = "pending_block";
constexpr std::string_view kDepositCursor = "deposit_cursor";

net::Json utxo_json(const Utxo& u) {
  return net::Json{{"position", u.position.encode()},
                   {"blknum", u.position.blknum},
                   {"txindex", u.position.txindex},
                   {"oindex", u.position.oindex},
                   {"owner", crypto::to_checksum_hex(u.output.owner)},
                   {"token", crypto::to_checksum_hex(u.token)},
                   {"amount", to_dec(u.output.amount)}};
}

}  // namespace

Result<std::unique_ptr<Operator>> Operator::open(RootChain& chain, store::Db& db, crypto::PrivateKey key,
                                                 OperatorConfig config) {
  auto store = ChainStore::open(db, "operator");
  if (!store) return unexpected(store.error());
  auto domain = chain.domain_separator();
  if (!domain) return unexpected(domain.error());
  std::unique_ptr<Operator> op(new Operator(chain, std::move(*store), std::move(key), config, *domain));
  if (auto r = op->finish_pending(); !r) return unexpected(r.error());
  return op;
}

Result<void> Operator::finish_pending() {
  auto saved = store_.blob(kPending);
  if (!saved) return unexpected(saved.error());
  if (!*saved) return {};
  auto block = Block::decode(**saved);
  if (!block) return fail("operator: corrupt pending block: {}", describe(block.error()));
  auto on_l1 = chain_.block(block->blknum);
  if (!on_l1) return unexpected(on_l1.error());
  const Hash32 root = block->root();
  if (on_l1->timestamp == 0) {
    auto next = chain_.next_child_block();
    if (!next) return unexpected(next.error());
    if (*next != block->blknum) return fail("operator: pending block {} but L1 expects {}", block->blknum, *next);
    auto sent = chain_.submit_block(key_, root);
    if (!sent) return unexpected(sent.error());
  } else if (on_l1->root != root) {
    return fail("operator: L1 holds another root for pending block {}", block->blknum);
  }
  if (auto r = store_.apply(*block); !r) return unexpected(r.error());
  return store_.set_blob(kPending, std::nullopt);
}

expected<Hash32, PlasmaError> Operator::submit(const SignedTransaction& tx) {
  const Signers signers = recover_signers(tx, domain_);
  std::lock_guard lock(mutex_);
  return admit(tx, signers);
}

std::vector<expected<Hash32, PlasmaError>> Operator::submit_batch(const std::vector<SignedTransaction>& txs) {
  std::vector<Signers> signers(txs.size());
  const std::size_t workers = std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (std::size_t i = w; i < txs.size(); i += workers) signers[i] = recover_signers(txs[i], domain_);
    });
  }
  for (auto& t : pool) t.join();
  std::vector<expected<Hash32, PlasmaError>> out;
  out.reserve(txs.size());
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < txs.size(); ++i) out.push_back(admit(txs[i], signers[i]));
  return out;
}

expected<Hash32, PlasmaError> Operator::admit(const SignedTransaction& tx, const Signers& signers) {
  const UtxoLookup lookup = [this](const Position& p) -> std::optional<Utxo> {
    if (pending_spent_.contains(p)) return std::nullopt;
    auto u = store_.utxo(p);
    return u ? *u : std::nullopt;
  };
  if (auto ok = validate_recovered(tx, signers, lookup); !ok) return unexpected(ok.error());
  for (const Position& in : tx.tx.inputs) {
    if (!in.is_null()) pending_spent_.insert(in);
  }
  mempool_.push_back(tx);
  return tx.tx.hash();
}

expected<Hash32, PlasmaError> Operator::submit_bytes(ByteView signed_tx) {
  auto tx = SignedTransaction::decode(signed_tx);
  if (!tx) return unexpected(tx.error());
  return submit(*tx);
}

Result<std::size_t> Operator::sync_deposits() {
  auto from = store_.counter(kDepositCursor);
  if (!from) return unexpected(from.error());
  auto latest = chain_.client().block_number();
  if (!latest) return unexpected(eth::to_failure("operator: block number", latest.error()));
  if (*latest < *from) return std::size_t{0};
  auto deposits = chain_.deposits(*from, *latest);
  if (!deposits) return unexpected(deposits.error());
  std::size_t added = 0;
  for (const DepositEvent& d : *deposits) {
    std::lock_guard lock(mutex_);
    auto have = store_.block(d.blknum);
    if (!have) return unexpected(have.error());
    if (*have) continue;
    Block b;
    b.blknum = d.blknum;
    b.txs.push_back(deposit_transaction(d.owner, d.token, d.amount));
    if (auto r = store_.apply(b); !r) return unexpected(r.error());
    ++added;
  }
  if (auto r = store_.set_counter(kDepositCursor, *latest + 1); !r) return unexpected(r.error());
  return added;
}

Result<std::optional<SealedBlock>> Operator::seal_block() {
  std::lock_guard lock(mutex_);
  // A block whose root may have reached L1 is finished before any other is numbered.
  if (auto r = finish_pending(); !r) return unexpected(r.error());
  if (mempool_.empty()) return std::optional<SealedBlock>{};
  auto next = chain_.next_child_block();
  if (!next) return unexpected(next.error());
  Block block;
  block.blknum = *next;
  const std::size_t n = std::min(mempool_.size(), config_.max_block_txs);
  block.txs.assign(mempool_.begin(), mempool_.begin() + static_cast<std::ptrdiff_t>(n));
  const Hash32 root = block.root();
  if (auto r = store_.set_blob(kPending, block.encode()); !r) return unexpected(r.error());
  const auto gas_before = chain_.client().gas_meter().totals("plasma.submitBlock").gas_used;
  auto sent = chain_.submit_block(key_, root);
  if (!sent) return unexpected(sent.error());
  if (*sent != block.blknum) return fail("operator: L1 numbered the block {} not {}", *sent, block.blknum);
  if (auto r = store_.apply(block); !r) return unexpected(r.error());
  if (auto r = store_.set_blob(kPending, std::nullopt); !r) return unexpected(r.error());
  mempool_.erase(mempool_.begin(), mempool_.begin() + static_cast<std::ptrdiff_t>(n));
  for (const SignedTransaction& tx : block.txs) {
    for (const Position& in : tx.tx.inputs) pending_spent_.erase(in);
  }
  const auto gas = chain_.client().gas_meter().totals("plasma.submitBlock").gas_used - gas_before;
  return std::optional<SealedBlock>{SealedBlock{std::move(block), root, gas}};
}

Result<std::optional<Block>> Operator::block(std::uint64_t blknum) const {
  std::lock_guard lock(mutex_);
  return store_.block(blknum);
}

Result<std::optional<Block>> Operator::served_block(std::uint64_t blknum) const {
  std::lock_guard lock(mutex_);
  if (withheld_.contains(blknum)) return std::optional<Block>{};
  return store_.block(blknum);
}

Result<std::vector<Utxo>> Operator::utxos_of(const Address& owner) const {
  std::lock_guard lock(mutex_);
  return store_.utxos_of(owner);
}

std::size_t Operator::pending() const {
  std::lock_guard lock(mutex_);
  return mempool_.size();
}

void Operator::include_unchecked(const SignedTransaction& tx) {
  std::lock_guard lock(mutex_);
  mempool_.push_back(tx);
}

void Operator::withhold(std::uint64_t blknum) {
  std::lock_guard lock(mutex_);
  withheld_.insert(blknum);
}

void Operator::register_rpc(net::RpcDispatcher& rpc) {
  rpc.add("plasma_sendTransaction", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string()) {
      return unexpected(net::RpcError::invalid_params("expected [\"0x<signed tx>\"]"));
    }
    auto bytes = from_hex(params[0].get<std::string>());
    if (!bytes) return unexpected(net::RpcError::invalid_params("transaction is not hex"));
    auto hash = submit_bytes(*bytes);
    if (!hash) return unexpected(net::RpcError::app(-32010, std::string(describe(hash.error()))));
    return net::Json{{"hash", to_hex(*hash)}};
  });
  rpc.add("plasma_getBlock", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_number_unsigned()) {
      return unexpected(net::RpcError::invalid_params("expected [blknum]"));
    }
    const auto blknum = params[0].get<std::uint64_t>();
    auto b = served_block(blknum);
    if (!b) return unexpected(net::RpcError::app(-32011, b.error().message));
    if (!*b) return unexpected(net::RpcError::app(-32012, fmt::format("block {} is not available", blknum)));
    return net::Json{{"blknum", blknum}, {"root", to_hex((*b)->root())}, {"data", to_hex((*b)->encode())}};
  });
  rpc.add("plasma_getUtxos", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string()) {
      return unexpected(net::RpcError::invalid_params("expected [\"0x<address>\"]"));
    }
    auto owner = crypto::parse_address(params[0].get<std::string>());
    if (!owner) return unexpected(net::RpcError::invalid_params(owner.error().message));
    auto utxos = utxos_of(*owner);
    if (!utxos) return unexpected(net::RpcError::app(-32011, utxos.error().message));
    net::Json out = net::Json::array();
    for (const Utxo& u : *utxos) out.push_back(utxo_json(u));
    return out;
  });
  rpc.add("plasma_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    return net::Json{{"pending", pending()}, {"contract", crypto::to_checksum_hex(chain_.address())}};
  });
}

}  // namespace xway::plasma
