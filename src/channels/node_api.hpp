#pragma once
/// The channel node's JSON-RPC API (what `xway channels ...` calls). Every method takes one
/// object of named parameters; a bad parameter is -32602 naming it, a refusal by the node is
/// -32000 with the node's reason, and neither changes any state.
///
///   channels_info {}                              address, p2p port, block time, counters
///   channels_connect {peer: "ADDRESS@HOST:PORT"}  keep a connection to a partner
///   channels_open {partner, amount, peer?}        open a channel and deposit
///   channels_deposit {partner, amount}            raise our deposit
///   channels_pay {to, amount, count?, timeout_ms?} direct payments to a partner; to any other
///                                                 node of the graph a routed keysend payment
///   channels_setFees {fee_base?, fee_ppm?}        set and announce this node's forwarding fees
///   channels_gossip {}                            the channel updates held, our fees, counters
///   channels_invoice {amount}                     a new invoice paid to this node
///   channels_payInvoice {invoice, timeout_ms?}    pay an invoice over routes
///   channels_list {}                              every channel
///   channels_close {partner, force?}              cooperative, else unilateral
///   channels_settle {partner}                     settle after the settle timeout
///   channels_withdraw {partner, amount}           withdraw while open
///   channels_payment {secrethash}                 a payment we started
///   channels_invoiceStatus {secrethash}           an invoice of ours
#include "channels/node.hpp"
#include "net/rpc_dispatch.hpp"

namespace xway::channels {

/// Registers the API of `node` on `rpc` (the node must outlive the dispatcher's use).
void register_node_api(ChannelNode& node, net::RpcDispatcher& rpc);

/// "ADDRESS@HOST:PORT" parsed.
Result<std::pair<Address, PeerEndpoint>> parse_peer(std::string_view text);

/// A payment record as JSON.
nlohmann::json payment_json(const PaymentRecord& p);
/// An invoice as JSON (its text form included; never its secret).
nlohmann::json invoice_json(const Invoice& i);

}  // namespace xway::channels
