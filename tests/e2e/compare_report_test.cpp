// `xway compare` end to end: a real small run on the embedded anvil (the channel, sidechain and
// Plasma runners with their node processes), its JSON read back, and its HTML report rendered by
// headless Chromium; the screenshot must show every chart drawn where the page puts it, for each
// measured family.
#include <png.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compare/report_svg.hpp"
#include "store/temp_dir.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

struct Rgb {
  int r, g, b;
};

/// A decoded screenshot.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
  Rgb at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

std::optional<Image> read_png(const std::filesystem::path& file) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, file.c_str())) return std::nullopt;
  png.format = PNG_FORMAT_RGB;
  Image img{static_cast<int>(png.width), static_cast<int>(png.height), std::vector<std::uint8_t>(PNG_IMAGE_SIZE(png))};
  if (!png_image_finish_read(&png, nullptr, img.rgb.data(), 0, nullptr)) return std::nullopt;
  return img;
}

Rgb parse_color(std::string_view hex) {
  auto byte = [&](std::size_t i) { return std::stoi(std::string(hex.substr(i, 2)), nullptr, 16); };
  return {byte(1), byte(3), byte(5)};
}

/// Pixels of `color` (within 2 per channel) in rows [top, bottom) of the image.
std::size_t count_color(const Image& img, int top, int bottom, Rgb color) {
  std::size_t n = 0;
  for (int y = std::max(top, 0); y < std::min(bottom, img.height); ++y) {
    for (int x = 0; x < img.width; ++x) {
      const Rgb p = img.at(x, y);
      n += std::abs(p.r - color.r) <= 2 && std::abs(p.g - color.g) <= 2 && std::abs(p.b - color.b) <= 2 ? 1 : 0;
    }
  }
  return n;
}

std::string chromium_binary() {
  if (const char* env = std::getenv("XWAY_CHROMIUM"); env != nullptr && *env != '\0') return env;
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str(), nullptr, false);
}

