// `xway sidechain withdraw`: the burn side of the two-way peg from the command line. It signs a
// withdrawal (an ETH transfer to 0x42…16, docs/l2-transactions.md) with the user's key, sends it
// to a validator, and prints the burn id (the transaction's hash). Once the block is final the
// validators' federation signs the release and one of them submits it to L1; `--wait` follows
// the burn until L1 paid it.
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/l2_tx.hpp"

namespace xway::cli {
namespace {

using namespace xway::sidechain;

struct WithdrawOptions {
  std::string rpc = "127.0.0.1:8745";
  std::string private_key;
  std::string amount;
  std::string gas_price = "1";
  std::uint64_t wait_s = 0;
  bool json = false;
};

Result<U256> quantity_of(const net::Json& j, std::string_view what) {
  if (!j.is_string()) return fail("{}: the validator answered {}", what, j.dump());
  try {
    return U256(j.get<std::string>());
  } catch (const std::exception&) {
    return fail("{}: not a quantity: {}", what, j.dump());
  }
}

Result<void> run_withdraw(const WithdrawOptions& o) {
  std::string hex = o.private_key;
  if (hex.empty())
    if (const char* v = std::getenv("XWAY_PRIVATE_KEY")) hex = v;
  if (hex.empty()) return fail("--private-key is required (or $XWAY_PRIVATE_KEY)");
  auto key = crypto::PrivateKey::from_hex(hex);
  if (!key) return fail_with("--private-key", key.error());
  auto amount = parse_u256(o.amount);
  if (!amount || *amount == 0) return fail("--amount: expected a positive number of wei, got \"{}\"", o.amount);
  auto price = parse_u256(o.gas_price);
  if (!price || *price == 0) return fail("--gas-price: expected a positive number of wei, got \"{}\"", o.gas_price);
  const Address from = crypto::address_of(*key);
  auto chain = validator_call(o.rpc, "eth_chainId");
  if (!chain) return unexpected(chain.error());
  auto chain_id = quantity_of(*chain, "eth_chainId");
  if (!chain_id) return unexpected(chain_id.error());
  auto nonce_j = validator_call(o.rpc, "eth_getTransactionCount", net::Json::array({crypto::to_checksum_hex(from), "latest"}));
  if (!nonce_j) return unexpected(nonce_j.error());
  auto nonce = quantity_of(*nonce_j, "eth_getTransactionCount");
  if (!nonce) return unexpected(nonce.error());
  // The validators skip a withdrawal the balance cannot pay; say so before sending one.
  auto bal_j = validator_call(o.rpc, "eth_getBalance", net::Json::array({crypto::to_checksum_hex(from), "latest"}));
  if (!bal_j) return unexpected(bal_j.error());
  auto balance = quantity_of(*bal_j, "eth_getBalance");
  if (!balance) return unexpected(balance.error());
  const U256 fee = *price * U256(kL2TxGas);
  if (*balance < *amount + fee)
    return fail("{} holds {} wei on the sidechain: less than --amount {} plus the fee {}", crypto::to_checksum_hex(from),
                to_dec(*balance), to_dec(*amount), to_dec(fee));
  eth::Eip1559Tx tx;
  tx.chain_id = static_cast<std::uint64_t>(*chain_id);
  tx.nonce = static_cast<std::uint64_t>(*nonce);
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = *price;
  tx.gas_limit = kL2TxGas;
  tx.to = withdrawal_address();
  tx.value = *amount;
  const Bytes raw = eth::encode(eth::sign(tx, *key));
  const Hash32 burn_id = crypto::keccak256(raw);
  auto sent = validator_call(o.rpc, "eth_sendRawTransaction", net::Json::array({to_hex(raw)}));
  if (!sent) return unexpected(sent.error());
  spdlog::info("withdrawal of {} wei sent: burn id {}", to_dec(*amount), to_hex(burn_id.view()));
  net::Json out{{"burn_id", to_hex(burn_id.view())}, {"from", crypto::to_checksum_hex(from)},
                {"amount", to_dec(*amount)}, {"nonce", tx.nonce}};
  if (o.wait_s > 0) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
    net::Json burn;
    bool announced = false;
    while (std::chrono::steady_clock::now() < deadline) {
      auto b = validator_call(o.rpc, "sidechain_getBurn", net::Json::array({to_hex(burn_id.view())}));
      if (b && b->is_object()) {
        burn = *b;
        if (!announced) {
          spdlog::info("burned in sidechain block {}; waiting for the federation's release on L1",
                       burn["height"].get<std::uint64_t>());
          announced = true;
        }
        if (burn["released"].get<bool>()) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    if (!burn.is_object() || !burn["released"].get<bool>())
      return fail("burn {} not released on L1 within {} s (see `xway sidechain bridge-status --burn-id`)",
                  to_hex(burn_id.view()), o.wait_s);
    out["height"] = burn["height"];
    out["released"] = true;
    out["l1_tx"] = burn["l1_tx"];
  }
  if (o.json) {
    print_json(out);
  } else {
    std::cout << fmt::format("burn {} of {} wei{}\n", to_hex(burn_id.view()), to_dec(*amount),
                             out.contains("released") ? ": released on L1" : " sent");
  }
  return {};
}

}  // namespace

void add_sidechain_peg_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<WithdrawOptions>();
  auto* w = sidechain_group(app)->add_subcommand(
      "withdraw", "burn ether on the sidechain; the validators' federation releases it on L1");
  w->add_option("--rpc", o->rpc, "a validator's HOST:PORT")->capture_default_str();
  w->add_option("--private-key", o->private_key, "the sidechain account's key (default: $XWAY_PRIVATE_KEY)");
  w->add_option("--amount", o->amount, "wei to withdraw (paid on L1 to the same address)")->required();
  w->add_option("--gas-price", o->gas_price, "sidechain gas price in wei (the fee is 21,000 x this)")->capture_default_str();
  w->add_option("--wait", o->wait_s, "seconds to wait for the release on L1 (0: do not wait)");
  w->add_flag("--json", o->json, "print JSON");
  d.on(w, [o] { return run_withdraw(*o); });
}

}  // namespace xway::cli
