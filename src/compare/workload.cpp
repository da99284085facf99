#include "compare/workload.hpp"

#include <array>

namespace xway::compare {
namespace {

/// splitmix64: a tiny generator whose output is fixed by its seed on every platform (the
/// standard library's distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi] (the modulo bias is negligible for these ranges).
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }

 private:
  std::uint64_t state_;
};

const U256 kGwei = U256(1'000'000'000ULL);
const U256 kSzabo = U256(1'000'000'000'000ULL);  // 1e12 wei, a millionth of an ether

/// The pair (or small set) pays round the ring: 0 pays 1, 1 pays 2, ..., the last pays 0.
Transfer micropayment(Rng& rng, std::size_t i, std::size_t users) {
  const std::size_t from = i % users;
  return {from, (from + 1) % users, kGwei * U256(rng.between(1'000, 100'000))};
}

/// Anyone pays anyone else, up to a tenth of an ether.
Transfer exchange_payment(Rng& rng, std::size_t users) {
  const std::size_t from = rng.between(0, users - 1);
  std::size_t to = rng.between(0, users - 2);
  if (to >= from) ++to;
  return {from, to, kSzabo * U256(rng.between(1'000, 100'000))};
}

/// Players sit at tables of four and move small assets to someone at their own table.
Transfer game_move(Rng& rng, std::size_t users) {
  constexpr std::size_t kTable = 4;
  const std::size_t from = rng.between(0, users - 1);
  const std::size_t table = from / kTable * kTable;
  const std::size_t seats = std::min(kTable, users - table);
  std::size_t to = from;
  if (seats < 2) {
    to = rng.between(0, users - 2);  // a lone player at the last table plays with anyone
    if (to >= from) ++to;
  } else {
    to = table + (from - table + rng.between(1, seats - 1)) % seats;
  }
  return {from, to, kSzabo * U256(rng.between(1, 100))};
}

}  // namespace

std::string_view describe(WorkloadError e) {
  switch (e) {
    case WorkloadError::kUnknownKind: return "--workload must be micropayments, exchange or game";
    case WorkloadError::kTooFewUsers: return "--users must be at least 2 (a transfer needs a payer and a payee)";
    case WorkloadError::kTooManyUsers: return "--users must be at most 10000";
    case WorkloadError::kTooManyTransactions: return "--txs must be at most 1000000";
  }
  return "bad workload";
}

std::string_view name_of(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::kMicropayments: return "micropayments";
    case WorkloadKind::kExchange: return "exchange";
    case WorkloadKind::kGame: return "game";
  }
  return "?";
}

expected<WorkloadKind, WorkloadError> parse_workload(std::string_view name) {
  for (auto k : {WorkloadKind::kMicropayments, WorkloadKind::kExchange, WorkloadKind::kGame}) {
    if (name == name_of(k)) return k;
  }
  return unexpected(WorkloadError::kUnknownKind);
}

std::size_t default_users(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::kMicropayments: return 2;
    case WorkloadKind::kExchange: return 20;
    case WorkloadKind::kGame: return 8;
  }
  return 2;
}

std::size_t default_txs(WorkloadKind) { return 200; }

U256 Workload::outgoing(std::size_t u) const {
  U256 sum = 0;
  for (const auto& p : transfers) {
    if (p.from == u) sum += p.amount;
  }
  return sum;
}

std::size_t Workload::sends(std::size_t u) const {
  std::size_t n = 0;
  for (const auto& p : transfers) n += p.from == u ? 1 : 0;
  return n;
}

U256 Workload::largest_send(std::size_t u) const {
  U256 most = 0;
  for (const auto& p : transfers) {
    if (p.from == u && p.amount > most) most = p.amount;
  }
  return most;
}

expected<Workload, WorkloadError> generate(const WorkloadSpec& spec) {
  const std::size_t users = spec.users == 0 ? default_users(spec.kind) : spec.users;
  const std::size_t txs = spec.txs == 0 ? default_txs(spec.kind) : spec.txs;
  if (users < 2) return unexpected(WorkloadError::kTooFewUsers);
  if (users > kMaxUsers) return unexpected(WorkloadError::kTooManyUsers);
  if (txs > kMaxTransactions) return unexpected(WorkloadError::kTooManyTransactions);
  Workload w{spec.kind, users, spec.seed, {}};
  w.transfers.reserve(txs);
  Rng rng(spec.seed);
  for (std::size_t i = 0; i < txs; ++i) {
    switch (spec.kind) {
      case WorkloadKind::kMicropayments: w.transfers.push_back(micropayment(rng, i, users)); break;
      case WorkloadKind::kExchange: w.transfers.push_back(exchange_payment(rng, users)); break;
      case WorkloadKind::kGame: w.transfers.push_back(game_move(rng, users)); break;
    }
  }
  return w;
}

}  // namespace xway::compare
