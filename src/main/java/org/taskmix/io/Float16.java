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

    /**
     * The half nearest to {@code f} (ties to even, as IEEE 754 and NumPy's {@code astype} round),
     * as its 16 bits: overflow to infinity, underflow through subnormals to signed zero, NaN kept.
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // Subnormal: shift the mantissa (with its implicit 1) into place, rounding to even.
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, and up to infinity: both are correct rounding
        }
        return (short) (sign | half);
    }
}
