package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The sidecar's hashing stream writes and hashes exactly what a {@link DigestOutputStream} does. */
class DigestingOutputStreamTest {

    @Test
    void sameBytesAndSameDigestAsDigestOutputStream() throws Exception {
        SplittableRandom rng = new SplittableRandom(4);
        // 14 MB in writes of odd sizes and single bytes: several buffers handed over, reused, and a partial last one.
        byte[] data = new byte[14_000_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextInt();
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        try (DigestOutputStream a = new DigestOutputStream(plain, expected);
             DigestingOutputStream b = new DigestingOutputStream(ours, actual)) {
            int pos = 0;
            while (pos < data.length) {
                int len = Math.min(data.length - pos, rng.nextInt(1, 3_000_000));
                if (len % 7 == 0) {
                    a.write(data[pos]);
                    b.write(data[pos]);
                    len = 1;
                } else {
                    a.write(data, pos, len);
                    b.write(data, pos, len);
                }
                pos += len;
            }
            a.flush();
            b.flush();
        }
        assertArrayEquals(plain.toByteArray(), ours.toByteArray());
        assertArrayEquals(expected.digest(), actual.digest());
    }
}
