// The one-step proof's calldata: a proof built for a real step survives encode and decode, and
// calldata of another call or with a non-canonical tail is refused.
#include "rollup/optimistic/one_step_codec.hpp"

#include <gtest/gtest.h>

namespace xway::optimistic {
namespace {

OneStepProof deposit_proof() {
  auto l = ledger::KeccakLedger::create({32, 16, 0}).value();
  std::vector<Step> steps(2);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    steps[i].kind = Step::Kind::kDeposit;
    steps[i].account = i + 1;
    steps[i].deposit.l2_address[19] = static_cast<std::uint8_t>(i + 1);
    steps[i].deposit.amount = U256(1000 + i);
  }
  return build_one_step(l, steps, StepContext{}, 1);
}

TEST(OneStepCodec, ARealProofRoundTrips) {
  OneStepProof p = deposit_proof();
  ASSERT_FALSE(p.witnesses.empty());
  const Bytes call = encode_prove_step(7, p);
  auto d = decode_prove_step(call);
  ASSERT_TRUE(d) << describe(d.error());
  EXPECT_EQ(d->game, 7u);
  EXPECT_EQ(d->proof.state_root, p.state_root);
  EXPECT_EQ(d->proof.data, p.data);
  EXPECT_EQ(d->proof.witnesses, p.witnesses);
  EXPECT_EQ(d->proof.step_proof, p.step_proof);
  EXPECT_EQ(encode_prove_step(d->game, d->proof), call);
}

TEST(OneStepCodec, OtherCallsAndTrailingBytesAreRefused) {
  Bytes call = encode_prove_step(1, deposit_proof());
  Bytes other = call;
  other[0] ^= 1;
  EXPECT_EQ(decode_prove_step(other).error(), OneStepCodecError::kNotProveStep);
  call.push_back(0);
  EXPECT_EQ(decode_prove_step(call).error(), OneStepCodecError::kBadCalldata);
}

}  // namespace
}  // namespace xway::optimistic
