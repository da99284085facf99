#include "plasma/watcher.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace xway::plasma {
namespace {

constexpr std::string_view kL1Cursor = "l1_cursor";
constexpr std::string_view kExitCursor = "exit_cursor";
constexpr std::string_view kByzantine = "byzantine";

Bytes encode_byzantine(const Byzantine& b) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i) out[static_cast<std::size_t>(7 - i)] = static_cast<std::uint8_t>(b.blknum >> (8 * i));
  append(out, as_bytes(b.reason));
  return out;
}

std::optional<Byzantine> decode_byzantine(const Bytes& b) {
  if (b.size() < 8) return std::nullopt;
  Byzantine out;
  for (std::size_t i = 0; i < 8; ++i) out.blknum = (out.blknum << 8) | b[i];
  out.reason.assign(b.begin() + 8, b.end());
  return out;
}

// One L1 event of the root chain (index into the deposits or the submissions), ordered by the
// child block number it creates.
struct ChainEvent {
  std::uint64_t blknum = 0;
  std::uint64_t l1_block = 0;
  std::size_t index = 0;
  bool deposit = false;
};

}  // namespace

Result<std::unique_ptr<Watcher>> Watcher::open(RootChain& chain, BlockSource& source, store::Db& db,
                                               std::vector<crypto::PrivateKey> keys, std::string_view name,
                                               WatcherConfig config) {
  auto store = ChainStore::open(db, fmt::format("watcher.{}", name));
  if (!store) return unexpected(store.error());
  return std::unique_ptr<Watcher>(new Watcher(chain, source, std::move(*store), std::move(keys), config));
}

Result<std::optional<Byzantine>> Watcher::byzantine() const {
  auto b = store_.blob(kByzantine);
  if (!b) return unexpected(b.error());
  if (!*b) return std::optional<Byzantine>{};
  return decode_byzantine(**b);
}

Result<void> Watcher::mark_byzantine(const Byzantine& b) { return store_.set_blob(kByzantine, encode_byzantine(b)); }

const crypto::PrivateKey* Watcher::key_of(const Address& owner) const {
  for (const auto& k : keys_) {
    if (crypto::address_of(k) == owner) return &k;
  }
  return nullptr;
}

Result<std::vector<Utxo>> Watcher::utxos() const {
  std::vector<Utxo> out;
  for (const auto& k : keys_) {
    auto mine = store_.utxos_of(crypto::address_of(k));
    if (!mine) return unexpected(mine.error());
    out.insert(out.end(), mine->begin(), mine->end());
  }
  std::sort(out.begin(), out.end(), [](const Utxo& a, const Utxo& b) { return a.position < b.position; });
  return out;
}

Result<std::optional<Byzantine>> Watcher::check_block(const SubmittedEvent& e, bool& retry) {
  using Verdict = std::optional<Byzantine>;
  auto bytes = source_.fetch(e.blknum);
  if (!bytes) return unexpected(bytes.error());
  if (!*bytes) {
    auto latest = chain_.client().block(eth::BlockRef::latest());
    if (!latest || !*latest) return fail("watcher: cannot read the L1 time");
    if ((*latest)->timestamp < e.timestamp + static_cast<std::uint64_t>(config_.withhold_grace.count())) {
      retry = true;
      return Verdict{};
    }
    return Verdict{Byzantine{e.blknum, "withheld"}};
  }
  auto block = Block::decode(**bytes);
  if (!block) return Verdict{Byzantine{e.blknum, fmt::format("malformed: {}", describe(block.error()))}};
  if (block->blknum != e.blknum) return Verdict{Byzantine{e.blknum, "wrong block number"}};
  if (block->root() != e.root) return Verdict{Byzantine{e.blknum, "root mismatch"}};
  auto domain = chain_.domain_separator();
  if (!domain) return unexpected(domain.error());
  std::set<Position> spent;
  Result<void> store_error{};
  const UtxoLookup lookup = [&](const Position& p) -> std::optional<Utxo> {
    if (spent.contains(p)) return std::nullopt;
    auto u = store_.utxo(p);
    if (!u) {
      store_error = unexpected(u.error());
      return std::nullopt;
    }
    return *u;
  };
  for (std::size_t i = 0; i < block->txs.size(); ++i) {
    const SignedTransaction& tx = block->txs[i];
    auto ok = validate(tx, *domain, lookup);
    if (!store_error) return unexpected(store_error.error());
    if (!ok) return Verdict{Byzantine{e.blknum, fmt::format("invalid tx {}: {}", i, describe(ok.error()))}};
    for (const Position& in : tx.tx.inputs) {
      if (!in.is_null()) spent.insert(in);
    }
  }
  if (auto r = store_.apply(*block); !r) return unexpected(r.error());
  return Verdict{};
}

