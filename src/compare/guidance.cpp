#include "compare/guidance.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace xway::compare {
namespace {

/// One ranking key: a figure and whether less is better.
struct Key {
  const char* figure;
  bool lower_is_better;
  const char* words;  ///< how the reason names it
  const char* unit;
};

struct Rule {
  const char* workload;
  std::vector<Key> keys;
  bool no_unstoppable_loss;  ///< disqualify families that lost funds in a scenario they "passed"
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules{
      {"micropayments",
       {{"l1_gas_per_tx", true, "L1 gas per transfer", "gas"}, {"confirm_ms_p50", true, "p50 confirmation", "ms"}},
       false},
      {"exchange",
       {{"withdrawal_s", true, "time to withdraw", "s"},
        {"l1_gas_per_tx", true, "L1 gas per transfer", "gas"},
        {"tps", false, "throughput", "tx/s"}},
       true},
      {"game", {{"confirm_ms_p99", true, "p99 confirmation", "ms"}, {"tps", false, "throughput", "tx/s"}}, false},
  };
  return kRules;
}

double figure(const nlohmann::json& fam, const char* key) {
  const auto it = fam.find(key);
  return it != fam.end() && it->is_number() ? it->get<double>() : 0.0;
}

/// Why a family does not qualify for `rule`, or "" when it does.
std::string disqualified(const std::string& name, const nlohmann::json& fam, const nlohmann::json& scenarios,
                         const Rule& rule) {
  if (fam.value("status", "") != "measured") return fam.value("status", "not measured");
  const double txs = figure(fam, "txs");
  const double errors = figure(fam, "errors");
  if (txs <= 0) return "no transfer was confirmed";
  if (errors > 0.01 * (txs + errors)) return fmt::format("{:.0f} of {:.0f} transfers failed", errors, txs + errors);
  for (const auto& s : scenarios) {
    if (s.value("family", "") != name) continue;
    if (!s.value("passed", false)) return fmt::format("its scenario {} did not hold", s.value("name", "?"));
    if (rule.no_unstoppable_loss && !s.value("funds_conserved", true)) {
      return fmt::format("its scenario {} loses users' funds to an attack the design cannot stop", s.value("name", "?"));
    }
  }
  return "";
}

/// True when `a` ranks before `b` under `keys` (ties go to the next key).
bool better(const nlohmann::json& a, const nlohmann::json& b, const std::vector<Key>& keys) {
  for (const Key& k : keys) {
    const double x = figure(a, k.figure);
    const double y = figure(b, k.figure);
    if (x == y) continue;
    return k.lower_is_better ? x < y : x > y;
  }
  return false;
}

std::string number(double v) {
  if (v != 0 && std::abs(v) < 10) return fmt::format("{:.2f}", v);
  return fmt::format("{:.0f}", v);
}

}  // namespace

std::vector<Advice> derive_guidance(const nlohmann::json& report) {
  const nlohmann::json families = report.value("families", nlohmann::json::object());
  const nlohmann::json scenarios = report.value("scenarios", nlohmann::json::array());
  const std::string measured_on = report.value("workload", "?");
  std::vector<Advice> out;
  for (const Rule& rule : rules()) {
    Advice a{rule.workload, "", {}, {}};
    std::vector<std::string> ok;
    for (const auto& [name, fam] : families.items()) {
      const std::string why = disqualified(name, fam, scenarios, rule);
      if (why.empty()) ok.push_back(name);
      else a.excluded.push_back(fmt::format("{}: {}", name, why));
    }
    if (ok.empty()) {
      out.push_back(std::move(a));
      continue;
    }
    std::stable_sort(ok.begin(), ok.end(),
                     [&](const std::string& x, const std::string& y) { return better(families[x], families[y], rule.keys); });
    a.family = ok.front();
    const nlohmann::json& best = families[a.family];
    for (const Key& k : rule.keys) {
      std::string r = fmt::format("{} {} {}", k.words, number(figure(best, k.figure)), k.unit);
      if (ok.size() > 1) {
        const nlohmann::json& next = families[ok[1]];
        r += fmt::format(" (next: {} at {} {})", ok[1], number(figure(next, k.figure)), k.unit);
      }
      a.reasons.push_back(r);
    }
    if (ok.size() == 1) a.reasons.push_back("the only family that qualified in this run");
    if (measured_on != rule.workload) {
      a.reasons.push_back(fmt::format("figures measured on the {} workload; run `xway compare --workload {}` for its own",
                                      measured_on, rule.workload));
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace xway::compare
