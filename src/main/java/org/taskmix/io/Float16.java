package org.taskmix.io;

import java.nio.ShortBuffer;

/**
 * IEEE 754 binary16 ("half", NumPy {@code float16}, Parquet {@code FLOAT16}) to float32, exactly:
 * every half value, subnormals, infinities and NaN included, is representable as a float, so
 * the conversion loses nothing. Java 17 has no {@code Float.float16ToFloat} (it came in Java 20),
 * so a 65,536-entry table built once by the bit-level rule is used; a table lookup is also the
 * fastest form for bulk decoding.
 */
public final class Float16 {

    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = decodeBits(h);
        }
    }

    private Float16() {
    }

    /** The float value of the half whose bits are the low 16 bits of {@code bits}. */
    public static float toFloat(int bits) {
        return TABLE[bits & 0xffff];
    }

    /** Decodes {@code count} halves from {@code src} (its current position) into {@code dst[0..count)}. */
    public static void decode(ShortBuffer src, float[] dst, int count) {
        for (int i = 0; i < count; i++) {
            dst[i] = TABLE[src.get() & 0xffff];
        }
    }

    /** The bit-level rule: sign, 5-bit exponent (bias 15), 10-bit fraction. */
    static float decodeBits(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int frac = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = frac * 0x1p-24f; // subnormal: frac · 2^-24
        } else if (exp == 31) {
            v = frac == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (frac << 13));
        }
        return sign == 1 ? -v : v;
    }
}
