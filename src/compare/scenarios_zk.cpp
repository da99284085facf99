// The ZK rollup's scenarios (DESIGN.md, "Scenarios"; docs/zk.md, "Scenarios"): each runs on a
// fresh ZkRollup deployment with the production request deadline (3 days) and exodus timeout
// (14 days), proves its batches with the real STARK prover, sends them to the real L1 verifier
// and takes its verdict from what L1 holds afterwards: the stored root, the contract's ether,
// the users' L1 balances (each with its own client, so its gas is known and its net L1 change
// exact). Time windows are waited out by moving anvil's clock, never shortened.
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "bindings/ZkRollup.hpp"
#include "compare/scenario_families.hpp"
#include "compare/scenarios_zk_world.hpp"
#include "compare/runner_l1.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "store/temp_dir.hpp"
#include "rollup/zk/admission.hpp"
#include "rollup/zk/node_wire.hpp"
#include "rollup/zk/public_data.hpp"
#include "rollup/zk/winternitz.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/prover/prover.hpp"

namespace xway::compare {
namespace {

using namespace zk_world;
using Clock = std::chrono::steady_clock;
namespace zr = bindings::ZkRollup;

std::string units_text(std::uint64_t units) { return fmt::format("{} gwei", units); }

std::string root_text(const zk::RescueDigest& d) {
  return fmt::format("{:016x}..{:016x}", d[0].value(), d[3].value());
}

std::string snapshot_text(const ZkWorld::Snapshot& s) {
  return fmt::format("root {}, {} batches, queue head {}, {} wei", root_text(s.root), s.batches, s.head, to_dec(s.eth));
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

/// The contract's ether equals what the operator's accounts hold (every user and the operator).
Result<void> check_backing(ZkWorld& w, ScenarioReport& r, std::initializer_list<const ZkUser*> users) {
  std::uint64_t units = w.tree().account(zk::kOperatorIndex).balance;
  for (const ZkUser* u : users) units += w.tree().account(u->index).balance;
  auto eth = w.rollup().balance();
  if (!eth) return unexpected(eth.error());
  check(r, "the contract's ether is what the L2 accounts hold", *eth == U256(units) * kGwei,
        wei_text(true, U256(units) * kGwei), wei_text(true, *eth));
  return {};
}

Result<void> check_root(ZkWorld& w, ScenarioReport& r, const std::string& what) {
  auto root = w.rollup().state_root();
  if (!root) return unexpected(root.error());
  check(r, what, *root == w.tree().root(), root_text(w.tree().root()), root_text(*root));
  return {};
}

// ---- zk.deposit-transfer-withdraw ---------------------------------------------------------------

/// Alice and bob deposit; one proven batch applies both deposits, alice pays bob, bob and alice
/// withdraw; the withdrawals are paid on L1 in the transaction (so the block) that verifies the proof.
Result<ScenarioReport> deposit_transfer_withdraw(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.deposit-transfer-withdraw"};
  auto w = ZkWorld::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  auto alice = (*w)->user("alice");
  if (!alice) return unexpected(alice.error());
  auto bob = (*w)->user("bob");
  if (!bob) return unexpected(bob.error());
  ZkUser& a = **alice;
  ZkUser& b = **bob;
  if (auto d = (*w)->deposit(a, kEtherUnits); !d) return unexpected(d.error());
  if (auto d = (*w)->deposit(b, kEtherUnits / 2); !d) return unexpected(d.error());

  const std::uint64_t pay = 300'000'000, fee = 1'000, bob_out = 400'000'000, alice_out = 200'000'000;
  auto receipt = (*w)->batch({{a.index, b.index, pay, fee, 0},
                              {b.index, zk::kReserveIndex, bob_out, 0, 0},
                              {a.index, zk::kReserveIndex, alice_out, 0, 0}});
  if (!receipt) return fail("the honest batch: {}", receipt.error().message);
  std::uint64_t verified_block = 0;
  bool verified = false;
  U256 paid_bob = 0, paid_alice = 0;
  bool pushed = true;
  for (const eth::Log& log : receipt->logs) {
    if (auto e = zr::events::BatchVerified::decode(log)) {
      verified = true;
      verified_block = log.block_number;
    }
    if (auto e = zr::events::WithdrawalPaid::decode(log)) {
      if (e->to == b.address()) paid_bob += e->amountWei;
      if (e->to == a.address()) paid_alice += e->amountWei;
      pushed = pushed && e->pushed;
      if (log.block_number != receipt->block_number) pushed = false;
    }
  }
  check(r, "the batch's proof is verified on L1 (BatchVerified)", verified, "BatchVerified", verified ? "BatchVerified" : "none");
  check(r, "bob's withdrawal is paid in the proof's transaction", paid_bob == U256(bob_out) * kGwei && pushed,
        fmt::format("{} in block {}", wei_text(true, U256(bob_out) * kGwei), verified_block),
        fmt::format("{} in block {}", wei_text(true, paid_bob), receipt->block_number));
  check(r, "alice's withdrawal is paid in the proof's transaction", paid_alice == U256(alice_out) * kGwei && pushed,
        wei_text(true, U256(alice_out) * kGwei), wei_text(true, paid_alice));
  if (auto c = check_root(**w, r, "L1's root is the operator's tree"); !c) return unexpected(c.error());
  if (auto c = check_backing(**w, r, {&a, &b}); !c) return unexpected(c.error());

  const std::uint64_t a_l2 = (*w)->tree().account(a.index).balance;
  const std::uint64_t b_l2 = (*w)->tree().account(b.index).balance;
  check(r, "alice's L2 balance", a_l2 == kEtherUnits - pay - fee - alice_out,
        units_text(kEtherUnits - pay - fee - alice_out), units_text(a_l2));
  check(r, "bob's L2 balance", b_l2 == kEtherUnits / 2 + pay - bob_out, units_text(kEtherUnits / 2 + pay - bob_out),
        units_text(b_l2));
  U256 lost = 0;
  if (auto c = check_funds(**w, r, a, a_l2, false, U256(pay + fee) * kGwei, lost); !c) return unexpected(c.error());
  if (auto c = check_funds(**w, r, b, b_l2, true, U256(pay) * kGwei, lost); !c) return unexpected(c.error());
  finish(r, **w, t0, lost);
  return r;
}

// ---- zk.forged-proof ----------------------------------------------------------------------------

/// The operator's batch proven honestly, then sent forged two ways: a proof with one byte changed,
/// and the valid proof under public data that claims a larger payment. L1 refuses both and holds
/// what it held; the honest batch is then accepted.
Result<ScenarioReport> forged_proof(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.forged-proof"};
  auto w = ZkWorld::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  auto alice = (*w)->user("alice");
  if (!alice) return unexpected(alice.error());
  auto bob = (*w)->user("bob");
  if (!bob) return unexpected(bob.error());
  ZkUser& a = **alice;
  ZkUser& b = **bob;
  if (auto d = (*w)->deposit(a, kEtherUnits); !d) return unexpected(d.error());
  const std::uint64_t pay = 250'000'000, fee = 500;
  zk::AccountTree after = (*w)->tree();
  auto head = (*w)->next_queue_head();
  if (!head) return unexpected(head.error());
  const auto txs = (*w)->with_deposits({{a.index, b.index, pay, fee, 0}}, after);
  auto proven = zk::prove_batch(after, txs, *head);
  if (!proven) return fail("proving the honest batch: {}", proven.error().message);
  auto before = (*w)->snapshot();
  if (!before) return unexpected(before.error());

  zk::L1Batch mutated = proven->l1;
  mutated.proof[mutated.proof.size() / 2] ^= 0x04;
  auto sent = (*w)->rollup().submit_batch((*w)->operator_key(), mutated);
  check(r, "a proof with one byte changed is refused on L1", !sent && contains(sent.error().message, "submitBatch"),
        "refused (submitBatch: ...)", sent ? "accepted" : sent.error().message);

  // The transfer's amount mantissa + 1: 250,000,010 gwei, still a canonical packing.
  zk::L1Batch altered = proven->l1;
  altered.public_data[zk::kPublicTransferBytes * 1 + 9] ^= 0x01;
  const auto claimed = zk::decode_public_data(altered.public_data);
  check(r, "the altered public data decodes to a larger payment",
        claimed && (*claimed)[1].amount == pay + 10, units_text(pay + 10),
        claimed ? units_text((*claimed)[1].amount) : std::string(zk::describe(claimed.error())));
  sent = (*w)->rollup().submit_batch((*w)->operator_key(), altered);
  check(r, "the valid proof under altered public data is refused on L1", !sent, "refused",
        sent ? "accepted" : sent.error().message);

  auto still = (*w)->snapshot();
  if (!still) return unexpected(still.error());
  check(r, "L1 holds what it held before the forgeries", *still == *before, snapshot_text(*before),
        snapshot_text(*still));

  auto honest = (*w)->submit(proven->l1, after);
  check(r, "the honest batch is then accepted", bool(honest), "accepted", honest ? "accepted" : honest.error().message);
  if (auto c = check_root(**w, r, "L1's root is the honest batch's"); !c) return unexpected(c.error());
  if (auto c = check_backing(**w, r, {&a, &b}); !c) return unexpected(c.error());
  U256 lost = 0;
  const std::uint64_t a_l2 = (*w)->tree().account(a.index).balance;
  const std::uint64_t b_l2 = (*w)->tree().account(b.index).balance;
  if (auto c = check_funds(**w, r, a, a_l2, false, U256(pay + fee) * kGwei, lost); !c) return unexpected(c.error());
  if (auto c = check_funds(**w, r, b, b_l2, true, U256(pay) * kGwei, lost); !c) return unexpected(c.error());
  finish(r, **w, t0, lost);
  return r;
}

// ---- zk.invalid-transfer ------------------------------------------------------------------------

/// A cheater's proof of `txs` on a copy of the operator's tree: the prover run without checking
/// the trace, as an operator who wants an invalid batch accepted would.
Result<zk::L1Batch> cheaters_batch(ZkWorld& w, const std::vector<zk::ZkTransfer>& txs) {
  auto head = w.next_queue_head();
  if (!head) return unexpected(head.error());
  zk::AccountTree copy = w.tree();
  zk::TransferBatch batch = zk::build_transfer_batch(copy, txs, zk::kOperatorIndex);
  auto air = zk::TransferAir::create(batch.claim);
  if (!air) return fail("the cheater's claim is out of range");
  auto proof = stark::prove_unchecked(*air, batch.trace, {});
  if (!proof) return fail("the cheater's prover: {}", stark::describe(proof.error()));
  return zk::l1_batch(batch.claim, stark::encode_proof(*proof), *head);
}

/// After an honest deposit batch, the operator tries to include an overspend (alice pays one gwei
/// more than she holds) and a transfer with a skipped nonce: the honest prover refuses both, a
/// cheater's proof of each is refused on L1, and L1 is unchanged. The sequencer's admission
/// refuses an unsigned transfer (the signature check inside the statement is not built yet,
/// docs/zk.md).
Result<ScenarioReport> invalid_transfer(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.invalid-transfer"};
  auto w = ZkWorld::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  auto alice = (*w)->user("alice");
  if (!alice) return unexpected(alice.error());
  auto bob = (*w)->user("bob");
  if (!bob) return unexpected(bob.error());
  ZkUser& a = **alice;
  ZkUser& b = **bob;
  const std::uint64_t held = kEtherUnits / 10;
  if (auto d = (*w)->deposit(a, held); !d) return unexpected(d.error());
  if (auto s = (*w)->batch({}); !s) return fail("the honest deposit batch: {}", s.error().message);
  auto before = (*w)->snapshot();
  if (!before) return unexpected(before.error());
  const zk::RescueDigest tree_before = (*w)->tree().root();

  const std::vector<zk::ZkTransfer> overspend = {{a.index, b.index, held + 1, 0, 1}};
  auto honest = (*w)->prove(overspend);
  check(r, "the prover refuses alice's overspend by 1 gwei", !honest, "refused",
        honest ? "proven" : honest.error().message);
  auto forged = cheaters_batch(**w, overspend);
  if (!forged) return unexpected(forged.error());
  auto sent = (*w)->rollup().submit_batch((*w)->operator_key(), *forged);
  check(r, "a cheater's proof of the overspend is refused on L1", !sent, "refused",
        sent ? "accepted" : sent.error().message);

  const std::vector<zk::ZkTransfer> skipped = {{a.index, b.index, 1'000, 0, 2}};  // her nonce is 0: must be 1
  honest = (*w)->prove(skipped);
  check(r, "the prover refuses a transfer with a skipped nonce", !honest, "refused",
        honest ? "proven" : honest.error().message);
  forged = cheaters_batch(**w, skipped);
  if (!forged) return unexpected(forged.error());
  sent = (*w)->rollup().submit_batch((*w)->operator_key(), *forged);
  check(r, "a cheater's proof of the skipped nonce is refused on L1", !sent, "refused",
        sent ? "accepted" : sent.error().message);

  // The sequencer's admission, on alice's leaf with her one-time key tree (depth 2: 4 transfers).
  const zk::SigningKey signer({stark::Felt(41), stark::Felt(42), stark::Felt(43), stark::Felt(44)}, 2);
  zk::AccountTree keyed = (*w)->tree();
  zk::ZkAccount leaf = keyed.account(a.index);
  leaf.key = signer.account_key();
  keyed.set(a.index, leaf);
  const zk::AdmissionRules rules{2, 1};
  const zk::ZkTransfer good{a.index, b.index, 1'000, 0, 1};
  zk::TransferSignature unsigned_sig{};
  unsigned_sig.key_path.resize(rules.key_depth);  // the right shape, signed by nobody
  auto admitted = zk::admit_transfer(keyed, rules, good, unsigned_sig);
  check(r, "the sequencer refuses an unsigned transfer", !admitted && admitted.error() == zk::AdmissionError::kBadSignature,
        std::string(zk::describe(zk::AdmissionError::kBadSignature)),
        admitted ? "admitted" : std::string(zk::describe(admitted.error())));
  auto sig = signer.sign(good, rules.domain_tag);
  if (!sig) return fail("signing: {}", zk::describe(sig.error()));
  zk::ZkTransfer other = good;
  other.amount = 2'000;
  admitted = zk::admit_transfer(keyed, rules, other, *sig);
  check(r, "the sequencer refuses a signature over another amount", !admitted, "refused",
        admitted ? "admitted" : std::string(zk::describe(admitted.error())));
  admitted = zk::admit_transfer(keyed, rules, good, *sig);
  check(r, "the sequencer admits the signed transfer", bool(admitted), "admitted",
        admitted ? "admitted" : std::string(zk::describe(admitted.error())));

  auto after = (*w)->snapshot();
  if (!after) return unexpected(after.error());
  check(r, "L1 holds what it held before the invalid batches", *after == *before, snapshot_text(*before),
        snapshot_text(*after));
  check(r, "the operator's tree did not move", (*w)->tree().root() == tree_before, root_text(tree_before),
        root_text((*w)->tree().root()));
  U256 lost = 0;
  const std::uint64_t a_l2 = (*w)->tree().account(a.index).balance;
  check(r, "alice still holds her deposit on L2", a_l2 == held, units_text(held), units_text(a_l2));
  if (auto c = check_funds(**w, r, a, a_l2, true, U256(0), lost); !c) return unexpected(c.error());
  finish(r, **w, t0, lost);
  return r;
}

// ---- the operator process ----------------------------------------------------------------------

using Json = nlohmann::json;

Result<Json> node_call(std::uint16_t port, std::string_view method, Json params) {
  net::RpcClient c("127.0.0.1", port, std::chrono::seconds(30));
  auto r = c.call(method, std::move(params));
  if (!r) {
    return fail("{}: {}", method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

/// `xway zk node` on `dir` for the deployment in `deployment`; returns it with its RPC port.
Result<std::pair<NodeProcess, std::uint16_t>> spawn_node(const ScenarioEnv& env, const std::string& deployment,
                                                         const std::filesystem::path& dir,
                                                         const crypto::PrivateKey& op) {
  auto p = start_xway("xway zk node",
                      {"--log-level", "warn", "zk", "node", "--data-dir", dir.string(), "--l1-rpc", env.l1_rpc,
                       "--deployment", deployment, "--rpc", "127.0.0.1:0", "--private-key",
                       to_hex(op.secret().view()), "--batch-size", "3", "--max-wait-ms", "300", "--json"},
                      std::chrono::seconds(60));
  if (!p) return unexpected(p.error());
  auto port = port_of(p->ready.value("rpc", ""));
  if (!port) return unexpected(port.error());
  return std::pair{std::move(*p), *port};
}

/// Waits until `pred(status)` holds for the node's zk_getTransfer of `id`.
Result<Json> wait_transfer(std::uint16_t port, const std::string& id, std::string_view status,
                           std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    auto t = node_call(port, "zk_getTransfer", Json::array({id}));
    if (t && t->value("status", "") == status) return *t;
    if (Clock::now() > deadline) {
      return fail("transfer {} not {} within {} s ({})", id, status, timeout.count(),
                  t ? t->dump() : t.error().message);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// ---- zk.exodus ----------------------------------------------------------------------------------

/// Runs `xway args...` to its one JSON answer (an error when it printed none: it failed).
Result<nlohmann::json> run_cli(const std::string& what, std::vector<std::string> args) {
  args.insert(args.begin(), {"--log-level", "warn"});
  auto p = start_xway(what, args, std::chrono::seconds(120));
  if (!p) return unexpected(p.error());
  (void)p->child->kill();
  return p->ready;
}

/// A user of the process-driven scenarios: an L1 key, its L2 key tree and account.
struct NodeUser {
  std::string name;
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  std::unique_ptr<zk::SigningKey> signer;
  std::uint64_t index = 0;
  U256 start = 0;
  Address address() const { return crypto::address_of(key); }
};

/// A real `xway zk node` takes alice's and bob's deposits and alice's payment to bob (with a fee)
/// to L1; then the operator process stops (SIGKILL). Carol registers and deposits after it
/// stopped; nothing consumes her requests. Freezing is refused until her request's deadline
/// (3 days, production) has passed on L1's clock; then each user runs `xway zk exit` with no
/// node (the proof built from a reconstruction of L1 data alone), which freezes the rollup and
/// pays the account's full balance, once; the operator's fees exit the same way, carol's deposit
/// is refunded, and the contract ends empty.
Result<ScenarioReport> exodus(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.exodus"};
  store::TempDir dir;
  auto dev = eth::RpcClient::connect(env.l1_rpc);
  if (!dev) return unexpected(eth::to_failure(env.l1_rpc, dev.error()));
  const U256 ether = U256(1'000'000'000'000'000'000ULL);
  const auto op = crypto::PrivateKey::generate();
  std::vector<NodeUser> users(3);
  users[0].name = "alice";
  users[1].name = "bob";
  users[2].name = "carol";
  for (NodeUser* u : {&users[0], &users[1], &users[2]}) {
    u->start = 100 * ether;
    if (auto f = (*dev)->set_balance(u->address(), u->start); !f) return unexpected(eth::to_failure("funding", f.error()));
  }
  if (auto f = (*dev)->set_balance(crypto::address_of(op), 100 * ether); !f) {
    return unexpected(eth::to_failure("funding the operator", f.error()));
  }
  auto start = (*dev)->block_number();
  if (!start) return unexpected(eth::to_failure("eth_blockNumber", start.error()));
  const std::string deployment = (dir.path() / "deployment.json").string();
  auto d = run_cli("xway zk deploy", {"zk", "deploy", "--l1-rpc", env.l1_rpc, "--private-key",
                                      to_hex(op.secret().view()), "--deployment", deployment, "--key-depth", "2",
                                      "--json"});
  if (!d) return unexpected(d.error());
  auto rollup_addr = crypto::parse_address(d->value("rollup", ""));
  if (!rollup_addr) return fail("xway zk deploy printed no rollup: {}", d->dump());
  const std::uint64_t domain = d->value("domain_tag", std::uint64_t{0});
  zk::ZkRollupContract rollup(**dev, *rollup_addr);
  auto join = [&](NodeUser& u, std::uint64_t seed, std::uint64_t units) -> Result<std::uint64_t> {
    u.signer = std::make_unique<zk::SigningKey>(
        zk::RescueDigest{stark::Felt(seed), stark::Felt(1), stark::Felt(2), stark::Felt(3)}, 2);
    auto i = rollup.register_key(u.key, u.signer->account_key());
    if (!i) return fail("{} registers: {}", u.name, i.error().message);
    u.index = *i;
    auto p = rollup.deposit(u.key, U256(units) * kGwei);
    if (!p) return fail("{} deposits: {}", u.name, p.error().message);
    return *p;
  };
  NodeUser& a = users[0];
  NodeUser& b = users[1];
  NodeUser& c = users[2];
  if (auto j = join(a, 501, kEtherUnits); !j) return unexpected(j.error());
  if (auto j = join(b, 502, kEtherUnits / 2); !j) return unexpected(j.error());

  auto node = spawn_node(env, deployment, dir.path() / "node", op);
  if (!node) return unexpected(node.error());
  const std::uint64_t pay = 200'000'000, fee = 1'000;
  const zk::ZkTransfer t{a.index, b.index, pay, fee, 1};
  auto sig = a.signer->sign(t, domain);
  if (!sig) return fail("signing: {}", zk::describe(sig.error()));
  auto sent = node_call(node->second, "zk_sendTransfer", zk_world::send_transfer_params(t, *sig));
  if (!sent) return fail("alice pays bob: {}", sent.error().message);
  auto final = wait_transfer(node->second, fmt::format("{}:1", a.index), "final", std::chrono::seconds(120));
  if (!final) return unexpected(final.error());
  const int status = node->first.child->kill();
  check(r, "the operator process stops (SIGKILL)", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL",
        WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status)) : "exited");

  auto position = join(c, 503, 300'000'000);  // after the operator stopped: never consumed
  if (!position) return unexpected(position.error());
  if (auto m = (*dev)->increase_time(zk::kDefaultRequestDeadline - std::chrono::hours(1)); !m) {
    return unexpected(eth::to_failure("evm_increaseTime (needs anvil)", m.error()));
  }
  if (auto m = (*dev)->mine(1); !m) return unexpected(eth::to_failure("evm_mine", m.error()));
  auto due = rollup.exodus_due();
  if (!due) return unexpected(due.error());
  auto early = rollup.freeze(c.key);
  check(r, "an hour before carol's deadline exodus is not due, freezing is refused", !*due && !early,
        "not due, refused", fmt::format("due {}, {}", *due, early ? "frozen" : early.error().message));
  if (auto m = (*dev)->increase_time(std::chrono::hours(1) + std::chrono::seconds(1)); !m) {
    return unexpected(eth::to_failure("evm_increaseTime", m.error()));
  }
  if (auto m = (*dev)->mine(1); !m) return unexpected(eth::to_failure("evm_mine", m.error()));

  // Each owner exits with `xway zk exit` and no node: the proof comes from L1 data alone.
  auto exit_cli = [&](const crypto::PrivateKey& key, std::uint64_t index) {
    return run_cli("xway zk exit", {"zk", "exit", "--l1-rpc", env.l1_rpc, "--deployment", deployment, "--index",
                                    std::to_string(index), "--private-key", to_hex(key.secret().view()), "--json"});
  };
  const std::uint64_t a_units = kEtherUnits - pay - fee, b_units = kEtherUnits / 2 + pay;
  bool froze = false;
  for (const auto& [u, units] : {std::pair{&a, a_units}, std::pair{&b, b_units}}) {
    auto before = (*dev)->balance(u->address(), eth::BlockRef::latest());
    if (!before) return unexpected(eth::to_failure("balance", before.error()));
    auto e = exit_cli(u->key, u->index);
    check(r, fmt::format("{} exits with its full balance (`xway zk exit`, proof from L1)", u->name),
          e && e->value("balance_units", std::uint64_t{0}) == units && e->value("proof_from", "") == "reconstruction",
          units_text(units), e ? units_text(e->value("balance_units", std::uint64_t{0})) : e.error().message);
    if (e) froze = froze || e->value("froze", false);
    auto again = exit_cli(u->key, u->index);
    check(r, fmt::format("{}'s second exit is refused", u->name), !again, "refused", again ? "paid" : "refused");
  }
  auto frozen = rollup.frozen();
  check(r, "the first exit froze the rollup (exodus)", froze && frozen && *frozen, "frozen",
        frozen && *frozen ? "frozen" : "not frozen");
  auto op_exit = exit_cli(op, zk::kOperatorIndex);
  check(r, "the operator's fees exit", op_exit && op_exit->value("balance_units", std::uint64_t{0}) == fee,
        units_text(fee), op_exit ? units_text(op_exit->value("balance_units", std::uint64_t{0})) : op_exit.error().message);
  auto refund = rollup.refund_deposit(c.key, *position);
  check(r, "carol's ignored deposit is refunded", bool(refund), "refunded", refund ? "refunded" : refund.error().message);
  auto held = rollup.balance();
  if (!held) return unexpected(held.error());
  check(r, "the contract ends with 0 wei", *held == U256(0), "0 wei", wei_text(true, *held));

  // Net L1 change of each user, its fees read from the receipts of every transaction it sent.
  auto head = (*dev)->block_number();
  if (!head) return unexpected(eth::to_failure("eth_blockNumber", head.error()));
  auto usage = l1_usage(**dev, *start + 1, *head, {crypto::address_of(op), a.address(), b.address(), c.address()});
  if (!usage) return unexpected(usage.error());
  U256 lost = 0;
  for (const auto& [u, positive, want] : {std::tuple{&a, false, U256(pay + fee) * kGwei},
                                          std::tuple{&b, true, U256(pay) * kGwei}, std::tuple{&c, true, U256(0)}}) {
    auto now = (*dev)->balance(u->address(), eth::BlockRef::latest());
    if (!now) return unexpected(eth::to_failure("balance", now.error()));
    const U256 total = *now + usage->fees[u->address()];
    const bool pos = total >= u->start;
    const U256 delta = pos ? total - u->start : u->start - total;
    const bool ok = (pos == positive || delta == 0) && delta == want;
    check(r, fmt::format("{}'s net L1 change (its payment, fee and gas accounted)", u->name), ok,
          wei_text(positive, want), wei_text(pos, delta));
    if (!ok && positive && (!pos || delta < want)) lost += pos ? want - delta : want + delta;
    if (!ok && !positive && !pos && delta > want) lost += delta - want;
  }
  r.l1_gas = usage->gas;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.funds_lost_wei = lost;
  r.funds_conserved = lost == 0;
  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& k) { return k.ok; });
  return r;
}

// ---- zk.reconstruct-from-l1 ---------------------------------------------------------------------

/// Three users, two batches (deposits, transfers both ways, a withdrawal, a deposit in the second
/// batch); then a fresh node that knows only the L1 endpoint and the rollup's address rebuilds the
/// tree from the BatchVerified events and their transactions' public data: each batch's root, the
/// final root and every account equal the operator's. Then a real `xway zk node --reconstruct`
/// process, started by a stranger on an empty directory, serves the same root and accounts.
Result<ScenarioReport> reconstruct(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.reconstruct-from-l1"};
  auto w = ZkWorld::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  auto alice = (*w)->user("alice");
  if (!alice) return unexpected(alice.error());
  auto bob = (*w)->user("bob");
  if (!bob) return unexpected(bob.error());
  auto carol = (*w)->user("carol");
  if (!carol) return unexpected(carol.error());
  ZkUser& a = **alice;
  ZkUser& b = **bob;
  ZkUser& c = **carol;
  if (auto d = (*w)->deposit(a, kEtherUnits); !d) return unexpected(d.error());
  if (auto d = (*w)->deposit(b, kEtherUnits / 2); !d) return unexpected(d.error());
  if (auto s = (*w)->batch({{a.index, b.index, 120'000'000, 1'000, 0}, {b.index, c.index, 20'000'000, 500, 0}}); !s) {
    return fail("batch 1: {}", s.error().message);
  }
  if (auto d = (*w)->deposit(c, kEtherUnits / 4); !d) return unexpected(d.error());
  if (auto s = (*w)->batch({{c.index, a.index, 30'000'000, 0, 0},
                            {b.index, zk::kReserveIndex, 100'000'000, 0, 0},
                            {a.index, a.index, 5'000, 20, 0}});
      !s) {
    return fail("batch 2: {}", s.error().message);
  }

  auto fresh = eth::RpcClient::connect(env.l1_rpc);
  if (!fresh) return unexpected(eth::to_failure(env.l1_rpc, fresh.error()));
  auto rebuilt = reconstruct_from_l1(**fresh, (*w)->rollup().address());
  if (!rebuilt) return unexpected(rebuilt.error());
  check(r, "batches found on L1", rebuilt->batches == 2, "2", std::to_string(rebuilt->batches));
  check(r, "transfers replayed from L1 public data", rebuilt->transfers == 8, "8", std::to_string(rebuilt->transfers));
  check(r, "after each batch the rebuilt root is the one L1 recorded", rebuilt->every_root_matched, "every batch",
        rebuilt->every_root_matched ? "every batch" : "a batch differs");
  auto root = (*w)->rollup().state_root();
  if (!root) return unexpected(root.error());
  check(r, "the rebuilt root is L1's state root", rebuilt->tree.root() == *root, root_text(*root),
        root_text(rebuilt->tree.root()));
  check(r, "the rebuilt root is the operator's", rebuilt->tree.root() == (*w)->tree().root(),
        root_text((*w)->tree().root()), root_text(rebuilt->tree.root()));
  for (const std::uint64_t index : {zk::kReserveIndex, zk::kOperatorIndex, a.index, b.index, c.index}) {
    const zk::ZkAccount mine = rebuilt->tree.account(index);
    const zk::ZkAccount theirs = (*w)->tree().account(index);
    check(r, fmt::format("account {} (balance, nonce) equals the operator's", index),
          mine.balance == theirs.balance && mine.nonce == theirs.nonce,
          fmt::format("{}, nonce {}", units_text(theirs.balance), theirs.nonce),
          fmt::format("{}, nonce {}", units_text(mine.balance), mine.nonce));
  }
  if (auto k = check_backing(**w, r, {&a, &b, &c}); !k) return unexpected(k.error());

  // The same from a real `xway zk node --reconstruct` process, run by someone who is not the
  // operator, on an empty data directory.
  store::TempDir dir;
  const auto stranger = crypto::PrivateKey::generate();
  auto node = start_xway("xway zk node --reconstruct",
                         {"--log-level", "warn", "zk", "node", "--reconstruct", "--data-dir",
                          (dir.path() / "node").string(), "--l1-rpc", env.l1_rpc, "--rollup",
                          crypto::to_checksum_hex((*w)->rollup().address()), "--key-depth", "2", "--rpc",
                          "127.0.0.1:0", "--private-key", to_hex(stranger.secret().view()), "--json"},
                         std::chrono::seconds(120));
  if (!node) return unexpected(node.error());
  auto node_root = zk::parse_digest(node->ready.value("root", ""));
  check(r, "a fresh `xway zk node --reconstruct` has L1's root", node_root && *node_root == *root, root_text(*root),
        node_root ? root_text(*node_root) : node->ready.dump());
  const std::uint64_t replayed = node->ready.contains("reconstructed")
                                     ? node->ready["reconstructed"].value("transfers", std::uint64_t{0})
                                     : 0;
  check(r, "the fresh node replayed every record from L1", replayed == 8, "8", std::to_string(replayed));
  auto port = port_of(node->ready.value("rpc", ""));
  if (!port) return unexpected(port.error());
  for (const ZkUser* u : {&a, &b, &c}) {
    auto acc = node_call(*port, "zk_getAccount", nlohmann::json::array({u->index}));
    const zk::ZkAccount theirs = (*w)->tree().account(u->index);
    const std::uint64_t bal = acc ? acc->value("balance", std::uint64_t{0}) : 0;
    const std::uint64_t nonce = acc ? acc->value("nonce", std::uint64_t{0}) : 0;
    check(r, fmt::format("the fresh node's {} equals the operator's", u->name),
          acc && bal == theirs.balance && nonce == theirs.nonce,
          fmt::format("{}, nonce {}", units_text(theirs.balance), theirs.nonce),
          acc ? fmt::format("{}, nonce {}", units_text(bal), nonce) : acc.error().message);
  }
  (void)node->child->kill();
  finish(r, **w, t0, U256(0));
  return r;
}


// ---- zk.crash-restart ----------------------------------------------------------------------------

/// A real `xway zk node` process (RocksDB, batches of 3) takes alice's deposit and six signed
/// transfers to bob; once the first transfer's batch is final on L1 and the rest are still in
/// the mempool or being proven, the process is killed with SIGKILL. Restarted on the same data
/// directory, it makes every acknowledged transfer final, none twice: alice's nonce is 6, the
/// balances are the deposit less six payments, and a tree rebuilt from L1 alone has the node's
/// root and seven records (the deposit and the six).
Result<ScenarioReport> crash_restart(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"zk.crash-restart"};
  store::TempDir dir;
  auto dev = eth::RpcClient::connect(env.l1_rpc);
  if (!dev) return unexpected(eth::to_failure(env.l1_rpc, dev.error()));
  const auto op = crypto::PrivateKey::generate();
  const U256 ether = U256(1'000'000'000'000'000'000ULL);
  if (auto f = (*dev)->set_balance(crypto::address_of(op), 100 * ether); !f) {
    return unexpected(eth::to_failure("funding the operator (anvil_setBalance)", f.error()));
  }
  auto start = (*dev)->block_number();
  if (!start) return unexpected(eth::to_failure("eth_blockNumber", start.error()));
  const std::uint64_t first_block = *start;
  const std::string deployment = (dir.path() / "deployment.json").string();
  auto d = start_xway("xway zk deploy", {"--log-level", "warn", "zk", "deploy", "--l1-rpc", env.l1_rpc,
                                         "--private-key", to_hex(op.secret().view()), "--deployment", deployment,
                                         "--key-depth", "3", "--json"},
                      std::chrono::seconds(120));
  if (!d) return unexpected(d.error());
  (void)d->child->kill();
  auto rollup_addr = crypto::parse_address(d->ready.value("rollup", ""));
  if (!rollup_addr) return fail("xway zk deploy printed no rollup: {}", d->ready.dump());
  const std::size_t key_depth = d->ready.value("key_depth", std::size_t{3});
  const std::uint64_t domain = d->ready.value("domain_tag", std::uint64_t{0});
  zk::ZkRollupContract rollup(**dev, *rollup_addr);

  // Alice and bob register their key trees and alice deposits 1 ether, on L1.
  std::vector<crypto::PrivateKey> keys = {crypto::PrivateKey::generate(), crypto::PrivateKey::generate()};
  std::vector<std::unique_ptr<zk::SigningKey>> signers;
  std::vector<std::uint64_t> index;
  for (std::size_t u = 0; u < 2; ++u) {
    if (auto f = (*dev)->set_balance(crypto::address_of(keys[u]), 100 * ether); !f) {
      return unexpected(eth::to_failure("funding a user", f.error()));
    }
    signers.push_back(std::make_unique<zk::SigningKey>(
        zk::RescueDigest{stark::Felt(100 + u), stark::Felt(7), stark::Felt(8), stark::Felt(9)}, key_depth));
    auto i = rollup.register_key(keys[u], signers.back()->account_key());
    if (!i) return unexpected(i.error());
    index.push_back(*i);
  }
  if (auto p = rollup.deposit(keys[0], ether); !p) return unexpected(p.error());

  auto node = spawn_node(env, deployment, dir.path() / "node", op);
  if (!node) return unexpected(node.error());
  std::uint16_t port = node->second;
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (true) {
    auto a = node_call(port, "zk_getAccount", Json::array({index[0]}));
    if (a && a->value("balance", std::uint64_t{0}) == kEtherUnits) break;
    if (Clock::now() > deadline) return fail("alice's deposit was not final within 120 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  constexpr std::uint64_t kPays = 6, kAmount = 10'000'000;
  std::size_t acked = 0;
  for (std::uint64_t n = 1; n <= kPays; ++n) {
    const zk::ZkTransfer t{index[0], index[1], kAmount, 0, n};
    auto sig = signers[0]->sign(t, domain);
    if (!sig) return fail("signing: {}", zk::describe(sig.error()));
    auto sent = node_call(port, "zk_sendTransfer", zk_world::send_transfer_params(t, *sig));
    if (sent && sent->value("status", "") == "pending") ++acked;
  }
  check(r, "the operator acknowledged every transfer as pending", acked == kPays, std::to_string(kPays),
        std::to_string(acked));
  const std::string first = fmt::format("{}:1", index[0]);
  const std::string last = fmt::format("{}:{}", index[0], kPays);
  auto first_final = wait_transfer(port, first, "final", std::chrono::seconds(120));
  if (!first_final) return unexpected(first_final.error());
  auto last_before = node_call(port, "zk_getTransfer", Json::array({last}));
  const bool mid_work = last_before && last_before->value("status", "") != "final";
  const int status = node->first.child->kill();
  check(r, "the operator process died of SIGKILL", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL",
        WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status)) : "exited");
  check(r, "it was killed mid-work: the last transfer not yet final", mid_work, "pending",
        last_before ? last_before->value("status", "?") : last_before.error().message);

  node = spawn_node(env, deployment, dir.path() / "node", op);
  if (!node) return fail("restarting the operator: {}", node.error().message);
  port = node->second;
  std::size_t final_after = 0;
  for (std::uint64_t n = 1; n <= kPays; ++n) {
    if (wait_transfer(port, fmt::format("{}:{}", index[0], n), "final", std::chrono::seconds(120))) ++final_after;
  }
  check(r, "after the restart every acknowledged transfer is final on L1", final_after == kPays, std::to_string(kPays),
        std::to_string(final_after));
  auto alice = node_call(port, "zk_getAccount", Json::array({index[0]}));
  auto bob = node_call(port, "zk_getAccount", Json::array({index[1]}));
  if (!alice || !bob) return fail("reading the accounts back: {}", alice ? bob.error().message : alice.error().message);
  const std::uint64_t a_bal = alice->value("balance", std::uint64_t{0});
  const std::uint64_t a_nonce = alice->value("nonce", std::uint64_t{0});
  const std::uint64_t b_bal = bob->value("balance", std::uint64_t{0});
  check(r, "alice's nonce is 6: nothing lost, nothing applied twice", a_nonce == kPays, std::to_string(kPays),
        std::to_string(a_nonce));
  check(r, "alice's balance", a_bal == kEtherUnits - kPays * kAmount, units_text(kEtherUnits - kPays * kAmount),
        units_text(a_bal));
  check(r, "bob's balance", b_bal == kPays * kAmount, units_text(kPays * kAmount), units_text(b_bal));

  auto rebuilt = reconstruct_from_l1(**dev, *rollup_addr);
  if (!rebuilt) return unexpected(rebuilt.error());
  auto root = rollup.state_root();
  if (!root) return unexpected(root.error());
  check(r, "L1's records replay to L1's root", rebuilt->every_root_matched && rebuilt->tree.root() == *root,
        root_text(*root), root_text(rebuilt->tree.root()));
  check(r, "L1 holds the deposit and the six transfers once each", rebuilt->transfers == kPays + 1,
        std::to_string(kPays + 1), std::to_string(rebuilt->transfers));
  const zk::ZkAccount l1_alice = rebuilt->tree.account(index[0]);
  check(r, "alice's account as L1 has it", l1_alice.balance == a_bal && l1_alice.nonce == a_nonce,
        fmt::format("{}, nonce {}", units_text(a_bal), a_nonce),
        fmt::format("{}, nonce {}", units_text(l1_alice.balance), l1_alice.nonce));
  auto held = rollup.balance();
  if (!held) return unexpected(held.error());
  check(r, "the contract holds alice's deposit", *held == ether, wei_text(true, ether), wei_text(true, *held));
  (void)node->first.child->kill();

  // Every transaction of the scenario, from receipts: deploy, registrations, deposit, the batches.
  auto head = (*dev)->block_number();
  if (!head) return unexpected(eth::to_failure("eth_blockNumber", head.error()));
  auto usage = l1_usage(**dev, first_block + 1, *head,
                        {crypto::address_of(op), crypto::address_of(keys[0]), crypto::address_of(keys[1])});
  if (!usage) return unexpected(usage.error());
  r.l1_gas = usage->gas;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const U256 lost = a_bal + b_bal >= kEtherUnits ? U256(0) : U256(kEtherUnits - a_bal - b_bal) * kGwei;
  r.funds_lost_wei = lost;
  r.funds_conserved = lost == 0;
  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
  return r;
}

}  // namespace

std::vector<Scenario> zk_scenarios() {
  return {
      {"zk.deposit-transfer-withdraw",
       "deposits, an L2 transfer and withdrawals in one proven batch; the withdrawals are paid on L1 in the proof's "
       "transaction",
       deposit_transfer_withdraw},
      {"zk.forged-proof",
       "a proof with one byte changed and the valid proof under altered public data are both refused on L1, nothing "
       "changes",
       forged_proof},
      {"zk.invalid-transfer",
       "an overspend and a skipped nonce cannot be proven, cheaters' proofs of them are refused on L1, an unsigned "
       "transfer is refused by the sequencer",
       invalid_transfer},
      {"zk.exodus",
       "the operator stops; past the request deadline (3 days, L1 time moved) the rollup freezes and every user exits "
       "in full from L1 data",
       exodus},
      {"zk.reconstruct-from-l1",
       "a fresh node rebuilds the account tree from L1 logs and calldata alone: the identical root and accounts",
       reconstruct},
      {"zk.crash-restart",
       "the `xway zk node` process is killed with SIGKILL mid-work and restarted on its RocksDB directory: every "
       "acknowledged transfer final on L1, none twice",
       crash_restart},
  };
}

}  // namespace xway::compare
