#include "rollup/optimistic/fraud_step.hpp"

#include "core/uint256.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/transaction.hpp"

namespace xway::optimistic {
namespace {

using ledger::Amount;

/// secp256k1's order divided by 2: the largest s (EIP-2).
const U256& half_order() {
  static const U256 h = from_be(
      Bytes{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0});
  return h;
}

void put_word(Bytes& out, const U256& v) { append(out, to_be32(v).view()); }
void put_address(Bytes& out, const Address& a) {
  out.insert(out.end(), 12, 0);
  append(out, a.view());
}

/// selector || abi.encode(address, uint256).
Bytes call_data(std::uint32_t selector, const Address& a, const U256& amount) {
  Bytes out{static_cast<std::uint8_t>(selector >> 24), static_cast<std::uint8_t>(selector >> 16),
            static_cast<std::uint8_t>(selector >> 8), static_cast<std::uint8_t>(selector)};
  put_address(out, a);
  put_word(out, amount);
  return out;
}

constexpr std::uint32_t kTransferSelector = 0xa9059cbb;  // transfer(address,uint256)
constexpr std::uint32_t kWithdrawSelector = 0xf3fef3a3;  // withdraw(address,uint256)

}  // namespace

Address withdrawal_address() {
  Address a;
  a[0] = 0x42;
  a[19] = 0x16;
  return a;
}

std::string_view describe(StepRule r) {
  switch (r) {
    case StepRule::kApplied: return "applied";
    case StepRule::kUnknownToken: return "step: token id not registered when the batch was posted";
    case StepRule::kBadFee: return "step: fee is not 21,000 x a gas price";
    case StepRule::kHighS: return "step: signature s above half the curve order";
    case StepRule::kLedger: return "step: the ledger refused the operation";
    case StepRule::kToWithdrawalAddress: return "step: a transfer to the withdrawal address";
    case StepRule::kBadSignature: return "step: the signature does not recover to the sender";
  }
  return "step: unknown rule";
}

std::vector<Step> steps_of(const Batch& batch, std::span<const QueuedDeposit> deposits,
                           std::span<const BatchTransfer> forced) {
  std::vector<Step> out;
  out.reserve(batch.deposit_accounts.size() + forced.size() + batch.transfers.size());
  for (std::size_t i = 0; i < batch.deposit_accounts.size() && i < deposits.size(); ++i) {
    Step s;
    s.kind = Step::Kind::kDeposit;
    s.deposit = deposits[i];
    s.account = batch.deposit_accounts[i];
    out.push_back(std::move(s));
  }
  for (const auto& e : forced) out.push_back(Step{Step::Kind::kEntry, {}, 0, e});
  for (const auto& e : batch.transfers) out.push_back(Step{Step::Kind::kEntry, {}, 0, e});
  return out;
}

ledger::Operation entry_operation(const ledger::KeccakLedger& ledger, const BatchTransfer& e) {
  const ledger::Nonce nonce = ledger.nonce(e.from);
  if (e.withdraw) return ledger::Withdraw{e.from, e.token, e.amount, e.fee, nonce};
  Address receiver;
  if (e.new_account) receiver = *e.new_account;
  else if (const auto* a = ledger.account(e.to)) receiver = a->address;
  return ledger::Transfer{e.from, e.to, receiver, e.token, e.amount, e.fee, nonce};
}

eth::Eip1559Tx entry_transaction(const BatchTransfer& e, std::uint64_t nonce, const Address& receiver,
                                 const StepContext& ctx) {
  eth::Eip1559Tx tx;
  tx.chain_id = ctx.chain_id;
  tx.nonce = nonce;
  tx.max_fee_per_gas = e.fee / U256(kL2TxGas);
  tx.max_priority_fee_per_gas = tx.max_fee_per_gas;
  tx.gas_limit = kL2TxGas;
  const Address token = e.token < ctx.tokens.size() ? ctx.tokens[e.token] : Address{};
  if (e.withdraw) {
    tx.to = withdrawal_address();
    if (e.token == ledger::kEth) tx.value = e.amount;
    else tx.data = call_data(kWithdrawSelector, token, e.amount);
  } else if (e.token == ledger::kEth) {
    tx.to = receiver;
    tx.value = e.amount;
  } else {
    tx.to = token;
    tx.data = call_data(kTransferSelector, receiver, e.amount);
  }
  return tx;
}

Hash32 entry_signing_hash(const BatchTransfer& e, std::uint64_t nonce, const Address& receiver,
                          const StepContext& ctx) {
  return eth::signing_hash(entry_transaction(e, nonce, receiver, ctx));
}

StepResult apply_step(ledger::KeccakLedger& ledger, const Step& step, std::uint64_t index, const StepContext& ctx) {
  StepResult out;
  if (step.kind == Step::Kind::kDeposit) {
    const auto& d = step.deposit;
    if (auto ok = ledger.apply(ledger::Deposit{step.account, d.l2_address, d.token, d.amount}); !ok) {
      out.rule = StepRule::kLedger;
      out.ledger_error = ok.error();
      // Refused: refunded to its L2 address on L1 through the withdrawal tree (OneStepProver.executeDeposit).
      out.withdrawal = WithdrawalRecord{index, d.l2_address, d.token, d.amount};
    }
    return out;
  }
  const BatchTransfer& e = step.entry;
  if (e.token != ledger::kEth && e.token >= ctx.tokens.size()) return {StepRule::kUnknownToken, {}, {}};
  if (e.fee % U256(kL2TxGas) != 0) return {StepRule::kBadFee, {}, {}};
  if (from_be(e.signature.s.view()) > half_order()) return {StepRule::kHighS, {}, {}};
  const ledger::Operation op = entry_operation(ledger, e);
  const Address receiver = e.withdraw ? Address{} : std::get<ledger::Transfer>(op).to_address;
  if (!e.withdraw && receiver == withdrawal_address()) return {StepRule::kToWithdrawalAddress, {}, {}};
  const auto* account = ledger.account(e.from);
  if (account == nullptr) return {StepRule::kLedger, ledger::LedgerError::kUnknownAccount, {}};
  const Address sender = account->address;
  // The signature covers the sender's current nonce; it is checked before the state changes.
  auto signer = crypto::recover_address(entry_signing_hash(e, ledger.nonce(e.from), receiver, ctx), e.signature);
  if (!signer || *signer != sender) return {StepRule::kBadSignature, {}, {}};
  if (auto ok = ledger.apply(op); !ok) return {StepRule::kLedger, ok.error(), {}};
  if (e.withdraw) out.withdrawal = WithdrawalRecord{index, sender, e.token, e.amount};
  return out;
}

Hash32 deposit_hash(const QueuedDeposit& d) {
  Bytes b;
  put_address(b, d.l2_address);
  put_word(b, U256(d.token));
  put_word(b, d.amount);
  return crypto::keccak256(b);
}

Bytes step_leaf_data(const Step& step) {
  Bytes out;
  if (step.kind == Step::Kind::kDeposit) {
    out.push_back(1);
    append(out, deposit_hash(step.deposit).view());
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(step.account >> (8 * i)));
    return out;
  }
  out.push_back(2);
  append(out, crypto::keccak256(encode_entry(step.entry).value_or(Bytes{})).view());
  return out;
}

Bytes step_proof_data(const Step& step) {
  if (step.kind == Step::Kind::kEntry) return encode_entry(step.entry).value_or(Bytes{});
  Bytes out;
  put_address(out, step.deposit.l2_address);
  put_word(out, U256(step.deposit.token));
  put_word(out, step.deposit.amount);
  put_word(out, U256(step.account));
  return out;
}

}  // namespace xway::optimistic
