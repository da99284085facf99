#include "eth/client.hpp"

#include <algorithm>
#include <thread>

#include "core/hex.hpp"
#include "eth/transaction.hpp"

namespace xway::eth {

namespace {

/// How many times a nonce-too-low refusal is answered with a resync and a re-signed transaction.
constexpr int kNonceRetries = 3;

}  // namespace

Client::Client() : nonces_([this](const Address& a) { return nonce(a, BlockRef::pending()); }) {}

RpcResult<std::optional<TransactionInfo>> Client::transaction(const Hash32&) {
  return rpc_fail(RpcErrorKind::kBadRequest, "this L1 client cannot read transactions by hash");
}

RpcResult<std::uint64_t> Client::cached_chain_id() {
  if (const auto id = chain_id_.load(); id != 0) return id;
  auto id = chain_id();
  if (id) chain_id_.store(*id);
  return id;
}

RpcResult<FeeSuggestion> Client::suggest_fees() {
  auto head = block(BlockRef::latest());
  if (!head) return unexpected(std::move(head.error()));
  if (!*head) return rpc_fail(RpcErrorKind::kMalformedReply, "the node has no latest block");
  auto tip = max_priority_fee();
  if (!tip) return unexpected(std::move(tip.error()));
  FeeSuggestion fees;
  fees.base_fee = (*head)->base_fee_per_gas;
  fees.max_priority_fee_per_gas = *tip;
  fees.max_fee_per_gas = 2 * fees.base_fee + *tip;
  return fees;
}

RpcResult<Receipt> Client::wait_for_receipt(const Hash32& tx_hash, WaitOptions options) {
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  auto pause = options.first_poll;
  for (;;) {
    auto r = receipt(tx_hash);
    if (!r) return unexpected(std::move(r.error()));
    if (*r) return std::move(**r);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return rpc_fail(RpcErrorKind::kReceiptTimeout,
                      fmt::format("no receipt for {} after {} ms", to_hex(tx_hash.view()), options.timeout.count()));
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, options.max_poll);
  }
}

RpcResult<std::uint64_t> Client::gas_limit_for(const Address& from, const TxRequest& request) {
  if (request.gas_limit) return *request.gas_limit;
  CallRequest c{from, request.to, request.data, request.value, std::nullopt};
  auto estimate = estimate_gas(c);
  if (!estimate) return unexpected(std::move(estimate.error()));
  return *estimate + *estimate / 5;
}

RpcResult<SubmittedTx> Client::submit_transaction(const crypto::PrivateKey& from, const TxRequest& request) {
  const Address sender = crypto::address_of(from);
  auto chain = cached_chain_id();
  if (!chain) return unexpected(std::move(chain.error()));
  FeeSuggestion fees;
  if (request.fees) {
    fees = *request.fees;
  } else {
    auto suggested = suggest_fees();
    if (!suggested) return unexpected(std::move(suggested.error()));
    fees = *suggested;
  }
  auto gas = gas_limit_for(sender, request);
  if (!gas) return unexpected(std::move(gas.error()));

  for (int attempt = 0;; ++attempt) {
    auto nonce = nonces_.acquire(sender);
    if (!nonce) return unexpected(std::move(nonce.error()));
    Eip1559Tx tx;
    tx.chain_id = *chain;
    tx.nonce = *nonce;
    tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
    tx.max_fee_per_gas = fees.max_fee_per_gas;
    tx.gas_limit = *gas;
    tx.to = request.to;
    tx.value = request.value;
    tx.data = request.data;
    const SignedTransaction signed_tx = sign(tx, from);
    SubmittedTx out{transaction_hash(signed_tx), *nonce, encode(signed_tx)};

    auto sent = send_raw_transaction(out.raw);
    if (sent) return out;
    const RpcError& err = sent.error();
    if (err.kind == RpcErrorKind::kNonceTooLow) {
      // A resend after a lost reply lands here when the first copy was already mined.
      auto mined = receipt(out.hash);
      if (mined && *mined) return out;
      if (attempt >= kNonceRetries) return unexpected(err);
      auto synced = nonces_.resync(sender);
      if (!synced) return unexpected(std::move(synced.error()));
      continue;
    }
    if (err.kind == RpcErrorKind::kRemote || err.kind == RpcErrorKind::kBadRequest) {
      // The node answered and refused: the transaction is not in its pool, the nonce is free.
      nonces_.release(sender, *nonce);
    }
    // No reply (kTransport, kHttpStatus, kMalformedReply): it may have been broadcast, so the
    // nonce stays used; the caller can resend `raw` later.
    return unexpected(err);
  }
}

RpcResult<Receipt> Client::send_transaction(const crypto::PrivateKey& from, const TxRequest& request,
                                            WaitOptions wait) {
  auto submitted = submit_transaction(from, request);
  if (!submitted) return unexpected(std::move(submitted.error()));
  auto mined = wait_for_receipt(submitted->hash, wait);
  if (!mined) return unexpected(std::move(mined.error()));
  gas_.record(request.label, *mined, request.data);
  if (!mined->success) {
    return rpc_fail(RpcErrorKind::kTxFailed, fmt::format("{} ({}) reverted in block {} using {} gas",
                                                         to_hex(submitted->hash.view()), request.label,
                                                         mined->block_number, mined->gas_used));
  }
  return std::move(*mined);
}

}  // namespace xway::eth
