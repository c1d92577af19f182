/*
 * sha256.c - SHA-256 (FIPS 180-4) for the store's content hashes.
 *
 * None of the libraries pactum may depend on exports a SHA-256 function
 * (OpenSSL is not among them), so this is a small implementation: a 64-byte
 * block buffer, big-endian length padding, and two block functions with the
 * same result: the standard 64-round compression in plain C, and, on x86-64
 * processors with the SHA extensions (Intel since Goldmont/Ice Lake, AMD
 * since Zen), the same rounds with the SHA-NI instructions, about twenty
 * times fewer instructions per byte (the hash of every file added was 8% of
 * `pactum add`). The processor is asked once (cpuid, under pthread_once);
 * the plain path is used everywhere else, and under tools that emulate a
 * processor without the extensions. Both are checked against the FIPS test
 * vectors in tests/unit/test_store.c (pct_sha256__accel switches paths).
 * Not constant-time; it hashes public documents.
 *
 * Invariant: ctx->len counts bytes absorbed; ctx->buf holds len % 64 of them.
 */
#include "store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PCT_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_c(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
    h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

static void blocks_c(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
    for (; nblocks; nblocks--, p += 64)
        compress_c(h, p);
}

#ifdef PCT_SHA_NI
/* The 64 rounds as 16 groups of four with the SHA-NI instructions. The state
 * lives in two registers as ABEF and CDGH (the order sha256rnds2 wants);
 * msg[g % 4] holds the schedule words W[4g .. 4g+3]: sha256msg1 and
 * sha256msg2 compute the next words three groups and one group ahead. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_ni(uint32_t h[8],
                                                                   const unsigned char *p,
                                                                   size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
    t = _mm_shuffle_epi32(t, 0xB1);         /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);       /* EFGH */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8); /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);      /* CDGH */
    for (; nblocks; nblocks--, p += 64) {
        __m128i abef = s0, cdgh = s1, msg[4];
        for (int g = 0; g < 4; g++)
            msg[g] = _mm_shuffle_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)), bswap);
        for (int g = 0; g < 16; g++) {
            __m128i m = _mm_add_epi32(msg[g & 3],
                                      _mm_loadu_si128((const __m128i *)(const void *)&K[4 * g]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, m);
            if (g >= 3 && g < 15) { /* W of group g + 1 */
                __m128i *next = &msg[(g + 1) & 3];
                *next = _mm_add_epi32(*next, _mm_alignr_epi8(msg[g & 3], msg[(g + 3) & 3], 4));
                *next = _mm_sha256msg2_epu32(*next, msg[g & 3]);
            }
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
            if (g >= 1 && g <= 12) /* first half of W of group g + 3 */
                msg[(g + 3) & 3] = _mm_sha256msg1_epu32(msg[(g + 3) & 3], msg[g & 3]);
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);  /* DCHG */
    s0 = _mm_blend_epi16(t, s1, 0xF0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, t, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)(void *)&h[0], s0);
    _mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

static int cpu_has_sha_ni(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    return (b & (1u << 29)) != 0; /* CPUID.(EAX=7,ECX=0):EBX.SHA[bit 29] */
}
#endif

typedef void (*blocks_fn)(uint32_t h[8], const unsigned char *p, size_t nblocks);

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static int have_accel;   /* written once, under probe_once */
static atomic_int accel_off; /* tests: 1 forces the plain path */

static void probe(void)
{
#ifdef PCT_SHA_NI
    have_accel = cpu_has_sha_ni();
#endif
}

static blocks_fn blocks(void)
{
    pthread_once(&probe_once, probe);
#ifdef PCT_SHA_NI
    if (have_accel && !atomic_load_explicit(&accel_off, memory_order_relaxed))
        return blocks_ni;
#endif
    return blocks_c;
}

int pct_sha256__accel(int enable)
{
    pthread_once(&probe_once, probe);
    atomic_store_explicit(&accel_off, !enable, memory_order_relaxed);
    return have_accel;
}

static void compress(uint32_t h[8], const unsigned char *p) { blocks()(h, p, 1); }

void pct_sha256__init(pct_sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->len = 0;
}

void pct_sha256__update(pct_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t have = (size_t)(s->len % 64);
    s->len += n;
    if (have) {
        size_t take = 64 - have < n ? 64 - have : n;
        memcpy(s->buf + have, p, take);
        p += take, n -= take, have += take;
        if (have < 64)
            return;
        compress(s->h, s->buf);
    }
    if (n >= 64) {
        blocks()(s->h, p, n / 64);
        p += n / 64 * 64;
        n %= 64;
    }
    memcpy(s->buf, p, n);
}

void pct_sha256__final(pct_sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->len * 8;
    size_t have = (size_t)(s->len % 64);
    s->buf[have++] = 0x80;
    if (have > 56) {
        memset(s->buf + have, 0, 64 - have);
        compress(s->h, s->buf);
        have = 0;
    }
    memset(s->buf + have, 0, 56 - have);
    for (int i = 0; i < 8; i++)
        s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(s->h, s->buf);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void pct_sha256__hex(const void *data, size_t n, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    pct_sha256 s;
    unsigned char d[32];
    pct_sha256__init(&s);
    pct_sha256__update(&s, data, n);
    pct_sha256__final(&s, d);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}
