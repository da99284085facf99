// The transaction rules against an in-memory UTXO set: each rule rejects its own violation.
#include "plasma/validate.hpp"

#include <map>

#include <gtest/gtest.h>

namespace xway::plasma {
namespace {

crypto::PrivateKey key_n(int n) { return crypto::PrivateKey::from_hex(fmt::format("{:064x}", n)).value(); }

class PlasmaValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    add(Position{1, 0, 0}, alice_, U256(100));
    add(Position{2, 0, 0}, alice_, U256(50));
    add(Position{3, 0, 0}, bob_, U256(10));
  }
  void add(const Position& p, const crypto::PrivateKey& owner, const U256& amount, Address token = {}) {
    utxos_[p] = Utxo{p, Output{crypto::address_of(owner), amount}, token};
  }
  UtxoLookup lookup() const {
    return [this](const Position& p) -> std::optional<Utxo> {
      auto it = utxos_.find(p);
      if (it == utxos_.end()) return std::nullopt;
      return it->second;
    };
  }
  SignedTransaction pay(std::vector<Position> ins, const U256& to_bob, const U256& change) {
    SignedTransaction s;
    for (std::size_t i = 0; i < ins.size(); ++i) s.tx.inputs[i] = ins[i];
    s.tx.outputs[0] = Output{crypto::address_of(bob_), to_bob};
    if (change != 0) s.tx.outputs[1] = Output{crypto::address_of(alice_), change};
    for (std::size_t i = 0; i < ins.size(); ++i) s.sign(i, alice_, domain_);
    return s;
  }
  expected<void, PlasmaError> check(const SignedTransaction& s) const { return validate(s, domain_, lookup()); }

  crypto::PrivateKey alice_ = key_n(11);
  crypto::PrivateKey bob_ = key_n(12);
  Hash32 domain_ = TxDomain{31337, Address{}}.separator();
  std::map<Position, Utxo> utxos_;
};

TEST_F(PlasmaValidate, BalancedSignedTransferIsValid) {
  EXPECT_TRUE(check(pay({Position{1, 0, 0}, Position{2, 0, 0}}, U256(120), U256(30))));
}

TEST_F(PlasmaValidate, TransferSpendingNothingIsRejected) {
  EXPECT_EQ(check(pay({}, U256(1), 0)).error(), PlasmaError::kNoInputs);
}

TEST_F(PlasmaValidate, SameInputTwiceIsRejected) {
  EXPECT_EQ(check(pay({Position{1, 0, 0}, Position{1, 0, 0}}, U256(200), 0)).error(), PlasmaError::kDuplicateInput);
}

TEST_F(PlasmaValidate, MissingOutputIsRejected) {
  EXPECT_EQ(check(pay({Position{9, 0, 0}}, U256(1), 0)).error(), PlasmaError::kUnknownInput);
}

TEST_F(PlasmaValidate, UnsignedInputIsRejected) {
  SignedTransaction s = pay({Position{1, 0, 0}}, U256(100), 0);
  s.sigs[0].reset();
  EXPECT_EQ(check(s).error(), PlasmaError::kUnsigned);
}

TEST_F(PlasmaValidate, SpendingSomeoneElsesOutputIsRejected) {
  EXPECT_EQ(check(pay({Position{3, 0, 0}}, U256(10), 0)).error(), PlasmaError::kWrongSigner);
}

TEST_F(PlasmaValidate, OutputsAboveInputsAreRejected) {
  EXPECT_EQ(check(pay({Position{1, 0, 0}}, U256(90), U256(11))).error(), PlasmaError::kUnbalanced);
}

TEST_F(PlasmaValidate, OutputsBelowInputsAreRejected) {
  EXPECT_EQ(check(pay({Position{1, 0, 0}}, U256(90), U256(9))).error(), PlasmaError::kUnbalanced);
}

TEST_F(PlasmaValidate, InputOfAnotherTokenIsRejected) {
  Address token;
  token[0] = 1;
  add(Position{4, 0, 0}, alice_, U256(5), token);
  EXPECT_EQ(check(pay({Position{4, 0, 0}}, U256(5), 0)).error(), PlasmaError::kTokenMismatch);
}

TEST_F(PlasmaValidate, CreatedOutputsTakeTheirPositionsInTheBlock) {
  const auto outs = created_outputs(pay({Position{1, 0, 0}}, U256(60), U256(40)), 3000, 7);
  ASSERT_EQ(outs.size(), 2U);
  EXPECT_EQ(outs[0].position, (Position{3000, 7, 0}));
  EXPECT_EQ(outs[1].position, (Position{3000, 7, 1}));
  EXPECT_EQ(outs[1].output.amount, U256(40));
}

}  // namespace
}  // namespace xway::plasma
