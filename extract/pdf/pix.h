// Internal to the OCR path: owning handles for Leptonica objects, so no raw Leptonica pointer outlives the
// function that received it.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>

namespace jx::extract {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
struct BoxaDeleter {
  void operator()(BOXA* b) const { boxaDestroy(&b); }
};
struct BoxDeleter {
  void operator()(BOX* b) const { boxDestroy(&b); }
};
struct NumaDeleter {
  void operator()(NUMA* n) const { numaDestroy(&n); }
};
struct PixaDeleter {
  void operator()(PIXA* p) const { pixaDestroy(&p); }
};
struct PtaDeleter {
  void operator()(PTA* p) const { ptaDestroy(&p); }
};

using PixPtr = std::unique_ptr<PIX, PixDeleter>;
using BoxaPtr = std::unique_ptr<BOXA, BoxaDeleter>;
using BoxPtr = std::unique_ptr<BOX, BoxDeleter>;
using NumaPtr = std::unique_ptr<NUMA, NumaDeleter>;
using PixaPtr = std::unique_ptr<PIXA, PixaDeleter>;
using PtaPtr = std::unique_ptr<PTA, PtaDeleter>;

}  // namespace jx::extract
