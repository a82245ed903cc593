//===- VectorMath.h - SIMD vectors and fast exp/sigmoid/tanh --------------===//
//
// GCC vector extensions as wide as the instruction set the including file is
// compiled for (64 bytes with AVX-512, 32 with AVX2, 16 otherwise), and
// vectorized sigmoid and tanh accurate to about 3e-7 relative (measured
// against double precision over [-100, 100]; RecurrenceTest checks them
// through single SimpleRNN steps) and exp (AttentionTest checks it through
// two-key softmaxes).
//
// Only for the per-instruction-set builds of the kernels
// (RecurrenceKernel.cpp, AttentionKernel.cpp).
// Everything is in an anonymous namespace on purpose: each build must keep
// its own copy (with external linkage the linker could pick the AVX-512 copy
// for the generic build).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_VECTORMATH_H
#define KILN_RUNTIME_VECTORMATH_H

#include <cstdint>
#include <cstring>

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace kiln::rt {
namespace {

#if defined(__AVX512F__)
constexpr int kVectorBytes = 64;
#elif defined(__AVX2__)
constexpr int kVectorBytes = 32;
#else
constexpr int kVectorBytes = 16;
#endif
constexpr int kLanes = kVectorBytes / sizeof(float);

typedef float VecF __attribute__((vector_size(kVectorBytes)));
typedef int32_t VecI __attribute__((vector_size(kVectorBytes)));

/// Unaligned load and store (memcpy compiles to one vmovups).
inline VecF loadVec(const float *p) {
  VecF v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline void storeVec(float *p, VecF v) { std::memcpy(p, &v, sizeof(v)); }

/// kLanes signed bytes from any address, as floats. (The widening by
/// intrinsics: GCC 12 expands __builtin_convertvector from bytes lane by
/// lane. Their maskz form, as in reciprocal.)
inline VecF loadBytesAsFloats(const int8_t *p) {
#if defined(__AVX512F__)
  __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
  VecI ints = (VecI)_mm512_maskz_cvtepi8_epi32(__mmask16(-1), bytes);
#elif defined(__AVX2__)
  __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p));
  VecI ints = (VecI)_mm256_cvtepi8_epi32(bytes);
#else
  VecI ints;
  for (int i = 0; i < kLanes; ++i)
    ints[i] = p[i];
#endif
  return __builtin_convertvector(ints, VecF);
}

/// x in every lane. (x - 0, not 0 + x: x - 0 is x for every x, so the
/// compiler emits a bare broadcast; 0 + x turns -0 into +0 and costs an add.)
inline VecF splat(float x) { return x - VecF{}; }
inline VecF minVec(VecF a, VecF b) { return a < b ? a : b; }
inline VecF maxVec(VecF a, VecF b) { return a > b ? a : b; }
inline VecF clampVec(VecF x, float lo, float hi) {
  return minVec(maxVec(x, splat(lo)), splat(hi));
}

/// 1 / d to about 1e-7 relative: the hardware estimate refined by one
/// Newton step is several times cheaper than a division.
inline VecF reciprocal(VecF d) {
#if defined(__SSE__)
#if defined(__AVX512F__)
  // (The maskz form: the plain one trips -Wmaybe-uninitialized in GCC 12.)
  VecF r = _mm512_maskz_rcp14_ps(__mmask16(-1), d); // rel. error 2^-14
#elif defined(__AVX2__)
  VecF r = _mm256_rcp_ps(d); // relative error 1.5 * 2^-12
#else
  VecF r = _mm_rcp_ps(d);
#endif
  return r * (2.f - d * r);
#else
  return 1.f / d;
#endif
}

/// e^x for x in [-87, 88] (Cephes' expf: x = n ln2 + r, |r| <= ln2 / 2, a
/// degree-6 polynomial for e^r, 2^n built in the exponent bits).
inline VecF expVec(VecF x) {
  // Adding 1.5 * 2^23 rounds to an integer, which then sits in the low
  // mantissa bits.
  const float roundingShift = 12582912.f;
  VecF shifted = x * 1.44269504088896341f + roundingShift;
  VecF n = shifted - roundingShift;
  VecF r = x - n * 0.693359375f; // ln 2 in two parts, exact product first
  r = r - n * -2.12194440e-4f;
  VecF p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.f;
  VecI exponent = ((VecI)shifted - 0x4B400000 + 127) << 23;
  return p * (VecF)exponent;
}

/// e^x for x <= 0, as softmax weights need it: 0 below -87 (where e^x
/// stops being a normal float and expVec's 2^n would wrap), including
/// x = -inf; NaN stays NaN (the clamp keeps it, the polynomial propagates
/// it). Relative error as expVec's, about 1.2e-7.
inline VecF expNonPositiveVec(VecF x) {
  const float lowest = -87.f;
  VecI underflow = x < lowest;
  VecF clamped = underflow ? splat(lowest) : x;
  return underflow ? VecF{} : expVec(clamped);
}

/// 1 / (1 + e^-x). Inputs are clamped to [-80, 80], where the result is 0
/// or 1 to float precision except for tiny values that stay normal floats.
inline VecF sigmoidVec(VecF x) {
  return reciprocal(1.f + expVec(-clampVec(x, -80.f, 80.f)));
}

/// tanh(x) as the rational approximation Eigen and MLAS use (odd degree-13
/// numerator, even degree-6 denominator), clamped where it reaches +-1.
inline VecF tanhVec(VecF x) {
  const float limit = 7.90531110763549805f;
  x = clampVec(x, -limit, limit);
  VecF x2 = x * x;
  VecF p = splat(-2.76076847742355e-16f);
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * x;
  VecF q = splat(1.19825839466702e-06f);
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return p * reciprocal(q);
}

} // namespace
} // namespace kiln::rt

#endif // KILN_RUNTIME_VECTORMATH_H
