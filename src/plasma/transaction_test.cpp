// The UTXO transaction codec: canonical round trips, signatures, and strict rejection of malformed bytes.
#include "plasma/transaction.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "eth/rlp.hpp"

namespace xway::plasma {
namespace {

namespace rlp = eth::rlp;

const crypto::PrivateKey& alice() {
  static const crypto::PrivateKey k = crypto::PrivateKey::from_hex(std::string(63, '0') + "1").value();
  return k;
}
const crypto::PrivateKey& bob() {
  static const crypto::PrivateKey k = crypto::PrivateKey::from_hex(std::string(63, '0') + "2").value();
  return k;
}

Hash32 domain() { return TxDomain{31337, Address{}}.separator(); }

SignedTransaction transfer() {
  SignedTransaction s;
  s.tx.inputs[0] = Position{1000, 3, 1};
  s.tx.inputs[1] = Position{7, 0, 0};
  s.tx.outputs[0] = Output{crypto::address_of(bob()), U256(70)};
  s.tx.outputs[1] = Output{crypto::address_of(alice()), U256(30)};
  s.sign(0, alice(), domain());
  s.sign(1, alice(), domain());
  return s;
}

TEST(PlasmaTransaction, SignedEncodingRoundTrips) {
  const SignedTransaction s = transfer();
  auto back = SignedTransaction::decode(s.encode());
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, s);
  EXPECT_EQ(back->encode(), s.encode());
}

TEST(PlasmaTransaction, SignatureRecoversTheSigner) {
  const SignedTransaction s = transfer();
  auto signer = crypto::recover_address(signing_digest(domain(), s.tx), *s.sigs[0]);
  ASSERT_TRUE(signer);
  EXPECT_EQ(*signer, crypto::address_of(alice()));
}

TEST(PlasmaTransaction, DigestDependsOnTheDomain) {
  const SignedTransaction s = transfer();
  const Hash32 other = TxDomain{1, Address{}}.separator();
  EXPECT_NE(signing_digest(domain(), s.tx), signing_digest(other, s.tx));
}

TEST(PlasmaTransaction, PositionsEncodeAsTheContractsUtxoPos) {
  EXPECT_EQ((Position{1000, 3, 1}.encode()), 1'000'000'030'001ULL);
  auto p = Position::decode(1'000'000'030'001ULL);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (Position{1000, 3, 1}));
  EXPECT_EQ(Position::decode(1'000'000'000'002ULL).error(), PlasmaError::kBadPosition);
  EXPECT_EQ(Position::decode(5).error(), PlasmaError::kBadPosition);
}

TEST(PlasmaTransaction, DepositEncodingMatchesTheContractsBytes) {
  // contracts/plasma/PlasmaTx.sol depositTx(owner, 0, 1 ether) builds exactly these bytes.
  Address owner;
  owner[19] = 0xaa;
  const Bytes enc = deposit_transaction(owner, Address{}, U256(1'000'000'000'000'000'000ULL)).encode();
  EXPECT_EQ(to_hex(enc),
            "0xf85af855c8c3808080c3808080f6de9400000000000000000000000000000000000000aa880de0b6b3a7640000"
            "d694000000000000000000000000000000000000000080940000000000000000000000000000000000000000"
            "c28080");
}

TEST(PlasmaTransaction, TruncatedBytesAreMalformedRlp) {
  Bytes enc = transfer().encode();
  enc.pop_back();
  EXPECT_EQ(SignedTransaction::decode(enc).error(), PlasmaError::kMalformedRlp);
}

TEST(PlasmaTransaction, WrongListShapeIsRejected) {
  EXPECT_EQ(SignedTransaction::decode(rlp::encode_uint(5)).error(), PlasmaError::kBadShape);
  rlp::Encoder e;
  e.begin_list().add_uint(1).add_uint(2).add_uint(3).end_list();
  EXPECT_EQ(SignedTransaction::decode(e.finish()).error(), PlasmaError::kBadShape);
}

TEST(PlasmaTransaction, OutputIndexAboveOneIsABadPosition) {
  SignedTransaction s = transfer();
  s.tx.inputs[0].oindex = 2;
  EXPECT_EQ(SignedTransaction::decode(s.encode()).error(), PlasmaError::kBadPosition);
}

TEST(PlasmaTransaction, OutputWithAmountButNoOwnerIsRejected) {
  SignedTransaction s = transfer();
  s.tx.outputs[1] = Output{Address{}, U256(30)};
  EXPECT_EQ(SignedTransaction::decode(s.encode()).error(), PlasmaError::kBadOutput);
}

TEST(PlasmaTransaction, SignatureOnAnEmptyInputSlotIsRejected) {
  SignedTransaction s = transfer();
  s.tx.inputs[1] = Position{};
  EXPECT_EQ(SignedTransaction::decode(s.encode()).error(), PlasmaError::kSignatureWithoutInput);
}

TEST(PlasmaTransaction, SecondInputWithoutFirstIsAGap) {
  SignedTransaction s = transfer();
  s.tx.inputs[0] = Position{};
  s.sigs[0].reset();
  EXPECT_EQ(SignedTransaction::decode(s.encode()).error(), PlasmaError::kInputGap);
}

TEST(PlasmaTransaction, HighSSignatureIsRejected) {
  SignedTransaction s = transfer();
  s.sigs[0]->s[0] = 0xff;
  EXPECT_EQ(SignedTransaction::decode(s.encode()).error(), PlasmaError::kBadSignature);
}

}  // namespace
}  // namespace xway::plasma
