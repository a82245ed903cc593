// The pattern families of KerasToLinalg, one file each.
#ifndef KILN_LIB_CONVERSION_KERASTOLINALG_PATTERNS_H
#define KILN_LIB_CONVERSION_KERASTOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {
void populateCoreLayerLowerings(mlir::RewritePatternSet &patterns);
void populateShapeLayerLowerings(mlir::RewritePatternSet &patterns);
void populateMergeLayerLowerings(mlir::RewritePatternSet &patterns);
void populateNormalizationLayerLowerings(mlir::RewritePatternSet &patterns);
void populateConvPoolLayerLowerings(mlir::RewritePatternSet &patterns);
void populateMaskLowerings(mlir::RewritePatternSet &patterns);
void populateAttentionLayerLowerings(mlir::RewritePatternSet &patterns);
void populateRecurrentLayerLowerings(mlir::RewritePatternSet &patterns);
} // namespace kiln

#endif // KILN_LIB_CONVERSION_KERASTOLINALG_PATTERNS_H
