/*
 * probe_floor.c: the per-sample floor of the gain-sweep probe, in plain C.
 *
 *   cc -O2 -o /tmp/probe_floor Examples/benchmark/reference/probe_floor.c -lm
 *   /tmp/probe_floor --activation tanh --gain 1.6666666666666667 --depth 100 --width 128 --batch 128 --seed 0
 *
 * What it computes: the depth experiment of the PyTorch forum thread ("why is
 * calculate_gain('tanh') 5/3"), exactly as the Swift engine's GainSweepProbe does it:
 * D square layers of width W, no bias, weights xavier_normal_(gain), B input samples
 * ~ N(0, 1), h_l = phi(W_l h_{l-1}), loss = sum of the last layer's outputs, backward to
 * every layer's output and to the input. Then, per layer, the population std of the
 * outputs (over batch * width numbers) and the mean |dloss/dh|.
 *
 * The same numbers as the Swift engine, bit for bit where the arithmetic order is the same:
 * - SplitMix64(seed), uniform() = (next() >> 11) * 2^-53, gaussian() by Marsaglia's polar
 *   method (second sample discarded) with the package's portable series logarithm.
 * - Draw order: layer 1..D, each W x W matrix row by row (row i = neuron i), each entry
 *   gaussian(0, gain * sqrt(2 / (fanIn + fanOut))); then B input samples of W numbers.
 * - Forward per sample: u_i = sum_j w_ij h_j accumulated left to right from 0.0, h_i = phi(u_i)
 *   with libm's tanh / expm1 / exp, and the statistics summed in the probe's order.
 * - Backward per sample: g = 1 for every output unit; gu_i = phi'(u_i) * g_i using the
 *   engine's rules (tanh: (1 - t*t) * g from the output t; relu: out > 0; sigmoid: s(1-s);
 *   selu: lambda, or out + lambda*alpha; softsign: g / (1+|u|)^2), then
 *   g_prev_j = sum_i w_ij gu_i, adding over i = 0, 1, ... as the engine's backward does.
 *   Checked against GainSweepProbe.run() (commit e91ccf5) for tanh, relu, selu, sigmoid,
 *   softsign and identity, both orders: every printed statistic (output mean and std,
 *   mean |grad| of every layer and of the input) was identical to all 17 digits.
 *
 * No BLAS, no SIMD intrinsics, no threads: this is what "one multiply-add per weight per
 * sample, twice (forward and backward)" costs on one core when nothing is boxed or
 * recorded, i.e. the floor under any scalar engine. The forward dot product is a serial
 * reduction (the compiler may not reorder it without -ffast-math), the backward loop
 * g_prev[j] += w_ij * gu_i is independent over j and may be vectorized at -O2.
 *
 * Modes (--order):
 *   sample (default): for each sample, the forward through all D layers, then its
 *                     backward; the whole D*W*W weight set streams through the cache
 *                     twice per sample.
 *   batch:            the forward of layer 1 for all samples, then layer 2, ...; then the
 *                     backward layer by layer over the batch: one W*W matrix is reused B
 *                     times while it is in cache. Same arithmetic, same results.
 *
 * Memory: weights D*W*W doubles, outputs and gradients D*B*W doubles each (kept so the
 * statistics are computed afterwards, as the probe does), the input and its gradient
 * B*W each; in batch mode with softsign also the pre-activations (D*B*W).
 *
 * Output: the settings, the output std at layers 10, 20, ..., D (and D), mean |grad| at the
 * input and at layers 1, 10, 50, 99 (those <= D), then
 *   cpu_seconds=X forward_backward_seconds=Y peak_rss_mb=Z
 * (CPU seconds of the whole process including the draws, via getrusage user+system; the
 * forward+backward alone; peak RSS = ru_maxrss / 1024, MiB). --all prints every layer.
 *
 * Flags: --activation tanh|relu|selu|sigmoid|softsign|identity  --gain G  --depth D
 *        --width W  --batch B  --seed S  --order sample|batch  --all
 * Defaults: tanh, 1.6666666666666667, 100, 1000, 100, 0, sample.
 * A usage error prints one line and exits with status 2.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

/* No fused multiply-add: the Swift engine rounds every product and every sum. Baseline
 * x86-64 has no FMA instruction, so `cc -O2` never fuses; with -march=native (or on arm64)
 * add -ffp-contract=off to keep the results bit-identical. */

/* ---------------------------------------------------------------- random numbers */

typedef struct {
  uint64_t state;
} SplitMix64;

