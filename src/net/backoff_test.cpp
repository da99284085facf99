#include "net/backoff.hpp"

#include <gtest/gtest.h>

namespace xway::net {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyWithoutJitterAtMidpoint) {
  const Backoff b{milliseconds(100), milliseconds(10'000), 2.0, 0.2};
  EXPECT_EQ(backoff_delay(b, 0, 0.5), milliseconds(100));
  EXPECT_EQ(backoff_delay(b, 1, 0.5), milliseconds(200));
  EXPECT_EQ(backoff_delay(b, 2, 0.5), milliseconds(400));
  EXPECT_EQ(backoff_delay(b, 5, 0.5), milliseconds(3'200));
}

TEST(Backoff, StopsAtTheCeilingEvenForHugeAttemptCounts) {
  const Backoff b{milliseconds(100), milliseconds(1'000), 2.0, 0.0};
  EXPECT_EQ(backoff_delay(b, 4, 0.9), milliseconds(1'000));
  EXPECT_EQ(backoff_delay(b, 4'000'000'000u, 0.1), milliseconds(1'000));
}

TEST(Backoff, JitterStaysWithinItsBand) {
  const Backoff b{milliseconds(1'000), milliseconds(10'000), 2.0, 0.25};
  EXPECT_EQ(backoff_delay(b, 0, 0.0), milliseconds(750));
  EXPECT_EQ(backoff_delay(b, 0, 1.0), milliseconds(1'250));
  for (double u = 0; u < 1.0; u += 0.01) {
    const auto d = backoff_delay(b, 1, u);
    EXPECT_GE(d, milliseconds(1'500));
    EXPECT_LE(d, milliseconds(2'500));
  }
}

}  // namespace
}  // namespace xway::net
