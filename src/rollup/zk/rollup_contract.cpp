#include "rollup/zk/rollup_contract.hpp"

#include <string>

#include "bindings/ZkRollup.hpp"
#include "contracts/artifacts.hpp"
#include "crypto/keccak.hpp"
#include "core/hex.hpp"
#include "eth/deploy.hpp"

namespace xway::zk {
namespace {

namespace zr = bindings::ZkRollup;

constexpr const char* kConstraintsName = "zk/ZkTransferConstraints.sol:ZkTransferConstraints";

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string revert_of(ByteView data) { return eth::abi::revert_reason(data, &zr::contract_abi()); }

template <class T>
Result<T> abi_ok(std::string_view what, expected<T, eth::abi::AbiError> r) {
  return eth::abi_result(what, std::move(r));
}

Result<eth::Deployed> deploy_named(eth::Client& client, const crypto::PrivateKey& from, std::string_view name,
                                   std::span<const eth::abi::Value> args = {}) {
  auto d = eth::deploy(client, from, name, args);
  if (!d) return unexpected(eth::to_failure(fmt::format("deploying {}", name), d.error()));
  return std::move(*d);
}

// The verifier's creation code with the constraint library's address in place of solc's
// placeholder, __$ + the first 34 hex digits of keccak256(fully qualified name) + $__.
Result<eth::Deployed> deploy_verifier(eth::Client& client, const crypto::PrivateKey& from, const Address& library) {
  const auto* artifact = contracts::find("ZkTransferStarkVerifier");
  if (artifact == nullptr) return fail("deploying ZkTransferStarkVerifier: artifact missing");
  const std::string hash = to_hex_bare(crypto::keccak256(as_bytes(std::string_view(kConstraintsName))));
  const std::string placeholder = "__$" + hash.substr(0, 34) + "$__";
  std::string code(artifact->bytecode_hex);
  const std::string address = to_hex_bare(library);
  std::size_t linked = 0;
  for (std::size_t at = code.find(placeholder); at != std::string::npos; at = code.find(placeholder, at)) {
    code.replace(at, placeholder.size(), address);
    ++linked;
  }
  if (linked == 0) return fail("deploying ZkTransferStarkVerifier: no library reference to link");
  contracts::Artifact linked_artifact = *artifact;
  linked_artifact.bytecode_hex = code;
  auto d = eth::deploy(client, from, linked_artifact);
  if (!d) return unexpected(eth::to_failure("deploying ZkTransferStarkVerifier", d.error()));
  return std::move(*d);
}

}  // namespace

eth::ContractCaller ZkRollupContract::caller() const { return eth::ContractCaller(client_, contract_, "zk", revert_of); }

Result<ZkDeployment> ZkRollupContract::deploy(eth::Client& client, const crypto::PrivateKey& operator_key,
                                              const RescueDigest& genesis_root, std::chrono::seconds request_deadline,
                                              std::chrono::seconds exodus_timeout) {
  ZkDeployment out;
  auto lib = deploy_named(client, operator_key, "ZkTransferConstraints");
  if (!lib) return unexpected(lib.error());
  out.constraints = lib->address;
  auto verifier = deploy_verifier(client, operator_key, out.constraints);
  if (!verifier) return unexpected(verifier.error());
  out.verifier = verifier->address;
  auto tree = deploy_named(client, operator_key, "ZkAccountTree");
  if (!tree) return unexpected(tree.error());
  out.tree = tree->address;
  const std::vector<eth::abi::Value> args = {
      eth::abi::Value(out.verifier), eth::abi::Value(out.tree), eth::abi::Value(digest_word(genesis_root)),
      eth::abi::Value(U256(request_deadline.count())), eth::abi::Value(U256(exodus_timeout.count()))};
  auto rollup = deploy_named(client, operator_key, "ZkRollup", args);
  if (!rollup) return unexpected(rollup.error());
  out.rollup = rollup->address;
  return out;
}

Result<eth::Receipt> ZkRollupContract::send(const crypto::PrivateKey& from, std::string_view what, Bytes data,
                                            const U256& value) {
  return caller().send(from, what, std::move(data), value);
}

Result<Bytes> ZkRollupContract::view(std::string_view what, Bytes data) { return caller().view(what, std::move(data)); }

Result<U256> ZkRollupContract::view_word(std::string_view what, Bytes data) {
  auto out = view(what, std::move(data));
  if (!out) return unexpected(out.error());
  if (out->size() != 32) return fail("{}: expected one 32-byte word, got {} bytes", what, out->size());
  return from_be(*out);
}

Result<std::uint64_t> ZkRollupContract::register_key(const crypto::PrivateKey& from, const RescueDigest& key) {
  auto data = abi_ok("registerKey", zr::encode_registerKey(digest_word(key)));
  if (!data) return unexpected(data.error());
  auto r = send(from, "registerKey", std::move(*data));
  if (!r) return unexpected(r.error());
  for (const eth::Log& log : r->logs) {
    if (auto e = zr::events::KeyRegistered::decode(log)) return to_u64(e->index);
  }
  return fail("registerKey: the receipt has no KeyRegistered event");
}

Result<std::uint64_t> ZkRollupContract::deposit(const crypto::PrivateKey& from, const U256& wei) {
  auto data = abi_ok("deposit", zr::encode_deposit());
  if (!data) return unexpected(data.error());
  auto r = send(from, "deposit", std::move(*data), wei);
  if (!r) return unexpected(r.error());
  for (const eth::Log& log : r->logs) {
    if (auto e = zr::events::Deposited::decode(log)) return to_u64(e->position);
  }
  return fail("deposit: the receipt has no Deposited event");
}

Result<eth::Receipt> ZkRollupContract::submit_batch(const crypto::PrivateKey& op, const L1Batch& batch) {
  auto data = abi_ok("submitBatch",
                     zr::encode_submitBatch(batch.public_data, batch.roots, batch.proof, U256(batch.queue_head)));
  if (!data) return unexpected(data.error());
  return send(op, "submitBatch", std::move(*data));
}

Result<eth::Receipt> ZkRollupContract::freeze(const crypto::PrivateKey& from) {
  auto data = abi_ok("freeze", zr::encode_freeze());
  if (!data) return unexpected(data.error());
  return send(from, "freeze", std::move(*data));
}

Result<eth::Receipt> ZkRollupContract::exit(const crypto::PrivateKey& from, std::uint64_t index,
                                            const ZkAccount& account, const std::vector<RescueDigest>& siblings) {
  Bytes path;
  for (const RescueDigest& s : siblings) {
    const Hash32 w = digest_word(s);
    path.insert(path.end(), w.begin(), w.end());
  }
  auto data = abi_ok("exit", zr::encode_exit(U256(index), digest_word(account.key), U256(account.balance),
                                             U256(account.nonce), path));
  if (!data) return unexpected(data.error());
  return send(from, "exit", std::move(*data));
}

Result<eth::Receipt> ZkRollupContract::refund_deposit(const crypto::PrivateKey& from, std::uint64_t position) {
  auto data = abi_ok("refundDeposit", zr::encode_refundDeposit(U256(position)));
  if (!data) return unexpected(data.error());
  return send(from, "refundDeposit", std::move(*data));
}

Result<RescueDigest> ZkRollupContract::state_root() {
  auto data = abi_ok("stateRoot", zr::encode_stateRoot());
  if (!data) return unexpected(data.error());
  auto out = view("stateRoot", std::move(*data));
  if (!out) return unexpected(out.error());
  if (out->size() != 32) return fail("stateRoot: expected 32 bytes, got {}", out->size());
  Hash32 w{};
  std::copy(out->begin(), out->end(), w.begin());
  return word_digest(w);
}

Result<std::uint64_t> ZkRollupContract::batch_count() {
  auto w = view_word("batchCount", zr::encode_batchCount().value());
  if (!w) return unexpected(w.error());
  return to_u64(*w);
}

Result<std::uint64_t> ZkRollupContract::queue_head() {
  auto w = view_word("queueHead", zr::encode_queueHead().value());
  if (!w) return unexpected(w.error());
  return to_u64(*w);
}

Result<std::uint64_t> ZkRollupContract::queue_length() {
  auto w = view_word("queueLength", zr::encode_queueLength().value());
  if (!w) return unexpected(w.error());
  return to_u64(*w);
}

Result<std::uint64_t> ZkRollupContract::next_index() {
  auto w = view_word("nextIndex", zr::encode_nextIndex().value());
  if (!w) return unexpected(w.error());
  return to_u64(*w);
}

Result<bool> ZkRollupContract::frozen() {
  auto w = view_word("frozen", zr::encode_frozen().value());
  if (!w) return unexpected(w.error());
  return *w != U256(0);
}

Result<bool> ZkRollupContract::exodus_due() {
  auto w = view_word("exodusDue", zr::encode_exodusDue().value());
  if (!w) return unexpected(w.error());
  return *w != U256(0);
}

Result<U256> ZkRollupContract::balance() {
  auto b = client_.balance(contract_, eth::BlockRef::latest());
  if (!b) return unexpected(eth::to_failure("balance", b.error()));
  return *b;
}

}  // namespace xway::zk
