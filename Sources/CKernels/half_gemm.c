// Half-precision weight kernels: see ckernels.h for the packed layout and the contract.
//
// The AVX2 kernel is an outer-product micro-kernel over one panel: R ≤ 6 rows × 16 columns of F32 accumulators
// (12 ymm registers); per k it converts the panel's 16 halves once (two 8-wide conversions), broadcasts each row's
// input and issues 2·R FMAs. Rows of one panel are walked 6 at a time while the panel stays in L1/L2, so each weight
// is read from memory once per call whatever M is. The scalar loops compute exactly the same fused multiply-adds in
// the same order, so both paths agree bit for bit.
#include "ckernels.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

static int force_scalar = 0;

void ck_force_scalar(int scalar) { force_scalar = scalar; }

int ck_has_avx2(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

static inline int use_avx2(void) { return !force_scalar && ck_has_avx2(); }

// ---- Portable conversions (round to nearest even) ----

static inline uint32_t float_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float bits_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static inline uint16_t float_to_bf16(float f) {
    uint32_t u = float_bits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x40);  // NaN stays NaN
    return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

static inline float bf16_to_float(uint16_t h) { return bits_float((uint32_t)h << 16); }

// F32 -> binary16, round to nearest even, with subnormals, overflow to infinity and NaN kept (F. Giesen's
// float_to_half_fast3_rtne).
static inline uint16_t float_to_f16(float f) {
    uint32_t x = float_bits(f);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    uint32_t a = x & 0x7FFFFFFFu;
    if (a > 0x7F800000u) return sign | 0x7E00u;           // NaN
    if (a >= 0x477FF000u) return sign | 0x7C00u;          // rounds to infinity (|f| >= 65520)
    if (a < 0x38800000u) {                                // half subnormal or zero: let F32 addition round
        float v = bits_float(a) + 0.5f;
        return sign | (uint16_t)(float_bits(v) - 0x3F000000u);
    }
    a += 0xC8000FFFu + ((a >> 13) & 1u);                  // rebias exponent by -112, round to nearest even
    return sign | (uint16_t)(a >> 13);
}

static inline float f16_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exponent = (h >> 10) & 0x1Fu, mantissa = h & 0x3FFu;
    if (exponent == 0) {
        float v = (float)mantissa * 5.9604644775390625e-8f;  // mantissa · 2^-24, exact
        return bits_float(float_bits(v) | sign);
    }
    if (exponent == 31) return bits_float(sign | 0x7F800000u | (mantissa << 13));
    return bits_float(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

static inline float half_to_float(uint16_t h, int format) {
    return format == CK_BF16 ? bf16_to_float(h) : f16_to_float(h);
}

void ck_half_to_float(float *out, const uint16_t *in, long n, int format) {
    for (long i = 0; i < n; i++) out[i] = half_to_float(in[i], format);
}

// ---- Packing ----

void ck_pack_half(uint16_t *packed, const float *w, long O, long I, long p0, long p1, int format) {
    for (long p = p0; p < p1; p++) {
        uint16_t *panel = packed + p * I * CK_PANEL;
        for (long j = 0; j < CK_PANEL; j++) {
            long o = p * CK_PANEL + j;
            if (o >= O) {
                for (long k = 0; k < I; k++) panel[k * CK_PANEL + j] = 0;
                continue;
            }
            const float *row = w + o * I;
            if (format == CK_BF16) {
                for (long k = 0; k < I; k++) panel[k * CK_PANEL + j] = float_to_bf16(row[k]);
            } else {
                for (long k = 0; k < I; k++) panel[k * CK_PANEL + j] = float_to_f16(row[k]);
            }
        }
    }
}

// ---- Scalar fallback ----

static void gemm_scalar(float *out, long ldc, const float *inp, long lda, const uint16_t *packed, long M, long I,
                        long o0, long o1, int format) {
    for (long o = o0; o < o1; o++) {
        const uint16_t *panel = packed + (o / CK_PANEL) * I * CK_PANEL + (o % CK_PANEL);
        for (long m = 0; m < M; m++) {
            const float *x = inp + m * lda;
            float acc = 0;
            for (long k = 0; k < I; k++) acc = fmaf(x[k], half_to_float(panel[k * CK_PANEL], format), acc);
            out[m * ldc + o] = acc;
        }
    }
}

// ---- AVX2 + FMA + F16C ----

#define CK_AVX2 __attribute__((target("avx2,fma,f16c")))

static inline CK_AVX2 __attribute__((always_inline)) __m256 load8(const uint16_t *p, int format) {
    __m128i h = _mm_loadu_si128((const __m128i *)p);
    if (format == CK_BF16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    return _mm256_cvtph_ps(h);
}

// R rows × one panel (16 columns), `cols` of which are written (< 16 only for the last panel of a matrix). With
// `next`, the first rows of a panel also prefetch the next panel (one cache line every other k: the rate they
// consume this one), so it arrives from memory while this one is multiplied.
static inline CK_AVX2 __attribute__((always_inline)) void block(
    const int R, float *out, long ldc, const float *inp, long lda, const uint16_t *panel, long I, long cols,
    const int format, const uint16_t *next) {
    __m256 acc[6][2];
    for (int r = 0; r < R; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (long k = 0; k < I; k++) {
        if (next && (k & 1) == 0) _mm_prefetch((const char *)(next + k * CK_PANEL), _MM_HINT_T0);
        __m256 w0 = load8(panel + k * CK_PANEL, format);
        __m256 w1 = load8(panel + k * CK_PANEL + 8, format);
        for (int r = 0; r < R; r++) {
            __m256 x = _mm256_broadcast_ss(inp + r * lda + k);
            acc[r][0] = _mm256_fmadd_ps(x, w0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, w1, acc[r][1]);
        }
    }
    if (cols == CK_PANEL) {
        for (int r = 0; r < R; r++) {
            _mm256_storeu_ps(out + r * ldc, acc[r][0]);
            _mm256_storeu_ps(out + r * ldc + 8, acc[r][1]);
        }
    } else {
        float tmp[CK_PANEL];
        for (int r = 0; r < R; r++) {
            _mm256_storeu_ps(tmp, acc[r][0]);
            _mm256_storeu_ps(tmp + 8, acc[r][1]);
            memcpy(out + r * ldc, tmp, (size_t)cols * sizeof(float));
        }
    }
}

#define CK_BLOCK(R, FORMAT, NEXT) block(R, out + m * ldc + o, ldc, inp + m * lda, lda, panel, I, cols, FORMAT, NEXT)

#define CK_BLOCKS(NAME, FORMAT)                                                                                        \
    static CK_AVX2 void NAME(float *out, long ldc, const float *inp, long lda, const uint16_t *packed, long M,      \
                             long I, long o0, long o1) {                                                             \
        for (long o = o0; o < o1; o += CK_PANEL) {                                                                   \
            const uint16_t *panel = packed + (o / CK_PANEL) * I * CK_PANEL;                                          \
            const uint16_t *next = o + CK_PANEL < o1 ? panel + I * CK_PANEL : 0;                                     \
            long cols = o1 - o < CK_PANEL ? o1 - o : CK_PANEL;                                                       \
            long m = 0;                                                                                              \
            for (; m + 6 <= M; m += 6) CK_BLOCK(6, FORMAT, m == 0 ? next : 0);                                       \
            switch (M - m) {                                                                                         \
            case 5: CK_BLOCK(5, FORMAT, m == 0 ? next : 0); break;                                                   \
            case 4: CK_BLOCK(4, FORMAT, m == 0 ? next : 0); break;                                                   \
            case 3: CK_BLOCK(3, FORMAT, m == 0 ? next : 0); break;                                                   \
            case 2: CK_BLOCK(2, FORMAT, m == 0 ? next : 0); break;                                                   \
            case 1: CK_BLOCK(1, FORMAT, m == 0 ? next : 0); break;                                                   \
            default: break;                                                                                          \
            }                                                                                                        \
        }                                                                                                            \
    }

CK_BLOCKS(gemm_avx2_f16, CK_F16)
CK_BLOCKS(gemm_avx2_bf16, CK_BF16)

static CK_AVX2 void unpack_avx2(float *out, long ldo, const uint16_t *packed, long I, long p0, long p1,
                                int format) {
    for (long p = p0; p < p1; p++) {
        const uint16_t *panel = packed + p * I * CK_PANEL;
        float *column = out + (p - p0) * CK_PANEL;
        for (long k = 0; k < I; k++) {
            _mm256_storeu_ps(column + k * ldo, load8(panel + k * CK_PANEL, format));
            _mm256_storeu_ps(column + k * ldo + 8, load8(panel + k * CK_PANEL + 8, format));
        }
    }
}

void ck_unpack_panels(float *out, long ldo, const uint16_t *packed, long I, long p0, long p1, int format) {
    if (use_avx2()) {
        unpack_avx2(out, ldo, packed, I, p0, p1, format);
        return;
    }
    for (long p = p0; p < p1; p++)
        for (long k = 0; k < I; k++)
            for (long j = 0; j < CK_PANEL; j++)
                out[k * ldo + (p - p0) * CK_PANEL + j] = half_to_float(packed[(p * I + k) * CK_PANEL + j], format);
}

void ck_gemm_half(float *out, long ldc, const float *inp, long lda, const uint16_t *packed, long M, long I,
                  long o0, long o1, int format) {
    if (M <= 0 || o1 <= o0) return;
    if (use_avx2()) {
        if (format == CK_BF16) gemm_avx2_bf16(out, ldc, inp, lda, packed, M, I, o0, o1);
        else gemm_avx2_f16(out, ldc, inp, lda, packed, M, I, o0, o1);
    } else {
        gemm_scalar(out, ldc, inp, lda, packed, M, I, o0, o1, format);
    }
}
