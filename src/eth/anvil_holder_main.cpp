// Test helper: starts anvil, prints "<own pid> <anvil pid> <url>" and waits to be killed. The
// e2e test SIGKILLs this process and checks that anvil dies with it (PR_SET_PDEATHSIG).
#include <cstdio>

#include <unistd.h>

#include "eth/anvil.hpp"

int main() {
  auto anvil = xway::eth::Anvil::start();
  if (!anvil) {
    std::fprintf(stderr, "%s\n", anvil.error().message.c_str());
    return 1;
  }
  std::printf("%d %d %s\n", static_cast<int>(::getpid()), static_cast<int>((*anvil)->pid()), (*anvil)->url().c_str());
  std::fflush(stdout);
  for (;;) ::pause();
}
