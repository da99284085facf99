#include "eth/accounting.hpp"

#include <algorithm>

namespace xway::eth {

CalldataStats CalldataStats::of(ByteView data) {
  CalldataStats s;
  s.bytes = data.size();
  s.zero_bytes = static_cast<std::size_t>(std::count(data.begin(), data.end(), std::uint8_t{0}));
  s.nonzero_bytes = s.bytes - s.zero_bytes;
  return s;
}

void GasTotals::add(const GasEntry& e) {
  ++transactions;
  gas_used += e.gas_used;
  wei_paid += e.wei_paid;
  calldata_bytes += e.calldata.bytes;
  zero_bytes += e.calldata.zero_bytes;
  nonzero_bytes += e.calldata.nonzero_bytes;
}

void GasMeter::record(std::string label, const Receipt& receipt, ByteView calldata) {
  GasEntry e;
  e.label = std::move(label);
  e.transaction_hash = receipt.transaction_hash;
  e.block_number = receipt.block_number;
  e.success = receipt.success;
  e.gas_used = receipt.gas_used;
  e.effective_gas_price = receipt.effective_gas_price;
  e.wei_paid = U256(receipt.gas_used) * receipt.effective_gas_price;
  e.calldata = CalldataStats::of(calldata);
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(e));
}

std::vector<GasEntry> GasMeter::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

GasTotals GasMeter::totals(std::string_view label) const {
  std::lock_guard lock(mutex_);
  GasTotals t;
  for (const auto& e : entries_) {
    if (e.label == label) t.add(e);
  }
  return t;
}

GasTotals GasMeter::totals_with_prefix(std::string_view prefix) const {
  std::lock_guard lock(mutex_);
  GasTotals t;
  for (const auto& e : entries_) {
    if (std::string_view(e.label).starts_with(prefix)) t.add(e);
  }
  return t;
}

std::map<std::string, GasTotals> GasMeter::by_label() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, GasTotals> out;
  for (const auto& e : entries_) out[e.label].add(e);
  return out;
}

void GasMeter::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace xway::eth
