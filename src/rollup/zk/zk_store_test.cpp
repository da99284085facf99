// The operator's store: the log, the registered accounts, batch records and the verified tree
// survive reopening the RocksDB directory; finalizing a batch moves the accounts and counters
// together; corrupt records are errors, not crashes. And the RPC's transfer decoder is strict.
#include "rollup/zk/zk_store.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "rollup/zk/node_wire.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::zk {
namespace {

RescueDigest digest(std::uint64_t s) { return {Felt(s), Felt(s + 1), Felt(s + 2), Felt(s + 3)}; }

SignedTransfer signed_transfer(std::uint64_t from, std::uint64_t nonce, std::size_t depth) {
  SignedTransfer t{ZkTransfer{from, 3, 500, 7, nonce}, {}};
  for (std::size_t i = 0; i < kWotsChains; ++i) t.signature.chains[i] = digest(10 * i);
  for (std::size_t i = 0; i < depth; ++i) t.signature.key_path.push_back(digest(1000 + i));
  return t;
}

bool same(const SignedTransfer& a, const SignedTransfer& b) {
  return a.transfer.from == b.transfer.from && a.transfer.to == b.transfer.to && a.transfer.amount == b.transfer.amount &&
         a.transfer.fee == b.transfer.fee && a.transfer.nonce == b.transfer.nonce &&
         encode_signature(a.signature) == encode_signature(b.signature);
}

TEST(ZkStore, LogRegistrationsAndBatchesSurviveReopening) {
  store::TempDir dir;
  const Address owner{FixedBytes<20>::from_view(Bytes(20, 0xab))};
  BatchRecord record;
  {
    auto db = store::RocksDb::open(dir.path());
    ASSERT_TRUE(db);
    auto s = ZkStore::open(**db);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(s->append(LoggedOp{KeyRegistration{2, digest(5)}, 0}, owner));
    ASSERT_TRUE(s->append(LoggedOp{SignedTransfer{ZkTransfer{kReserveIndex, 2, 1000, 0, 1}, {}}, 1}));
    auto seq = s->append(LoggedOp{signed_transfer(2, 1, 4), std::nullopt});
    ASSERT_TRUE(seq);
    EXPECT_EQ(*seq, 2U);
    record.number = 1;
    record.first_seq = 0;
    record.end_seq = 3;
    record.queue_head = 2;
    record.status = BatchStatus::kProven;
    record.new_root = digest(77);
    record.l1 = L1Batch{Bytes{1, 2, 3}, Bytes(64, 9), Bytes{4, 5}, 2};
    ASSERT_TRUE(s->put_batch(record));
  }
  auto db = store::RocksDb::open(dir.path());
  ASSERT_TRUE(db);
  auto s = ZkStore::open(**db);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->counters().next_seq, 3U);
  EXPECT_EQ(s->counters().queue_seen, 2U);
  EXPECT_EQ(s->counters().final_seq, 0U);
  auto reg = s->registered();
  ASSERT_TRUE(reg);
  ASSERT_EQ(reg->size(), 1U);
  EXPECT_EQ(reg->at(2).owner, owner);
  EXPECT_EQ(reg->at(2).key, digest(5));
  auto ops = s->ops(0, 3);
  ASSERT_TRUE(ops) << ops.error().message;
  ASSERT_EQ(ops->size(), 3U);
  EXPECT_EQ(std::get<KeyRegistration>((*ops)[0].op).key, digest(5));
  EXPECT_EQ((*ops)[1].queue_position, 1U);
  EXPECT_EQ(std::get<SignedTransfer>((*ops)[1].op).transfer.amount, 1000U);
  EXPECT_FALSE((*ops)[2].queue_position);
  EXPECT_TRUE(same(std::get<SignedTransfer>((*ops)[2].op), signed_transfer(2, 1, 4)));
  EXPECT_EQ(s->transfer_seq(2, 1).value(), std::optional<std::uint64_t>(2));
  EXPECT_FALSE(s->transfer_seq(2, 2).value());
  auto b = s->batch(1);
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->status, BatchStatus::kProven);
  EXPECT_EQ((*b)->new_root, digest(77));
  EXPECT_EQ((*b)->l1.proof, (Bytes{4, 5}));
  EXPECT_EQ((*b)->l1.roots, Bytes(64, 9));
  EXPECT_FALSE(s->ops(0, 4));  // a position never logged is an error, not a short answer
}

