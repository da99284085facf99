#include "sidechain/checkpoint_contract.hpp"

#include <algorithm>

#include "bindings/SidechainCheckpoints.hpp"
#include "eth/contract_caller.hpp"
#include "eth/deploy.hpp"

namespace xway::sidechain {
namespace {

namespace sc = bindings::SidechainCheckpoints;

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string revert_of(ByteView data) { return eth::abi::revert_reason(data, &sc::contract_abi()); }

template <class T>
Result<T> abi_ok(std::string_view what, expected<T, eth::abi::AbiError> r) {
  return eth::abi_result(what, std::move(r));
}

}  // namespace

eth::ContractCaller CheckpointContract::caller() const {
  return eth::ContractCaller(client_, contract_, "sidechain.checkpoints", revert_of);
}

Result<Address> CheckpointContract::deploy(eth::Client& client, const crypto::PrivateKey& from,
                                           std::uint64_t sidechain_id, std::uint64_t interval,
                                           std::uint64_t first_height, std::vector<Address> validators) {
  std::sort(validators.begin(), validators.end());
  eth::abi::Value::List list;
  for (const Address& v : validators) list.emplace_back(v);
  const std::vector<eth::abi::Value> args = {eth::abi::Value(U256(sidechain_id)), eth::abi::Value(U256(interval)),
                                             eth::abi::Value(U256(first_height)), eth::abi::Value(std::move(list))};
  auto d = eth::deploy(client, from, "SidechainCheckpoints", args);
  if (!d) return unexpected(eth::to_failure("deploying SidechainCheckpoints", d.error()));
  return d->address;
}

Result<std::uint64_t> CheckpointContract::post(const crypto::PrivateKey& from, const Checkpoint& c,
                                               const std::vector<Bytes>& signatures, eth::Receipt* receipt) {
  auto data = abi_ok("postCheckpoint",
                     sc::encode_postCheckpoint(U256(c.from_height), U256(c.to_height), c.root, signatures));
  if (!data) return unexpected(data.error());
  auto r = caller().send(from, "postCheckpoint", std::move(*data));
  if (!r) return unexpected(r.error());
  if (receipt != nullptr) *receipt = *r;
  for (const eth::Log& log : r->logs) {
    if (auto e = sc::events::CheckpointPosted::decode(log)) return to_u64(e->index);
  }
  return fail("postCheckpoint: the receipt has no CheckpointPosted event");
}

Result<Bytes> CheckpointContract::view(std::string_view what, Bytes data) {
  return caller().view(what, std::move(data));
}

Result<std::uint64_t> CheckpointContract::view_u64(std::string_view what, Bytes data) {
  auto out = view(what, std::move(data));
  if (!out) return unexpected(out.error());
  if (out->size() != 32) return fail("{}: expected one 32-byte word, got {} bytes", what, out->size());
  return to_u64(from_be(*out));
}

Result<CheckpointDomain> CheckpointContract::domain() {
  auto chain = client_.chain_id();
  if (!chain) return unexpected(eth::to_failure("chain id", chain.error()));
  auto id = view_u64("sidechainId", sc::encode_sidechainId().value());
  if (!id) return unexpected(id.error());
  return CheckpointDomain{*chain, contract_, *id};
}

Result<StoredCheckpoint> CheckpointContract::checkpoint(std::uint64_t index) {
  auto out = view("checkpoint", sc::encode_checkpoint(U256(index)).value());
  if (!out) return unexpected(out.error());
  auto c = abi_ok("checkpoint", sc::decode_checkpoint(*out));
  if (!c) return unexpected(c.error());
  return StoredCheckpoint{Checkpoint{to_u64(c->fromHeight), to_u64(c->toHeight), c->root}, to_u64(c->postedAt)};
}

Result<std::uint64_t> CheckpointContract::count() {
  return view_u64("checkpointCount", sc::encode_checkpointCount().value());
}

Result<std::uint64_t> CheckpointContract::next_height() {
  return view_u64("nextHeight", sc::encode_nextHeight().value());
}

Result<std::uint64_t> CheckpointContract::interval() { return view_u64("interval", sc::encode_interval().value()); }

Result<std::vector<Address>> CheckpointContract::validators() {
  auto out = view("validators", sc::encode_validators().value());
  if (!out) return unexpected(out.error());
  return abi_ok("validators", sc::decode_validators(*out));
}

Result<bool> CheckpointContract::verify_block(std::uint64_t index, std::uint64_t height, const Hash32& block_hash,
                                              const crypto::MerkleProof& proof) {
  auto data = abi_ok("verifyBlock", sc::encode_verifyBlock(U256(index), U256(height), block_hash, proof.siblings));
  if (!data) return unexpected(data.error());
  auto out = view("verifyBlock", std::move(*data));
  if (!out) return unexpected(out.error());
  return abi_ok("verifyBlock", sc::decode_verifyBlock(*out));
}

}  // namespace xway::sidechain
