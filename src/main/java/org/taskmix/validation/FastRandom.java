package org.taskmix.validation;

/**
 * A small, fast, seeded random generator for prompt sampling: SplitMix64 for the bits and a
 * 256-layer ziggurat for standard normals.
 *
 * <p>Why not {@link java.util.Random} or {@link java.util.SplittableRandom}: training draws
 * hundreds of normals per prompt and millions of prompts per run, and {@code nextGaussian()} of
 * the JDK uses the polar method (a logarithm and a square root per pair, plus a lock or a cache).
 * The ziggurat needs one 64-bit draw per normal on its fast path (about 99% of draws). The
 * algorithm is written out here, so a seed gives the same numbers on every JDK.
 *
 * <p>Streams: {@link #stream(long, long, long, long)} derives an independent generator from a
 * seed and up to three integers (e.g. step and chunk) by hashing them, which is how parallel
 * work stays bit-reproducible: each unit of work owns a stream named by its coordinates, not by
 * the thread that happens to run it.
 *
 * <p>Transcendental functions use {@link StrictMath}, whose results are specified bit for bit,
 * so a seed gives the same draws on every platform ({@link Math#exp} may differ by an ulp).
 *
 * <p>Not thread-safe; one instance per unit of work.
 */
public final class FastRandom {

    /** SplitMix64's increment (the golden ratio in 64-bit fixed point). */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Number of ziggurat layers; the index takes the low 8 bits of a draw. */
    private static final int LAYERS = 256;
    /** Start of the tail for 256 layers (Marsaglia and Tsang 2000). */
    private static final double R = 3.6541528853610088;
    /** Area of each layer for 256 layers (Marsaglia and Tsang 2000). */
    private static final double AREA = 4.92867323399e-3;
    /** Layer edges {@code X[i]}, decreasing from {@code X[1] = R} to {@code X[LAYERS] = 0}. */
    private static final double[] X = new double[LAYERS + 1];
    /** {@code X[i+1] / X[i]}: below this ratio a point lies under the curve for sure. */
    private static final double[] RATIO = new double[LAYERS];
    /** {@link #RATIO} in units of the 53-bit signed integer {@code j} with {@code u = j·2^-52}. */
    private static final long[] RATIO_INT = new long[LAYERS];
    /** {@code X[i]·2^-52}: turns {@code j} into {@code u·X[i]} with one multiplication. */
    private static final double[] SCALE = new double[LAYERS];
    /** {@code 1 − f(X[i])/f(X[i+1])} with {@code f(x) = exp(−x²/2)}: the wedge's relative height. */
    private static final double[] WEDGE = new double[LAYERS];
    /**
     * Safety band of the exp-free wedge test: a point decided by the bounds lies at least this far
     * (relative to {@code f(X[i+1])}) from the curve, a million times the rounding error of the
     * exact test (a few ulps), so both tests always agree and the draws are unchanged.
     */
    private static final double SQUEEZE_MARGIN = 1e-9;

