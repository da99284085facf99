#pragma once
/// Checks a trace against its statement before anything is committed.
#include "core/result.hpp"
#include "stark/air/air.hpp"
#include "stark/prover/prover.hpp"

namespace xway::stark {

/// Ok when `trace` has the statement's shape, meets every assertion, and every transition
/// constraint is zero on rows 0 .. n-2.
expected<void, ProverError> check_trace(const Air& air, const Trace& trace);

}  // namespace xway::stark
