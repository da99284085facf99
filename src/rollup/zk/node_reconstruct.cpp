#include "rollup/zk/node_reconstruct.hpp"

#include <algorithm>
#include <set>

#include "bindings/ZkRollup.hpp"
#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "rollup/zk/node_wire.hpp"
#include "rollup/zk/queue_follower.hpp"
#include "rollup/zk/rollup_contract.hpp"

namespace xway::zk {
namespace {

const eth::abi::Signature& submit_signature() {
  static const eth::abi::Signature s = eth::abi::parse_signature("submitBatch(bytes,bytes,bytes,uint256)").value();
  return s;
}

}  // namespace

Result<SubmittedBatch> decode_submit_batch(ByteView input) {
  const auto sel = submit_signature().selector();
  if (input.size() < 4 || !std::equal(sel.begin(), sel.end(), input.begin())) {
    return fail("not a submitBatch(bytes,bytes,bytes,uint256) call");
  }
  eth::abi::DecodeOptions lax;
  lax.canonical = false;  // as the Solidity decoder reads calldata
  auto args = eth::abi::decode_call(submit_signature(), input, lax);
  if (!args || args->size() != 4) return fail("submitBatch arguments do not decode as (bytes,bytes,bytes,uint256)");
  SubmittedBatch out;
  out.public_data = (*args)[0].as_bytes();
  out.roots = (*args)[1].as_bytes();
  const U256& head = (*args)[3].as_uint();
  if (head > U256(UINT64_MAX)) return fail("submitBatch: queue head out of range");
  out.queue_head = static_cast<std::uint64_t>(head);
  return out;
}

Result<Reconstruction> reconstruct(eth::Client& client, const Address& rollup, std::uint64_t from_block) {
  Reconstruction r;
  r.tree = genesis_tree();
  std::set<std::uint64_t> touched = {kReserveIndex, kOperatorIndex};
  ZkRollupContract contract(client, rollup);
  std::uint64_t next_block = from_block;
  // Batches may land while we read: read to the newest block, then again until L1 holds no more.
  while (true) {
    auto latest = client.block_number();
    if (!latest) return unexpected(eth::to_failure("reconstruct: block number", latest.error()));
    if (*latest >= next_block) {
      auto batches = read_verified_batches(client, rollup, next_block, *latest);
      if (!batches) return unexpected(batches.error());
      for (const VerifiedBatch& b : *batches) {
        if (b.number != r.batches + 1) return fail("reconstruct: batch {} follows batch {}", b.number, r.batches);
        auto tx = client.transaction(b.tx);
        if (!tx) return unexpected(eth::to_failure(fmt::format("reconstruct: batch {}'s transaction", b.number), tx.error()));
        if (!*tx) return fail("reconstruct: L1 does not serve batch {}'s transaction {}", b.number, to_hex(b.tx.view()));
        if ((*tx)->to != rollup) return fail("reconstruct: batch {}'s transaction is not a call to the rollup", b.number);
        auto call = decode_submit_batch((*tx)->input);
        if (!call) return fail("reconstruct: batch {}: {}", b.number, call.error().message);
        auto records = decode_public_data(call->public_data);
        if (!records) return fail("reconstruct: batch {}: {}", b.number, describe(records.error()));
        apply_records(r.tree, *records);
        for (const PublicTransfer& t : *records) {
          touched.insert(t.from);
          touched.insert(t.to);
        }
        if (r.tree.root() != b.root) {
          return fail("reconstruct: batch {}'s public data gives root {} but L1 verified {}", b.number,
                      digest_hex(r.tree.root()), digest_hex(b.root));
        }
        r.batches = b.number;
        r.queue_head = call->queue_head;
        r.transfers += records->size();
      }
      auto queue = read_queue(client, rollup, next_block, *latest);
      if (!queue) return unexpected(queue.error());
      for (const QueueRequest& q : *queue) {
        if (q.kind == QueueRequest::Kind::kRegistration) r.accounts[q.index] = RegisteredAccount{q.owner, q.key};
      }
      next_block = *latest + 1;
      r.l1_block = *latest;
    }
    auto count = contract.batch_count();
    if (!count) return unexpected(count.error());
    if (*count != r.batches) continue;
    auto root = contract.state_root();
    if (!root) return unexpected(root.error());
    auto again = contract.batch_count();
    if (!again) return unexpected(again.error());
    if (*again != r.batches) continue;  // a batch landed between the two reads
    if (*root == r.tree.root()) break;
    return fail("reconstruct: the rebuilt root {} differs from the contract's stateRoot {}", digest_hex(r.tree.root()),
                digest_hex(*root));
  }
  r.touched.assign(touched.begin(), touched.end());
  return r;
}

}  // namespace xway::zk
