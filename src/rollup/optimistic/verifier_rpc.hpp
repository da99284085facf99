#pragma once
/// The wallet JSON-RPC of a verifier node (`xway optimistic node --role verifier`): the L2 as the
/// verifier derives it from L1 alone, served through l2rpc's Ethereum subset. Its blocks are the
/// batches on L1 (block n is batch n-1; block 0 the genesis state), its transactions the batch
/// entries that applied, rebuilt byte for byte from the entry and its signature, so the hash a
/// wallet got from the sequencer finds the receipt here once the batch is on L1. Balances and
/// nonces are the derived ledger's. It takes no transactions itself: with a sequencer to forward
/// to, `eth_sendRawTransaction` (and the pending nonce, and the gas price) go there; without one
/// a transaction is refused (kNotAccepted).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "l2rpc/backend.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_dispatch.hpp"
#include "rollup/optimistic/verifier.hpp"

namespace xway::optimistic {

/// Where a verifier node forwards what only the sequencer can answer.
struct SequencerForward {
  std::string host;
  std::uint16_t port = 0;
};

/// The derived L2 as an l2rpc::Backend, over a Verifier the caller polls.
class VerifierRpc final : public l2rpc::Backend {
 public:
  /// Serves `verifier`'s derived state (`verifier` must outlive it); installs its derive hook.
  VerifierRpc(Verifier& verifier, std::uint64_t chain_id, std::optional<SequencerForward> forward);

  std::uint64_t chain_id() const override { return chain_id_; }
  std::uint64_t block_number() const override;
  U256 balance(const Address& address) const override;
  std::uint64_t nonce(const Address& address, bool pending) const override;
  U256 gas_price() const override;
  expected<Hash32, l2rpc::TxError> submit(ByteView raw) override;
  std::optional<l2rpc::TxRecord> transaction(const Hash32& hash) const override;
  std::optional<l2rpc::BlockRecord> block(std::uint64_t number) const override;
  std::optional<l2rpc::BlockRecord> block_by_hash(const Hash32& hash) const override;

  /// Records the verifier's status for `optimistic_status` (call it from the polling thread).
  void set_status(nlohmann::json status);
  /// Registers `optimistic_status` (the verifier's status, `"role": "verifier"`) on `rpc`.
  bool register_rpc(net::RpcDispatcher& rpc);

 private:
  void index(const L1Inputs& inputs, const Derivation& derivation);
  expected<net::Json, net::RpcCallFailure> ask_sequencer(std::string_view method, net::Json params) const;

  Verifier& verifier_;
  std::uint64_t chain_id_;
  std::unique_ptr<net::RpcClient> sequencer_;
  mutable std::mutex mu_;  // guards everything below
  std::vector<l2rpc::BlockRecord> blocks_;
  std::unordered_map<Hash32, std::uint64_t> block_of_hash_;
  std::unordered_map<Hash32, l2rpc::TxRecord> txs_;
  nlohmann::json status_ = nlohmann::json::object();
};

/// The minimum gas price a verifier node reports without a sequencer to ask (the sequencer's default).
inline constexpr std::uint64_t kDefaultMinGasPrice = 1;

}  // namespace xway::optimistic
