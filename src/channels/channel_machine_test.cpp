#include "channels/channel_machine.hpp"

#include <gtest/gtest.h>

namespace xway::channels {
namespace {

constexpr std::uint64_t kSettleTimeout = 7 * 24 * 3600;
constexpr std::uint64_t kNow = 1'800'000'000;

crypto::PrivateKey key_of(char last) {
  return crypto::PrivateKey::from_hex(std::string(63, '0') + last).value();
}

Secret secret_of(std::uint8_t tag) {
  Secret s;
  s[0] = 0x5e;
  s[31] = tag;
  return s;
}

/// Two participants' views of one channel with 1,000 deposited on each side.
class ChannelMachine : public ::testing::Test {
 protected:
  const crypto::PrivateKey alice_key = key_of('1');
  const crypto::PrivateKey bob_key = key_of('2');
  const Address alice = crypto::address_of(alice_key);
  const Address bob = crypto::address_of(bob_key);
  const ChannelIdentity id{31337, Address{}, 7};
  ChannelState a = ChannelState::opened(id, kSettleTimeout, alice, bob);
  ChannelState b = ChannelState::opened(id, kSettleTimeout, bob, alice);

  void SetUp() override {
    for (ChannelState* s : {&a, &b}) {
      ok(*s, DepositSeen{alice, U256(1000)}, alice_key);
      ok(*s, DepositSeen{bob, U256(1000)}, alice_key);
    }
  }

  /// Applies an event that must succeed; returns its actions.
  std::vector<ChannelAction> ok(ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& key) {
    auto t = step(s, e, key);
    EXPECT_TRUE(t) << describe(t.error());
    if (!t) return {};
    s = t->state;
    return t->actions;
  }

  /// Applies an event that must fail with `error` and leave the state as it was.
  void refused(const ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& key, ChannelError error) {
    const ChannelState before = s;
    auto t = step(s, e, key);
    ASSERT_FALSE(t) << "accepted";
    EXPECT_EQ(t.error(), error) << describe(t.error()) << " instead of " << describe(error);
    EXPECT_EQ(s, before);
  }

  template <class A>
  static A only(const std::vector<ChannelAction>& actions) {
    EXPECT_EQ(actions.size(), 1U);
    EXPECT_TRUE(!actions.empty() && std::holds_alternative<A>(actions[0]));
    return std::get<A>(actions.at(0));
  }

  /// Alice pays Bob `amount`; returns the message Bob got.
  SignedBalanceProof alice_pays(U256 amount) {
    const auto msg = only<SendDirectTransferMessage>(ok(a, SendTransfer{amount}, alice_key));
    ok(b, ReceiveTransfer{msg.proof}, bob_key);
    return msg.proof;
  }

  /// Alice locks `amount` towards Bob under `secret`; returns the message.
  SendLockedTransferMessage alice_locks(U256 amount, const Secret& secret, std::uint64_t expires_in = 3600) {
    const Lock lock{kNow + expires_in, amount, secrethash_of(secret)};
    const auto msg = only<SendLockedTransferMessage>(ok(a, SendLock{lock, kNow}, alice_key));
    ok(b, ReceiveLock{msg.proof, msg.lock, kNow}, bob_key);
    return msg;
  }

