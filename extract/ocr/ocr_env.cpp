#include "extract/ocr/ocr_env.h"

#include <unistd.h>

#include <cstdlib>

namespace jx::extract {

void reexec_with_single_thread_openmp(char** argv) {
  if (argv == nullptr || argv[0] == nullptr || std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: exec failed. Carry on with OpenMP's defaults rather than fail.
}

void limit_openmp_for_next_program() {
  if (std::getenv("OMP_THREAD_LIMIT") == nullptr) setenv("OMP_THREAD_LIMIT", "1", 1);
}

}  // namespace jx::extract
