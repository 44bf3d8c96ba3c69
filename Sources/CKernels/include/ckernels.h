// Hand-written kernels the engine needs and OpenBLAS lacks: half-precision weights times F32 activations.
// Only the Tensors module imports this (Tensors/HalfGEMM.swift).
//
// A packed half matrix holds W (O, I), row-major in F32, as panels of CK_PANEL output columns: panel p is
// (I, CK_PANEL), element (k, j) = W[p*CK_PANEL + j][k], at packed[(p*I + k)*CK_PANEL + j]. Columns past O are zero.
// Formats: 0 = IEEE binary16 (F16), 1 = bfloat16 (BF16), both rounded to nearest even from F32.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

#define CK_PANEL 16

enum { CK_F16 = 0, CK_BF16 = 1 };

/// Packs panels [p0, p1) of w (O, I) F32 into `packed` (ceil(O/CK_PANEL) panels of I·CK_PANEL halves).
void ck_pack_half(uint16_t *packed, const float *w, long O, long I, long p0, long p1, int format);

/// out (M, ·) with leading dimension ldc, columns [o0, o1) = inp (M, I) (leading dimension lda) · Wᵀ, W packed by
/// ck_pack_half; o0 a multiple of CK_PANEL. Each output is accumulated in F32 over k = 0..I-1 in order, one fused
/// multiply-add per k (so every path gives the same bits as that loop).
void ck_gemm_half(float *out, long ldc, const float *inp, long lda, const uint16_t *packed, long M, long I,
                  long o0, long o1, int format);

/// Widens panels [p0, p1) to F32 side by side: out[k*ldo + (p-p0)*CK_PANEL + j] = W[p*CK_PANEL + j][k], the
/// (I, columns) operand an sgemm reads untransposed.
void ck_unpack_panels(float *out, long ldo, const uint16_t *packed, long I, long p0, long p1, int format);

/// Converts n halves to F32.
void ck_half_to_float(float *out, const uint16_t *in, long n, int format);

/// 1 when the AVX2 + FMA + F16C kernels run on this CPU, 0 when the portable scalar loops do.
int ck_has_avx2(void);

/// Forces the scalar loops (1) or lets the CPU decide (0); for tests of the fallback.
void ck_force_scalar(int scalar);

#endif
