// The derivation's batch reading (src/rollup/optimistic/batch_reader.hpp, derivation.hpp) on
// arbitrary transaction input: whatever gives a payload is read back under its own hash, and a
// payload the batch codec accepts derives (with its deposits queued and the contract's commitment
// computed as L1 would) without error, whatever its entries say.
#include <cstddef>
#include <cstdint>

#include "crypto/keccak.hpp"
#include "round_trip.hpp"
#include "rollup/optimistic/batch_reader.hpp"
#include "rollup/optimistic/derivation.hpp"

using namespace xway;
using namespace xway::optimistic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto payload = submit_batch_payload(input);
  if (!payload) return 0;
  auto read = read_batch_input(input, crypto::keccak256(*payload));
  fuzz::check(read && *read == *payload);
  auto batch = decode_batch(*payload);
  if (!batch || batch->forced_count != 0 || batch->deposit_accounts.size() > 64 || batch->transfers.size() > 64) return 0;
  L1Inputs l1;
  for (std::size_t i = 0; i < batch->deposit_accounts.size(); ++i) {
    Address a;
    a[19] = static_cast<std::uint8_t>(i + 1);
    l1.deposits.push_back({a, ledger::kEth, U256(i * 1000)});
  }
  const auto steps = steps_of(*batch, l1.deposits, {});
  if (steps.empty()) return 0;
  PostedBatchRecord r;
  r.payload = *payload;
  r.payload_hash = crypto::keccak256(*payload);
  r.steps = steps.size();
  r.steps_root = steps_tree(steps).root();
  r.deposits_end = l1.deposits.size();
  r.token_count = 1;
  l1.batches.push_back(r);
  auto d = Derivation::create({32, 16, 0}, 42069);
  fuzz::check(d.has_value());
  auto fresh = d->advance(l1);
  fuzz::check(fresh && fresh->size() == 1);
  return 0;
}
