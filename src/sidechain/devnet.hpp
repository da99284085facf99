#pragma once
/// A local devnet of validator processes on loopback: keys, free ports and the genesis file laid
/// out under one directory, `xway sidechain validator` child processes, and a small client for
/// their JSON-RPC status. Used by `xway sidechain devnet`, the scenarios and the benchmark.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "net/rpc_error.hpp"
#include "sidechain/genesis.hpp"
#include "store/child_process.hpp"

namespace xway::sidechain {

/// One validator of a devnet.
struct DevnetMember {
  crypto::PrivateKey key;
  std::string p2p;                 ///< 127.0.0.1:PORT
  std::string rpc;                 ///< 127.0.0.1:PORT
  std::filesystem::path data_dir;  ///< ROOT/validator-I (key in it, RocksDB in its db/)
};

/// A devnet laid out on disk.
struct DevnetPlan {
  std::filesystem::path root;
  std::filesystem::path genesis_path;  ///< ROOT/genesis.json
  Genesis genesis;
  std::vector<DevnetMember> members;
};

/// Lays out a devnet of `n` validators under `root` (keys in ROOT/validator-I/key, free loopback
/// ports, ROOT/genesis.json), or reads back the one already there.
Result<DevnetPlan> prepare_devnet(const std::filesystem::path& root, std::size_t n, std::uint64_t block_time_ms,
                                  const std::vector<GenesisAlloc>& alloc);

/// The command line of `xway sidechain validator` for member `i`; `extra` is appended.
std::vector<std::string> validator_argv(const std::string& xway, const DevnetPlan& plan, std::size_t i,
                                        const std::vector<std::string>& extra = {});

/// A validator child process that reported it is serving.
struct ValidatorProcess {
  std::unique_ptr<store::ChildProcess> child;
  std::string rpc;  ///< HOST:PORT of its API
};
/// Spawns `argv` (a `--json` validator) and waits up to 30 s for its endpoints line.
Result<ValidatorProcess> spawn_validator(const std::vector<std::string>& argv);

/// Calls `method` on the validator API at HOST:PORT (timeout 2 s).
Result<net::Json> validator_call(const std::string& rpc, std::string_view method, net::Json params = net::Json::array());

/// A port free on 127.0.0.1 now, below the kernel's ephemeral range (see devnet.cpp for why).
Result<std::uint16_t> free_loopback_port();

}  // namespace xway::sidechain
