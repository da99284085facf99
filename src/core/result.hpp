#pragma once
/// Error handling shared by every layer: tl::expected with a typed error per module.
///
/// Codecs, crypto and consensus return `tl::expected<T, ModuleError>` where `ModuleError` is an
/// `enum class` of that module with a `describe()` overload. I/O edges and the CLI, which need to
/// carry context across layers, use `Result<T>` whose error is a `Failure` holding one clear line.
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <tl/expected.hpp>

namespace xway {

using tl::expected;
using tl::unexpected;

/// A failure at an I/O edge: one human-readable line naming what was wrong.
struct Failure {
  std::string message;
};

/// The result of an operation that can fail with a `Failure`.
template <class T>
using Result = tl::expected<T, Failure>;

/// Builds an unexpected `Failure` from a format string.
template <class... Args>
[[nodiscard]] unexpected<Failure> fail(fmt::format_string<Args...> f, Args&&... args) {
  return unexpected<Failure>(Failure{fmt::format(f, std::forward<Args>(args)...)});
}

/// Turns a module's typed error into a `Failure` with context, for code at an I/O edge.
/// Requires an overload `std::string_view describe(E)` found by argument-dependent lookup.
template <class E>
[[nodiscard]] unexpected<Failure> fail_with(std::string_view context, E error) {
  return unexpected<Failure>(Failure{fmt::format("{}: {}", context, describe(error))});
}

}  // namespace xway