static uint64_t next_u64(SplitMix64 *r) {
  r->state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = r->state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static double uniform01(SplitMix64 *r) { return (double)(next_u64(r) >> 11) * 0x1p-53; }

/* The package's portableLog, for 0 < x <= 1. Swift's x.significand is in [1, 2) and
 * x.exponent is frexp's exponent - 1 (frexp gives a mantissa in [0.5, 1)). x is never
 * subnormal here: s = u*u + v*v with u, v multiples of 2^-52, so s > 0 means s >= 2^-104. */
static double portable_log(double x) {
  int fe;
  double fm = frexp(x, &fe);
  double m = fm * 2;
  double e = (double)(fe - 1);
  if (m > 1.4142135623730951) {
    m /= 2;
    e += 1;
  }
  double r = (m - 1) / (m + 1);
  double r2 = r * r;
  double term = r, sum = 0.0, k = 1.0;
  for (;;) {
    double next = sum + term / k;
    if (next == sum) break;
    sum = next;
    term *= r2;
    k += 2;
  }
  return 2 * sum + e * 0.693147180559945309417232121458176568;
}

static double gaussian(SplitMix64 *r, double mean, double std) {
  for (;;) {
    double u = 2 * uniform01(r) - 1;
    double v = 2 * uniform01(r) - 1;
    double s = u * u + v * v;
    if (s > 0 && s < 1) return mean + std * u * sqrt(-2 * portable_log(s) / s);
  }
}

/* ---------------------------------------------------------------- activations */

enum Act { ACT_TANH, ACT_RELU, ACT_SELU, ACT_SIGMOID, ACT_SOFTSIGN, ACT_IDENTITY };
static const char *act_names[] = {"tanh", "relu", "selu", "sigmoid", "softsign", "identity"};

static const double SELU_ALPHA = 1.6732632423543772848170429916717;
static const double SELU_LAMBDA = 1.0507009873554804934193349852946;

static double sigmoid(double x) {
  if (x >= 0) return 1 / (1 + exp(-x));
  double e = exp(x);
  return e / (1 + e);
}

static inline double phi(enum Act a, double x) {
  switch (a) {
  case ACT_TANH: return tanh(x);
  case ACT_RELU: return x > 0 ? x : 0;
  case ACT_SELU: return x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * expm1(x);
  case ACT_SIGMOID: return sigmoid(x);
  case ACT_SOFTSIGN: return x / (1 + fabs(x));
  case ACT_IDENTITY: return x;
  }
  return x;
}

/* gu = phi'(u) * g, written as the engine's backward rules write it (from the output h
 * where the engine uses out.data). */
static inline double dphi_times(enum Act a, double u, double h, double g) {
  switch (a) {
  case ACT_TANH: return (1 - h * h) * g;
  case ACT_RELU: return (h > 0 ? 1.0 : 0.0) * g;
  case ACT_SELU: return (h > 0 ? SELU_LAMBDA : h + SELU_LAMBDA * SELU_ALPHA) * g; /* h > 0 iff u > 0 */
  case ACT_SIGMOID: return h * (1 - h) * g;
  case ACT_SOFTSIGN: {
    double d = 1 + fabs(u);
    return g / (d * d);
  }
  case ACT_IDENTITY: return g;
  }
  return g;
}

/* ---------------------------------------------------------------- statistics */

/* The probe's statistics: population mean, two-pass variance, mean |x|, summed in order. */
static double mean_of(const double *x, size_t n) {
  double t = 0.0;
  for (size_t i = 0; i < n; i++) t += x[i];
  return t / (double)n;
}
static double std_of(const double *x, size_t n) {
  double m = mean_of(x, n), t = 0.0;
  for (size_t i = 0; i < n; i++) t += (x[i] - m) * (x[i] - m);
  return sqrt(t / (double)n);
}
static double mean_abs_of(const double *x, size_t n) {
  double t = 0.0;
  for (size_t i = 0; i < n; i++) t += fabs(x[i]);
  return t / (double)n;
}

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec +
         1e-6 * (double)ru.ru_stime.tv_usec;
}

/* ---------------------------------------------------------------- command line */

static void usage_error(const char *message, const char *value) {
  fprintf(stderr,
          "probe_floor: %s%s (usage: probe_floor [--activation tanh|relu|selu|sigmoid|softsign|identity] "
          "[--gain G] [--depth D] [--width W] [--batch B] [--seed S] [--order sample|batch] [--all])\n",
          message, value ? value : "");
  exit(2);
}

static long parse_positive(const char *flag, const char *s) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || end == s || v < 1 || v > 100000) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s needs a positive integer, got ", flag);
    usage_error(msg, s);
  }
  return v;
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (!p) {
    fprintf(stderr, "probe_floor: out of memory (%zu x %zu bytes)\n", n, size);
    exit(1);
  }
  return p;
}

