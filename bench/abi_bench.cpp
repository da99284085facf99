// ABI codec kernels: an ERC-20 transfer call (the most common call data there is) and a dynamic
// nested type (a struct with a fixed array of dynamic members inside a dynamic array, plus a
// 2-D array), encoded and strictly decoded.
#include <benchmark/benchmark.h>

#include "eth/abi.hpp"

namespace {

using namespace xway;
using namespace xway::eth;

const abi::Signature& transfer_signature() {
  static const abi::Signature sig = abi::parse_signature("transfer(address,uint256)").value();
  return sig;
}

std::vector<abi::Value> transfer_args() {
  Address to;
  for (std::size_t i = 0; i < to.size(); ++i) to[i] = static_cast<std::uint8_t>(0x11 * (i % 15 + 1));
  return {to, U256("1000000000000000000")};
}

const std::vector<abi::Type>& nested_types() {
  static const auto types = abi::parse_type_list("((uint8,(bool,bytes)[2],address[])[],uint256[][],string)").value();
  return types;
}

// Eight nodes, each with two leaves of 40 bytes and three owners; an 8x8 grid; a short string.
std::vector<abi::Value> nested_values() {
  abi::Value::List nodes;
  for (unsigned i = 0; i < 8; ++i) {
    Address owner;
    owner[19] = static_cast<std::uint8_t>(i);
    abi::Value leaf = abi::Value::List{true, Bytes(40, static_cast<std::uint8_t>(i))};
    nodes.push_back(abi::Value::List{i, abi::Value::List{leaf, leaf}, abi::Value::List{owner, owner, owner}});
  }
  abi::Value::List grid;
  for (unsigned r = 0; r < 8; ++r) {
    abi::Value::List row;
    for (unsigned c = 0; c < 8; ++c) row.push_back(U256(r * 8 + c) << 100);
    grid.push_back(std::move(row));
  }
  return {nodes, grid, "expressway nested benchmark"};
}

void BM_EncodeTransferCall(benchmark::State& state) {
  const auto args = transfer_args();
  for (auto _ : state) {
    auto call = abi::encode_call(transfer_signature(), args);
    benchmark::DoNotOptimize(call);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeTransferCall);

void BM_EncodeTransferCallFromSignatureText(benchmark::State& state) {
  const auto args = transfer_args();
  for (auto _ : state) {
    auto call = abi::encode_call(std::string_view("transfer(address,uint256)"), std::span<const abi::Value>(args));
    benchmark::DoNotOptimize(call);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeTransferCallFromSignatureText);

void BM_DecodeTransferCall(benchmark::State& state) {
  const Bytes call = abi::encode_call(transfer_signature(), transfer_args()).value();
  for (auto _ : state) {
    auto args = abi::decode_call(transfer_signature(), call);
    benchmark::DoNotOptimize(args);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * call.size()));
}
BENCHMARK(BM_DecodeTransferCall);

void BM_EncodeNested(benchmark::State& state) {
  const auto values = nested_values();
  std::size_t size = 0;
  for (auto _ : state) {
    auto out = abi::encode(nested_types(), values);
    size = out->size();
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_EncodeNested);

void BM_DecodeNested(benchmark::State& state) {
  const Bytes data = abi::encode(nested_types(), nested_values()).value();
  for (auto _ : state) {
    auto values = abi::decode(nested_types(), data);
    benchmark::DoNotOptimize(values);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_DecodeNested);

}  // namespace
