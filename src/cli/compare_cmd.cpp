// `xway compare`: one workload on every family on the same L1, measured through each family's
// real node processes; the table on stdout, progress and logs on stderr, and the report as JSON
// (the stable schema of issue 9), Markdown and self-contained HTML.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "compare/report.hpp"
#include "compare/run.hpp"
#include "core/log.hpp"

namespace xway::cli {
namespace {

struct CompareOptions {
  std::string workload = "micropayments";
  std::size_t users = 0;
  std::size_t txs = 0;
  std::uint64_t seed = 1;
  std::string families;
  std::string l1_rpc;
  std::string json_file;
  std::string html_file;
  std::string markdown_file;
  bool scenarios = false;
  std::string scenario_results;
  std::string from;
};

/// Draws the runners' progress on stderr: one line per step, redrawn in place on a terminal.
class ProgressLine {
 public:
  ProgressLine() : tty_(::isatty(STDERR_FILENO) == 1) {
    sink_.step = [this](std::string_view family, std::string_view step, std::size_t total) {
      finish();
      label_ = fmt::format("[{}] {}", family, step);
      total_ = total;
      done_ = 0;
      if (total_ == 0) {
        std::cerr << label_ << "\n";
        label_.clear();
      } else if (tty_) {
        draw();
      }
    };
    sink_.advance = [this](std::size_t done) {
      if (done == done_) return;
      done_ = done;
      if (tty_) draw();
    };
  }
  ~ProgressLine() { finish(); }
  const compare::ProgressSink& sink() const { return sink_; }
  /// Ends the current counted step's line.
  void finish() {
    if (label_.empty()) return;
    if (tty_) std::cerr << "\r";
    std::cerr << fmt::format("{} {}/{}\n", label_, done_, total_);
    label_.clear();
  }

 private:
  void draw() const { std::cerr << fmt::format("\r{} {}/{}", label_, done_, total_) << std::flush; }

  bool tty_;
  compare::ProgressSink sink_;
  std::string label_;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
};

Result<void> write_file(const std::string& path, const std::string& text, const char* flag) {
  std::ofstream out(path);
  if (!(out << text)) return fail("cannot write the {} file {}", flag, path);
  spdlog::info("wrote {}", path);
  return {};
}

Result<std::string> read_file(const std::string& path, const char* flag) {
  std::ifstream in(path);
  if (!in) return fail("cannot read the {} file {}", flag, path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<void> emit(nlohmann::json report, const CompareOptions& o) {
  auto r = compare::render_all(std::move(report));
  if (!r) return unexpected(r.error());
  std::cout << r->table;
  if (!o.json_file.empty()) {
    if (auto w = write_file(o.json_file, r->report.dump(2) + "\n", "--json"); !w) return w;
  }
  if (!o.markdown_file.empty()) {
    if (auto w = write_file(o.markdown_file, r->markdown, "--markdown"); !w) return w;
  }
  if (!o.html_file.empty()) {
    if (auto w = write_file(o.html_file, r->html, "--html"); !w) return w;
  }
  for (const auto& [name, f] : r->report.at("families").items()) {
    if (f.value("status", nlohmann::json()) == "failed") {
      return fail("{} failed: {}", name, f.value("error", nlohmann::json("?")).dump());
    }
  }
  return {};
}

/// Re-renders a saved report (`--from FILE`), checked to be one before anything is written.
Result<void> rerender(const CompareOptions& o) {
  auto text = read_file(o.from, "--from");
  if (!text) return unexpected(text.error());
  auto loaded = compare::load_report(*text);
  if (!loaded) return fail("--from {}: {}", o.from, loaded.error().message);
  return emit(std::move(loaded->report), o);
}

Result<void> run_compare(const CompareOptions& o) {
  if (!o.from.empty()) return rerender(o);
  auto kind = compare::parse_workload(o.workload);
  if (!kind) return fail("{}, not '{}'", compare::describe(kind.error()), o.workload);
  auto workload = compare::generate({*kind, o.users, o.txs, o.seed});
  if (!workload) return fail("{}", compare::describe(workload.error()));
  auto families = compare::parse_families(o.families);
  if (!families) return unexpected(families.error());
  std::vector<nlohmann::json> loaded;
  if (!o.scenario_results.empty()) {
    auto text = read_file(o.scenario_results, "--scenario-results");
    if (!text) return unexpected(text.error());
    auto parsed = compare::parse_scenario_results(*text);
    if (!parsed) return fail("--scenario-results {}: {}", o.scenario_results, parsed.error().message);
    loaded = std::move(*parsed);
  }
  auto l1 = open_l1(o.l1_rpc);
  if (!l1) return fail("L1: {}", l1.error().message);
  auto info = compare::read_l1_info(*l1->client, l1->embedded(), eth::kAnvilHardfork);
  if (!info) return unexpected(info.error());
  spdlog::info("comparing the {} workload ({} users, {} transfers) on {} ({})", o.workload, workload->users,
               workload->transfers.size(), info->client, info->hardfork);
  ProgressLine progress;
  compare::RunnerEnv env{l1->url, l1->client.get(), l1->embedded() || info->client.rfind("anvil", 0) == 0,
                         &progress.sink()};
  compare::CompareRequest request{*workload, *families, o.scenarios, {}};
  if (o.l1_rpc.empty()) {
    request.fresh_l1 = []() -> Result<std::pair<std::shared_ptr<void>, std::string>> {
      auto anvil = eth::Anvil::start();
      if (!anvil) return unexpected(anvil.error());
      std::string url = (*anvil)->url();
      return std::pair{std::shared_ptr<void>(std::move(*anvil)), url};
    };
  }
  auto report = compare::run_comparison(request, env, *info);
  for (auto& s : loaded) {
    s["family"] = compare::scenario_family(s.value("name", ""));
    report.scenarios.push_back(std::move(s));
  }
  progress.finish();
  return emit(compare::to_json(report), o);
}

}  // namespace

void add_compare_command(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand("compare", "run one workload on every family on the same L1 and compare them");
  cmd->add_option("--workload", o->workload, "micropayments, exchange or game")->capture_default_str();
  cmd->add_option("--users", o->users, "number of users (default: 2 micropayments, 20 exchange, 8 game)");
  cmd->add_option("--txs", o->txs, "number of transfers (default 200)");
  cmd->add_option("--seed", o->seed, "the workload generator's seed")->capture_default_str();
  cmd->add_option("--families", o->families, "comma-separated subset of channels,optimistic,zk,sidechain,plasma");
  cmd->add_option("--l1-rpc", o->l1_rpc, "an Ethereum JSON-RPC URL instead of the embedded anvil");
  cmd->add_option("--json", o->json_file, "write the report as JSON (the stable schema) to this file");
  cmd->add_option("--html", o->html_file, "write a self-contained HTML report with SVG charts to this file");
  cmd->add_option("--markdown", o->markdown_file, "write the report as Markdown to this file");
  cmd->add_flag("--scenarios", o->scenarios, "also run the chosen families' security scenarios (minutes)");
  cmd->add_option("--scenario-results", o->scenario_results,
                  "add scenario outcomes saved from `xway scenario run --all --json` to the report");
  cmd->add_option("--from", o->from, "render a report saved with --json again instead of running");
  d.on(cmd, [o] { return run_compare(*o); });
}

}  // namespace xway::cli
