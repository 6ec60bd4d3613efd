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
            double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + nextDouble() * (f0 - f1) < 1.0) {
                return x;
            }
            long bits = nextLong();
            i = (int) bits & (LAYERS - 1);
            u = (bits >> 11) * 0x1.0p-52;
        }
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
