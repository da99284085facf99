#include "l2rpc/l2_tx.hpp"

#include <gtest/gtest.h>

#include <set>

#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"
#include "ledger/ledger.hpp"

namespace xway::l2rpc {
namespace {

using ledger::KeccakLedgerHasher;

crypto::PrivateKey key(std::uint8_t n) {
  FixedBytes<32> secret;
  secret[31] = n;
  return *crypto::PrivateKey::from_bytes(secret.view());
}
Address addr(std::uint8_t n) {
  Address a;
  a[0] = 0xa0;
  a[19] = n;
  return a;
}

const TxRules kRules{42069, 10};

eth::Eip1559Tx transfer_body(U256 value = 5) { return eth::Eip1559Tx{42069, 0, 10, 10, 21'000, addr(2), value, {}, {}}; }
Bytes raw_of(const eth::Eip1559Tx& tx) { return eth::encode(eth::sign(tx, key(1))); }

/// ABI calldata: a selector then (address, uint256), with the address word's top bytes given.
Bytes call(std::string_view signature, const Address& a, U256 amount, std::uint8_t dirt = 0) {
  const Hash32 sel = crypto::keccak256(as_bytes(signature));
  Bytes out(sel.begin(), sel.begin() + 4);
  Bytes word(32, 0);
  word[0] = dirt;
  std::copy(a.begin(), a.end(), word.begin() + 12);
  append(out, word);
  append(out, to_be32(amount).view());
  return out;
}

TEST(L2TxTest, Eip1559TransferDecodesWithSenderAndHash) {
  const Bytes raw = raw_of(transfer_body());
  auto tx = decode_and_recover(raw, kRules);
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->sender, crypto::address_of(key(1)));
  EXPECT_EQ(tx->hash, crypto::keccak256(raw));
  EXPECT_EQ(tx->raw, raw);
}

TEST(L2TxTest, Eip155LegacyIsAcceptedAndUnprotectedLegacyIsNot) {
  eth::LegacyTx legacy{0, 10, 21'000, addr(2), 5, {}, 42069};
  EXPECT_TRUE(decode_and_recover(eth::encode(eth::sign(legacy, key(1))), kRules));
  legacy.chain_id.reset();
  EXPECT_EQ(decode_and_recover(eth::encode(eth::sign(legacy, key(1))), kRules).error(), TxError::kUnprotected);
}

TEST(L2TxTest, OtherTypesAreUnsupported) {
  Bytes raw = raw_of(transfer_body());
  for (std::uint8_t type : {0x01, 0x03, 0x04}) {
    raw[0] = type;
    EXPECT_EQ(decode_l2_tx(raw, kRules).error(), TxError::kUnsupportedType) << int(type);
  }
}

TEST(L2TxTest, MalformedBytesAreRejected) {
  EXPECT_EQ(decode_l2_tx({}, kRules).error(), TxError::kMalformed);
  Bytes raw = raw_of(transfer_body());
  raw.push_back(0);
  EXPECT_EQ(decode_l2_tx(raw, kRules).error(), TxError::kMalformed);
  raw.resize(raw.size() - 5);
  EXPECT_EQ(decode_l2_tx(raw, kRules).error(), TxError::kMalformed);
}

TEST(L2TxTest, WrongChainIdIsRejected) {
  auto body = transfer_body();
  body.chain_id = 1;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kWrongChainId);
}

TEST(L2TxTest, GasLimitMustBeExactly21000) {
  auto body = transfer_body();
  body.gas_limit = 21'001;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kWrongGasLimit);
  body.gas_limit = 20'999;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kWrongGasLimit);
}

TEST(L2TxTest, FeeFieldsMustBeEqualAndAtLeastTheMinimum) {
  auto body = transfer_body();
  body.max_priority_fee_per_gas = 9;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kFeeFieldsDiffer);
  body.max_priority_fee_per_gas = body.max_fee_per_gas = 9;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kFeeTooLow);
  body.max_priority_fee_per_gas = body.max_fee_per_gas = std::numeric_limits<U256>::max() / 20'000;
  EXPECT_EQ(decode_l2_tx(raw_of(body), kRules).error(), TxError::kFeeOverflow);
}

TEST(L2TxTest, HighSIsRejected) {
  auto signed_tx = eth::sign(transfer_body(), key(1));
  // s' = n - s is the same signature's malleable twin.
  const U256 n("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
  const U256 high = n - from_be(signed_tx.signature.s.view());
  const auto word = to_be32(high);
  std::copy(word.begin(), word.end(), signed_tx.signature.s.begin());
  signed_tx.signature.v ^= 1;
  EXPECT_EQ(decode_l2_tx(eth::encode(signed_tx), kRules).error(), TxError::kHighS);
}

TEST(L2TxTest, ForgedSignatureRecoversAnotherSender) {
  auto signed_tx = eth::sign(transfer_body(), key(1));
  signed_tx.signature.r[31] ^= 1;
  auto tx = decode_and_recover(eth::encode(signed_tx), kRules);
  if (tx) {
    EXPECT_NE(tx->sender, crypto::address_of(key(1)));
  } else {
    EXPECT_EQ(tx.error(), TxError::kBadSignature);
  }
}

class IntentTest : public ::testing::Test {
 protected:
  IntentTest() { tokens_.add(addr(0x70), 7); }
  expected<Intent, TxError> intent(const eth::Eip1559Tx& body) {
    return intent_of(eth::sign(body, key(1)), addr(1), tokens_);
  }
  TokenRegistry tokens_;
};

TEST_F(IntentTest, EthTransferCarriesValueAndFee) {
  auto i = intent(transfer_body(5));
  ASSERT_TRUE(i);
  EXPECT_EQ(*i, (Intent{Intent::Kind::kTransfer, addr(2), ledger::kEth, 5, 210'000, 0}));
}

TEST_F(IntentTest, Erc20TransferToARegisteredToken) {
  auto body = transfer_body(0);
  body.to = addr(0x70);
  body.data = call("transfer(address,uint256)", addr(3), 99);
  auto i = intent(body);
  ASSERT_TRUE(i);
  EXPECT_EQ(*i, (Intent{Intent::Kind::kTransfer, addr(3), 7, 99, 210'000, 0}));
  body.to = addr(0x71);
  EXPECT_EQ(intent(body).error(), TxError::kUnknownToken);
}

TEST_F(IntentTest, Erc20CalldataMustBeCanonical) {
  auto body = transfer_body(0);
  body.to = addr(0x70);
  body.data = call("transfer(address,uint256)", addr(3), 99, 0x01);
  EXPECT_EQ(intent(body).error(), TxError::kBadCalldata);
  body.data = call("transfer(address,uint256)", addr(3), 99);
  body.data.push_back(0);
  EXPECT_EQ(intent(body).error(), TxError::kBadCalldata);
  body.data = call("approve(address,uint256)", addr(3), 99);
  EXPECT_EQ(intent(body).error(), TxError::kUnsupportedCall);
}

TEST_F(IntentTest, WithdrawalsOfEthAndTokensPayTheSender) {
  auto body = transfer_body(40);
  body.to = withdrawal_address();
  auto eth_out = intent(body);
  ASSERT_TRUE(eth_out);
  EXPECT_EQ(*eth_out, (Intent{Intent::Kind::kWithdraw, addr(1), ledger::kEth, 40, 210'000, 0}));
  body.data = call("withdraw(address,uint256)", addr(0x70), 8);
  EXPECT_EQ(intent(body).error(), TxError::kWithdrawalValue);
  body.value = 0;
  auto token_out = intent(body);
  ASSERT_TRUE(token_out);
  EXPECT_EQ(*token_out, (Intent{Intent::Kind::kWithdraw, addr(1), 7, 8, 210'000, 0}));
  body.data = call("withdraw(address,uint256)", addr(0x71), 8);
  EXPECT_EQ(intent(body).error(), TxError::kUnknownToken);
  body.data = call("transfer(address,uint256)", addr(0x70), 8);
  EXPECT_EQ(intent(body).error(), TxError::kUnsupportedCall);
}

TEST_F(IntentTest, ShapesWithoutAnEvmAreRejected) {
  auto body = transfer_body();
  body.to.reset();
  EXPECT_EQ(intent(body).error(), TxError::kContractCreation);
  body = transfer_body();
  body.access_list.push_back({addr(9), {}});
  EXPECT_EQ(intent(body).error(), TxError::kAccessList);
  body = transfer_body(5);
  body.data = {0x12, 0x34};
  EXPECT_EQ(intent(body).error(), TxError::kValueWithData);
  body.value = 0;
  EXPECT_EQ(intent(body).error(), TxError::kUnsupportedCall);
}

TEST(ToOperationTest, BindsSenderReceiverAndNonce) {
  auto state = *ledger::Ledger<KeccakLedgerHasher>::create({});
  ASSERT_TRUE(state.apply(ledger::Deposit{0, addr(0xfe), ledger::kEth, 1}));
  ASSERT_TRUE(state.apply(ledger::Deposit{1, addr(1), ledger::kEth, 1'000'000}));
  Intent i{Intent::Kind::kTransfer, addr(2), ledger::kEth, 5, 10, 0};
  auto op = to_operation(state, addr(1), i);
  ASSERT_TRUE(op);
  EXPECT_EQ(std::get<ledger::Transfer>(*op), (ledger::Transfer{1, 2, addr(2), ledger::kEth, 5, 10, 0}));
  i.recipient = addr(0xfe);
  EXPECT_EQ(std::get<ledger::Transfer>(*to_operation(state, addr(1), i)).to, 0u);
  EXPECT_EQ(to_operation(state, addr(3), i).error(), TxError::kUnknownSender);
  i.nonce = 1;
  EXPECT_EQ(to_operation(state, addr(1), i).error(), TxError::kNonceGap);
  ASSERT_TRUE(state.apply(*to_operation(state, addr(1), Intent{Intent::Kind::kTransfer, addr(2), 0, 5, 10, 0})));
  i.nonce = 0;
  EXPECT_EQ(to_operation(state, addr(1), i).error(), TxError::kNonceTooLow);
  Intent w{Intent::Kind::kWithdraw, addr(1), ledger::kEth, 7, 10, 1};
  EXPECT_EQ(std::get<ledger::Withdraw>(*to_operation(state, addr(1), w)), (ledger::Withdraw{1, ledger::kEth, 7, 10, 1}));
}

TEST(TxErrorTest, LedgerRulesMapToTransactionRules) {
  EXPECT_EQ(from_ledger(ledger::LedgerError::kInsufficientBalance), TxError::kInsufficientFunds);
  EXPECT_EQ(from_ledger(ledger::LedgerError::kAmountOverflow), TxError::kInsufficientFunds);
  EXPECT_EQ(from_ledger(ledger::LedgerError::kBalanceOverflow), TxError::kBalanceOverflow);
  EXPECT_EQ(from_ledger(ledger::LedgerError::kBadNonce), TxError::kNonceTooLow);
  EXPECT_EQ(from_ledger(ledger::LedgerError::kZeroAddress), TxError::kLedgerRule);
}

TEST(TxErrorTest, EveryErrorHasItsOwnDescription) {
  std::set<std::string_view> seen;
  for (int e = 0; e <= static_cast<int>(TxError::kForwardFailed); ++e) {
    auto text = describe(static_cast<TxError>(e));
    EXPECT_FALSE(text.empty());
    EXPECT_TRUE(seen.insert(text).second) << text;
  }
}

TEST(TokenRegistryTest, RefusesTakenNamesAndEth) {
  TokenRegistry r;
  EXPECT_TRUE(r.add(addr(1), 1));
  EXPECT_FALSE(r.add(addr(1), 2));
  EXPECT_FALSE(r.add(addr(2), 1));
  EXPECT_FALSE(r.add(addr(3), ledger::kEth));
  EXPECT_EQ(r.address_of(1), addr(1));
  EXPECT_FALSE(r.id_of(addr(2)));
}

}  // namespace
}  // namespace xway::l2rpc
