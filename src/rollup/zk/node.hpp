#pragma once
/// The ZK rollup's operator (`xway zk node`): a sequencer that admits signed transfers against
/// the state with every confirmed transfer applied and confirms them at once as pending; an L1
/// queue follower that logs key registrations and deposits in queue order; a batch builder that
/// takes the log in order into batches (a size cap and a longest wait); the prover (both cores,
/// outside the state lock, so admission goes on); the submitter; and finality: once L1 accepts a
/// batch, its accounts become the verified state and its transfers final. Everything confirmed is
/// in the store first (zk_store.hpp), so a restart loses nothing: a batch caught between proving
/// and L1 is finished from L1's view (accepted: finalized; not: its stored proof re-sent, or
/// re-proven), and nothing is applied twice, since the verified state moves only with L1's root.
#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "net/rpc_dispatch.hpp"
#include "rollup/zk/node_reconstruct.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "rollup/zk/zk_store.hpp"
#include "stark/air/options.hpp"

namespace xway::zk {

/// How the node builds batches.
struct NodeConfig {
  std::size_t batch_size = 15;                ///< transfers (deposits included) per batch at most
  std::chrono::milliseconds max_wait{2'000};  ///< a batch goes out once its oldest transfer waited this long
  ZkParams params;                            ///< key depth and signature domain
  stark::ProofOptions proof_options;          ///< the STARK's options
  std::uint64_t from_block = 0;               ///< the L1 block the rollup was deployed in
  /// Fault injection for tests and scenarios: called once a batch's proof is stored and before it
  /// is sent (a crash there is the case restart must finish: `xway zk node --crash-after-prove`).
  std::function<void(const BatchRecord&)> on_proven;
};

/// What a finished batch did.
struct BatchOutcome {
  BatchRecord record;
  std::size_t transfers = 0;
  std::uint64_t gas_used = 0;     ///< the submitBatch receipt's (0 when found already accepted)
  double prove_seconds = 0;       ///< wall time of proving (0 when not proven by this call)
  double submit_seconds = 0;      ///< wall time from sending submitBatch to its receipt
};

/// The operator of one ZkRollup deployment.
class ZkNode {
 public:
  /// Opens the node's state in `db` (a fresh store starts at the genesis tree), checking it
  /// against L1: the verified root must be L1's, or L1's must be the in-flight batch's.
  static Result<std::unique_ptr<ZkNode>> open(eth::Client& client, const Address& rollup, store::Db& db,
                                              crypto::PrivateKey key, NodeConfig config);
  /// A fresh store only: rebuilds the state from L1 data alone (node_reconstruct.hpp), writes it,
  /// and opens the node on it.
  static Result<std::unique_ptr<ZkNode>> open_reconstructed(eth::Client& client, const Address& rollup,
                                                            store::Db& db, crypto::PrivateKey key, NodeConfig config,
                                                            Reconstruction* report = nullptr);

  /// Logs the L1 queue requests mined since the last call; returns how many.
  Result<std::size_t> sync_queue();
  /// Admits a signed transfer: checked, logged (synced), applied to the pending state. Returns
  /// its id. The same transfer sent twice is confirmed once (the second call returns its id).
  Result<std::string> submit(const SignedTransfer& transfer);
  /// One turn of the batch pipeline: finishes a batch in flight, else builds one when due (or
  /// `force`) and proves, submits and finalizes it. Returns the batch that became final, if any.
  Result<std::optional<BatchOutcome>> step(bool force = false);

  /// The last verified root.
  RescueDigest verified_root() const;
  /// Batches L1 accepted from this node's state.
  std::uint64_t batches_final() const;
  /// Transfers confirmed and not yet in an accepted batch.
  std::size_t pending_transfers() const;
  /// The JSON of zk_status.
  nlohmann::json status_json() const;
  /// Registers zk_sendTransfer, zk_getAccount, zk_getTransfer, zk_status and zk_getProof.
  void register_rpc(net::RpcDispatcher& rpc);

 private:
  ZkNode(eth::Client& client, const Address& rollup, ZkStore store, crypto::PrivateKey key, NodeConfig config)
      : client_(client), contract_(client, rollup), store_(std::move(store)), key_(std::move(key)), config_(config) {}
  Result<void> load();
  Result<std::optional<BatchRecord>> build_batch(bool force);
  Result<std::optional<BatchOutcome>> advance(BatchRecord record);
  Result<BatchOutcome> finalize_accepted(BatchRecord record, const std::vector<LoggedOp>& ops);
  Result<nlohmann::json> account_json(std::uint64_t index) const;
  Result<nlohmann::json> transfer_status_json(std::uint64_t from, std::uint64_t nonce) const;

  eth::Client& client_;
  ZkRollupContract contract_;
  ZkStore store_;
  crypto::PrivateKey key_;
  NodeConfig config_;
  mutable std::mutex mutex_;  // guards everything below and the store's writes
  AccountTree verified_ = AccountTree(1);
  AccountTree working_ = AccountTree(1);  // verified_ with every logged operation applied
  std::map<std::uint64_t, RegisteredAccount> registered_;
  std::optional<std::chrono::steady_clock::time_point> oldest_unbatched_;
  std::uint64_t batched_to_ = 0;  // log positions below this are in a built batch
  bool proving_ = false;
};

}  // namespace xway::zk
