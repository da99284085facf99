#include "rollup/zk/winternitz_air.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::zk {
namespace {

using stark::ProverError;

constexpr std::uint64_t kDomain = 31337;
constexpr std::size_t kDepth = 2;

const SigningKey& alice() {
  static const SigningKey key({Felt(11), Felt(12), Felt(13), Felt(14)}, kDepth);
  return key;
}

const SigningKey& bob() {
  static const SigningKey key({Felt(21), Felt(22), Felt(23), Felt(24)}, kDepth);
  return key;
}

ZkTransfer transfer(std::uint64_t nonce, std::uint64_t amount = 1'000) { return {7, 9, amount, 3, nonce}; }

struct Signed {
  WinternitzClaim claim;
  std::vector<TransferSignature> signatures;
};

// Alice's signatures of transfers with the given nonces, claimed under her key.
Signed signed_by_alice(std::initializer_list<std::uint64_t> nonces) {
  Signed s{{kDepth, kDomain, {}}, {}};
  for (const std::uint64_t nonce : nonces) {
    auto sig = alice().sign(transfer(nonce), kDomain);
    EXPECT_TRUE(sig);
    s.claim.signatures.push_back({transfer(nonce), alice().account_key()});
    s.signatures.push_back(std::move(*sig));
  }
  return s;
}

WinternitzAir air_of(const WinternitzClaim& claim) {
  auto air = WinternitzAir::create(claim);
  EXPECT_TRUE(air);
  return std::move(*air);
}

// What a cheater sends for a trace the honest prover refuses: the verifier must reject it.
bool cheaters_proof_verifies(const WinternitzClaim& claim, const Trace& trace) {
  const WinternitzAir air = air_of(claim);
  auto proof = stark::prove_unchecked(air, trace, {});
  EXPECT_TRUE(proof);
  return proof && stark::verify(air, *proof).has_value();
}

TEST(WinternitzAir, ValidSignaturesProveAndVerify) {
  const Signed s = signed_by_alice({1, 4, 2});  // three blocks, padded to four
  const WinternitzAir air = air_of(s.claim);
  EXPECT_EQ(air.trace_length(), 4 * kWotsAirBlockRows);
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  auto proof = stark::prove(air, trace, {});
  ASSERT_TRUE(proof) << stark::describe(proof.error());
  EXPECT_TRUE(stark::verify(air, *proof));
}

TEST(WinternitzAir, TheNativeVerifierAndTheStatementAgree) {
  // The statement's claim is what the native check accepts: same digest, key index and key.
  const Signed s = signed_by_alice({3});
  EXPECT_TRUE(verify_transfer_signature(alice().account_key(), kDepth, transfer(3), kDomain, s.signatures[0]));
  EXPECT_TRUE(stark::prove(air_of(s.claim), build_winternitz_trace(s.claim, s.signatures), {}));
}

TEST(WinternitzAir, SignatureOfAnotherMessageCannotBeProven) {
  Signed s = signed_by_alice({1});
  s.claim.signatures[0].transfer.amount += 1;
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzAir, SignatureByAnotherKeyCannotBeProven) {
  Signed s = signed_by_alice({2});
  s.claim.signatures[0].account_key = bob().account_key();
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzAir, OneTimeKeyOfAnotherNonceCannotBeProven) {
  Signed s = signed_by_alice({1});
  s.claim.signatures[0].transfer.nonce = 2;  // the same signature presented for nonce 2's key
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  EXPECT_FALSE(stark::prove(air_of(s.claim), trace, {}));
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzAir, ChainWalkedOneStepFurtherCannotBeProven) {
  Signed s = signed_by_alice({1});
  const auto digits = wots_digits(transfer(1), kDomain);
  unsigned j = 0;
  while (digits[j] == kWotsChainLength) ++j;
  s.signatures[0].chains[j] = wots_chain_step(s.signatures[0].chains[j], j, digits[j], 0);
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzAir, ClaimingADigitTheChainDidNotWalkIsCaught) {
  // A forger's way around the chain: mark a step of chain 0 as walked without hashing it (its
  // value carried through). Only the chain-walk constraint stands in the way.
  const Signed s = signed_by_alice({1});
  Trace trace = build_winternitz_trace(s.claim, s.signatures);
  const auto digits = wots_digits(transfer(1), kDomain);
  unsigned j = 0;
  while (digits[j] == 0) ++j;  // a chain with a step that does not walk
  const std::size_t row = 8 * (7 * (j / 2) + 3 * (j % 2));  // its step 0 does not walk
  for (std::size_t r = 0; r < 8; ++r) trace[wots_cols::kWalk][row + r] = Felt::one();
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kTransitionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzAir, TamperedRoundIsCaught) {
  const Signed s = signed_by_alice({1});
  Trace trace = build_winternitz_trace(s.claim, s.signatures);
  trace[stark::merkle_gadget::kOutput + 3][8 * 100 + 4] += Felt(1);
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kTransitionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

// The constraint values of `air` at row `row` of `trace`, with `edit` applied to the current row.
template <class Edit>
std::vector<Felt> constraints_at(const WinternitzAir& air, const Trace& trace, std::size_t row, Edit edit) {
  std::vector<Felt> cur(trace.size()), nxt(trace.size());
  for (std::size_t c = 0; c < trace.size(); ++c) {
    cur[c] = trace[c][row];
    nxt[c] = trace[c][row + 1];
  }
  edit(cur);
  std::vector<Felt> per;
  for (const auto& col : air.periodic_columns()) per.push_back(col[row % col.size()]);
  std::vector<Felt> out(air.transition_degrees().size());
  air.evaluate_transition(stark::Frame<Felt>{cur, nxt}, std::span<const Felt>(per), std::span<Felt>(out));
  return out;
}

TEST(WinternitzAir, NonCanonicalDigitsAndAWrongChecksumAreCaughtOnTheCheckRow) {
  // The check row is the block's row before last; the last five constraints are the digest's
  // two elements, the checksum and the two canonical-digest checks. Digits spelling v + p (top 32 bits all ones, low bits not
  // zero) reduce to the same digest, so only the canonical check tells them apart.
  const Signed s = signed_by_alice({1});
  const WinternitzAir air = air_of(s.claim);
  const Trace trace = build_winternitz_trace(s.claim, s.signatures);
  const std::size_t row = kWotsAirBlockRows - 2;
  const std::size_t total = air.transition_degrees().size();
  for (const Felt v : constraints_at(air, trace, row, [](auto&) {})) EXPECT_EQ(v, Felt::zero());
  const auto wrong_sum = constraints_at(air, trace, row, [](auto& c) { c[wots_cols::kChecksum] += Felt(1); });
  EXPECT_NE(wrong_sum[total - 3], Felt::zero());
  const auto non_canonical = constraints_at(air, trace, row, [](auto& c) {
    c[wots_cols::kHigh0] = Felt(0xFFFFFFFFULL);
    c[wots_cols::kDigits0] = Felt(0xFFFFFFFFULL) * Felt(std::uint64_t{1} << 32) + Felt(5);
  });
  EXPECT_NE(non_canonical[total - 2], Felt::zero());
  const auto top_ones_low_zero = constraints_at(air, trace, row, [](auto& c) {
    c[wots_cols::kHigh0] = Felt(0xFFFFFFFFULL);
    c[wots_cols::kDigits0] = Felt(0xFFFFFFFFULL) * Felt(std::uint64_t{1} << 32);
  });
  EXPECT_EQ(top_ones_low_zero[total - 2], Felt::zero());  // (2^32 - 1)·2^32 = p - 1: canonical
  const auto other_digits = constraints_at(air, trace, row, [](auto& c) { c[wots_cols::kDigits1] += Felt(1); });
  EXPECT_NE(other_digits[total - 4], Felt::zero());
}

TEST(WinternitzAir, ProofDoesNotVerifyAgainstAnotherClaim) {
  const Signed s = signed_by_alice({1, 2});
  auto proof = stark::prove(air_of(s.claim), build_winternitz_trace(s.claim, s.signatures), {});
  ASSERT_TRUE(proof);
  ASSERT_TRUE(stark::verify(air_of(s.claim), *proof));
  WinternitzClaim other_amount = s.claim;
  other_amount.signatures[1].transfer.amount += 1;
  EXPECT_FALSE(stark::verify(air_of(other_amount), *proof));
  WinternitzClaim other_receiver = s.claim;
  other_receiver.signatures[0].transfer.to += 1;
  EXPECT_FALSE(stark::verify(air_of(other_receiver), *proof));
  WinternitzClaim other_domain = s.claim;
  other_domain.domain_tag += 1;
  EXPECT_FALSE(stark::verify(air_of(other_domain), *proof));
  WinternitzClaim other_key = s.claim;
  other_key.signatures[0].account_key = bob().account_key();
  EXPECT_FALSE(stark::verify(air_of(other_key), *proof));
  WinternitzClaim swapped = s.claim;
  std::swap(swapped.signatures[0], swapped.signatures[1]);
  EXPECT_FALSE(stark::verify(air_of(swapped), *proof));
}

TEST(WinternitzAir, ClaimsOutOfRangeAreRefused) {
  const Signed s = signed_by_alice({1});
  WinternitzClaim c = s.claim;
  c.depth = 0;
  EXPECT_FALSE(WinternitzAir::create(c));
  c.depth = kWotsAirMaxDepth + 1;
  EXPECT_FALSE(WinternitzAir::create(c));
  c = s.claim;
  c.signatures[0].transfer.nonce = (1U << kDepth) + 1;
  EXPECT_FALSE(WinternitzAir::create(c));
  c.signatures[0].transfer.nonce = 0;
  EXPECT_FALSE(WinternitzAir::create(c));
  c = s.claim;
  c.signatures[0].transfer.amount = Felt::kModulus;  // would alias amount 0 in the hash
  EXPECT_FALSE(WinternitzAir::create(c));
  c = s.claim;
  c.domain_tag = Felt::kModulus + kDomain;
  EXPECT_FALSE(WinternitzAir::create(c));
  c.signatures.clear();
  EXPECT_FALSE(WinternitzAir::create(c));
  c = s.claim;
  c.depth = kWotsAirMaxDepth;
  EXPECT_TRUE(WinternitzAir::create(c));
}

TEST(WinternitzAir, DeclaredDegreesAreTheConstraintsTrueDegrees) {
  const Signed s = signed_by_alice({1});
  const WinternitzAir air = air_of(s.claim);
  const std::size_t n = air.trace_length(), big = 8 * n, width = air.trace_width();
  std::mt19937_64 rng(5);
  std::vector<std::vector<Felt>> evals(width);
  for (auto& col : evals) {
    std::vector<Felt> coeffs(n);
    for (auto& c : coeffs) c = Felt(rng());
    col = stark::evaluate_on_coset(std::span<const Felt>(coeffs), big, Felt::one());
  }
  const auto periodic = air.periodic_columns();
  std::vector<std::vector<Felt>> per_evals;
  const Felt w = stark::root_of_unity(stark::log2_exact(big));
  for (auto col : periodic) {
    stark::intt(std::span<Felt>(col));
    if (col.size() == n) {
      per_evals.push_back(stark::evaluate_on_coset(std::span<const Felt>(col), big, Felt::one()));
      continue;
    }
    std::vector<Felt> e(big);
    for (std::size_t i = 0; i < big; ++i) {
      e[i] = stark::evaluate_poly(std::span<const Felt>(col), w.pow(i).pow(n / col.size()));
    }
    per_evals.push_back(std::move(e));
  }
  const auto degrees = air.transition_degrees();
  ASSERT_EQ(degrees.size(), 36 + wots_cols::kOwnConstraints);
  std::vector<std::vector<Felt>> values(degrees.size(), std::vector<Felt>(big));
  std::vector<Felt> cur(width), nxt(width), per(periodic.size()), out(degrees.size());
  for (std::size_t i = 0; i < big; ++i) {
    for (std::size_t c = 0; c < width; ++c) {
      cur[c] = evals[c][i];
      nxt[c] = evals[c][(i + big / n) % big];
    }
    for (std::size_t j = 0; j < per.size(); ++j) per[j] = per_evals[j][i];
    air.evaluate_transition(stark::Frame<Felt>{cur, nxt}, std::span<const Felt>(per), std::span<Felt>(out));
    for (std::size_t j = 0; j < degrees.size(); ++j) values[j][i] = out[j];
  }
  for (std::size_t j = 0; j < degrees.size(); ++j) {
    stark::intt(std::span<Felt>(values[j]));
    const long deg = stark::poly_degree(std::span<const Felt>(values[j]));
    EXPECT_LE(deg, static_cast<long>(degrees[j] * (n - 1))) << "constraint " << j;
    EXPECT_GT(deg, static_cast<long>((degrees[j] - 1) * (n - 1))) << "constraint " << j;
  }
}

}  // namespace
}  // namespace xway::zk
