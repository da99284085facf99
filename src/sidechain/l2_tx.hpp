#pragma once
/// The small seam between the sidechain and the L2 transaction rules (docs/l2-transactions.md):
/// a decoder from raw signed Ethereum transactions to what block execution needs. The rules are
/// src/l2rpc's (`l2rpc::decode_and_recover`, `l2rpc::intent_of`), so the sidechain and the rollups
/// accept and refuse exactly the same transactions, and every refusal names its rule (l2rpc::TxError).
#include <string>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "l2rpc/tx_error.hpp"

namespace xway::sidechain {

/// The default chain id of the sidechain (docs/l2-transactions.md).
inline constexpr std::uint64_t kSidechainChainId = 42070;
/// The gas limit every L2 transaction carries (a fixed fee unit: there is no EVM).
inline constexpr std::uint64_t kL2TxGas = 21'000;

/// A transaction that passed every stateless rule: what executing it needs.
struct L2Transfer {
  Address sender;
  Hash32 hash;             ///< keccak256 of the raw bytes
  bool withdraw = false;   ///< a withdrawal to L1 (paid to the sender's own address)
  Address recipient;       ///< transfer: the receiver
  U256 amount = 0;
  U256 fee = 0;            ///< 21,000 x the gas price
  std::uint64_t nonce = 0;
};

/// Decodes raw signed transactions into transfers; rejects with the rule the transaction broke.
class TxDecoder {
 public:
  virtual ~TxDecoder() = default;
  /// Checks every rule that needs no state and recovers the sender.
  virtual expected<L2Transfer, l2rpc::TxError> decode(ByteView raw) const = 0;
  /// decode() of a transaction whose keccak256 the caller already has (a cache looks it up
  /// without hashing again); by default the same as decode().
  virtual expected<L2Transfer, l2rpc::TxError> decode_hashed(ByteView raw, const Hash32& hash) const {
    (void)hash;
    return decode(raw);
  }
};

/// ETH transfers and ETH withdrawals under l2rpc's rules (1, 2, 3, 5, 6 and the ETH shapes of
/// rule 7). The sidechain registers no ERC-20 token yet, so token shapes are kUnknownToken.
class EthTransferDecoder final : public TxDecoder {
 public:
  /// Accepts only `chain_id` and gas prices of at least `min_gas_price`.
  explicit EthTransferDecoder(std::uint64_t chain_id = kSidechainChainId, U256 min_gas_price = 1)
      : chain_id_(chain_id), min_gas_price_(min_gas_price) {}
  expected<L2Transfer, l2rpc::TxError> decode(ByteView raw) const override;

 private:
  std::uint64_t chain_id_;
  U256 min_gas_price_;
};

/// The withdrawal address 0x4200000000000000000000000000000000000016.
Address withdrawal_address();

}  // namespace xway::sidechain