  /// A proof Alice signs by hand from her current one, changed by `edit`.
  template <class F>
  SignedBalanceProof forged(F edit, const crypto::PrivateKey& signer) {
    BalanceProof p = a.our.proof;
    p.nonce += 1;
    if (p.nonce == 1) p.locksroot = locksroot_of({});
    edit(p);
    return sign_balance_proof(p, signer);
  }
};

// ---- direct transfers ------------------------------------------------------------------

TEST_F(ChannelMachine, DirectTransferMovesBalanceOnBothViews) {
  alice_pays(300);
  EXPECT_EQ(our_balance(a), U256(700));
  EXPECT_EQ(partner_balance(a), U256(1300));
  EXPECT_EQ(our_balance(b), U256(1300));
  EXPECT_EQ(partner_balance(b), U256(700));
  EXPECT_EQ(b.partner.proof.nonce, 1U);
}

TEST_F(ChannelMachine, ReceivedTransferReportsTheAmount) {
  const auto msg = only<SendDirectTransferMessage>(ok(a, SendTransfer{U256(250)}, alice_key));
  const auto got = only<PaymentReceived>(ok(b, ReceiveTransfer{msg.proof}, bob_key));
  EXPECT_EQ(got.amount, U256(250));
}

TEST_F(ChannelMachine, PaymentsBothWaysNet) {
  alice_pays(300);
  const auto back = only<SendDirectTransferMessage>(ok(b, SendTransfer{U256(1200)}, bob_key));
  ok(a, ReceiveTransfer{back.proof}, alice_key);
  EXPECT_EQ(our_balance(a), U256(1900));
  EXPECT_EQ(our_balance(b), U256(100));
}

TEST_F(ChannelMachine, SendingAboveCapacityIsRefused) {
  refused(a, SendTransfer{U256(1001)}, alice_key, ChannelError::kInsufficientCapacity);
}

TEST_F(ChannelMachine, SendingZeroIsRefused) { refused(a, SendTransfer{U256(0)}, alice_key, ChannelError::kZeroAmount); }

TEST_F(ChannelMachine, ReceivedTransferAboveCapacityIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.transferred_amount = 1001; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kInsufficientCapacity);
}

TEST_F(ChannelMachine, ReplayedTransferIsRefused) {
  const auto first = alice_pays(10);
  refused(b, ReceiveTransfer{first}, bob_key, ChannelError::kStaleNonce);
}

TEST_F(ChannelMachine, OldNonceIsRefused) {
  const auto first = alice_pays(10);
  alice_pays(10);
  refused(b, ReceiveTransfer{first}, bob_key, ChannelError::kStaleNonce);
}

TEST_F(ChannelMachine, NonceGapIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.nonce += 1; p.transferred_amount = 5; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kNonceGap);
}

TEST_F(ChannelMachine, SignatureOfSomeoneElseIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.transferred_amount = 5; }, key_of('3'));
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kBadSignature);
}

TEST_F(ChannelMachine, TamperedAmountUnderAValidSignatureIsRefused) {
  auto sp = forged([](BalanceProof& p) { p.transferred_amount = 5; }, alice_key);
  sp.proof.transferred_amount = 500;
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kBadSignature);
}

TEST_F(ChannelMachine, WrongChainIdIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.channel.chain_id = 1; p.transferred_amount = 5; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kWrongChainId);
}

TEST_F(ChannelMachine, WrongChannelIdIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.channel.channel_id = 8; p.transferred_amount = 5; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kWrongChannelId);
}

TEST_F(ChannelMachine, WrongTokenNetworkIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.channel.token_network[0] = 1; p.transferred_amount = 5; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kWrongTokenNetwork);
}

