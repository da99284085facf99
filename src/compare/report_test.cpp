#include <gtest/gtest.h>

#include "compare/guidance.hpp"
#include "compare/report.hpp"
#include "compare/report_format.hpp"
#include "compare/report_svg.hpp"
#include "compare/report_text.hpp"
#include "compare/run.hpp"
#include "compare/runner_families.hpp"

namespace xway::compare {
namespace {

FamilyFigures figures(double tps_scale, std::uint64_t gas, double withdraw_s, std::vector<double> confirm) {
  FamilyFigures f;
  f.txs = 100;
  f.duration_s = 100.0 / tps_scale;
  f.confirm_ms = std::move(confirm);
  f.l1_gas = gas * 100;
  f.l1_bytes = 300;
  f.finality_s = 800;
  f.withdrawal_s = withdraw_s;
  f.capital_locked_wei = U256(5'000'000'000'000'000ULL);
  f.trust = "somebody watches";
  f.parameters = {{"exit_period_s", 604800, "exit period"}};
  f.finality_steps = {{"root on L1", 0.2, true}, {"Ethereum finality", 768, false}};
  f.withdrawal_steps = {{"start exit", 0.05, true}, {"exit wait", 1209600, false}};
  return f;
}

/// A report with plasma measured, sidechain measured, the rest not built.
CompareReport sample() {
  CompareReport r;
  r.workload = *generate({WorkloadKind::kExchange, 4, 10, 1});
  r.l1 = L1Info{"anvil/v1.7.1", "prague", "automine", 0, 31337, true};
  r.started_at = "2026-12-03T17:00:00Z";
  for (const auto& info : families()) {
    FamilyResult fr{info, "not built", "", std::nullopt};
    if (info.name == "plasma") {
      fr.status = "measured";
      fr.figures = figures(90, 7000, 1209600, {100, 200, 300, 400});
    } else if (info.name == "sidechain") {
      fr.status = "measured";
      fr.figures = figures(500, 900, 600, {1000, 1100, 1200, 1300});
    }
    r.families.push_back(fr);
  }
  return r;
}

TEST(Percentile, IsNearestRank) {
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({5}, 99), 5);
  EXPECT_EQ(percentile({4, 1, 3, 2}, 50), 2);
  EXPECT_EQ(percentile({4, 1, 3, 2}, 99), 4);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(percentile(hundred, 99), 99);
  EXPECT_EQ(percentile(hundred, 50), 50);
}

TEST(ReportJson, KeepsEveryFamilyKeyWithTheSchemaFields) {
  const auto j = to_json(sample());
  EXPECT_EQ(j["workload"], "exchange");
  EXPECT_EQ(j["l1"]["client"], "anvil/v1.7.1");
  EXPECT_EQ(j["l1"]["hardfork"], "prague");
  for (const char* fam : {"channels", "optimistic", "zk", "sidechain", "plasma"}) {
    ASSERT_TRUE(j["families"].contains(fam)) << fam;
    for (const char* k : {"tps", "confirm_ms_p50", "confirm_ms_p99", "l1_gas_per_tx", "l1_bytes_per_tx", "finality_s",
                          "withdrawal_s", "capital_locked_wei", "trust", "txs", "errors", "status"}) {
      EXPECT_TRUE(j["families"][fam].contains(k)) << fam << "." << k;
    }
  }
  EXPECT_TRUE(j["families"]["zk"]["tps"].is_null());
  EXPECT_EQ(j["families"]["zk"]["status"], "not built");
  const auto& p = j["families"]["plasma"];
  EXPECT_DOUBLE_EQ(p["tps"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(p["l1_gas_per_tx"].get<double>(), 7000);
  EXPECT_DOUBLE_EQ(p["l1_bytes_per_tx"].get<double>(), 3);
  EXPECT_EQ(p["confirm_ms_p50"], 200);
  EXPECT_EQ(p["confirm_ms_p99"], 400);
  EXPECT_EQ(p["capital_locked_wei"], "5000000000000000");
}

TEST(ParseFamilies, DefaultsToAllAndNamesTheUnknownOne) {
  EXPECT_EQ(parse_families("")->size(), 5U);
  EXPECT_EQ(*parse_families("plasma,zk,plasma"), (std::vector<std::string>{"plasma", "zk"}));
  auto bad = parse_families("plasma,lightning");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'lightning'"), std::string::npos);
  EXPECT_FALSE(parse_families("plasma,"));
}

TEST(ScenarioResults, ReadsConcatenatedObjectsAndArraysAndRefusesOthers) {
  auto two = parse_scenario_results(R"({"name":"plasma.a","passed":true} {"name":"zk.b","passed":false})");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 2U);
  EXPECT_EQ(parse_scenario_results(R"([{"name":"plasma.a","passed":true}])")->size(), 1U);
  EXPECT_FALSE(parse_scenario_results("{\"name\": 3}"));
  EXPECT_FALSE(parse_scenario_results("not json"));
  EXPECT_EQ(scenario_family("sidechain.bridge-key-compromise"), "sidechain");
}

TEST(Guidance, RanksByEachWorkloadsRule) {
  const auto advice = derive_guidance(to_json(sample()));
  ASSERT_EQ(advice.size(), 3U);
  EXPECT_EQ(advice[0].workload, "micropayments");
  EXPECT_EQ(advice[0].family, "sidechain");  // 900 gas per transfer beats 7000
  EXPECT_EQ(advice[1].workload, "exchange");
  EXPECT_EQ(advice[1].family, "sidechain");  // withdraws in 600 s, not 14 days
  EXPECT_EQ(advice[2].workload, "game");
  EXPECT_EQ(advice[2].family, "plasma");  // p99 400 ms beats 1300 ms
  EXPECT_NE(advice[2].reasons[0].find("p99 confirmation 400 ms"), std::string::npos);
  EXPECT_EQ(advice[0].excluded.size(), 3U);  // channels, optimistic, zk: not built
}

TEST(Guidance, AScenarioThatDidNotHoldDisqualifies) {
  auto j = to_json(sample());
  j["scenarios"] = nlohmann::json::array({{{"name", "sidechain.double-sign"}, {"family", "sidechain"}, {"passed", false}}});
  for (const auto& a : derive_guidance(j)) {
    EXPECT_EQ(a.family, "plasma") << a.workload;
  }
}

TEST(Guidance, AnUnstoppableLossDisqualifiesOnlyForExchange) {
  auto j = to_json(sample());
  j["scenarios"] = nlohmann::json::array({{{"name", "sidechain.bridge-key-compromise"},
                                           {"family", "sidechain"},
                                           {"passed", true},
                                           {"funds_conserved", false}}});
  const auto advice = derive_guidance(j);
  EXPECT_EQ(advice[0].family, "sidechain");
  EXPECT_EQ(advice[1].family, "plasma");
}

TEST(Guidance, TooManyErrorsDisqualifyAndNoneQualifiedIsSaid) {
  auto j = to_json(sample());
  j["families"]["plasma"]["errors"] = 50;
  j["families"]["sidechain"]["status"] = "failed";
  for (const auto& a : derive_guidance(j)) EXPECT_TRUE(a.family.empty()) << a.workload;
  EXPECT_NE(render_markdown(j).find("no family qualified"), std::string::npos);
}

TEST(Renderers, TableHasARowPerFamilyWithItsFigures) {
  const auto t = render_table(to_json(sample()));
  for (const char* title : {"Payment channels", "Optimistic rollup", "ZK rollup", "Sidechain", "Plasma"}) {
    EXPECT_NE(t.find(title), std::string::npos) << title;
  }
  EXPECT_NE(t.find("7000"), std::string::npos);
  EXPECT_NE(t.find("14.0 d"), std::string::npos);
  EXPECT_NE(t.find("not built"), std::string::npos);
}

TEST(Renderers, MarkdownCarriesL1GuidanceAndTheScenarioMatrix) {
  auto j = to_json(sample());
  j["scenarios"] = nlohmann::json::array(
      {{{"name", "plasma.withheld-block"}, {"family", "plasma"}, {"passed", true}, {"funds_lost_wei", "0"}, {"l1_gas", 5}}});
  const auto md = render_markdown(j);
  EXPECT_NE(md.find("anvil/v1.7.1, hardfork prague"), std::string::npos);
  EXPECT_NE(md.find("| withheld-block | plasma | held as the model predicts |"), std::string::npos);
  EXPECT_NE(md.find("**game**: plasma"), std::string::npos);
  EXPECT_NE(md.find("`exit_period_s` = 7.0 d"), std::string::npos);
}

TEST(Renderers, HtmlIsSelfContainedWithFourChartsInOrder) {
  const auto html = render_html(to_json(sample()));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  std::size_t last = 0;
  for (auto chart : kHtmlCharts) {
    const auto at = html.find("id=\"chart-" + std::string(chart) + "\"");
    ASSERT_NE(at, std::string::npos) << chart;
    EXPECT_GT(at, last);
    last = at;
  }
  // Plasma's bars are drawn in its colour; a family with no figures draws none.
  EXPECT_NE(html.find(std::string("fill=\"") + std::string(family_color("plasma"))), std::string::npos);
  EXPECT_EQ(html.find(std::string("fill=\"") + std::string(family_color("zk"))), std::string::npos);
}

TEST(Renderers, EscapeTextFromTheReport) {
  auto j = to_json(sample());
  j["workload"] = "<b>x</b>";
  j["families"]["plasma"]["trust"] = "a | b <i>";
  EXPECT_EQ(render_html(j).find("<b>x</b>"), std::string::npos);
  EXPECT_EQ(render_html(j).find("<i>"), std::string::npos);
  EXPECT_NE(render_markdown(j).find("a \\| b"), std::string::npos);
}

TEST(LoadReport, RefusesWhatIsNotAReportNamingWhy) {
  EXPECT_NE(load_report("nope").error().message.find("not JSON"), std::string::npos);
  EXPECT_NE(load_report("[]").error().message.find("families"), std::string::npos);
  EXPECT_NE(load_report(R"({"families":{"plasma":3}})").error().message.find("families.plasma"), std::string::npos);
  EXPECT_NE(load_report(R"({"families":{"plasma":{"status":5}}})").error().message.find("wrong type"), std::string::npos);
  auto ok = load_report(to_json(sample()).dump());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_NE(ok->html.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace xway::compare

namespace xway::compare {
namespace {

TEST(ReportNotBuilt, SaysWhyInTheJsonTheTableAndTheMarkdown) {
  CompareReport r;
  r.workload = *generate({WorkloadKind::kMicropayments, 2, 4, 1});
  r.l1 = L1Info{"anvil/v1.7.1", "prague", "automine", 0, 31337, true};
  for (const auto& info : families()) {
    FamilyResult fr{info, "not built", "", std::nullopt};
    if (info.name == "zk") fr.reason = "no operator process yet";
    r.families.push_back(fr);
  }
  const auto j = to_json(r);
  EXPECT_EQ(j["families"]["zk"]["reason"], "no operator process yet");
  EXPECT_FALSE(j["families"]["plasma"].contains("reason"));
  auto rendered = render_all(j);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().message;
  EXPECT_NE(rendered->table.find("ZK rollup not built: no operator process yet"), std::string::npos) << rendered->table;
  EXPECT_NE(rendered->markdown.find("zk not built: no operator process yet"), std::string::npos);
  EXPECT_NE(rendered->html.find("ZK rollup not built: no operator process yet"), std::string::npos);
}

TEST(ReportNotBuilt, AReasonOfTheWrongTypeIsAnErrorNotACrash) {
  auto j = to_json(sample());
  j["families"]["zk"]["reason"] = 7;
  auto rendered = render_all(j);
  EXPECT_FALSE(rendered.has_value());
}

TEST(RunnerRegistry, HasTheBuiltFamiliesAndAReasonForTheOthers) {
  for (const char* f : {"channels", "optimistic", "zk", "sidechain", "plasma"}) {
    ASSERT_NE(make_runner(f), nullptr) << f;
    EXPECT_EQ(make_runner(f)->family(), f);
  }
  EXPECT_FALSE(not_built_reason("lightning").empty());
  EXPECT_EQ(make_runner("lightning"), nullptr);
}

// A parameter that is not a window (a batch size, a byte count) was once rendered as seconds
// ("63.0 s"): it keeps its unit in the JSON and in every renderer.
TEST(Renderers, ParametersThatAreNotWindowsKeepTheirUnit) {
  auto r = sample();
  for (auto& fr : r.families) {
    if (fr.info.name == "plasma") {
      fr.figures->parameters.push_back({"batch_size", 63, "transfers per batch", "transfers"});
      fr.figures->parameters.push_back({"public_data_bytes_per_tx", 12, "public data", "bytes"});
    }
  }
  const auto j = to_json(r);
  const auto& params = j["families"]["plasma"]["parameters"];
  EXPECT_EQ(params["exit_period_s"]["seconds"], 604800);
  EXPECT_EQ(params["exit_period_s"]["unit"], "s");
  EXPECT_EQ(params["batch_size"]["value"], 63);
  EXPECT_EQ(params["batch_size"]["unit"], "transfers");
  EXPECT_FALSE(params["batch_size"].contains("seconds"));
  const auto md = render_markdown(j);
  EXPECT_NE(md.find("`batch_size` = 63 transfers"), std::string::npos);
  EXPECT_NE(md.find("`public_data_bytes_per_tx` = 12 bytes"), std::string::npos);
  EXPECT_EQ(md.find("63.0 s"), std::string::npos);
  const auto html = render_html(j);
  EXPECT_NE(html.find("<code>batch_size</code> = 63 transfers"), std::string::npos);
  EXPECT_NE(html.find("<code>exit_period_s</code> = 7.0 d"), std::string::npos);
  // A report written before units existed still renders its windows.
  EXPECT_EQ(format_parameter(nlohmann::json{{"seconds", 604800}, {"what", "x"}}), "7.0 d");
  EXPECT_EQ(format_parameter(nlohmann::json{{"what", "no value"}}), "-");
}

}  // namespace
}  // namespace xway::compare