Result<WatchReport> Watcher::poll() {
  WatchReport report;
  auto from = store_.counter(kL1Cursor);
  if (!from) return unexpected(from.error());
  auto latest = chain_.client().block_number();
  if (!latest) return unexpected(eth::to_failure("watcher: block number", latest.error()));
  auto byz = byzantine();
  if (!byz) return unexpected(byz.error());
  std::uint64_t next_cursor = *latest + 1;
  if (*latest >= *from) {
    auto deposits = chain_.deposits(*from, *latest);
    if (!deposits) return unexpected(deposits.error());
    auto submitted = chain_.submitted(*from, *latest);
    if (!submitted) return unexpected(submitted.error());
    std::vector<ChainEvent> events;
    for (std::size_t i = 0; i < deposits->size(); ++i) {
      events.push_back(ChainEvent{(*deposits)[i].blknum, (*deposits)[i].l1_block, i, true});
    }
    for (std::size_t i = 0; i < submitted->size(); ++i) {
      events.push_back(ChainEvent{(*submitted)[i].blknum, (*submitted)[i].l1_block, i, false});
    }
    std::sort(events.begin(), events.end(),
              [](const ChainEvent& a, const ChainEvent& b) { return a.blknum < b.blknum; });
    for (const ChainEvent& ev : events) {
      auto have = store_.block(ev.blknum);
      if (!have) return unexpected(have.error());
      if (*have) continue;
      if (ev.deposit) {
        const DepositEvent* d = &(*deposits)[ev.index];
        Block b;
        b.blknum = d->blknum;
        b.txs.push_back(deposit_transaction(d->owner, d->token, d->amount));
        if (auto r = store_.apply(b); !r) return unexpected(r.error());
        ++report.deposits;
        continue;
      }
      if (*byz) continue;  // nothing after a bad block is trusted
      bool retry = false;
      auto verdict = check_block((*submitted)[ev.index], retry);
      if (!verdict) return unexpected(verdict.error());
      if (retry) {
        next_cursor = ev.l1_block;
        break;
      }
      if (*verdict) {
        if (auto r = mark_byzantine(**verdict); !r) return unexpected(r.error());
        byz = *verdict;
        continue;
      }
      ++report.blocks_validated;
    }
    if (auto r = store_.set_counter(kL1Cursor, next_cursor); !r) return unexpected(r.error());
  }
  auto exit_from = store_.counter(kExitCursor);
  if (!exit_from) return unexpected(exit_from.error());
  if (*latest >= *exit_from) {
    auto challenged = challenge_exits(*exit_from, *latest);
    if (!challenged) return unexpected(challenged.error());
    report.challenges = *challenged;
    if (auto r = store_.set_counter(kExitCursor, *latest + 1); !r) return unexpected(r.error());
  }
  if (*byz) {
    auto exited = exit_all();
    if (!exited) return unexpected(exited.error());
    report.exits_started = *exited;
  }
  report.byzantine = *byz;
  return report;
}

Result<std::size_t> Watcher::challenge_exits(std::uint64_t from, std::uint64_t to) {
  if (keys_.empty()) return std::size_t{0};
  auto started = chain_.exits_started(from, to);
  if (!started) return unexpected(started.error());
  std::size_t n = 0;
  for (const ExitStartedEvent& e : *started) {
    auto where = store_.spender(e.position);
    if (!where) return unexpected(where.error());
    if (!*where) continue;
    auto status = chain_.exit(e.position);
    if (!status) return unexpected(status.error());
    if (status->status != ExitStatus::kActive) continue;
    auto block = store_.block((*where)->first);
    if (!block) return unexpected(block.error());
    if (!*block || (*where)->second >= (*block)->txs.size()) return fail("watcher: spend record without its block");
    const SignedTransaction& spend = (*block)->txs[(*where)->second];
    const std::size_t input = spend.tx.inputs[0] == e.position ? 0 : 1;
    auto r = chain_.challenge_exit(keys_.front(), e.position, spend, input);
    if (!r) return unexpected(r.error());
    ++n;
  }
  return n;
}

Result<std::size_t> Watcher::exit_all() {
  auto mine = utxos();
  if (!mine) return unexpected(mine.error());
  std::size_t n = 0;
  for (const Utxo& u : *mine) {
    auto status = chain_.exit(u.position);
    if (!status) return unexpected(status.error());
    if (status->status != ExitStatus::kNone) continue;
    auto block = store_.block(u.position.blknum);
    if (!block) return unexpected(block.error());
    if (!*block) return fail("watcher: no block {} for an owned output", u.position.blknum);
    auto proof = (*block)->tree().prove(u.position.txindex);
    if (!proof) return fail("watcher: cannot prove output {}", u.position.encode());
    const crypto::PrivateKey* key = key_of(u.output.owner);
    if (key == nullptr) continue;
    auto r = chain_.start_exit(*key, u.position, (*block)->txs[u.position.txindex], *proof);
    if (!r) return unexpected(r.error());
    ++n;
  }
  return n;
}

}  // namespace xway::plasma
