#include "compare/report.hpp"

#include "compare/report_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace xway::compare {
namespace {

nlohmann::json steps_json(const std::vector<TimelineStep>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : steps) out.push_back({{"what", s.what}, {"seconds", s.seconds}, {"measured", s.measured}});
  return out;
}

nlohmann::json figures_json(const FamilyFigures& f) {
  const double txs = static_cast<double>(std::max<std::size_t>(f.txs, 1));
  nlohmann::json params = nlohmann::json::object();
  for (const auto& p : f.parameters) {
    params[p.name] = {{"value", p.value}, {"unit", p.unit}, {"what", p.what}};
    if (p.unit == "s") params[p.name]["seconds"] = p.value;  // windows keep their seconds field
  }
  return {{"tps", f.duration_s > 0 ? static_cast<double>(f.txs) / f.duration_s : 0.0},
          {"confirm_ms_p50", percentile(f.confirm_ms, 50)},
          {"confirm_ms_p99", percentile(f.confirm_ms, 99)},
          {"l1_gas_per_tx", static_cast<double>(f.l1_gas) / txs},
          {"l1_bytes_per_tx", static_cast<double>(f.l1_bytes) / txs},
          {"finality_s", f.finality_s},
          {"withdrawal_s", f.withdrawal_s},
          {"capital_locked_wei", to_dec(f.capital_locked_wei)},
          {"trust", f.trust},
          {"txs", f.txs},
          {"errors", f.errors},
          {"duration_s", f.duration_s},
          {"l1_gas", f.l1_gas},
          {"l1_bytes", f.l1_bytes},
          {"l1_transactions", f.l1_transactions},
          {"parameters", params},
          {"finality_steps", steps_json(f.finality_steps)},
          {"withdrawal_steps", steps_json(f.withdrawal_steps)},
          {"confirm_ms", f.confirm_ms}};
}

nlohmann::json null_figures(const FamilyInfo& info) {
  nlohmann::json j;
  for (const char* k : {"tps", "confirm_ms_p50", "confirm_ms_p99", "l1_gas_per_tx", "l1_bytes_per_tx", "finality_s",
                        "withdrawal_s", "capital_locked_wei", "txs", "errors"}) {
    j[k] = nullptr;
  }
  j["trust"] = std::string(info.trust);
  return j;
}

}  // namespace

Result<L1Info> read_l1_info(eth::RpcClient& l1, bool embedded, const std::string& launch_hardfork) {
  L1Info info;
  info.embedded = embedded;
  auto version = l1.rpc().call("web3_clientVersion", nlohmann::json::array());
  if (!version || !version->is_string()) return fail("web3_clientVersion: the L1 node did not say what it is");
  info.client = version->get<std::string>();
  auto chain = l1.chain_id();
  if (!chain) return fail("eth_chainId: {}", eth::describe(chain.error()));
  info.chain_id = *chain;
  info.hardfork = launch_hardfork;
  if (auto node = l1.rpc().call("anvil_nodeInfo", nlohmann::json::array()); node && node->is_object()) {
    info.hardfork = node->value("hardFork", launch_hardfork);
  }
  std::transform(info.hardfork.begin(), info.hardfork.end(), info.hardfork.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto automine = l1.rpc().call("anvil_getAutomine", nlohmann::json::array());
  if (automine && automine->is_boolean() && automine->get<bool>()) {
    info.mining = "automine";
    return info;
  }
  info.mining = "interval";
  auto head = l1.block(eth::BlockRef::latest());
  if (head && *head && (*head)->number > 0) {
    auto parent = l1.block(eth::BlockRef::number((*head)->number - 1));
    if (parent && *parent) info.block_time_s = static_cast<double>((*head)->timestamp - (*parent)->timestamp);
  }
  return info;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return samples[std::min(i, samples.size() - 1)];
}

std::string scenario_family(const std::string& scenario_name) {
  return scenario_name.substr(0, scenario_name.find('.'));
}

nlohmann::json to_json(const CompareReport& r) {
  nlohmann::json families = nlohmann::json::object();
  for (const auto& f : r.families) {
    nlohmann::json j = f.figures ? figures_json(*f.figures) : null_figures(f.info);
    j["status"] = f.status;
    j["title"] = std::string(f.info.title);
    if (!f.error.empty()) j["error"] = f.error;
    if (!f.reason.empty()) j["reason"] = f.reason;
    families[std::string(f.info.name)] = j;
  }
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& s : r.scenarios) {
    auto j = s;
    j["family"] = scenario_family(s.value("name", ""));
    scenarios.push_back(j);
  }
  return {{"workload", std::string(name_of(r.workload.kind))},
          {"users", r.workload.users},
          {"txs", r.workload.transfers.size()},
          {"seed", r.workload.seed},
          {"started_at", r.started_at},
          {"l1",
           {{"client", r.l1.client},
            {"hardfork", r.l1.hardfork},
            {"mining", r.l1.mining},
            {"block_time_s", r.l1.block_time_s},
            {"chain_id", r.l1.chain_id},
            {"embedded", r.l1.embedded}}},
          {"families", families},
          {"scenarios", scenarios}};
}

Result<RenderedReport> render_all(nlohmann::json report) {
  if (!report.is_object() || !report.contains("families") || !report["families"].is_object()) {
    return fail("not a compare report: expected an object with a \"families\" object");
  }
  for (const auto& [name, f] : report["families"].items()) {
    if (!f.is_object()) return fail("not a compare report: families.{} is not an object", name);
  }
  if (report.contains("scenarios") && !report["scenarios"].is_array()) return fail("not a compare report: scenarios is not an array");
  if (report.contains("l1") && !report["l1"].is_object()) return fail("not a compare report: l1 is not an object");
  try {
    RenderedReport r{report, render_table(report), render_markdown(report), render_html(report)};
    return r;
  } catch (const nlohmann::json::exception& e) {
    return fail("not a compare report: a field has the wrong type ({})", e.what());
  }
}

Result<RenderedReport> load_report(const std::string& text) {
  auto report = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) return fail("not JSON");
  return render_all(std::move(report));
}

Result<std::vector<nlohmann::json>> parse_scenario_results(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  try {
    while (true) {
      in >> std::ws;
      if (in.peek() == std::char_traits<char>::eof()) break;
      nlohmann::json j;
      in >> j;
      if (j.is_array()) {
        for (auto& s : j) out.push_back(std::move(s));
      } else {
        out.push_back(std::move(j));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return fail("scenario results are not JSON: {}", e.what());
  }
  for (const auto& s : out) {
    if (!s.is_object() || !s.contains("name") || !s["name"].is_string() || !s.contains("passed") ||
        !s["passed"].is_boolean()) {
      return fail("a scenario result lacks \"name\" or \"passed\" (expected `xway scenario run --json` output)");
    }
  }
  return out;
}

}  // namespace xway::compare