    static {
        // Doornik (2005), "An improved ziggurat method to generate normal random samples".
        double f = StrictMath.exp(-0.5 * R * R);
        X[0] = AREA / f;
        X[1] = R;
        X[LAYERS] = 0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2 * StrictMath.log(AREA / X[i - 1] + f));
            f = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
            // |j| < RATIO_INT[i] iff |u| < RATIO[i] for u = j·2^-52 (j integer, RATIO[i] < 1).
            RATIO_INT[i] = (long) Math.ceil(RATIO[i] * 0x1.0p52);
            SCALE[i] = X[i] * 0x1.0p-52;
            WEDGE[i] = 1 - StrictMath.exp(-0.5 * (X[i] * X[i] - X[i + 1] * X[i + 1]));
        }
    }

    private long state;

    /** A generator whose sequence is fixed by {@code seed}. */
    public FastRandom(long seed) {
        this.state = mix(seed);
    }

    /** A generator whose SplitMix64 state is exactly {@code state} (for reference tests). */
    static FastRandom withState(long state) {
        FastRandom r = new FastRandom(0);
        r.state = state;
        return r;
    }

    /** An independent stream named by a seed and three coordinates (use 0 for unused ones). */
    public static FastRandom stream(long seed, long a, long b, long c) {
        long h = mix(seed);
        h = mix(h ^ mix(a + GOLDEN));
        h = mix(h ^ mix(b + 2 * GOLDEN));
        h = mix(h ^ mix(c + 3 * GOLDEN));
        return new FastRandom(h);
    }

    /** SplitMix64's finaliser: a bijection of 64-bit words with strong avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform on {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on {@code (0, 1]}: safe to take the logarithm of. */
    private double nextOpenDouble() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    /** A standard normal draw. */
    public double nextGaussian() {
        long bits = nextLong();
        int i = (int) bits & (LAYERS - 1);
        // Bits 11..63 as a signed integer j in [-2^52, 2^52), u = j·2^-52 in [-1, 1); bits 0..7
        // are the layer, so layer and position are independent.
        long j = bits >> 11;
        if (Math.abs(j) < RATIO_INT[i]) {
            return j * SCALE[i];
        }
        return slowGaussian(i, j * 0x1.0p-52);
    }

    /** The ziggurat's rare branches (about 1% of draws): the base strip's tail and the wedges. */
    private double slowGaussian(int layer, double u) {
        int i = layer;
        while (true) {
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
            if (i == 0) {
                return tail(u < 0);
            }
            double x = u * X[i];
            if (wedgeAccepts(i, x, nextDouble())) {
                return x;
            }
            long bits = nextLong();
            i = (int) bits & (LAYERS - 1);
            u = (bits >> 11) * 0x1.0p-52;
        }
    }

    /**
     * The wedge test of layer {@code i} for {@code X[i+1] ≤ |x| < X[i]} and uniform {@code v}:
     * is {@code f(X[i+1]) + v·(f(X[i]) − f(X[i+1])) < f(x)}? Divided by {@code f(X[i+1])} it reads
     * {@code g < exp(−δ)} with {@code g = 1 − v·WEDGE[i]}, {@code δ = (x² − X[i+1]²)/2 ≥ 0}, and
     * {@code 1 − δ ≤ exp(−δ) ≤ 1 − δ + δ²/2} decides it without an exponential except in a band of
     * relative width {@code δ²/2} (a few percent of wedge points). Inside the band the original
     * two-exponential test runs, so every decision, hence every draw, is the same as before
     * (profiling showed {@link StrictMath#exp} taking a quarter of training time).
     */
    private static boolean wedgeAccepts(int i, double x, double v) {
        double delta = 0.5 * (x * x - X[i + 1] * X[i + 1]);
        double g = 1 - v * WEDGE[i];
        double lower = 1 - delta;
        if (g < lower - SQUEEZE_MARGIN) {
            return true;
        }
        if (g > lower + 0.5 * delta * delta + SQUEEZE_MARGIN) {
            return false;
        }
        return wedgeAcceptsExactly(i, x, v);
    }

    /** The wedge test with two exponentials (the algorithm as first written; reference for tests). */
    static boolean wedgeAcceptsExactly(int i, double x, double v) {
        double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - x * x));
        double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
        return f1 + v * (f0 - f1) < 1.0;
    }

    /** Test access: the exp-free-when-possible wedge test. */
    static boolean wedgeAcceptsFast(int i, double x, double v) {
        return wedgeAccepts(i, x, v);
    }

    /** Test access: layer edge {@code X[i]}, {@code 0 ≤ i ≤ 256}. */
    static double layerEdge(int i) {
        return X[i];
    }

    /** Marsaglia's tail method beyond {@link #R}. */
    private double tail(boolean negative) {
        double x;
        double y;
        do {
            x = StrictMath.log(nextOpenDouble()) / R;
            y = StrictMath.log(nextOpenDouble());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }

    /**
     * Fills {@code a[from, to)} with standard normals: the same numbers as as many calls of
     * {@link #nextGaussian()}, but with the state in a register on the fast path (a field
     * updated every draw costs a store-to-load round trip per number).
     */
    public void fillGaussian(double[] a, int from, int to) {
        long s = state;
        for (int i = from; i < to; i++) {
            s += GOLDEN;
            long bits = mix(s);
            int k = (int) bits & (LAYERS - 1);
            long j = bits >> 11;
            if (Math.abs(j) < RATIO_INT[k]) {
                a[i] = j * SCALE[k];
            } else {
                state = s;
                a[i] = slowGaussian(k, j * 0x1.0p-52);
                s = state;
            }
        }
        state = s;
    }
}
