#pragma once
/// The workloads `xway compare` runs on every family: one seeded, deterministic sequence of
/// transfers among a set of users, the same for each family (DESIGN.md, "Compare").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/uint256.hpp"

namespace xway::compare {

/// The shape of a workload.
enum class WorkloadKind {
  kMicropayments,  ///< a fixed pair (or small set) paying each other tiny amounts often
  kExchange,       ///< many users paying random others larger amounts
  kGame,           ///< many small asset moves among players seated at tables
};

/// What was wrong with a workload request.
enum class WorkloadError {
  kUnknownKind,     ///< not micropayments, exchange or game
  kTooFewUsers,     ///< a transfer needs two users
  kTooManyUsers,    ///< more than kMaxUsers
  kTooManyTransactions,  ///< more than kMaxTransactions
};

/// One line naming the error.
std::string_view describe(WorkloadError e);

/// The most users a workload may have.
inline constexpr std::size_t kMaxUsers = 10'000;
/// The most transactions a workload may have.
inline constexpr std::size_t kMaxTransactions = 1'000'000;

/// The workload's name as `--workload` spells it.
std::string_view name_of(WorkloadKind kind);
/// Parses `--workload`.
expected<WorkloadKind, WorkloadError> parse_workload(std::string_view name);

/// What to generate; 0 users or txs takes the kind's default.
struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::kMicropayments;
  std::size_t users = 0;
  std::size_t txs = 0;
  std::uint64_t seed = 1;
};

/// One L2 transfer: user `from` pays user `to` `amount` wei.
struct Transfer {
  std::size_t from = 0;
  std::size_t to = 0;
  U256 amount = 0;
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

/// A generated workload.
struct Workload {
  WorkloadKind kind = WorkloadKind::kMicropayments;
  std::size_t users = 0;
  std::uint64_t seed = 0;
  std::vector<Transfer> transfers;

  /// What user `u` pays out in total: the least it must hold on L2 before the workload starts.
  U256 outgoing(std::size_t u) const;
  /// How many transfers user `u` sends.
  std::size_t sends(std::size_t u) const;
  /// The largest single transfer user `u` sends (0 when it sends none).
  U256 largest_send(std::size_t u) const;
};

/// The default number of users of `kind` (2 for micropayments, 20 for exchange, 8 for game).
std::size_t default_users(WorkloadKind kind);
/// The default number of transactions (200).
std::size_t default_txs(WorkloadKind kind);

/// Generates the workload; the same spec gives the same transfers on every machine.
expected<Workload, WorkloadError> generate(const WorkloadSpec& spec);

}  // namespace xway::compare