TEST_F(ChannelMachine, DecreasedTransferredAmountIsRefused) {
  alice_pays(10);
  const auto sp = forged([](BalanceProof& p) { p.transferred_amount = 9; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kWrongTransferredAmount);
}

TEST_F(ChannelMachine, TransferThatSneaksInALockedAmountIsRefused) {
  const auto sp = forged([](BalanceProof& p) { p.transferred_amount = 5; p.locked_amount = 5; }, alice_key);
  refused(b, ReceiveTransfer{sp}, bob_key, ChannelError::kWrongLockedAmount);
}

TEST_F(ChannelMachine, TransferAfterCloseIsRefused) {
  ok(a, ClosedSeen{bob, kNow + kSettleTimeout}, alice_key);
  refused(a, SendTransfer{U256(1)}, alice_key, ChannelError::kChannelNotOpen);
}

// ---- locks -------------------------------------------------------------------------------

TEST_F(ChannelMachine, LockReservesTheAmountOnBothViews) {
  alice_locks(400, secret_of(1));
  EXPECT_EQ(our_spendable(a), U256(600));
  EXPECT_EQ(our_balance(a), U256(1000));
  EXPECT_EQ(partner_spendable(b), U256(600));
  EXPECT_EQ(b.partner.locks.size(), 1U);
}

TEST_F(ChannelMachine, UnlockPaysTheLockedAmount) {
  alice_locks(400, secret_of(1));
  const auto msg = only<SendUnlockMessage>(ok(a, SendUnlock{secret_of(1)}, alice_key));
  const auto got = only<PaymentReceived>(ok(b, ReceiveUnlock{msg.proof, msg.secret}, bob_key));
  EXPECT_EQ(got.amount, U256(400));
  EXPECT_EQ(our_balance(b), U256(1400));
  EXPECT_TRUE(b.partner.locks.empty());
  EXPECT_EQ(b.partner.proof.locked_amount, U256(0));
}

TEST_F(ChannelMachine, ExpiredLockIsTakenBackAtBlockTime) {
  alice_locks(400, secret_of(1), 60);
  const auto msg = only<SendLockExpiredMessage>(ok(a, BlockTime{kNow + 61}, alice_key));
  ok(b, ReceiveLockExpired{msg.proof, msg.secrethash, kNow + 61}, bob_key);
  EXPECT_EQ(our_spendable(a), U256(1000));
  EXPECT_EQ(partner_spendable(b), U256(1000));
  EXPECT_TRUE(b.partner.locks.empty());
}

TEST_F(ChannelMachine, SendingAnExpiredLockIsRefused) {
  refused(a, SendLock{Lock{kNow, 10, secrethash_of(secret_of(1))}, kNow}, alice_key, ChannelError::kLockExpired);
}

TEST_F(ChannelMachine, ReceivedExpiredLockIsRefused) {
  const Lock lock{kNow + 10, 10, secrethash_of(secret_of(1))};
  const auto sp = forged([&](BalanceProof& p) { p.locked_amount = 10; p.locksroot = locksroot_of({lock}); }, alice_key);
  refused(b, ReceiveLock{sp, lock, kNow + 10}, bob_key, ChannelError::kLockExpired);
}

TEST_F(ChannelMachine, LockOutlivingTheSettleTimeoutIsRefused) {
  const Lock lock{kNow + kSettleTimeout + 1, 10, secrethash_of(secret_of(1))};
  refused(a, SendLock{lock, kNow}, alice_key, ChannelError::kLockExpiresTooLate);
}

TEST_F(ChannelMachine, LockAboveCapacityIsRefused) {
  const Lock lock{kNow + 60, 1001, secrethash_of(secret_of(1))};
  refused(a, SendLock{lock, kNow}, alice_key, ChannelError::kInsufficientCapacity);
  const auto sp = forged([&](BalanceProof& p) { p.locked_amount = 1001; p.locksroot = locksroot_of({lock}); }, alice_key);
  refused(b, ReceiveLock{sp, lock, kNow}, bob_key, ChannelError::kInsufficientCapacity);
}

TEST_F(ChannelMachine, DuplicateSecrethashIsRefused) {
  alice_locks(10, secret_of(1));
  refused(a, SendLock{Lock{kNow + 60, 10, secrethash_of(secret_of(1))}, kNow}, alice_key, ChannelError::kDuplicateLock);
}

TEST_F(ChannelMachine, LockWithWrongLocksrootIsRefused) {
  const Lock lock{kNow + 60, 10, secrethash_of(secret_of(1))};
  const auto sp = forged([&](BalanceProof& p) { p.locked_amount = 10; p.locksroot = locksroot_of({}); }, alice_key);
  refused(b, ReceiveLock{sp, lock, kNow}, bob_key, ChannelError::kWrongLocksroot);
}

TEST_F(ChannelMachine, LockWithWrongLockedAmountIsRefused) {
  const Lock lock{kNow + 60, 10, secrethash_of(secret_of(1))};
  const auto sp = forged([&](BalanceProof& p) { p.locked_amount = 11; p.locksroot = locksroot_of({lock}); }, alice_key);
  refused(b, ReceiveLock{sp, lock, kNow}, bob_key, ChannelError::kWrongLockedAmount);
}

TEST_F(ChannelMachine, UnlockForUnknownSecretIsRefused) {
  alice_locks(10, secret_of(1));
  refused(a, SendUnlock{secret_of(2)}, alice_key, ChannelError::kUnknownLock);
}

TEST_F(ChannelMachine, UnlockThatPaysTooMuchIsRefused) {
  alice_locks(10, secret_of(1));
  const auto sp = forged([&](BalanceProof& p) { p.transferred_amount = 11; p.locked_amount = 0; p.locksroot = locksroot_of({}); },
                         alice_key);
  refused(b, ReceiveUnlock{sp, secret_of(1)}, bob_key, ChannelError::kWrongTransferredAmount);
}

TEST_F(ChannelMachine, EarlyLockExpiryIsRefused) {
  alice_locks(10, secret_of(1), 60);
  refused(a, SendLockExpired{secrethash_of(secret_of(1)), kNow + 60}, alice_key, ChannelError::kLockNotExpired);
  const auto sp = forged([&](BalanceProof& p) { p.locked_amount = 0; p.locksroot = locksroot_of({}); }, alice_key);
  refused(b, ReceiveLockExpired{sp, secrethash_of(secret_of(1)), kNow + 60}, bob_key, ChannelError::kLockNotExpired);
}

TEST_F(ChannelMachine, ReleasedLockIsRemovedBeforeItExpires) {
  // Bob could not forward Alice's lock: he releases it, and Alice takes it back at once.
  alice_locks(400, secret_of(1), 3600);
  EXPECT_TRUE(ok(b, ReleaseLock{secrethash_of(secret_of(1))}, bob_key).empty());
  const auto msg = only<SendLockExpiredMessage>(ok(a, SendLockRemoved{secrethash_of(secret_of(1))}, alice_key));
  EXPECT_EQ(msg.proof.proof.nonce, 2U);
  EXPECT_EQ(msg.proof.proof.locked_amount, U256(0));
  EXPECT_EQ(msg.proof.proof.locksroot, locksroot_of({}));
  ok(b, ReceiveLockExpired{msg.proof, msg.secrethash, kNow + 1}, bob_key);
  EXPECT_EQ(our_spendable(a), U256(1000));
  EXPECT_EQ(partner_spendable(b), U256(1000));
  EXPECT_TRUE(b.partner.locks.empty());
  EXPECT_TRUE(b.released.empty());
  alice_pays(1000);  // the whole capacity is usable again
}

TEST_F(ChannelMachine, RemovalOfALockNotReleasedNorExpiredIsRefused) {
  alice_locks(400, secret_of(1), 3600);
  const auto msg = only<SendLockExpiredMessage>(ok(a, SendLockRemoved{secrethash_of(secret_of(1))}, alice_key));
  refused(b, ReceiveLockExpired{msg.proof, msg.secrethash, kNow + 1}, bob_key, ChannelError::kLockNotExpired);
}

TEST_F(ChannelMachine, ReleaseOfALockWhoseSecretIsKnownIsRefused) {
  alice_locks(400, secret_of(1));
  ok(b, SecretLearned{secret_of(1)}, bob_key);
  refused(b, ReleaseLock{secrethash_of(secret_of(1))}, bob_key, ChannelError::kSecretKnown);
  refused(b, ReleaseLock{secrethash_of(secret_of(2))}, bob_key, ChannelError::kUnknownLock);
}

TEST_F(ChannelMachine, SecretOfAReleasedLockIsRefused) {
  // A released lock is given up for good: its secret no longer claims it, on L1 either.
  alice_locks(400, secret_of(1));
  ok(b, ReleaseLock{secrethash_of(secret_of(1))}, bob_key);
  refused(b, SecretLearned{secret_of(1)}, bob_key, ChannelError::kLockReleased);
}

// ---- L1 events ---------------------------------------------------------------------------

TEST_F(ChannelMachine, ReplayedDepositChangesNothing) {
  const ChannelState before = a;
  ok(a, DepositSeen{alice, U256(500)}, alice_key);
  EXPECT_EQ(a, before);
}

TEST_F(ChannelMachine, DepositOfAStrangerIsRefused) {
  refused(a, DepositSeen{crypto::address_of(key_of('3')), U256(1)}, alice_key, ChannelError::kNotParticipant);
}

TEST_F(ChannelMachine, PartnersCloseTriggersAnUpdateWithItsLatestProof) {
  alice_pays(10);
  const auto latest = alice_pays(20);
  const auto update = only<UpdateOnChain>(ok(b, ClosedSeen{alice, kNow + kSettleTimeout}, bob_key));
  EXPECT_EQ(update.partner_proof, latest);
  EXPECT_EQ(b.status, ChannelStatus::kClosed);
}

TEST_F(ChannelMachine, CloseRequestCarriesThePartnersLatestProof) {
  const auto latest = alice_pays(20);
  const auto close = only<CloseOnChain>(ok(b, CloseRequested{}, bob_key));
  ASSERT_TRUE(close.partner_proof);
  EXPECT_EQ(*close.partner_proof, latest);
}

TEST_F(ChannelMachine, SettleIsRequestedOnceAfterTheTimeout) {
  ok(a, ClosedSeen{alice, kNow + kSettleTimeout}, alice_key);
  EXPECT_TRUE(ok(a, BlockTime{kNow + kSettleTimeout}, alice_key).empty());
  only<SettleOnChain>(ok(a, BlockTime{kNow + kSettleTimeout + 1}, alice_key));
  EXPECT_TRUE(ok(a, BlockTime{kNow + kSettleTimeout + 2}, alice_key).empty());
}

TEST_F(ChannelMachine, SecretLearnedAfterCloseIsRegisteredOnChain) {
  alice_locks(10, secret_of(1));
  ok(b, ClosedSeen{alice, kNow + kSettleTimeout}, bob_key);
  const auto reg = only<RegisterSecretOnChain>(ok(b, SecretLearned{secret_of(1)}, bob_key));
  EXPECT_EQ(reg.secret, secret_of(1));
}

TEST_F(ChannelMachine, SettlementAsksToUnlockPendingLocks) {
  alice_locks(10, secret_of(1));
  ok(b, ClosedSeen{alice, kNow + kSettleTimeout}, bob_key);
  const auto unlock = only<UnlockOnChain>(ok(b, SettledSeen{}, bob_key));
  EXPECT_EQ(unlock.sender, alice);
  EXPECT_EQ(unlock.receiver, bob);
  EXPECT_EQ(unlock.locks.size(), 1U);
}

// ---- withdraw and cooperative settle -----------------------------------------------------

TEST_F(ChannelMachine, WithdrawIsCosignedAndReservesTheAmount) {
  const auto request = only<SendWithdrawMessage>(ok(a, RequestWithdraw{U256(300), kNow + 600}, alice_key));
  EXPECT_EQ(our_spendable(a), U256(700));
  const auto confirm = only<SendWithdrawMessage>(ok(b, ReceiveWithdrawRequest{request.request, request.signature}, bob_key));
  EXPECT_TRUE(confirm.confirmation);
  EXPECT_EQ(partner_spendable(b), U256(700));
  const auto onchain = only<WithdrawOnChain>(ok(a, ReceiveWithdrawConfirmation{confirm.request, confirm.signature}, alice_key));
  EXPECT_EQ(onchain.request.total_withdraw, U256(300));
  ok(a, WithdrawSeen{alice, U256(300)}, alice_key);
  EXPECT_EQ(our_balance(a), U256(700));
  EXPECT_EQ(a.our.withdraw_pending, U256(0));
}

TEST_F(ChannelMachine, WithdrawAboveBalanceIsRefused) {
  refused(a, RequestWithdraw{U256(1001), kNow + 600}, alice_key, ChannelError::kWithdrawTooLarge);
}

TEST_F(ChannelMachine, WithdrawRequestSignedBySomeoneElseIsRefused) {
  const WithdrawRequest r{id, alice, U256(10), kNow + 600};
  refused(b, ReceiveWithdrawRequest{r, crypto::sign(key_of('3'), withdraw_digest(r))}, bob_key,
          ChannelError::kBadSignature);
}

TEST_F(ChannelMachine, LapsedWithdrawFreesTheAmount) {
  ok(a, RequestWithdraw{U256(300), kNow + 600}, alice_key);
  ok(a, BlockTime{kNow + 601}, alice_key);
  EXPECT_EQ(our_spendable(a), U256(1000));
}

TEST_F(ChannelMachine, CooperativeSettleIsCosignedWithTheCurrentBalances) {
  alice_pays(250);
  const auto proposal = only<SendCooperativeSettleMessage>(ok(a, RequestCooperativeSettle{}, alice_key));
  const auto reply = only<SendCooperativeSettleMessage>(
      ok(b, ReceiveCooperativeSettle{proposal.settlement, proposal.signature}, bob_key));
  const auto onchain = only<CooperativeSettleOnChain>(
      ok(a, ReceiveCooperativeSettle{reply.settlement, reply.signature}, alice_key));
  const bool alice_first = onchain.settlement.participant1 == alice;
  EXPECT_EQ(alice_first ? onchain.settlement.balance1 : onchain.settlement.balance2, U256(750));
  EXPECT_EQ(alice_first ? onchain.settlement.balance2 : onchain.settlement.balance1, U256(1250));
}

TEST_F(ChannelMachine, CooperativeSettleWithOtherBalancesIsRefused) {
  auto proposal = only<SendCooperativeSettleMessage>(ok(a, RequestCooperativeSettle{}, alice_key));
  proposal.settlement.balance1 += 1;
  proposal.settlement.balance2 -= 1;
  proposal.signature = crypto::sign(alice_key, cooperative_settle_digest(proposal.settlement));
  refused(b, ReceiveCooperativeSettle{proposal.settlement, proposal.signature}, bob_key,
          ChannelError::kSettlementMismatch);
}

TEST_F(ChannelMachine, CooperativeSettleWithPendingLocksIsRefused) {
  alice_locks(10, secret_of(1));
  refused(a, RequestCooperativeSettle{}, alice_key, ChannelError::kPendingLocks);
}

}  // namespace
}  // namespace xway::channels
