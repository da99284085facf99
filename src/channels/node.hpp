#pragma once
/// The channel node: one participant's daemon. It owns a secp256k1 key (its L1 account, its
/// transport identity and its signing key), a store::Db with every channel state it holds, p2p
/// connections to its partners (net::Host), and the L1 through TokenNetworkClient and a log
/// follower (eth::LogWatcher) that feeds the channel machines and the routing graph.
///
/// Persistence rule: every event goes load -> step -> synced write batch -> act, so a signed
/// balance proof leaves the process only after the state that holds it is on disk, and a node
/// killed with SIGKILL restarts from its store with nothing lost. Many payments share one synced
/// batch (group commit). Proof-bearing messages also go to an outbox, so a partner that missed
/// some (a dropped connection, a crash) asks for them again with a sync message.
///
/// Gossip (node_gossip.cpp): the node signs a channel update (gossip.hpp) for its direction of
/// each of its channels when the channel opens, when its capacity changes and when its fees
/// change, and floods it to every connected peer; updates from peers are verified (signature,
/// channel open on L1, signer a participant, seq above the one held), fed into the routing graph,
/// persisted and flooded on. A newly connected peer gets every update held; a channel newly seen
/// on L1 is asked about (updates that arrived before it were refused as naming an unknown channel).
///
/// Fees: a mediator forwards only when its incoming lock exceeds the outgoing one by at least its
/// fee (base + ppm of the outgoing amount); the payer's route adds every hop's fee.
///
/// Mediated transfers follow Raiden: the payer locks the amount to the first hop with a hash
/// lock; each hop locks onward with the expiry shortened by the reveal timeout; the target, who
/// made the secret (an invoice), reveals it to its payer hop, which unlocks off-chain and passes
/// the secret back. A node that knows a secret whose incoming lock is about to expire unpaid
/// closes the channel and registers the secret on L1 (the on-chain fallback). Multi-part
/// payments split over several routes with one secret hash; the target reveals once the parts
/// add up to the invoice. A payment to any node of the graph without an invoice is a keysend
/// (keysend.hpp): the payer makes the secret and seals it to the target inside the transfer.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "channels/channel_machine.hpp"
#include "channels/gossip.hpp"
#include "channels/graph.hpp"
#include "channels/node_config.hpp"
#include "channels/node_store.hpp"
#include "channels/node_wire.hpp"
#include "channels/probability_mission_control.hpp"
#include "channels/router.hpp"
#include "channels/token_network.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "eth/client.hpp"
#include "eth/watcher.hpp"
#include "net/host.hpp"

namespace xway::channels {

/// Where a partner node listens.
struct PeerEndpoint {
  std::string host;
  std::uint16_t port = 0;
};

/// What a direct payment run did.
struct DirectPaymentResult {
  std::uint64_t sent = 0;     ///< payments signed, persisted and sent
  U256 total = 0;             ///< their sum
  double seconds = 0;         ///< wall time
};

/// Called after a new partner balance proof is durable (the watchtower hook).
using PartnerProofHook = std::function<void(const ChannelState&)>;

/// A channel node. Thread-safe: the API, the transport's I/O threads, the inbound worker and
/// the L1 follower all go through one state mutex.
class ChannelNode {
 public:
  /// Opens the node's state in `db` (creating it on first use) for `key`.
  static Result<std::unique_ptr<ChannelNode>> open(NodeConfig config, eth::Client& l1, store::Db& db,
                                                   crypto::PrivateKey key);
  /// Stops the node.
  ~ChannelNode();
  ChannelNode(const ChannelNode&) = delete;
  ChannelNode& operator=(const ChannelNode&) = delete;

  /// Follows L1 once to the head, starts listening, dials the partners it knows and starts the
  /// worker threads. Returns the p2p port.
  Result<std::uint16_t> start();
  /// Stops every thread and connection. Idempotent.
  void stop();

  /// This node's address.
  const Address& address() const { return address_; }
  /// The p2p port (0 before `start`).
  std::uint16_t p2p_port() const { return p2p_port_; }
  /// The token network.
  const ChannelContracts& contracts() const { return config_.contracts; }

