#include "rollup/zk/admission.hpp"

#include <gtest/gtest.h>

#include "rollup/zk/public_data.hpp"

namespace xway::zk {
namespace {

constexpr AdmissionRules kRules{2, 4242};

const SigningKey& key() {
  static const SigningKey k({Felt(5), Felt(6), Felt(7), Felt(8)}, kRules.key_depth);
  return k;
}

AccountTree tree_with_sender() {
  AccountTree tree(kPublicDataTreeDepth);
  tree.set(3, ZkAccount{key().account_key(), 1'000, 0});
  return tree;
}

TransferSignature sign(const ZkTransfer& t) {
  auto sig = key().sign(t, kRules.domain_tag);
  EXPECT_TRUE(sig);
  return sig ? *sig : TransferSignature{};
}

TEST(Admission, SignedTransferWithTheNextNonceIsAdmitted) {
  const AccountTree tree = tree_with_sender();
  const ZkTransfer t{3, 9, 990, 10, 1};
  EXPECT_TRUE(admit_transfer(tree, kRules, t, sign(t)));
}

TEST(Admission, EachBadTransferIsRefusedWithItsReason) {
  const AccountTree tree = tree_with_sender();
  const RescueDigest root_before = tree.root();
  const ZkTransfer over{3, 9, 991, 10, 1};
  EXPECT_EQ(admit_transfer(tree, kRules, over, sign(over)).error(), AdmissionError::kOverspend);
  const ZkTransfer replay{3, 9, 5, 1, 2};
  EXPECT_EQ(admit_transfer(tree, kRules, replay, sign(replay)).error(), AdmissionError::kWrongNonce);
  const ZkTransfer far{3, std::uint64_t{1} << 24, 5, 1, 1};
  EXPECT_EQ(admit_transfer(tree, kRules, far, sign(far)).error(), AdmissionError::kIndexOutOfRange);
  const ZkTransfer odd{3, 9, 134'217'729, 1, 1};
  EXPECT_EQ(admit_transfer(tree, kRules, odd, TransferSignature{}).error(), AdmissionError::kNotPackable);
  EXPECT_EQ(tree.root(), root_before);
}

TEST(Admission, UnsignedOrMisSignedTransfersAreRefused) {
  const AccountTree tree = tree_with_sender();
  const ZkTransfer t{3, 9, 5, 1, 1};
  TransferSignature blank;
  blank.key_path.assign(kRules.key_depth, RescueDigest{});
  EXPECT_EQ(admit_transfer(tree, kRules, t, blank).error(), AdmissionError::kBadSignature);
  const ZkTransfer other{3, 9, 6, 1, 1};
  EXPECT_EQ(admit_transfer(tree, kRules, t, sign(other)).error(), AdmissionError::kBadSignature);
  AdmissionRules other_domain = kRules;
  other_domain.domain_tag += 1;
  EXPECT_EQ(admit_transfer(tree, other_domain, t, sign(t)).error(), AdmissionError::kBadSignature);
}

}  // namespace
}  // namespace xway::zk
