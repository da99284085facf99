#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "compare/family.hpp"
#include "compare/scenario.hpp"

namespace xway::cli {
namespace {

struct CompareOptions {
  std::string workload = "micropayments";
  std::size_t users = 0;
  std::size_t txs = 0;
  std::string families;
  std::string l1_rpc;
  std::string json_file;
};

/// How many of the family's security scenarios this binary runs (`xway scenario run FAMILY.*`).
std::size_t scenario_count(std::string_view family) {
  std::size_t n = 0;
  for (const auto& s : compare::scenarios()) n += s.name.rfind(std::string(family) + ".", 0) == 0 ? 1 : 0;
  return n;
}

/// The report every script reads: one entry per family, saying honestly which are not measured yet.
nlohmann::json report(const CompareOptions& o) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& f : compare::families()) {
    const std::size_t scenarios = scenario_count(f.name);
    const std::string status = f.built        ? "measured"
                               : scenarios > 0 ? "scenarios only"  // nodes and contracts, no workload runner yet
                                               : "not built yet";
    rows.push_back({{"family", f.name},
                    {"title", f.title},
                    {"built", f.built},
                    {"scenarios", scenarios},
                    {"trust_assumption", f.trust},
                    {"status", status}});
  }
  return {{"workload", o.workload}, {"families", rows}};
}

Result<void> run_compare(const CompareOptions& o) {
  if (o.workload != "micropayments" && o.workload != "exchange" && o.workload != "game")
    return fail("--workload must be micropayments, exchange or game, not '{}'", o.workload);
  const auto r = report(o);
  std::size_t built = 0;
  std::cout << fmt::format("{:<20} {:<16} {}\n", "family", "status", "trust assumption");
  for (const auto& row : r["families"]) {
    built += row["built"].get<bool>() ? 1 : 0;
    std::cout << fmt::format("{:<20} {:<16} {}\n", row["title"].get<std::string>(),
                             row["status"].get<std::string>(), row["trust_assumption"].get<std::string>());
  }
  std::cout << fmt::format("\n{} of {} families are measured by this xway; nothing was measured for the others "
                           "(\"scenarios only\": its nodes and contracts run in `xway scenario run`, its workload "
                           "runner is not built yet).\n",
                           built, r["families"].size());
  if (!o.json_file.empty()) {
    std::ofstream out(o.json_file);
    if (!(out << r.dump(2) << "\n")) return fail("cannot write --json file {}", o.json_file);
  }
  return {};
}

}  // namespace

void add_compare_command(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand("compare", "run one workload on every family on the same L1 and compare them");
  cmd->add_option("--workload", o->workload, "micropayments, exchange or game")->capture_default_str();
  cmd->add_option("--users", o->users, "number of users in the workload");
  cmd->add_option("--txs", o->txs, "number of transactions in the workload");
  cmd->add_option("--families", o->families, "comma-separated subset of channels,optimistic,zk,sidechain,plasma");
  cmd->add_option("--l1-rpc", o->l1_rpc, "an Ethereum JSON-RPC URL instead of the embedded anvil");
  cmd->add_option("--json", o->json_file, "write the report as JSON to this file");
  d.on(cmd, [o] { return run_compare(*o); });
}

}  // namespace xway::cli