  /// Remembers where `partner` listens and keeps a connection to it.
  Result<void> connect_peer(const Address& partner, const PeerEndpoint& endpoint);
  /// Opens a channel with `partner` and deposits `deposit` (0: none); returns the channel id
  /// once the node has seen it on L1.
  Result<std::uint64_t> open_channel(const Address& partner, const U256& deposit);
  /// Raises our total deposit in the channel with `partner` by `amount`.
  Result<U256> deposit(const Address& partner, const U256& amount);
  /// Pays `partner` `amount` directly, `count` times; group-committed.
  Result<DirectPaymentResult> pay_direct(const Address& partner, const U256& amount, std::uint64_t count = 1);
  /// A new invoice for `amount` paid to this node.
  Result<Invoice> create_invoice(const U256& amount);
  /// Pays an invoice over routes (split in parts when needed); waits up to `timeout` for the
  /// outcome.
  Result<PaymentRecord> pay_invoice(const Invoice& invoice, std::chrono::milliseconds timeout);
  /// Pays `amount` to any node of the graph without an invoice (keysend: this node makes the
  /// secret and seals it to the target), over routes with their fees; waits up to `timeout`.
  Result<PaymentRecord> pay_keysend(const Address& target, const U256& amount, std::chrono::milliseconds timeout);
  /// Sets this node's forwarding fees and announces them for every open channel.
  Result<void> set_fees(RouteAmount fee_base, std::uint32_t fee_ppm);
  /// The channel updates this node holds (its own and its peers'), and its fees, as JSON.
  nlohmann::json gossip_json() const;
  /// Closes the channel with `partner`: cooperatively when it answers within `wait`, else on L1
  /// with its latest proof. `force` skips the cooperative attempt.
  Result<std::string> close(const Address& partner, bool force, std::chrono::milliseconds wait);
  /// Settles the channel with `partner` (after the settle timeout), then unlocks what it can.
  Result<void> settle(const Address& partner);
  /// Withdraws `amount` from the channel with `partner` (both sign; waits for the partner).
  Result<U256> withdraw(const Address& partner, const U256& amount, std::chrono::milliseconds wait);

  /// Every channel of this node, as JSON.
  nlohmann::json channels_json() const;
  /// The channel with `partner`, if open or closing.
  std::optional<ChannelState> channel_with(const Address& partner) const;
  /// A payment this node initiated.
  std::optional<PaymentRecord> payment(const Hash32& secrethash) const;
  /// An invoice of this node.
  std::optional<Invoice> invoice(const Hash32& secrethash) const;
  /// Counters: payments received, messages rejected, and why.
  nlohmann::json stats_json() const;

  /// Sets the hook told of each new durable partner balance proof.
  void set_partner_proof_hook(PartnerProofHook hook);

 private:
  struct Inbound {
    Address from;
    std::optional<net::Message> message;  ///< none: the peer just connected
  };
  /// What a batch of events produced: the write batch and what to do once it is durable.
  struct Effects {
    store::WriteBatch batch;
    std::vector<std::pair<Address, net::Message>> sends;
    std::vector<std::pair<std::uint64_t, ChannelAction>> l1;
    std::set<std::uint64_t> partner_proofs;  ///< channels whose partner proof changed
    std::set<std::uint64_t> dirty;           ///< channels whose state changed: flush writes each once
    bool wake_payments = false;
    std::set<std::uint64_t> synced;          ///< channels a sync request went to in this batch
    std::set<std::uint64_t> announce;        ///< our channels to sign a new update for
    /// Messages to every connected peer but the one named (a zero address: no exception).
    std::vector<std::pair<Address, net::Message>> floods;
  };
  /// A mediated transfer this node forwards, or the part of one that reached us as target.
  struct Forward {
    std::uint64_t in_channel = 0;
    std::uint64_t out_channel = 0;  ///< 0 when we are the target
  };

  ChannelNode(NodeConfig config, eth::Client& l1, NodeStore store, crypto::PrivateKey key, TokenNetworkClient tn);

  // node_engine.cpp: events through the machine, persistence, actions.
  expected<void, ChannelError> apply(std::uint64_t channel_id, const ChannelEvent& event, Effects& fx,
                                     const NodeMessage* outbox_message = nullptr);
  void handle_action(std::uint64_t channel_id, const ChannelAction& action, Effects& fx);
  void flush(Effects& fx, std::unique_lock<std::mutex>& lock);
  std::optional<std::uint64_t> channel_id_with(const Address& partner) const;
  void on_block_time(std::uint64_t now, Effects& fx);

  // node_inbound.cpp: messages from partners.
  void enqueue(Inbound in);
  void inbound_loop();
  void handle_message(const Address& from, const net::Message& m, Effects& fx);
  void on_channel_message(const Address& from, const ChannelMessage& m, Effects& fx);
  void on_mediated(const Address& from, const MediatedTransfer& t, Effects& fx);
  void on_secret_reveal(const Address& from, const SecretReveal& r, Effects& fx);
  void on_route_failed(const Address& from, const RouteFailed& r, Effects& fx);
  void on_sync(const Address& from, const SyncRequest& s, Effects& fx);
  void on_connected(const Address& from, Effects& fx);
  void maybe_reveal(const Hash32& secrethash, Effects& fx);
  void reject(const Address& from, std::string_view what, std::string_view why);

  // node_gossip.cpp: channel updates.
  void on_channel_update(const Address& from, const SignedChannelUpdate& u, Effects& fx);
  void on_update_query(const Address& from, const UpdateQuery& q, Effects& fx);
  void sign_announcements(Effects& fx);
  void send_all_updates(const Address& to, Effects& fx);
  void forget_updates(std::uint64_t channel_id, Effects& fx);
  void restore_graph(const std::vector<GraphChannelRecord>& channels, const std::vector<SignedChannelUpdate>& updates);
  void record_graph_channel(const GraphChannelRecord& r, Effects& fx);
  void forget_graph_channel(std::uint64_t channel_id, Effects& fx);
  void send_floods(const std::vector<std::pair<Address, net::Message>>& floods);

