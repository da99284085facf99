#pragma once
/// Receipt-based L1 cost accounting: every family reports its gas, wei and calldata bytes from
/// here, so the figures `compare` prints are what the chain charged.
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "eth/types.hpp"

namespace xway::eth {

/// Calldata size split the way EIP-2028 prices it.
struct CalldataStats {
  std::size_t bytes = 0;
  std::size_t zero_bytes = 0;
  std::size_t nonzero_bytes = 0;
  /// Counts the bytes of `data`.
  static CalldataStats of(ByteView data);
  /// The calldata part of intrinsic gas: 4 per zero byte, 16 per non-zero byte.
  std::uint64_t intrinsic_gas() const { return 4 * zero_bytes + 16 * nonzero_bytes; }
};

/// One mined transaction's cost.
struct GasEntry {
  std::string label;  ///< what it was for, e.g. "optimistic.batch"
  Hash32 transaction_hash;
  std::uint64_t block_number = 0;
  bool success = false;
  std::uint64_t gas_used = 0;
  U256 effective_gas_price = 0;
  U256 wei_paid = 0;  ///< gas_used x effective_gas_price
  CalldataStats calldata;
};

/// Sums over a set of entries.
struct GasTotals {
  std::size_t transactions = 0;
  std::uint64_t gas_used = 0;
  U256 wei_paid = 0;
  std::size_t calldata_bytes = 0;
  std::size_t zero_bytes = 0;
  std::size_t nonzero_bytes = 0;
  /// Adds one entry.
  void add(const GasEntry& e);
};

/// A thread-safe ledger of L1 transaction costs, keyed by label.
class GasMeter {
 public:
  /// Records a mined transaction from its receipt and the calldata (or init code) it carried.
  void record(std::string label, const Receipt& receipt, ByteView calldata);
  /// Every entry, in recording order.
  std::vector<GasEntry> entries() const;
  /// Totals for one label.
  GasTotals totals(std::string_view label) const;
  /// Totals over labels that start with `prefix` ("" for everything).
  GasTotals totals_with_prefix(std::string_view prefix) const;
  /// Totals for each label.
  std::map<std::string, GasTotals> by_label() const;
  /// Forgets everything.
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<GasEntry> entries_;
};

}  // namespace xway::eth