int main(int argc, char **argv) {
  enum Act act = ACT_TANH;
  double gain = 1.6666666666666667;
  long depth = 100, width = 1000, batch = 100;
  uint64_t seed = 0;
  int batch_order = 0, print_all = 0;

  for (int a = 1; a < argc; a++) {
    const char *flag = argv[a];
    if (strcmp(flag, "--all") == 0) {
      print_all = 1;
      continue;
    }
    if (strcmp(flag, "--help") == 0 || strcmp(flag, "-h") == 0) {
      printf("usage: probe_floor [--activation tanh|relu|selu|sigmoid|softsign|identity] [--gain G] [--depth D] "
             "[--width W] [--batch B] [--seed S] [--order sample|batch] [--all]\n");
      return 0;
    }
    if (a + 1 >= argc) usage_error("missing value after ", flag);
    const char *value = argv[++a];
    if (strcmp(flag, "--activation") == 0) {
      int found = -1;
      for (int i = 0; i < 6; i++)
        if (strcmp(value, act_names[i]) == 0) found = i;
      if (found < 0) usage_error("unknown activation ", value);
      act = (enum Act)found;
    } else if (strcmp(flag, "--gain") == 0) {
      char *end;
      errno = 0;
      gain = strtod(value, &end);
      if (errno || *end || end == value || !isfinite(gain) || gain <= 0)
        usage_error("--gain needs a positive number, got ", value);
    } else if (strcmp(flag, "--depth") == 0) {
      depth = parse_positive(flag, value);
    } else if (strcmp(flag, "--width") == 0) {
      width = parse_positive(flag, value);
    } else if (strcmp(flag, "--batch") == 0) {
      batch = parse_positive(flag, value);
    } else if (strcmp(flag, "--seed") == 0) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(value, &end, 10);
      if (errno || *end || end == value || value[0] == '-')
        usage_error("--seed needs a non-negative integer, got ", value);
      seed = (uint64_t)v;
    } else if (strcmp(flag, "--order") == 0) {
      if (strcmp(value, "sample") == 0) batch_order = 0;
      else if (strcmp(value, "batch") == 0) batch_order = 1;
      else usage_error("--order must be sample or batch, got ", value);
    } else {
      usage_error("unknown flag ", flag);
    }
  }

  const size_t D = (size_t)depth, W = (size_t)width, B = (size_t)batch;
  const size_t layer_size = B * W; /* one layer's numbers over the batch */

  /* Draw: weights layer by layer, row by row; then the inputs sample by sample. */
  SplitMix64 rng = {seed};
  double *w = xcalloc(D * W * W, sizeof(double));
  const double std = gain * sqrt(2.0 / (double)(W + W));
  for (size_t i = 0; i < D * W * W; i++) w[i] = gaussian(&rng, 0, std);
  double *x = xcalloc(layer_size, sizeof(double));
  for (size_t i = 0; i < layer_size; i++) x[i] = gaussian(&rng, 0, 1);

  double *out = xcalloc(D * layer_size, sizeof(double));  /* out[l][s][i]: layer l+1's output */
  double *grad = xcalloc(D * layer_size, sizeof(double)); /* grad[l][s][i]: d loss / d out[l][s][i] */
  double *gin = xcalloc(layer_size, sizeof(double));      /* d loss / d input */

  double t0 = cpu_seconds();
  if (!batch_order) {
    double *u = xcalloc(D * W, sizeof(double)); /* this sample's pre-activations */
    double *gu = xcalloc(W, sizeof(double));
    for (size_t s = 0; s < B; s++) {
      const double *h = x + s * W;
      for (size_t l = 0; l < D; l++) {
        const double *wl = w + l * W * W;
        double *ul = u + l * W, *hl = out + l * layer_size + s * W;
        for (size_t i = 0; i < W; i++) {
          const double *row = wl + i * W;
          double sum = 0.0;
          for (size_t j = 0; j < W; j++) sum += row[j] * h[j];
          ul[i] = sum;
          hl[i] = phi(act, sum);
        }
        h = hl;
      }
      double *g = grad + (D - 1) * layer_size + s * W;
      for (size_t i = 0; i < W; i++) g[i] = 1.0;
      for (size_t l = D; l-- > 0;) {
        const double *wl = w + l * W * W, *ul = u + l * W, *hl = out + l * layer_size + s * W;
        g = grad + l * layer_size + s * W;
        double *gp = l > 0 ? grad + (l - 1) * layer_size + s * W : gin + s * W;
        for (size_t i = 0; i < W; i++) gu[i] = dphi_times(act, ul[i], hl[i], g[i]);
        for (size_t j = 0; j < W; j++) gp[j] = 0.0;
        for (size_t i = 0; i < W; i++) {
          const double *row = wl + i * W;
          const double gi = gu[i];
          for (size_t j = 0; j < W; j++) gp[j] += row[j] * gi;
        }
      }
    }
    free(u);
    free(gu);
  } else {
    /* Pre-activations are needed in the backward only for softsign (the other rules use
     * the output, as the engine does): keep them for every layer and sample only then. */
    double *u = act == ACT_SOFTSIGN ? xcalloc(D * layer_size, sizeof(double)) : NULL;
    double *gu = xcalloc(W, sizeof(double));
    for (size_t l = 0; l < D; l++) {
      const double *wl = w + l * W * W;
      const double *hprev = l > 0 ? out + (l - 1) * layer_size : x;
      for (size_t s = 0; s < B; s++) {
        const double *h = hprev + s * W;
        double *hl = out + l * layer_size + s * W;
        for (size_t i = 0; i < W; i++) {
          const double *row = wl + i * W;
          double sum = 0.0;
          for (size_t j = 0; j < W; j++) sum += row[j] * h[j];
          if (u) u[l * layer_size + s * W + i] = sum;
          hl[i] = phi(act, sum);
        }
      }
    }
    for (size_t i = 0; i < layer_size; i++) grad[(D - 1) * layer_size + i] = 1.0;
    for (size_t l = D; l-- > 0;) {
      const double *wl = w + l * W * W;
      for (size_t s = 0; s < B; s++) {
        const double *g = grad + l * layer_size + s * W, *hl = out + l * layer_size + s * W;
        double *gp = l > 0 ? grad + (l - 1) * layer_size + s * W : gin + s * W;
        for (size_t i = 0; i < W; i++) gu[i] = dphi_times(act, u ? u[l * layer_size + s * W + i] : 0.0, hl[i], g[i]);
        for (size_t j = 0; j < W; j++) gp[j] = 0.0;
        for (size_t i = 0; i < W; i++) {
          const double *row = wl + i * W;
          const double gi = gu[i];
          for (size_t j = 0; j < W; j++) gp[j] += row[j] * gi;
        }
      }
    }
    free(u);
    free(gu);
  }
  double fwd_bwd = cpu_seconds() - t0;

  /* Statistics afterwards, like the probe. */
  double *ostd = xcalloc(D, sizeof(double)), *omean = xcalloc(D, sizeof(double));
  double *gabs = xcalloc(D, sizeof(double));
  for (size_t l = 0; l < D; l++) {
    ostd[l] = std_of(out + l * layer_size, layer_size);
    omean[l] = mean_of(out + l * layer_size, layer_size);
    gabs[l] = mean_abs_of(grad + l * layer_size, layer_size);
  }
  double in_std = std_of(x, layer_size), in_gabs = mean_abs_of(gin, layer_size);

  printf("probe_floor: activation=%s gain=%.17g depth=%zu width=%zu batch=%zu seed=%llu order=%s\n",
         act_names[act], gain, D, W, B, (unsigned long long)seed, batch_order ? "batch" : "sample");
  printf("weight std=%.17g input std=%.17g\n", std, in_std);
  if (print_all) {
    printf("layer mean std mean|grad|\n");
    printf("input - %.17g %.17g\n", in_std, in_gabs);
    for (size_t l = 0; l < D; l++) printf("%zu %.17g %.17g %.17g\n", l + 1, omean[l], ostd[l], gabs[l]);
  }
  printf("output std:");
  for (size_t l = 10; l <= D; l += 10) printf(" @%zu=%.6g", l, ostd[l - 1]);
  if (D % 10 != 0) printf(" @%zu=%.6g", D, ostd[D - 1]);
  printf("\nmean |grad|: input=%.6g", in_gabs);
  const size_t shown[] = {1, 10, 50, 99};
  for (int k = 0; k < 4; k++)
    if (shown[k] <= D) printf(" @%zu=%.6g", shown[k], gabs[shown[k] - 1]);
  printf("\n");

  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("cpu_seconds=%.3f forward_backward_seconds=%.3f peak_rss_mb=%.1f\n", cpu_seconds(), fwd_bwd,
         (double)ru.ru_maxrss / 1024.0);

  free(w);
  free(x);
  free(out);
  free(grad);
  free(gin);
  free(ostd);
  free(omean);
  free(gabs);
  return 0;
}
