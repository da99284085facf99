#pragma once
/// The SidechainBridge contract on L1 (contracts/sidechain/SidechainBridge.sol) behind typed calls.
/// Every transaction is recorded in the client's GasMeter under "sidechain.bridge.<function>"; a
/// revert comes back as a Failure naming the contract's custom error (for example
/// "release: TooFewSignatures(2, 3)").
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "eth/contract_caller.hpp"
#include "sidechain/federation.hpp"

namespace xway::sidechain {

/// A Deposit event: deposit `deposit_id` to be minted to `recipient` on the sidechain.
struct DepositEvent {
  std::uint64_t deposit_id = 0;
  Address sender;
  Address recipient;
  Address token;  ///< zero: ether
  U256 amount = 0;
  std::uint64_t l1_block = 0;
  Hash32 l1_tx;
  std::uint64_t log_index = 0;
};

/// A deposit's outcome: its id and the receipt.
struct DepositReceipt {
  std::uint64_t deposit_id = 0;
  eth::Receipt receipt;
};

/// The federation as the contract holds it.
struct FederationState {
  std::vector<Address> members;
  std::uint64_t threshold = 0;
  std::uint64_t nonce = 0;
};

/// The contract, through an L1 client.
class BridgeContract {
 public:
  /// Deploys SidechainBridge for sidechain `sidechain_id` with federation `members` (sorted here)
  /// and `threshold`.
  static Result<Address> deploy(eth::Client& client, const crypto::PrivateKey& from, std::uint64_t sidechain_id,
                                std::vector<Address> members, std::uint64_t threshold);

  /// The contract at `contract`, reached through `client`.
  BridgeContract(eth::Client& client, const Address& contract) : client_(client), contract_(contract) {}

  /// The contract's address.
  const Address& address() const { return contract_; }

  /// Locks `amount` wei for `recipient` on the sidechain.
  Result<DepositReceipt> deposit(const crypto::PrivateKey& from, const Address& recipient, const U256& amount);
  /// Approves and locks `amount` of ERC-20 `token` for `recipient`.
  Result<DepositReceipt> deposit_token(const crypto::PrivateKey& from, const Address& token, const Address& recipient,
                                       const U256& amount);
  /// Relayer: submits the release of `burn` with `signatures` (65 bytes each, sorted by signer).
  Result<eth::Receipt> release(const crypto::PrivateKey& from, const Burn& burn, const std::vector<Bytes>& signatures);
  /// Replaces the federation, against `signatures` of current members over federation_change_digest.
  Result<eth::Receipt> change_federation(const crypto::PrivateKey& from, const std::vector<Address>& members,
                                         std::uint64_t threshold, const std::vector<Bytes>& signatures);

  /// The signing domain (the L1 chain id, this contract, the sidechain id read from it).
  Result<BridgeDomain> domain();
  /// The federation members, threshold and change count.
  Result<FederationState> federation();
  /// Whether burn `burn_id` was released.
  Result<bool> released(const Hash32& burn_id);
  /// Deposits so far (the latest id).
  Result<std::uint64_t> deposit_count();
  /// What the bridge holds of `token` (zero: ether).
  Result<U256> locked(const Address& token);
  /// The release digest as the contract computes it.
  Result<Hash32> release_digest(const Burn& burn);

  /// Deposit events in L1 blocks [from, to].
  Result<std::vector<DepositEvent>> deposits(std::uint64_t from, std::uint64_t to);

 private:
  Result<eth::Receipt> send(const crypto::PrivateKey& from, std::string_view what, Bytes data, const U256& value = 0);
  Result<Bytes> view(std::string_view what, Bytes data);

  eth::ContractCaller caller() const;
  eth::Client& client_;
  Address contract_;
};

/// Decodes a Deposit log of the bridge; none when it is not one (or does not decode).
std::optional<DepositEvent> decode_deposit_log(const eth::Log& log);

}  // namespace xway::sidechain
