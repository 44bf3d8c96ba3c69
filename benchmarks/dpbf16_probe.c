// Probe for the next decoding lever (not part of the build): the half kernel's 6-row register blocking with
// AVX-512 BF16 dot products (vdpbf16ps: two bf16 products per F32 lane, activations rounded to bf16 too) instead
// of F32 FMAs on widened halves. Weights and inputs are dummies; it measures throughput only.
//
//   clang -O3 benchmarks/dpbf16_probe.c -o /tmp/dpbf16_probe && for s in "960 576" "3072 576" "576 1536" \
//       "49152 576"; do /tmp/dpbf16_probe $s; done
//
// Packed layout: panel of 16 output columns, (I/2, 16, 2) bf16 pairs; inputs (M, I/2) bf16 pairs. M = 16.
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
// bf16 pairs panel: (I/2, 16, 2) ; inp bf16 (M, I)
__attribute__((target("avx512f,avx512bf16")))
static void dp_block6(float *out, long ldc, const uint32_t *inp /*pairs*/, long ldp, const uint16_t *panel, long I){
  __m512 acc[6]; for(int r=0;r<6;r++) acc[r]=_mm512_setzero_ps();
  for(long k=0;k<I/2;k++){
    __m512bh w=(__m512bh)_mm512_loadu_si512(panel+k*32);
    for(int r=0;r<6;r++){ __m512bh x=(__m512bh)_mm512_set1_epi32(inp[r*ldp+k]); acc[r]=_mm512_dpbf16_ps(acc[r],x,w);} }
  for(int r=0;r<6;r++) _mm512_storeu_ps(out+r*ldc,acc[r]);
}
__attribute__((target("avx512f,avx512bf16")))
static void dp_block4(float *out, long ldc, const uint32_t *inp, long ldp, const uint16_t *panel, long I){
  __m512 acc[4]; for(int r=0;r<4;r++) acc[r]=_mm512_setzero_ps();
  for(long k=0;k<I/2;k++){
    __m512bh w=(__m512bh)_mm512_loadu_si512(panel+k*32);
    for(int r=0;r<4;r++){ __m512bh x=(__m512bh)_mm512_set1_epi32(inp[r*ldp+k]); acc[r]=_mm512_dpbf16_ps(acc[r],x,w);} }
  for(int r=0;r<4;r++) _mm512_storeu_ps(out+r*ldc,acc[r]);
}
int main(int argc,char**argv){
  long M=16,O=atol(argv[1]),I=atol(argv[2]);
  uint16_t *W=aligned_alloc(64,O*I*2); for(long i=0;i<O*I;i++) W[i]=0x3c00+(i%7);
  uint32_t *X=aligned_alloc(64,M*I*2); for(long i=0;i<M*I/2;i++) X[i]=0x3f803f80;
  float *out=aligned_alloc(64,M*O*4);
  double best=1e9;
  for(int rep=0;rep<9;rep++){ double t=now();
    for(long o=0;o<O;o+=16){ const uint16_t*p=W+o*I; dp_block6(out+o,O,X,I/2,p,I); dp_block6(out+6*O+o,O,X+6*I/2,I/2,p,I); dp_block4(out+12*O+o,O,X+12*I/2,I/2,p,I);} 
    t=now()-t; if(t<best)best=t; }
  printf("dpbf16 O %ld I %ld: %.3f ms %.1f GFLOP/s\n",O,I,best*1e3,2.0*M*O*I/best/1e9);
}
