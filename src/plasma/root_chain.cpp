#include "plasma/root_chain.hpp"

#include "bindings/PlasmaFramework.hpp"
#include "bindings/TestToken.hpp"
#include "eth/contract_caller.hpp"
#include "eth/deploy.hpp"

namespace xway::plasma {
namespace {

namespace pf = bindings::PlasmaFramework;

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string revert_of(ByteView data) {
  return eth::abi::revert_reason(data, &pf::contract_abi());
}

template <class T>
Result<T> abi_ok(std::string_view what, expected<T, eth::abi::AbiError> r) {
  return eth::abi_result(what, std::move(r));
}

Result<std::uint64_t> deposit_blknum(const eth::Receipt& r) {
  for (const eth::Log& log : r.logs) {
    if (auto e = pf::events::DepositCreated::decode(log)) return to_u64(e->blknum);
  }
  return fail("deposit: the receipt has no DepositCreated event");
}

}  // namespace

eth::ContractCaller RootChain::caller() const { return eth::ContractCaller(client_, contract_, "plasma", revert_of); }

Result<Address> RootChain::deploy(eth::Client& client, const crypto::PrivateKey& from, std::chrono::seconds exit_period,
                                  const U256& exit_bond) {
  const std::vector<eth::abi::Value> args = {eth::abi::Value(U256(exit_period.count())), eth::abi::Value(exit_bond)};
  auto d = eth::deploy(client, from, "PlasmaFramework", args);
  if (!d) return unexpected(eth::to_failure("deploying PlasmaFramework", d.error()));
  return d->address;
}

Result<eth::Receipt> RootChain::send(const crypto::PrivateKey& from, std::string_view what, Bytes data,
                                     const U256& value) {
  return caller().send(from, what, std::move(data), value);
}

Result<Bytes> RootChain::view(std::string_view what, Bytes data) {
  return caller().view(what, std::move(data));
}

Result<std::uint64_t> RootChain::submit_block(const crypto::PrivateKey& op, const Hash32& root) {
  auto data = abi_ok("submitBlock", pf::encode_submitBlock(root));
  if (!data) return unexpected(data.error());
  auto r = send(op, "submitBlock", std::move(*data));
  if (!r) return unexpected(r.error());
  for (const eth::Log& log : r->logs) {
    if (auto e = pf::events::BlockSubmitted::decode(log)) return to_u64(e->blknum);
  }
  return fail("submitBlock: the receipt has no BlockSubmitted event");
}

Result<std::uint64_t> RootChain::deposit(const crypto::PrivateKey& from, const U256& amount) {
  auto data = abi_ok("deposit", pf::encode_deposit());
  if (!data) return unexpected(data.error());
  auto r = send(from, "deposit", std::move(*data), amount);
  if (!r) return unexpected(r.error());
  return deposit_blknum(*r);
}

Result<std::uint64_t> RootChain::deposit_token(const crypto::PrivateKey& from, const Address& token,
                                               const U256& amount) {
  auto approve = abi_ok("approve", bindings::TestToken::encode_approve(contract_, amount));
  if (!approve) return unexpected(approve.error());
  eth::TxRequest tx;
  tx.to = token;
  tx.data = std::move(*approve);
  tx.label = "plasma.approve";
  if (auto a = client_.send_transaction(from, tx); !a) return unexpected(eth::to_failure("approve", a.error()));
  auto data = abi_ok("depositToken", pf::encode_depositToken(token, amount));
  if (!data) return unexpected(data.error());
  auto r = send(from, "depositToken", std::move(*data));
  if (!r) return unexpected(r.error());
  return deposit_blknum(*r);
}

Result<eth::Receipt> RootChain::start_exit(const crypto::PrivateKey& from, const Position& pos,
                                           const SignedTransaction& tx, const crypto::MerkleProof& proof) {
  auto bond = exit_bond();
  if (!bond) return unexpected(bond.error());
  auto data = abi_ok("startExit", pf::encode_startExit(U256(pos.encode()), tx.encode(), proof.siblings));
  if (!data) return unexpected(data.error());
  return send(from, "startExit", std::move(*data), *bond);
}

Result<eth::Receipt> RootChain::challenge_exit(const crypto::PrivateKey& from, const Position& exiting,
                                               const SignedTransaction& spend, std::size_t input_index) {
  auto data = abi_ok("challengeExit", pf::encode_challengeExit(U256(exiting.encode()), spend.encode(), U256(input_index)));
  if (!data) return unexpected(data.error());
  return send(from, "challengeExit", std::move(*data));
}

Result<eth::Receipt> RootChain::process_exits(const crypto::PrivateKey& from, const Address& token,
                                              std::uint64_t max_count) {
  auto data = abi_ok("processExits", pf::encode_processExits(token, U256(max_count)));
  if (!data) return unexpected(data.error());
  return send(from, "processExits", std::move(*data));
}

Result<RootBlock> RootChain::block(std::uint64_t blknum) {
  auto data = abi_ok("blocks", pf::encode_blocks(U256(blknum)));
  if (!data) return unexpected(data.error());
  auto out = view("blocks", std::move(*data));
  if (!out) return unexpected(out.error());
  auto b = abi_ok("blocks", pf::decode_blocks(*out));
  if (!b) return unexpected(b.error());
  return RootBlock{b->root, to_u64(b->timestamp)};
}

Result<std::uint64_t> RootChain::next_child_block() {
  auto out = view("nextChildBlock", pf::encode_nextChildBlock().value());
  if (!out) return unexpected(out.error());
  auto v = abi_ok("nextChildBlock", pf::decode_nextChildBlock(*out));
  if (!v) return unexpected(v.error());
  return to_u64(*v);
}

Result<ExitRecord> RootChain::exit(const Position& pos) {
  auto out = view("exits", pf::encode_exits(U256(pos.encode())).value());
  if (!out) return unexpected(out.error());
  auto e = abi_ok("exits", pf::decode_exits(*out));
  if (!e) return unexpected(e.error());
  return ExitRecord{e->owner, e->token, e->amount, e->bond, static_cast<ExitStatus>(to_u64(e->status))};
}

Result<std::uint64_t> RootChain::queue_length(const Address& token) {
  auto out = view("queueLength", pf::encode_queueLength(token).value());
  if (!out) return unexpected(out.error());
  auto v = abi_ok("queueLength", pf::decode_queueLength(*out));
  if (!v) return unexpected(v.error());
  return to_u64(*v);
}

Result<U256> RootChain::exit_bond() {
  auto out = view("exitBond", pf::encode_exitBond().value());
  if (!out) return unexpected(out.error());
  return abi_ok("exitBond", pf::decode_exitBond(*out));
}

Result<std::uint64_t> RootChain::exit_period() {
  auto out = view("exitPeriod", pf::encode_exitPeriod().value());
  if (!out) return unexpected(out.error());
  auto v = abi_ok("exitPeriod", pf::decode_exitPeriod(*out));
  if (!v) return unexpected(v.error());
  return to_u64(*v);
}

Result<Hash32> RootChain::domain_separator() {
  auto out = view("domainSeparator", pf::encode_domainSeparator().value());
  if (!out) return unexpected(out.error());
  return abi_ok("domainSeparator", pf::decode_domainSeparator(*out));
}

Result<U256> RootChain::balance() {
  auto b = client_.balance(contract_, eth::BlockRef::latest());
  if (!b) return unexpected(eth::to_failure("contract balance", b.error()));
  return *b;
}

Result<std::vector<eth::Log>> RootChain::logs(const Hash32& topic, std::uint64_t from, std::uint64_t to) {
  eth::LogFilter f;
  f.from_block = from;
  f.to_block = to;
  f.addresses = {contract_};
  f.topics = {{topic}};
  auto r = client_.logs(f);
  if (!r) return unexpected(eth::to_failure("plasma logs", r.error()));
  return std::move(*r);
}

Result<std::vector<DepositEvent>> RootChain::deposits(std::uint64_t from, std::uint64_t to) {
  auto logs_ = logs(pf::events::DepositCreated::topic(), from, to);
  if (!logs_) return unexpected(logs_.error());
  std::vector<DepositEvent> out;
  for (const eth::Log& log : *logs_) {
    auto e = abi_ok("DepositCreated", pf::events::DepositCreated::decode(log));
    if (!e) return unexpected(e.error());
    out.push_back(DepositEvent{e->owner, to_u64(e->blknum), e->token, e->amount, log.block_number});
  }
  return out;
}

Result<std::vector<SubmittedEvent>> RootChain::submitted(std::uint64_t from, std::uint64_t to) {
  auto logs_ = logs(pf::events::BlockSubmitted::topic(), from, to);
  if (!logs_) return unexpected(logs_.error());
  std::vector<SubmittedEvent> out;
  for (const eth::Log& log : *logs_) {
    auto e = abi_ok("BlockSubmitted", pf::events::BlockSubmitted::decode(log));
    if (!e) return unexpected(e.error());
    out.push_back(SubmittedEvent{to_u64(e->blknum), e->root, to_u64(e->timestamp), log.block_number});
  }
  return out;
}

Result<std::vector<ExitStartedEvent>> RootChain::exits_started(std::uint64_t from, std::uint64_t to) {
  auto logs_ = logs(pf::events::ExitStarted::topic(), from, to);
  if (!logs_) return unexpected(logs_.error());
  std::vector<ExitStartedEvent> out;
  for (const eth::Log& log : *logs_) {
    auto e = abi_ok("ExitStarted", pf::events::ExitStarted::decode(log));
    if (!e) return unexpected(e.error());
    auto pos = Position::decode(to_u64(e->utxoPos));
    if (!pos) return fail("ExitStarted: {}", describe(pos.error()));
    out.push_back(ExitStartedEvent{e->owner, *pos, e->token, e->amount, to_u64(e->exitableAt)});
  }
  return out;
}

}  // namespace xway::plasma