TEST(ZkStore, FinalizingMovesAccountsAndCountersTogether) {
  store::MemoryDb db;
  auto s = ZkStore::open(db);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->append(LoggedOp{SignedTransfer{ZkTransfer{kReserveIndex, 2, 1000, 0, 1}, {}}, 0}));
  AccountTree tree = genesis_tree();
  EXPECT_EQ(s->verified_tree().value().root(), tree.root());
  apply_transfer(tree, ZkTransfer{kReserveIndex, 2, 1000, 0, 1});
  credit_fees(tree, 0);
  BatchRecord r;
  r.number = 1;
  r.end_seq = 1;
  r.queue_head = 1;
  const std::vector<std::uint64_t> touched = {kReserveIndex, kOperatorIndex, 2};
  ASSERT_TRUE(s->finalize(r, tree, touched));
  EXPECT_EQ(s->counters().final_seq, 1U);
  EXPECT_EQ(s->counters().batches_final, 1U);
  EXPECT_EQ(s->counters().queue_head, 1U);
  auto again = ZkStore::open(db);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->counters().batches_final, 1U);
  auto verified = again->verified_tree();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->root(), tree.root());
  EXPECT_EQ(verified->account(2).balance, 1000U);
  EXPECT_EQ(again->batch(1).value()->status, BatchStatus::kFinal);
}

TEST(ZkStore, CorruptRecordsAreErrors) {
  EXPECT_FALSE(decode_logged_op(Bytes{}));
  EXPECT_FALSE(decode_logged_op(Bytes{9, 0, 0}));
  Bytes op = encode_logged_op(LoggedOp{signed_transfer(2, 1, 3), std::nullopt});
  EXPECT_TRUE(decode_logged_op(op));
  op.pop_back();
  EXPECT_FALSE(decode_logged_op(op));
  Bytes b = encode_batch_record(BatchRecord{});
  EXPECT_TRUE(decode_batch_record(b));
  b.push_back(0);
  EXPECT_FALSE(decode_batch_record(b));
}

TEST(ZkNodeWire, TransferJsonRoundTripsAndIsStrict) {
  const SignedTransfer t = signed_transfer(2, 1, 4);
  auto back = transfer_from_json(transfer_json(t), 4);
  ASSERT_TRUE(back);
  EXPECT_TRUE(same(*back, t));
  EXPECT_EQ(transfer_from_json(transfer_json(t), 5).error(), WireError::kBadSignatureSize);  // another key depth
  nlohmann::json j = transfer_json(t);
  j["extra"] = 1;
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kUnknownField);
  j = transfer_json(t);
  j["amount"] = -1;
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kMissingField);
  j = transfer_json(t);
  j["amount"] = std::uint64_t{1} << 60;
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kOutOfRange);
  j = transfer_json(t);
  j["to"] = std::uint64_t{1} << 24;
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kOutOfRange);
  j = transfer_json(t);
  j["nonce"] = std::uint64_t{0};
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kOutOfRange);
  j = transfer_json(t);
  j["signature"] = "0xzz";
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kBadHex);
  j = transfer_json(t);
  std::string sig = j["signature"].get<std::string>();
  sig.replace(2, 16, "ffffffffffffffff");  // the first chain's first element: not below p
  j["signature"] = sig;
  EXPECT_EQ(transfer_from_json(j, 4).error(), WireError::kNonCanonical);
  EXPECT_EQ(transfer_from_json(nlohmann::json::array(), 4).error(), WireError::kNotAnObject);
}

TEST(ZkNodeWire, TransferIdsAndDomains) {
  EXPECT_EQ(transfer_id(7, 3), "7:3");
  EXPECT_EQ(parse_transfer_id("7:3").value(), (std::pair<std::uint64_t, std::uint64_t>{7, 3}));
  for (const char* bad : {"", ":", "7:", ":3", "7:3x", "a:b", "7-3"}) EXPECT_FALSE(parse_transfer_id(bad)) << bad;
  const Address a{FixedBytes<20>::from_view(Bytes(20, 1))};
  const Address b{FixedBytes<20>::from_view(Bytes(20, 2))};
  EXPECT_NE(domain_tag_of(31337, a), domain_tag_of(31337, b));
  EXPECT_NE(domain_tag_of(31337, a), domain_tag_of(1, a));
  EXPECT_LT(domain_tag_of(31337, a), std::uint64_t{1} << 63);
}

}  // namespace
}  // namespace xway::zk