TEST(CompareReport, ASmallRealRunRendersEveryChartInHeadlessChromium) {
  const std::string chromium = chromium_binary();
  ASSERT_FALSE(chromium.empty()) << "chromium not found (scripts/setup installs the Debian package; or set XWAY_CHROMIUM)";
  store::TempDir dir;
  const auto json = dir / "report.json";
  const auto html = dir / "report.html";
  const auto run = run_xway("compare --workload exchange --users 6 --txs 30 --families channels,sidechain,plasma --json " +
                            json.string() + " --html " + html.string());
  ASSERT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("Plasma"), std::string::npos);

  // The JSON read back: the schema, and plasma's figures measured by this run.
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["workload"], "exchange");
  EXPECT_EQ(report["l1"]["hardfork"], "prague");
  EXPECT_EQ(report["l1"]["client"].get<std::string>().rfind("anvil/", 0), 0U);
  for (const char* f : {"optimistic", "zk"}) EXPECT_EQ(report["families"][f]["status"], "skipped");
  for (const char* f : {"channels", "sidechain"}) {
    const auto& m = report["families"][f];
    ASSERT_EQ(m["status"], "measured") << m.dump();
    EXPECT_EQ(m["txs"], 30) << f;
    EXPECT_EQ(m["errors"], 0) << f;
    EXPECT_GT(m["tps"].get<double>(), 0) << f;
    EXPECT_GT(m["l1_gas_per_tx"].get<double>(), 0) << f;
  }
  const auto& p = report["families"]["plasma"];
  ASSERT_EQ(p["status"], "measured") << p.dump();
  EXPECT_EQ(p["txs"], 30);
  EXPECT_EQ(p["errors"], 0);
  EXPECT_GT(p["tps"].get<double>(), 0);
  EXPECT_GT(p["confirm_ms_p50"].get<double>(), 0);
  EXPECT_GE(p["confirm_ms_p99"].get<double>(), p["confirm_ms_p50"].get<double>());
  EXPECT_EQ(p["confirm_ms"].size(), 30U);
  // A block root costs tens of thousands of gas; shared by the transfers of its block.
  EXPECT_GT(p["l1_gas_per_tx"].get<double>(), 1000);
  EXPECT_LT(p["l1_gas_per_tx"].get<double>(), 100'000);
  EXPECT_GT(p["l1_bytes_per_tx"].get<double>(), 0);
  // A coin in a block seconds old waits until block time + twice the 7-day exit period.
  EXPECT_GE(p["withdrawal_s"].get<double>(), 14.0 * 86400 - 3600);
  EXPECT_LE(p["withdrawal_s"].get<double>(), 14.0 * 86400 + 3600);
  EXPECT_GE(p["finality_s"].get<double>(), 768);
  EXPECT_NE(p["capital_locked_wei"].get<std::string>(), "0");

  // The screenshot: each chart's section holds Plasma's colour where its bar or box is drawn.
  const auto shot = dir / "shot.png";
  const int height = compare::kHtmlHeaderPx + 4 * compare::kHtmlChartPx + 40;
  const std::string cmd = "timeout 120 " + chromium + " --headless --no-sandbox --disable-gpu --hide-scrollbars " +
                          "--force-device-scale-factor=1 --virtual-time-budget=2000 --user-data-dir=" + (dir / "profile").string() +
                          " --window-size=" + std::to_string(compare::kHtmlWidthPx) + "," + std::to_string(height) +
                          " --screenshot=" + shot.string() + " file://" + html.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto img = read_png(shot);
  ASSERT_TRUE(img.has_value());
  ASSERT_GE(img->width, compare::kHtmlWidthPx);
  ASSERT_GE(img->height, compare::kHtmlHeaderPx + 4 * compare::kHtmlChartPx);
  // A bar is at least 3 px wide (the smallest beside the largest), so each family's drawing in
  // each chart covers at least about a hundred pixels.
  for (const char* family : {"channels", "sidechain", "plasma"}) {
    const Rgb color = parse_color(compare::family_color(family));
    EXPECT_EQ(count_color(*img, 0, compare::kHtmlHeaderPx, color), 0U) << "the header has no chart";
    for (int k = 0; k < 4; ++k) {
      const int top = compare::kHtmlHeaderPx + k * compare::kHtmlChartPx + compare::kHtmlChartTitlePx;
      const std::size_t drawn = count_color(*img, top, top + compare::kHtmlChartPx - compare::kHtmlChartTitlePx, color);
      EXPECT_GT(drawn, 60U) << "chart " << compare::kHtmlCharts[k] << " has no " << family << " drawing";
    }
  }
}

TEST(CompareReport, BadFlagsAreRefusedWithTheReason) {
  EXPECT_NE(run_xway("compare --workload dex").status, 0);
  EXPECT_NE(run_xway("compare --families plasma,lightning").status, 0);
  EXPECT_NE(run_xway("compare --users 1").status, 0);
  EXPECT_NE(run_xway("compare --from /nonexistent/report.json").status, 0);
}

TEST(CompareReport, ASavedReportRendersAgainWithoutRunning) {
  store::TempDir dir;
  const auto json = dir / "saved.json";
  std::ofstream(json) << R"({"workload":"game","l1":{"client":"anvil/v1","hardfork":"prague"},"families":{)"
                         R"("plasma":{"status":"measured","tps":12.5,"confirm_ms_p50":100,"confirm_ms_p99":200,)"
                         R"("l1_gas_per_tx":5000,"l1_bytes_per_tx":3,"finality_s":800,"withdrawal_s":1209600,)"
                         R"("capital_locked_wei":"1000000000000000000","trust":"t","txs":10,"errors":0}}})";
  const auto md = dir / "out.md";
  const auto run = run_xway("compare --from " + json.string() + " --markdown " + md.string());
  ASSERT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("12.5"), std::string::npos);
  std::ifstream in(md);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_NE(s.str().find("**game**: plasma"), std::string::npos);
}

}  // namespace
}  // namespace xway::e2e
