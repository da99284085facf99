// RLP and transaction kernels: encode/decode of a typical transaction and of a 1,000-item list,
// EIP-1559 sign + serialize, and decode + sender recovery (what a node does per raw transaction).
#include <benchmark/benchmark.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"
#include "eth/transaction.hpp"

namespace {

using namespace xway;
using namespace xway::eth;

crypto::PrivateKey bench_key() {
  return *crypto::PrivateKey::from_hex("4646464646464646464646464646464646464646464646464646464646464646");
}

// An ERC-20 transfer as a wallet would send it.
Eip1559Tx typical_tx() {
  Eip1559Tx tx;
  tx.chain_id = 31337;
  tx.nonce = 42;
  tx.max_priority_fee_per_gas = 1'500'000'000;
  tx.max_fee_per_gas = 30'000'000'000ULL;
  tx.gas_limit = 65000;
  tx.to = *fixed_from_hex<Address>("3535353535353535353535353535353535353535");
  tx.value = 0;
  tx.data = *from_hex(
      "a9059cbb0000000000000000000000001111111111111111111111111111111111111111"
      "0000000000000000000000000000000000000000000000000de0b6b3a7640000");
  return tx;
}

// Encodes the signed transaction's fields as one RLP list, the way the transaction codec does.
void encode_fields(rlp::Encoder& e, const Eip1559Tx& tx, const crypto::Signature& sig) {
  e.begin_list()
      .add_uint(tx.chain_id)
      .add_uint(tx.nonce)
      .add_u256(tx.max_priority_fee_per_gas)
      .add_u256(tx.max_fee_per_gas)
      .add_uint(tx.gas_limit)
      .add_bytes(tx.to->view())
      .add_u256(tx.value)
      .add_bytes(tx.data)
      .begin_list()
      .end_list()
      .add_uint(sig.v)
      .add_bytes(sig.r.view())
      .add_bytes(sig.s.view())
      .end_list();
}

void BM_RlpEncodeTypicalTx(benchmark::State& state) {
  const Eip1559Tx tx = typical_tx();
  const crypto::Signature sig = sign(tx, bench_key()).signature;
  rlp::Encoder e;
  Bytes out;
  for (auto _ : state) {
    e.clear();
    out.clear();
    encode_fields(e, tx, sig);
    e.finish_into(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RlpEncodeTypicalTx);

void BM_RlpDecodeTypicalTx(benchmark::State& state) {
  const Eip1559Tx tx = typical_tx();
  rlp::Encoder e;
  encode_fields(e, tx, sign(tx, bench_key()).signature);
  const Bytes encoded = e.finish();
  for (auto _ : state) {
    auto item = rlp::decode(encoded);
    auto r = rlp::Reader::open(*item);
    std::uint64_t sum = 0;
    sum += *r->next_u64();
    sum += *r->next_u64();
    sum += static_cast<std::uint64_t>(*r->next_u256());
    sum += static_cast<std::uint64_t>(*r->next_u256());
    sum += *r->next_u64();
    sum += r->next_fixed<Address>()->bytes[0];
    sum += static_cast<std::uint64_t>(*r->next_u256());
    sum += r->next_bytes()->size();
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * encoded.size()));
}
BENCHMARK(BM_RlpDecodeTypicalTx);

constexpr int kListItems = 1000;

void BM_RlpEncodeList1000(benchmark::State& state) {
  rlp::Encoder e;
  Bytes out;
  const Hash32 word = crypto::keccak256(as_bytes("item"));
  for (auto _ : state) {
    e.clear();
    out.clear();
    e.begin_list();
    for (int i = 0; i < kListItems; ++i) {
      if (i % 2 == 0) e.add_uint(static_cast<std::uint64_t>(i) * 1'000'003);
      else e.add_bytes(word.view());
    }
    e.end_list();
    e.finish_into(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kListItems);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RlpEncodeList1000);

void BM_RlpDecodeList1000(benchmark::State& state) {
  rlp::Encoder e;
  const Hash32 word = crypto::keccak256(as_bytes("item"));
  e.begin_list();
  for (int i = 0; i < kListItems; ++i) {
    if (i % 2 == 0) e.add_uint(static_cast<std::uint64_t>(i) * 1'000'003);
    else e.add_bytes(word.view());
  }
  e.end_list();
  const Bytes encoded = e.finish();
  for (auto _ : state) {
    auto item = rlp::decode(encoded);
    const auto items = item->items();
    std::size_t total = 0;
    for (const rlp::Item child : *items) total += child.payload().size();
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * kListItems);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * encoded.size()));
}
BENCHMARK(BM_RlpDecodeList1000);

void BM_Eip1559SignSerialize(benchmark::State& state) {
  const crypto::PrivateKey key = bench_key();
  Eip1559Tx tx = typical_tx();
  for (auto _ : state) {
    ++tx.nonce;
    const Bytes raw = encode(sign(tx, key));
    benchmark::DoNotOptimize(raw.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Eip1559SignSerialize);

void BM_Eip1559DecodeRecover(benchmark::State& state) {
  const crypto::PrivateKey key = bench_key();
  std::vector<Bytes> raws;
  Eip1559Tx tx = typical_tx();
  for (int i = 0; i < 64; ++i) {
    ++tx.nonce;
    raws.push_back(encode(sign(tx, key)));
  }
  const AcceptPolicy policy{tx.chain_id};
  std::size_t i = 0;
  for (auto _ : state) {
    auto decoded = decode_and_recover(raws[i++ % raws.size()], policy);
    benchmark::DoNotOptimize(decoded->sender);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Eip1559DecodeRecover);

void BM_Eip1559DecodeOnly(benchmark::State& state) {
  const Bytes raw = encode(sign(typical_tx(), bench_key()));
  for (auto _ : state) {
    auto decoded = decode_transaction(raw);
    benchmark::DoNotOptimize(decoded->signature.r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Eip1559DecodeOnly);

}  // namespace