  // node_payments.cpp: routes and mediated transfers this node starts.
  Result<PaymentRecord> pay_routed(PaymentRecord rec, std::optional<KeysendSeal> seal, std::chrono::milliseconds timeout);
  expected<void, std::string> send_part(PaymentRecord& p, const Route& route, Effects& fx);
  void refresh_graph_capacity();

  // node_l1.cpp: the follower and the on-chain actions.
  Result<void> poll_l1();
  void on_log(const eth::Log& log, Effects& fx);
  void l1_loop();
  /// Runs one on-chain action; false when it failed and is worth trying again.
  bool run_l1_action(std::uint64_t channel_id, const ChannelAction& action);
  bool run_unlock(std::uint64_t channel_id, const UnlockOnChain& unlock);
  void finish_unlocks(std::uint64_t channel_id, const Address& partner);
  /// Keeps a failed on-chain action to try again while the node runs (1 s doubling to 60 s).
  void schedule_retry(std::uint64_t channel_id, const ChannelAction& action);
  /// Whether a retried action is still owed (false once L1 or the state shows it done or moot).
  bool still_due(std::uint64_t channel_id, const ChannelAction& action);
  void run_due_retries();
  void resume_obligations();
  void resume_withdraws(std::vector<std::tuple<std::uint64_t, ChannelAction, Address>>& todo);

  // node_peers.cpp: the transport.
  void on_peer(std::shared_ptr<net::Peer> peer);
  void send_to(const Address& to, const net::Message& m);
  /// Whether a connection to `partner` is open now.
  bool connected(const Address& partner);

  NodeConfig config_;
  eth::Client& l1_;
  NodeStore store_;
  crypto::PrivateKey key_;
  Address address_;
  TokenNetworkClient tn_;

  mutable std::mutex mu_;  // state below
  std::map<std::uint64_t, ChannelState> channels_;
  std::map<Hash32, Invoice> invoices_;
  std::map<Hash32, PaymentRecord> payments_;
  std::map<Hash32, std::vector<Forward>> forwards_;
  std::map<std::string, std::uint64_t> rejections_;
  std::uint64_t received_payments_ = 0;
  std::uint64_t now_ = 0;  // latest L1 block time seen
  SystemClock clock_;
  ChannelGraph graph_;
  MissionControl mission_;
  std::condition_variable payments_cv_;
  PartnerProofHook hook_;
  RouteAmount fee_base_ = 0;
  std::uint32_t fee_ppm_ = 0;
  std::map<std::pair<std::uint64_t, Address>, SignedChannelUpdate> gossip_;  ///< latest per (channel, node)
  std::map<Address, crypto::PublicKey> node_keys_;  ///< from verified update signatures (keysend targets)
  std::uint64_t last_seq_ = 0;                      ///< the seq of our latest update
  std::map<Hash32, KeysendSeal> seals_;             ///< keysend payments of ours in progress
  std::map<Hash32, std::set<std::uint64_t>> failed_hops_;  ///< first-hop channels a part failed on, while paying
  std::uint64_t gossip_applied_ = 0, gossip_duplicate_ = 0, gossip_stale_ = 0;
  std::map<std::uint64_t, GraphChannelRecord> graph_records_;  ///< the graph's channels, as persisted
  /// When (Unix ms) each channel's latest partner proof was made durable here; absent before
  /// the first one since start. Benchmarks read it to time "the payee holds the last proof".
  std::map<std::uint64_t, std::uint64_t> partner_proof_durable_ms_;

  std::mutex l1_mu_;  // the L1 client and watcher
  std::unique_ptr<NodeCursorStore> cursor_store_;
  std::unique_ptr<eth::LogWatcher> watcher_;
  std::mutex l1_queue_mu_;
  std::deque<std::pair<std::uint64_t, ChannelAction>> l1_queue_;
  /// A failed on-chain action waiting for its next try: after `next` and on a block above `block`.
  struct Retry {
    ChannelAction action;
    std::uint64_t block = 0;
    std::chrono::steady_clock::time_point next;
    std::chrono::milliseconds delay{0};
  };
  std::map<std::pair<std::uint64_t, std::string>, Retry> retries_;  ///< by (channel, duty); the L1 thread's
  std::atomic<std::uint64_t> head_block_{0};                      ///< the latest L1 block number seen

  std::mutex inbound_mu_;
  std::condition_variable inbound_cv_;
  std::deque<Inbound> inbound_;

  std::mutex peers_mu_;
  std::map<Address, std::shared_ptr<net::Peer>> peers_;
  std::map<Address, PeerEndpoint> endpoints_;

  std::unique_ptr<net::Host> host_;
  std::uint16_t p2p_port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread inbound_thread_;
  std::thread l1_thread_;
};

}  // namespace xway::channels
