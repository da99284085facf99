#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::cli {
namespace {

struct KeyOptions {
  std::string private_key;
  bool json = false;
};

Result<void> key_new(const KeyOptions& o) {
  const auto k = crypto::PrivateKey::generate();
  const std::string address = crypto::to_checksum_hex(crypto::address_of(k));
  const std::string secret = to_hex(k.secret().view());
  if (o.json) {
    print_json({{"address", address}, {"private_key", secret}});
  } else {
    std::cout << "Address:     " << address << "\nPrivate key: " << secret << "\n";
  }
  return {};
}

Result<void> key_address(const KeyOptions& o) {
  auto k = crypto::PrivateKey::from_hex(o.private_key);
  if (!k) return fail_with("--private-key", k.error());
  const std::string address = crypto::to_checksum_hex(crypto::address_of(*k));
  if (o.json) {
    print_json({{"address", address}});
  } else {
    std::cout << address << "\n";
  }
  return {};
}

}  // namespace

void add_key_commands(CLI::App& app, Dispatcher& d) {
  auto* key = app.add_subcommand("key", "secp256k1 keys and Ethereum addresses");
  key->require_subcommand(1);
  auto o = std::make_shared<KeyOptions>();

  auto* make = key->add_subcommand("new", "generate a fresh private key and print it with its address");
  make->add_flag("--json", o->json, "print {\"address\", \"private_key\"}");
  d.on(make, [o] { return key_new(*o); });

  auto* addr = key->add_subcommand("address", "print the EIP-55 checksummed address of a private key");
  addr->add_option("--private-key", o->private_key, "the private key, 64 hex digits with or without 0x")
      ->required();
  addr->add_flag("--json", o->json, "print {\"address\"}");
  d.on(addr, [o] { return key_address(*o); });
}

}  // namespace xway::cli
