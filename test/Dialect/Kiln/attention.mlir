// Round trip of kiln.attention, tensor and memref forms.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @tensor_plain
// CHECK: %{{.*}} = kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<?x4x5x8xf32>, tensor<?x4x7x8xf32>, tensor<?x4x7x6xf32>) outs(%{{.*}} : tensor<?x4x5x6xf32>) {scale = 0.353553385 : f32} -> tensor<?x4x5x6xf32>
func.func @tensor_plain(%q: tensor<?x4x5x8xf32>, %k: tensor<?x4x7x8xf32>, %v: tensor<?x4x7x6xf32>,
                        %init: tensor<?x4x5x6xf32>) -> tensor<?x4x5x6xf32> {
  %0 = kiln.attention ins(%q, %k, %v : tensor<?x4x5x8xf32>, tensor<?x4x7x8xf32>, tensor<?x4x7x6xf32>) outs(%init : tensor<?x4x5x6xf32>) {scale = 0.353553385 : f32} -> tensor<?x4x5x6xf32>
  return %0 : tensor<?x4x5x6xf32>
}

// CHECK-LABEL: func.func @tensor_gqa_bool_mask_causal
// CHECK: kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}}, mask %{{.*}} : tensor<2x4x5x8xf32>, tensor<2x2x7x8xf32>, tensor<2x2x7x8xf32>, tensor<2x1x5x7xi1>) outs(%{{.*}} : tensor<2x4x5x8xf32>) {causal = #kiln.causal<bottom_right>, scale = 5.000000e-01 : f32} -> tensor<2x4x5x8xf32>
func.func @tensor_gqa_bool_mask_causal(%q: tensor<2x4x5x8xf32>, %k: tensor<2x2x7x8xf32>, %v: tensor<2x2x7x8xf32>,
                                       %m: tensor<2x1x5x7xi1>, %init: tensor<2x4x5x8xf32>) -> tensor<2x4x5x8xf32> {
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<2x4x5x8xf32>, tensor<2x2x7x8xf32>, tensor<2x2x7x8xf32>, tensor<2x1x5x7xi1>) outs(%init : tensor<2x4x5x8xf32>) {scale = 0.5 : f32, causal = #kiln.causal<bottom_right>} -> tensor<2x4x5x8xf32>
  return %0 : tensor<2x4x5x8xf32>
}

// The default causal mode (none) is not printed.
// CHECK-LABEL: func.func @memref_additive_mask
// CHECK: kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}}, mask %{{.*}} : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>, memref<1x1x1x6xf32>) outs(%{{.*}} : memref<1x2x3x5xf32>) {scale = 1.000000e+00 : f32}{{$}}
// CHECK: kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>) outs(%{{.*}} : memref<1x2x3x5xf32>) {causal = #kiln.causal<top_left>, scale = 2.500000e-01 : f32}{{$}}
func.func @memref_additive_mask(%q: memref<1x2x3x4xf32>, %k: memref<1x2x6x4xf32>, %v: memref<1x2x6x5xf32>,
                                %m: memref<1x1x1x6xf32>, %init: memref<1x2x3x5xf32>) {
  kiln.attention ins(%q, %k, %v, mask %m : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>, memref<1x1x1x6xf32>) outs(%init : memref<1x2x3x5xf32>) {scale = 1.0 : f32, causal = #kiln.causal<none>}
  kiln.attention ins(%q, %k, %v : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>) outs(%init : memref<1x2x3x5xf32>) {scale = 0.25 : f32, causal = #kiln.causal<top_left>}
  return
}

// The probabilities as a second init and result; the additive score with
// its weights; an exact mask fill and zeroed masked probabilities.
// CHECK-LABEL: func.func @tensor_probs_additive
// CHECK: %{{.*}}:2 = kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}}, mask %{{.*}} : tensor<?x4x5x8xf32>, tensor<?x4x7x8xf32>, tensor<?x4x7x6xf32>, tensor<?x1x5x7xi1>) score_weights(%{{.*}} : tensor<8xf32>) outs(%{{.*}}, probs %{{.*}} : tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>) {mask_fill = 0xFF800000 : f32, scale = 5.000000e-01 : f32, score = #kiln.score<additive>, tanh_scale = 2.000000e+00 : f32, zero_masked} -> tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>
func.func @tensor_probs_additive(%q: tensor<?x4x5x8xf32>, %k: tensor<?x4x7x8xf32>, %v: tensor<?x4x7x6xf32>,
                                 %m: tensor<?x1x5x7xi1>, %w: tensor<8xf32>, %init: tensor<?x4x5x6xf32>,
                                 %probs: tensor<?x4x5x7xf32>) -> (tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>) {
  %0:2 = kiln.attention ins(%q, %k, %v, mask %m : tensor<?x4x5x8xf32>, tensor<?x4x7x8xf32>, tensor<?x4x7x6xf32>, tensor<?x1x5x7xi1>) score_weights(%w : tensor<8xf32>) outs(%init, probs %probs : tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>) {scale = 0.5 : f32, score = #kiln.score<additive>, tanh_scale = 2.0 : f32, mask_fill = 0xFF800000 : f32, zero_masked} -> tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>
  return %0#0, %0#1 : tensor<?x4x5x6xf32>, tensor<?x4x5x7xf32>
}

// The memref form writes both inits.
// CHECK-LABEL: func.func @memref_probs
// CHECK: kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>) outs(%{{.*}}, probs %{{.*}} : memref<1x2x3x5xf32>, memref<1x2x3x6xf32>) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}{{$}}
func.func @memref_probs(%q: memref<1x2x3x4xf32>, %k: memref<1x2x6x4xf32>, %v: memref<1x2x6x5xf32>,
                        %init: memref<1x2x3x5xf32>, %p: memref<1x2x3x6xf32>) {
  kiln.attention ins(%q, %k, %v : memref<1x2x3x4xf32>, memref<1x2x6x4xf32>, memref<1x2x6x5xf32>) outs(%init, probs %p : memref<1x2x3x5xf32>, memref<1x2x3x6xf32>) {scale = 1.0 : f32, mask_fill = -1.0e9 : f32}
  return
}
