#pragma once
/// libsodium initialisation, done once per process before any primitive is used.

namespace xway::net {

/// Initialises libsodium; safe to call from any thread, any number of times. Throws only if the
/// library cannot initialise (no usable random source), which no caller can recover from.
void ensure_sodium();

}  // namespace xway::net
