#include "sidechain/bridge_contract.hpp"

#include <algorithm>

#include "bindings/SidechainBridge.hpp"
#include "bindings/TestToken.hpp"
#include "eth/contract_caller.hpp"
#include "eth/deploy.hpp"

namespace xway::sidechain {
namespace {

namespace sb = bindings::SidechainBridge;

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string revert_of(ByteView data) {
  return eth::abi::revert_reason(data, &sb::contract_abi());
}

template <class T>
Result<T> abi_ok(std::string_view what, expected<T, eth::abi::AbiError> r) {
  return eth::abi_result(what, std::move(r));
}

Result<DepositReceipt> deposit_of(eth::Receipt r) {
  for (const eth::Log& log : r.logs) {
    if (auto e = decode_deposit_log(log)) return DepositReceipt{e->deposit_id, std::move(r)};
  }
  return fail("deposit: the receipt has no Deposit event");
}

}  // namespace

eth::ContractCaller BridgeContract::caller() const { return eth::ContractCaller(client_, contract_, "sidechain.bridge", revert_of); }

std::optional<DepositEvent> decode_deposit_log(const eth::Log& log) {
  auto e = sb::events::Deposit::decode(log);
  if (!e) return std::nullopt;
  return DepositEvent{to_u64(e->depositId), e->sender, e->recipient, e->token, e->amount,
                      log.block_number,     log.transaction_hash, log.log_index};
}

Result<Address> BridgeContract::deploy(eth::Client& client, const crypto::PrivateKey& from, std::uint64_t sidechain_id,
                                       std::vector<Address> members, std::uint64_t threshold) {
  std::sort(members.begin(), members.end());
  eth::abi::Value::List list;
  for (const Address& m : members) list.emplace_back(m);
  const std::vector<eth::abi::Value> args = {eth::abi::Value(U256(sidechain_id)), eth::abi::Value(std::move(list)),
                                             eth::abi::Value(U256(threshold))};
  auto d = eth::deploy(client, from, "SidechainBridge", args);
  if (!d) return unexpected(eth::to_failure("deploying SidechainBridge", d.error()));
  return d->address;
}

Result<eth::Receipt> BridgeContract::send(const crypto::PrivateKey& from, std::string_view what, Bytes data,
                                          const U256& value) {
  return caller().send(from, what, std::move(data), value);
}

Result<Bytes> BridgeContract::view(std::string_view what, Bytes data) {
  return caller().view(what, std::move(data));
}

Result<DepositReceipt> BridgeContract::deposit(const crypto::PrivateKey& from, const Address& recipient,
                                               const U256& amount) {
  auto data = abi_ok("deposit", sb::encode_deposit(recipient));
  if (!data) return unexpected(data.error());
  auto r = send(from, "deposit", std::move(*data), amount);
  if (!r) return unexpected(r.error());
  return deposit_of(std::move(*r));
}

Result<DepositReceipt> BridgeContract::deposit_token(const crypto::PrivateKey& from, const Address& token,
                                                     const Address& recipient, const U256& amount) {
  auto approve = abi_ok("approve", bindings::TestToken::encode_approve(contract_, amount));
  if (!approve) return unexpected(approve.error());
  eth::TxRequest tx;
  tx.to = token;
  tx.data = std::move(*approve);
  tx.label = "sidechain.bridge.approve";
  if (auto a = client_.send_transaction(from, tx); !a) return unexpected(eth::to_failure("approve", a.error()));
  auto data = abi_ok("depositToken", sb::encode_depositToken(token, recipient, amount));
  if (!data) return unexpected(data.error());
  auto r = send(from, "depositToken", std::move(*data));
  if (!r) return unexpected(r.error());
  return deposit_of(std::move(*r));
}

Result<eth::Receipt> BridgeContract::release(const crypto::PrivateKey& from, const Burn& burn,
                                             const std::vector<Bytes>& signatures) {
  auto data = abi_ok("release", sb::encode_release(burn.recipient, burn.token, burn.amount, burn.burn_id, signatures));
  if (!data) return unexpected(data.error());
  return send(from, "release", std::move(*data));
}

Result<eth::Receipt> BridgeContract::change_federation(const crypto::PrivateKey& from,
                                                       const std::vector<Address>& members, std::uint64_t threshold,
                                                       const std::vector<Bytes>& signatures) {
  auto data = abi_ok("changeFederation", sb::encode_changeFederation(members, U256(threshold), signatures));
  if (!data) return unexpected(data.error());
  return send(from, "changeFederation", std::move(*data));
}

Result<BridgeDomain> BridgeContract::domain() {
  auto chain = client_.chain_id();
  if (!chain) return unexpected(eth::to_failure("chain id", chain.error()));
  auto out = view("sidechainId", sb::encode_sidechainId().value());
  if (!out) return unexpected(out.error());
  auto id = abi_ok("sidechainId", sb::decode_sidechainId(*out));
  if (!id) return unexpected(id.error());
  return BridgeDomain{*chain, contract_, to_u64(*id)};
}

Result<FederationState> BridgeContract::federation() {
  FederationState s;
  auto m = view("members", sb::encode_members().value());
  if (!m) return unexpected(m.error());
  auto members = abi_ok("members", sb::decode_members(*m));
  if (!members) return unexpected(members.error());
  s.members = std::move(*members);
  auto t = view("threshold", sb::encode_threshold().value());
  if (!t) return unexpected(t.error());
  auto threshold = abi_ok("threshold", sb::decode_threshold(*t));
  if (!threshold) return unexpected(threshold.error());
  s.threshold = to_u64(*threshold);
  auto n = view("federationNonce", sb::encode_federationNonce().value());
  if (!n) return unexpected(n.error());
  auto nonce = abi_ok("federationNonce", sb::decode_federationNonce(*n));
  if (!nonce) return unexpected(nonce.error());
  s.nonce = to_u64(*nonce);
  return s;
}

Result<bool> BridgeContract::released(const Hash32& burn_id) {
  auto out = view("released", sb::encode_released(burn_id).value());
  if (!out) return unexpected(out.error());
  return abi_ok("released", sb::decode_released(*out));
}

Result<std::uint64_t> BridgeContract::deposit_count() {
  auto out = view("depositCount", sb::encode_depositCount().value());
  if (!out) return unexpected(out.error());
  auto v = abi_ok("depositCount", sb::decode_depositCount(*out));
  if (!v) return unexpected(v.error());
  return to_u64(*v);
}

Result<U256> BridgeContract::locked(const Address& token) {
  auto out = view("locked", sb::encode_locked(token).value());
  if (!out) return unexpected(out.error());
  return abi_ok("locked", sb::decode_locked(*out));
}

Result<Hash32> BridgeContract::release_digest(const Burn& burn) {
  auto data = abi_ok("releaseDigest", sb::encode_releaseDigest(burn.recipient, burn.token, burn.amount, burn.burn_id));
  if (!data) return unexpected(data.error());
  auto out = view("releaseDigest", std::move(*data));
  if (!out) return unexpected(out.error());
  return abi_ok("releaseDigest", sb::decode_releaseDigest(*out));
}

Result<std::vector<DepositEvent>> BridgeContract::deposits(std::uint64_t from, std::uint64_t to) {
  eth::LogFilter f;
  f.from_block = from;
  f.to_block = to;
  f.addresses = {contract_};
  f.topics = {{sb::events::Deposit::topic()}};
  auto logs = client_.logs(f);
  if (!logs) return unexpected(eth::to_failure("bridge deposit logs", logs.error()));
  std::vector<DepositEvent> out;
  for (const eth::Log& log : *logs) {
    auto e = decode_deposit_log(log);
    if (!e) return fail("a Deposit log at L1 block {} does not decode", log.block_number);
    out.push_back(*e);
  }
  return out;
}

}  // namespace xway::sidechain
