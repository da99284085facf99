#pragma once
/// The seam between `xway compare` and a family: a runner deploys what its family needs on the
/// L1, starts the family's real node processes, drives the workload through their public APIs
/// (never internal functions) and returns what it measured. Each family adds its runner in
/// src/compare/runner_FAMILY.cpp and one line to runner_families.hpp.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/uint256.hpp"
#include "compare/workload.hpp"
#include "eth/rpc_client.hpp"

namespace xway::compare {

/// Where a runner reports what it is doing: a step ("deploying", "depositing") and how far along
/// a counted step is. `xway compare` draws it on stderr.
struct ProgressSink {
  /// A new step begins; `total` is its count of units (0 when it is not counted).
  std::function<void(std::string_view family, std::string_view step, std::size_t total)> step;
  /// `done` of the current step's units are finished.
  std::function<void(std::size_t done)> advance;
};

/// The L1 every family runs on in one comparison.
struct RunnerEnv {
  std::string l1_rpc;           ///< its JSON-RPC URL, for the node processes a runner starts
  eth::RpcClient* l1 = nullptr;  ///< a client to it (on anvil also the dev methods)
  bool dev_chain = false;       ///< anvil: accounts can be funded and time moved
  const ProgressSink* progress = nullptr;
};

/// Ethereum's finality under production parameters: two epochs of 32 twelve-second slots. Every
/// runner adds it, as a parameter, to the time its L1 commitment takes to be final.
inline constexpr double kEthereumFinalitySeconds = 2 * 32 * 12;

/// A parameter a figure includes: most are windows the protocol waits out (production values, not
/// measured, in seconds); a few are sizes the figures depend on (a batch's transfers, bytes).
struct Parameter {
  std::string name;  ///< e.g. "exit_period_s"
  double value = 0;
  std::string what;          ///< e.g. "Plasma exit period (production)"
  std::string unit = "s";    ///< "s" for a window; else what `value` counts ("transfers", "bytes")
};

/// One step of the way from an L2 transfer to final funds on L1, for the finality timeline.
struct TimelineStep {
  std::string what;
  double seconds = 0;
  bool measured = true;  ///< false for a production window reported as a parameter
};

/// What a runner measured on one workload. Every figure comes from this run.
struct FamilyFigures {
  std::size_t txs = 0;                 ///< transfers confirmed by the family
  std::size_t errors = 0;              ///< transfers refused or never confirmed
  double duration_s = 0;               ///< wall time from the first transfer sent to the last confirmed
  std::vector<double> confirm_ms;      ///< per transfer: sent to L2-confirmed, milliseconds
  std::uint64_t l1_gas = 0;            ///< gas of the L1 transactions the transfers needed (receipts)
  std::uint64_t l1_bytes = 0;          ///< calldata bytes of those transactions
  std::uint64_t l1_transactions = 0;   ///< how many L1 transactions that was
  double finality_s = 0;               ///< transfer to its commitment final on L1 (measured + parameters)
  double withdrawal_s = 0;             ///< asking to withdraw to funds on L1 (measured + parameters)
  U256 capital_locked_wei = 0;         ///< L1 funds one user keeps locked in the family's contracts (mean)
  std::string trust;                   ///< the trust assumption, in words
  std::vector<Parameter> parameters;   ///< production windows inside finality_s and withdrawal_s
  std::vector<TimelineStep> finality_steps;
  std::vector<TimelineStep> withdrawal_steps;
};

/// A family's workload runner.
class FamilyRunner {
 public:
  virtual ~FamilyRunner() = default;
  /// The family's key ("plasma").
  virtual std::string_view family() const = 0;
  /// Runs `workload` on a fresh deployment on `env`'s L1 and measures it. A transfer the family
  /// refuses counts in `errors`; a failure to run at all is an error naming the step.
  virtual Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) = 0;
};

/// Makes a family's runner.
using RunnerFactory = std::unique_ptr<FamilyRunner> (*)();

/// The runner of `family`, or null when this binary has none for it ("not built").
std::unique_ptr<FamilyRunner> make_runner(std::string_view family);

}  // namespace xway::compare
